// The facts the API-user rules judge (apiUserRules.js), read from any org in one composite
// call: the user, its license and profile, the profile's own permissions (advanced secure
// mode checks the profile, not permission sets), its permission set assignments, the org's
// record types, and the package's API-user permission set with its namespace. Events have no
// object permissions in Salesforce (platform rule permission.Event.noObjectPermissions): their
// access is read from the user permissions Edit Events and Access Activities.
import type { Connection } from '@salesforce/core';
import {
  ADVANCED_OBJECTS,
  API_USER_PERMISSION_SET,
  CONNECTOR_OBJECTS
} from '../../../force-app/main/default/lwc/bookingRules/apiUserRules.js';
import { pick, queryTogether, type QueryRecord } from './composite.ts';
import { soqlList, soqlString } from '../soql.ts';
import { withNamespace } from '../../../force-app/main/default/lwc/bookingRules/metadataNames.js';
import { asArray, ProfileMetadataReader } from './profile-metadata.ts';

export interface ObjectAccessFacts {
  read: boolean;
  create: boolean;
  edit: boolean;
  remove: boolean;
}

export interface ApiUserFacts {
  username: string;
  found: boolean;
  userId: string | null;
  name: string | null;
  isActive: boolean;
  licenseName: string | null;
  profileId: string | null;
  profileName: string | null;
  profilePermissions: {
    apiEnabled: boolean;
    modifyAllData: boolean;
    editEvent: boolean;
    /**
     * Access Activities (PermissionsActivitiesAccess); read in advanced secure mode only, and
     * absent where the org does not have the permission (the rules then say "verify").
     */
    activitiesAccess?: boolean;
  };
  /** Object permissions of the profile alone on ADVANCED_OBJECTS (never Event: it has none). */
  profileObjectPermissions: Record<string, ObjectAccessFacts>;
  recordTypes: Record<string, string[]>;
  /**
   * The active record types the profile may use (its Record Type Settings), read from the
   * profile's metadata; absent when not read (standard mode, no record types, or the Metadata
   * API refused), which the rules report as unverified rather than passed.
   */
  availableRecordTypes?: Record<string, string[]>;
  /** Assigned permission sets, with the namespace prefix where they have one. */
  permissionSets: string[];
  apiUserPermissionSetAssigned: boolean;
}

export interface PackagePermissionSet {
  id: string;
  /** As the org names it: bkconn__BookingConnectorApiUser where the namespace applies. */
  fullName: string;
  namespace: string | null;
}

export interface OrgApiUserFacts {
  user: ApiUserFacts;
  permissionSet: PackagePermissionSet | null;
  /** Every permission set named BookingConnectorApiUser (more than one means several namespaces). */
  permissionSetCandidates: PackagePermissionSet[];
}

export function permissionSetFrom(record: QueryRecord): PackagePermissionSet {
  const namespace = (record.NamespacePrefix as string | null) || null;
  return {
    id: String(record.Id),
    fullName: withNamespace(String(record.Name), namespace),
    namespace
  };
}

/**
 * Chooses the package's permission set: the only one, else the one carrying the project's
 * namespace (an org can hold both an installed package and unnamespaced source).
 */
export function choosePermissionSet(
  candidates: PackagePermissionSet[],
  projectNamespace: string | null
): PackagePermissionSet | null {
  if (candidates.length <= 1) return candidates[0] ?? null;
  return candidates.find((candidate) => candidate.namespace === projectNamespace) ?? candidates[0];
}

export function apiUserQueries(username: string) {
  const who = soqlString(username);
  const profileOf = `(SELECT ProfileId FROM User WHERE Username = ${who})`;
  return {
    user: `SELECT Id, Username, Name, IsActive, ProfileId, Profile.Name, Profile.UserLicense.Name FROM User WHERE Username = ${who}`,
    profilePermissions: `SELECT Id, PermissionsApiEnabled, PermissionsModifyAllData, PermissionsEditEvent FROM PermissionSet WHERE IsOwnedByProfile = true AND ProfileId IN ${profileOf}`,
    assignments: `SELECT Id, PermissionSetId, PermissionSet.Name, PermissionSet.NamespacePrefix FROM PermissionSetAssignment WHERE Assignee.Username = ${who} AND PermissionSet.IsOwnedByProfile = false`,
    recordTypes: `SELECT SobjectType, DeveloperName FROM RecordType WHERE IsActive = true AND SobjectType IN ${soqlList(CONNECTOR_OBJECTS)}`,
    permissionSets: `SELECT Id, Name, NamespacePrefix FROM PermissionSet WHERE Name = ${soqlString(API_USER_PERMISSION_SET)}`
  };
}

/**
 * The profile's own object permissions (advanced secure mode checks these). A second request,
 * because it needs the profile's permission set id: SOQL allows no semi-join inside another.
 */
export async function readProfileObjectPermissions(
  connection: Connection,
  profilePermissionSetId: string
): Promise<QueryRecord[]> {
  const { grants } = await queryTogether(connection, {
    grants: `SELECT SobjectType, PermissionsRead, PermissionsCreate, PermissionsEdit, PermissionsDelete FROM ObjectPermissions WHERE ParentId = ${soqlString(profilePermissionSetId)} AND SobjectType IN ${soqlList(ADVANCED_OBJECTS)}`
  });
  return grants;
}

/**
 * The profile's Access Activities permission, or undefined where the org has no such field
 * (orgs without the permission give every user activity access). A request of its own, so an
 * org without the field does not fail the other queries.
 */
