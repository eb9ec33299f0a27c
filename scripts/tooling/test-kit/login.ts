// Test kit: logging in to a local org as one of its users. Every test reaches the org at the
// project's API version (sourceApiVersion in sfdx-project.json), never a version typed in the
// test, so a release upgrade is one edit there.
import type { Connection } from '@salesforce/core';
import { projectApiVersion } from '../../product/project.ts';
import { connectionFor } from '../local-org/connection.ts';
import type { LocalOrg } from '../local-org/server.ts';

/** The API version of every test request: the project's sourceApiVersion. */
export const API_VERSION = projectApiVersion();

/** A REST path at the project's API version: dataPath('/sobjects/Lead') is /services/data/v66.0/sobjects/Lead. */
export function dataPath(path = ''): string {
  return `/services/data/v${API_VERSION}${path}`;
}

/** A session for one of the org's users (the admin's is the one the org started with). */
export function tokenFor(org: LocalOrg, username: string = org.adminUsername): string {
  return username === org.adminUsername ? org.adminAccessToken : org.accessTokenFor(username);
}

/** A @salesforce/core Connection with a session the test already has. */
export function loginWithToken(org: LocalOrg, accessToken: string): Promise<Connection> {
  return connectionFor(org, accessToken, API_VERSION);
}

/** A @salesforce/core Connection as one of the org's users, made the way any tool makes one. */
export function loginAs(org: LocalOrg, username: string = org.adminUsername): Promise<Connection> {
  return loginWithToken(org, tokenFor(org, username));
}

/**
 * A REST call straight over HTTP, for tests that check the raw answer (status and body), with
 * any request headers the call needs (e.g. Sforce-Duplicate-Rule-Header).
 */
export async function restAs(
  org: Pick<LocalOrg, 'instanceUrl'>,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {}
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${org.instanceUrl}${dataPath(path)}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
