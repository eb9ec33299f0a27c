// Test helper: a @salesforce/core Connection to the local org as one of its users, made the way
// any tool does it (AuthInfo with an access token and instance URL).
import type { Connection } from '@salesforce/core';
import { connectionFor } from '../connection.ts';
import { ComponentSet } from '@salesforce/source-deploy-retrieve';
import type { LocalOrg } from '../server.ts';

export async function connectAs(org: LocalOrg, username = org.adminUsername): Promise<Connection> {
  const accessToken =
    username === org.adminUsername ? org.adminAccessToken : org.accessTokenFor(username);
  return connectionFor(org, accessToken);
}

/** Deploys a source folder with the deploy library, as the tooling does, and returns the result. */
export async function deploySource(connection: Connection, sourceDir: string) {
  const set = ComponentSet.fromSource(sourceDir);
  set.sourceApiVersion = '66.0';
  set.apiVersion = '66.0';
  const deploy = await set.deploy({ usernameOrConnection: connection });
  return deploy.pollStatus(50, 60); // every 50 ms, for at most 60 s
}

/** A REST call as another user, straight over HTTP, for tests that check the raw answer. */
export async function restAs(
  org: LocalOrg,
  token: string,
  method: string,
  path: string,
  body?: unknown
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${org.instanceUrl}/services/data/v66.0${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/**
 * Assigns a permission set, as an admin must after a source deploy: field-level security applies
 * to administrators too, so a deployed custom field is visible only once a profile or permission
 * set grants it (platform rule `permission.fls.appliesToAdmins`).
 */
export async function assignPermissionSet(
  admin: Connection,
  username: string,
  permissionSetName: string
): Promise<string> {
  const [user] = (
    await admin.query<{ Id: string }>(`SELECT Id FROM User WHERE Username = '${username}'`)
  ).records;
  const [set] = (
    await admin.query<{ Id: string }>(
      `SELECT Id FROM PermissionSet WHERE Name = '${permissionSetName}'`
    )
  ).records;
  if (!user || !set) throw new Error(`No user ${username} or permission set ${permissionSetName}`);
  const created = await admin.sobject('PermissionSetAssignment').create({
    AssigneeId: user.Id,
    PermissionSetId: set.Id
  });
  return String((created as { id: string }).id);
}
