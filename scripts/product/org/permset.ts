// permset:assign: gives the package's API-user permission set to the API user. Namespace-aware
// (the set is read from the org with its NamespacePrefix, never guessed), checks first that the
// user is active and has a Salesforce license, and assigning a set that is already assigned
// succeeds without creating a second assignment.
import type { Connection } from '@salesforce/core';
import { messageError, productMessages } from '../messages.ts';
import { readApiUserFacts, type OrgApiUserFacts } from './facts.ts';
import { API_USER_PERMISSION_SET, REQUIRED_LICENSE } from './rules.ts';
import { queryTogether } from './composite.ts';
import { soqlString } from '../soql.ts';
import { withNamespace } from '../../../force-app/main/default/lwc/bookingRules/metadataNames.js';

const messages = productMessages('org.permset');

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
    throw messageError(messages, 'api-user-not-found', [user.username], {
      name: 'ApiUserNotFound'
    });
  }
  if (!user.isActive) {
    throw messageError(messages, 'api-user-inactive', [user.username], {
      name: 'ApiUserInactive',
      actionTokens: [user.username]
    });
  }
  if (user.licenseName !== REQUIRED_LICENSE) {
    throw messageError(
      messages,
      'api-user-license',
      [user.username, user.licenseName ?? 'unknown', REQUIRED_LICENSE],
      { name: 'ApiUserLicense', actionTokens: [REQUIRED_LICENSE] }
    );
  }
  if (!facts.permissionSet) {
    throw messageError(messages, 'permission-set-missing', [API_USER_PERMISSION_SET], {
      name: 'PermissionSetMissing'
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

/** The package's permission set for the admins who set it up (the package's fields, read). */
export const ADMIN_PERMISSION_SET = 'BookingConnectorAdmin';

export interface AdminAssignResult {
  permissionSet: string;
  /** True when this run assigned it; false when it was there already or could not be. */
  assigned: boolean;
  /** Why it could not be assigned (the user may not manage users), or null. */
  problem: string | null;
}

/**
 * Gives the user running the tool the package's admin permission set, if the org has it and
 * the user does not. Field-level security applies to administrators too: after a source deploy
 * the package's fields are invisible even to a System Administrator until a profile or
 * permission set grants them (platform rule `permission.fls.appliesToAdmins`), so setup and
 * config:import would read the package's own fields as missing.
 */
export async function ensureAdminPermissionSet(
  connection: Connection
): Promise<AdminAssignResult | null> {
  const username = connection.getUsername();
  if (!username) return null;
  const who = soqlString(username);
  // One composite call reads the set, the running user and whether it has the set already.
  const { sets, users, assigned } = await queryTogether(connection, {
    sets: `SELECT Id, NamespacePrefix FROM PermissionSet WHERE Name = ${soqlString(ADMIN_PERMISSION_SET)}`,
    users: `SELECT Id FROM User WHERE Username = ${who}`,
    assigned: `SELECT Id FROM PermissionSetAssignment WHERE Assignee.Username = ${who} AND PermissionSet.Name = ${soqlString(ADMIN_PERMISSION_SET)}`
  });
  const [set] = sets;
  const [user] = users;
  if (!set || !user) return null;
  const permissionSet = withNamespace(ADMIN_PERMISSION_SET, set.NamespacePrefix as string | null);
  if (assigned.length > 0) return { permissionSet, assigned: false, problem: null };
  try {
    await connection
      .sobject('PermissionSetAssignment')
      .create({ AssigneeId: String(user.Id), PermissionSetId: String(set.Id) });
    return { permissionSet, assigned: true, problem: null };
  } catch (error) {
    const failure = error as { errorCode?: string; message?: string };
    if (failure.errorCode === 'DUPLICATE_VALUE')
      return { permissionSet, assigned: false, problem: null };
    return { permissionSet, assigned: false, problem: failure.message ?? String(error) };
  }
}