export async function readActivitiesAccess(
  connection: Connection,
  profilePermissionSetId: string
): Promise<boolean | undefined> {
  try {
    const { profile } = await queryTogether(connection, {
      profile: `SELECT PermissionsActivitiesAccess FROM PermissionSet WHERE Id = ${soqlString(profilePermissionSetId)}`
    });
    const value = profile[0]?.PermissionsActivitiesAccess;
    return typeof value === 'boolean' ? value : undefined;
  } catch (error) {
    if (/INVALID_FIELD/.test((error as Error).message)) return undefined;
    throw error;
  }
}

interface ProfileMetadata {
  fullName?: string;
  recordTypeVisibilities?:
    | { recordType: string; visible: boolean | string }
    | { recordType: string; visible: boolean | string }[];
}

/**
 * The profile's Record Type Settings. No sObject holds them: they live in the Profile's
 * metadata, so the Metadata API is asked (listMetadata finds the profile's metadata name by its
 * Id, since standard profiles are named differently there; readMetadata reads it). Returns
 * undefined when the Metadata API cannot answer, so the check says "verify" instead of guessing.
 */
export async function readProfileRecordTypes(
  profiles: ProfileMetadataReader,
  profileId: string,
  activeRecordTypes: Record<string, string[]>
): Promise<Record<string, string[]> | undefined> {
  try {
    const [profile] = await profiles.read<ProfileMetadata>({ ids: [profileId] });
    if (!profile) return undefined;
    const visibilities = profile.recordTypeVisibilities ?? [];
    const visible = new Set(
      asArray(visibilities)
        .filter((item) => item.visible === true || item.visible === 'true')
        .map((item) => item.recordType)
    );
    return Object.fromEntries(
      Object.entries(activeRecordTypes).map(([objectName, names]) => [
        objectName,
        names.filter((name) => visible.has(`${objectName}.${name}`))
      ])
    );
  } catch {
    return undefined;
  }
}

/**
 * Everything the API-user rules judge. `withObjectPermissions` (advanced secure mode) costs a
 * second request; standard mode does not look at object permissions.
 */
export async function readApiUserFacts(
  connection: Connection,
  username: string,
  projectNamespace: string | null,
  options: {
    withObjectPermissions?: boolean;
    /** A reader shared with the rest of the run (setup), so profiles are read once. */
    profiles?: ProfileMetadataReader;
  } = {}
): Promise<OrgApiUserFacts> {
  const rows = await queryTogether(connection, apiUserQueries(username));
  const candidates = rows.permissionSets.map(permissionSetFrom);
  const permissionSet = choosePermissionSet(candidates, projectNamespace);
  const user = rows.user[0];
  const profile = rows.profilePermissions[0];
  const advanced = options.withObjectPermissions !== false && Boolean(profile?.Id);
  const [grants, activitiesAccess] = advanced
    ? await Promise.all([
        readProfileObjectPermissions(connection, String(profile.Id)),
        readActivitiesAccess(connection, String(profile.Id))
      ])
    : [[], undefined];
  const objects: Record<string, ObjectAccessFacts> = {};
  for (const grant of grants) {
    const name = String(grant.SobjectType);
    const before = objects[name] ?? { read: false, create: false, edit: false, remove: false };
    objects[name] = {
      read: before.read || grant.PermissionsRead === true,
      create: before.create || grant.PermissionsCreate === true,
      edit: before.edit || grant.PermissionsEdit === true,
      remove: before.remove || grant.PermissionsDelete === true
    };
  }
  const recordTypes: Record<string, string[]> = {};
  for (const type of rows.recordTypes) {
    (recordTypes[String(type.SobjectType)] ??= []).push(String(type.DeveloperName));
  }
  const availableRecordTypes =
    options.withObjectPermissions !== false && user?.ProfileId && rows.recordTypes.length > 0
      ? await readProfileRecordTypes(
          options.profiles ?? new ProfileMetadataReader(connection),
          String(user.ProfileId),
          recordTypes
        )
      : undefined;
  const assigned = rows.assignments.map((assignment) => {
    const namespace = pick(assignment, 'PermissionSet.NamespacePrefix') as string | undefined;
    const name = String(pick(assignment, 'PermissionSet.Name'));
    return {
      id: String(assignment.PermissionSetId),
      fullName: withNamespace(name, namespace)
    };
  });
  return {
    permissionSet,
    permissionSetCandidates: candidates,
    user: {
      username,
      found: Boolean(user),
      userId: user ? String(user.Id) : null,
      name: user ? String(user.Name ?? '') : null,
      isActive: user?.IsActive === true,
      licenseName: (pick(user, 'Profile.UserLicense.Name') as string | undefined) ?? null,
      profileId: user?.ProfileId ? String(user.ProfileId) : null,
      profileName: (pick(user, 'Profile.Name') as string | undefined) ?? null,
      profilePermissions: {
        apiEnabled: profile?.PermissionsApiEnabled === true,
        modifyAllData: profile?.PermissionsModifyAllData === true,
        editEvent: profile?.PermissionsEditEvent === true,
        ...(activitiesAccess === undefined ? {} : { activitiesAccess })
      },
      profileObjectPermissions: objects,
      recordTypes,
      ...(availableRecordTypes ? { availableRecordTypes } : {}),
      permissionSets: assigned.map((set) => set.fullName),
      apiUserPermissionSetAssigned: permissionSet
        ? assigned.some((set) => set.id === permissionSet.id)
        : false
    }
  };
}
