// permset:assign: gives the package's API-user permission set to the API user. Namespace-aware
// (the set is read from the org with its NamespacePrefix, never guessed), checks first that the
// user is active and has a Salesforce license, and assigning a set that is already assigned
// succeeds without creating a second assignment.
import type { Connection } from '@salesforce/core';
import { CliError } from '../cli/errors.ts';
import { readApiUserFacts, type OrgApiUserFacts } from './facts.ts';
import { API_USER_PERMISSION_SET, REQUIRED_LICENSE } from './rules.ts';

export interface AssignResult {
  username: string;
  permissionSet: string;
  namespace: string | null;
  /** True when this run created the assignment; false when it was there already. */
  assigned: boolean;
  alreadyAssigned: boolean;
  assignmentId: string | null;
}

/** Refuses, with the fix, a user the permission set cannot be given to. */
export function assertAssignable(facts: OrgApiUserFacts): asserts facts is OrgApiUserFacts & {
  permissionSet: NonNullable<OrgApiUserFacts['permissionSet']>;
} {
  const user = facts.user;
  if (!user.found) {
    throw new CliError(`No user with the username ${user.username} in this org.`, {
      name: 'ApiUserNotFound',
      actions: [
        'Check the username (it is an email-like login name, not the email address).',
        'Create one with `npm run api-user:create` in a scratch or local org, or under Setup > Users.'
      ]
    });
  }
  if (!user.isActive) {
    throw new CliError(`The user ${user.username} is inactive.`, {
      name: 'ApiUserInactive',
      actions: [
        `Activate ${user.username} (Setup > Users > Edit > Active), or choose another API user.`
      ]
    });
  }
  if (user.licenseName !== REQUIRED_LICENSE) {
    throw new CliError(
      `The user ${user.username} has the ${user.licenseName ?? 'unknown'} license; the API user needs the ${REQUIRED_LICENSE} license.`,
      {
        name: 'ApiUserLicense',
        actions: [
          `Choose or create a user with the ${REQUIRED_LICENSE} user license (a user's license cannot be changed).`
        ]
      }
    );
  }
  if (!facts.permissionSet) {
    throw new CliError(`The permission set ${API_USER_PERMISSION_SET} is not in this org.`, {
      name: 'PermissionSetMissing',
      actions: [
        'Install the Booking Connector package, or deploy its source with `npm run deploy -- --target-org <alias>`, then run this again.'
      ]
    });
  }
}

export async function assignApiUserPermissionSet(
  connection: Connection,
  username: string,
  projectNamespace: string | null
): Promise<AssignResult> {
  const facts = await readApiUserFacts(connection, username, projectNamespace, {
    withObjectPermissions: false
  });
  return assignWithFacts(connection, facts);
}

export async function assignWithFacts(
  connection: Connection,
  facts: OrgApiUserFacts
): Promise<AssignResult> {
  assertAssignable(facts);
  const base = {
    username: facts.user.username,
    permissionSet: facts.permissionSet.fullName,
    namespace: facts.permissionSet.namespace
  };
  if (facts.user.apiUserPermissionSetAssigned) {
    return { ...base, assigned: false, alreadyAssigned: true, assignmentId: null };
  }
  try {
    const result = await connection.sobject('PermissionSetAssignment').create({
      AssigneeId: facts.user.userId,
      PermissionSetId: facts.permissionSet.id
    });
    return { ...base, assigned: true, alreadyAssigned: false, assignmentId: result.id ?? null };
  } catch (error) {
    // Someone (or a concurrent run) assigned it between the read and the write: the goal holds.
    if ((error as { errorCode?: string }).errorCode === 'DUPLICATE_VALUE') {
      return { ...base, assigned: false, alreadyAssigned: true, assignmentId: null };
    }
    throw error;
  }
}
