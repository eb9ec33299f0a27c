// Test kit: a local org (startLocalOrg, in memory unless a test names a data folder) with the
// package's source deployed as a developer or setup deploys it, and the two users every
// connector test works as (the admin, and the API user with the package's permission set).
import type { Connection } from '@salesforce/core';
import { ComponentSet, MetadataConverter } from '@salesforce/source-deploy-retrieve';
import { assignApiUserPermissionSet, ensureAdminPermissionSet } from '../../product/org/permset.ts';
import { applyDeploy } from '../local-org/metadata/apply.ts';
import { unzipText } from '../local-org/metadata/soap.ts';
import { SEEDED_USERS } from '../local-org/seed.ts';
import { startLocalOrg, type LocalOrg, type LocalOrgOptions } from '../local-org/server.ts';
import { API_VERSION, loginAs, loginWithToken, tokenFor } from './login.ts';

/** Deploys a source folder with the deploy library, as the tooling does, and returns the result. */
export async function deploySource(connection: Connection, sourceDir = 'force-app') {
  const set = ComponentSet.fromSource(sourceDir);
  set.sourceApiVersion = API_VERSION;
  set.apiVersion = API_VERSION;
  const deploy = await set.deploy({ usernameOrConnection: connection });
  return deploy.pollStatus(50, 60); // every 50 ms, for at most 60 s
}

/**
 * The package's source deployed as the admin, and the package's permission sets assigned as
 * setup assigns them: the admin's (field-level security applies to admins too) and the API
 * user's (the package's fields and settings, which no profile gets by itself). The API user's
 * access to the five standard objects comes from its System Administrator profile.
 */
export async function deployPackage(
  admin: Connection,
  namespace: string | null = null
): Promise<void> {
  const result = await deploySource(admin);
  if (!result.response.success)
    throw new Error(`deploy failed: ${JSON.stringify(result.response.details)}`);
  const adminSet = await ensureAdminPermissionSet(admin);
  if (!adminSet || adminSet.problem)
    throw new Error(`admin permission set not assigned: ${adminSet?.problem ?? 'not in the org'}`);
  await assignApiUserPermissionSet(admin, SEEDED_USERS.apiUser, namespace);
}

export interface OrgWithPackage {
  org: LocalOrg;
  admin: Connection;
  apiUser: Connection;
  /** The API user's session, for tests that hand it to a child process or call REST raw. */
  apiToken: string;
}

/** A new local org with the package deployed, and connections as the admin and the API user. */
export async function orgWithPackage(options: LocalOrgOptions = {}): Promise<OrgWithPackage> {
  const org = await startLocalOrg(options);
  const admin = await loginAs(org);
  await deployPackage(admin, options.namespace ?? null);
  // One session: tests expire apiToken to end the API user's connection.
  const apiToken = tokenFor(org, SEEDED_USERS.apiUser);
  const apiUser = await loginWithToken(org, apiToken);
  return { org, admin, apiUser, apiToken };
}

/**
 * Makes a local org look like a subscriber org that has the package installed, by applying the
 * package's source the way a managed install does it (componentNamespace: the package's
 * components, and the records they ship, carry the package namespace in an org whose own
 * namespace is none). The real install path (sf package install) is tested in
 * local-org/__tests__/package-install.test.ts; this is the minimum a test needs to hold
 * installed records.
 */
export async function installPackageSource(
  org: LocalOrg,
  namespace: string,
  sourceDir = 'force-app'
): Promise<void> {
  const set = ComponentSet.fromSource(sourceDir);
  set.sourceApiVersion = API_VERSION;
  const { zipBuffer } = await new MetadataConverter().convert(set, 'metadata', { type: 'zip' });
  if (!zipBuffer) throw new Error(`Could not convert ${sourceDir} to a deploy zip.`);
  const next = structuredClone(org.store.state);
  const admin = Object.values(next.records.user).find(
    (user) => user.Username === org.adminUsername
  );
  const outcome = applyDeploy(next, await unzipText(zipBuffer), String(admin?.Id), {
    componentNamespace: namespace
  });
  if (outcome.failures.length > 0)
    throw new Error(
      `The package source did not apply: ${outcome.failures.map((failure) => `${failure.fullName}: ${failure.problem}`).join('; ')}`
    );
  org.store.replace(next);
}
