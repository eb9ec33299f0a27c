// Test helper: a @salesforce/core Connection to the local org as one of its users, made the way
// any tool does it (AuthInfo with an access token and instance URL).
import { AuthInfo, Connection } from '@salesforce/core';
import { ComponentSet } from '@salesforce/source-deploy-retrieve';
import type { LocalOrg } from '../server.ts';

export async function connectAs(org: LocalOrg, username = org.adminUsername): Promise<Connection> {
  const accessToken =
    username === org.adminUsername ? org.adminAccessToken : org.accessTokenFor(username);
  const authInfo = await AuthInfo.create({
    accessTokenOptions: { accessToken, instanceUrl: org.instanceUrl, loginUrl: org.loginUrl }
  });
  const connection = await Connection.create({ authInfo, connectionOptions: { version: '66.0' } });
  connection.setApiVersion('66.0');
  return connection;
}

/** Deploys a source folder with the deploy library, as the tooling does, and returns the result. */
export async function deploySource(connection: Connection, sourceDir: string) {
  const set = ComponentSet.fromSource(sourceDir);
  set.sourceApiVersion = '66.0';
  set.apiVersion = '66.0';
  const deploy = await set.deploy({ usernameOrConnection: connection });
  return deploy.pollStatus(50, 60); // every 50 ms, for at most 60 s
}

/**
 * A REST call as another user, straight over HTTP. (@salesforce/core's AuthInfo keeps a file
 * lock per username that Jest's module sandbox leaves held for its 10-second stale timeout, so
 * tests make one AuthInfo, for the admin, and reach other users this way.)
 */
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
