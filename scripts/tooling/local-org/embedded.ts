// The local org, started in this process: setup's target when no org is named or configured,
// and the benchmark's. Kept in memory (nothing written to disk), reached over HTTP on
// 127.0.0.1 exactly like a real org, with a Connection made the way any tool makes one.
import type { Connection } from '@salesforce/core';
import { connectionFor as connectLocal } from './connection.ts';
import { startLocalOrg, type LocalOrg } from './server.ts';
import { SEEDED_USERS } from './seed.ts';
import { projectApiVersion } from '../../product/project.ts';

export interface EmbeddedOrg {
  local: LocalOrg;
  connection: Connection;
  /** The seeded user that meets the standard-mode requirements. */
  apiUsername: string;
}

export function connectionFor(
  local: LocalOrg,
  accessToken = local.adminAccessToken
): Promise<Connection> {
  return connectLocal(local, accessToken, projectApiVersion());
}

export async function startEmbeddedOrg(
  options: { namespace?: string | null } = {}
): Promise<EmbeddedOrg> {
  const local = await startLocalOrg({ dataDir: null, namespace: options.namespace ?? null });
  return { local, connection: await connectionFor(local), apiUsername: SEEDED_USERS.apiUser };
}
