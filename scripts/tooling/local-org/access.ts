// What a user may do, computed the way Salesforce does: the union of the profile's permission
// set (IsOwnedByProfile) and every assigned permission set, read from the ObjectPermissions,
// FieldPermissions and SetupEntityAccess records, so what is queryable is what is enforced.
import type { ObjectDef, OrgState, SObjectRecord } from './model.ts';
import { activityAccess } from './activity-permissions.ts';

export interface ObjectAccess {
  read: boolean;
  create: boolean;
  edit: boolean;
  delete: boolean;
}

export interface UserAccess {
  user: SObjectRecord;
  permissionSetIds: string[];
  /** Union of the Permissions* flags (ApiEnabled, ModifyAllData, EditEvent, ...). */
  userPermissions: Set<string>;
  objectAccess(definition: ObjectDef): ObjectAccess;
  fieldAccess(definition: ObjectDef, fieldName: string): { read: boolean; edit: boolean };
}

const NONE: ObjectAccess = { read: false, create: false, edit: false, delete: false };
const ALL: ObjectAccess = { read: true, create: true, edit: true, delete: true };

function table(state: OrgState, objectName: string): SObjectRecord[] {
  return Object.values(state.records[objectName.toLowerCase()] ?? {});
}

export function permissionSetIdsOf(state: OrgState, user: SObjectRecord): string[] {
  const profileSet = table(state, 'PermissionSet').find(
    (set) => set.IsOwnedByProfile && set.ProfileId === user.ProfileId
  );
  const assigned = table(state, 'PermissionSetAssignment')
    .filter((assignment) => assignment.AssigneeId === user.Id)
    .map((assignment) => String(assignment.PermissionSetId));
  return [...(profileSet ? [profileSet.Id] : []), ...assigned];
}

export function computeAccess(state: OrgState, userId: string): UserAccess {
  const user = state.records.user?.[userId];
  if (!user) throw new Error(`No user ${userId}`);
  const permissionSetIds = permissionSetIdsOf(state, user);
  const ids = new Set(permissionSetIds);
  const sets = table(state, 'PermissionSet').filter((set) => ids.has(set.Id));
  const userPermissions = new Set<string>();
  for (const set of sets) {
    for (const [key, value] of Object.entries(set)) {
      if (key.startsWith('Permissions') && value === true)
        userPermissions.add(key.slice('Permissions'.length));
    }
  }
  const objectGrants = new Map<string, ObjectAccess>();
  /** Objects whose View All Fields is granted: every field readable, whatever its FLS. */
  const viewAllFields = new Set<string>();
  for (const grant of table(state, 'ObjectPermissions')) {
    if (!ids.has(String(grant.ParentId))) continue;
    const key = String(grant.SobjectType).toLowerCase();
    if (grant.PermissionsViewAllFields === true) viewAllFields.add(key);
    const before = objectGrants.get(key) ?? NONE;
    objectGrants.set(key, {
      read: before.read || grant.PermissionsRead === true,
      create: before.create || grant.PermissionsCreate === true,
      edit: before.edit || grant.PermissionsEdit === true,
      delete: before.delete || grant.PermissionsDelete === true
    });
  }
  const fieldGrants = new Map<string, { read: boolean; edit: boolean }>();
  for (const grant of table(state, 'FieldPermissions')) {
    if (!ids.has(String(grant.ParentId))) continue;
    const key = String(grant.Field).toLowerCase();
    const before = fieldGrants.get(key) ?? { read: false, edit: false };
    fieldGrants.set(key, {
      read: before.read || grant.PermissionsRead === true,
      edit: before.edit || grant.PermissionsEdit === true
    });
  }
  const entityGrants = new Set(
    table(state, 'SetupEntityAccess')
      .filter((grant) => ids.has(String(grant.ParentId)))
      .map((grant) => String(grant.SetupEntityId))
  );
  const modifyAll = userPermissions.has('ModifyAllData');
  const viewAll = modifyAll || userPermissions.has('ViewAllData');
  const customizes = modifyAll || userPermissions.has('CustomizeApplication');

  return {
    user,
    permissionSetIds,
    userPermissions,
    objectAccess(definition) {
      if (modifyAll) return ALL;
      if (definition.setupObject) {
        // Setup objects are governed by user permissions, not object permissions: any API
        // session may read them, and the tooling's writes to them need admin rights.
        return { read: true, create: customizes, edit: customizes, delete: customizes };
      }
      if (definition.customSetting || definition.customMetadata) {
        // "Restrict access to custom settings" / custom metadata: readable with Customize
        // Application or a permission set that grants the type (SetupEntityAccess).
        const granted =
          customizes ||
          viewAll ||
          (definition.definitionId ? entityGrants.has(definition.definitionId) : false);
        return {
          read: granted,
          create: customizes && definition.customSetting,
          edit: customizes && definition.customSetting,
          delete: customizes && definition.customSetting
        };
      }
      // Events and tasks have no object permissions: user permissions decide.
      const grant =
        activityAccess(userPermissions, definition.name) ??
        objectGrants.get(definition.name.toLowerCase()) ??
        NONE;
      return viewAll ? { ...grant, read: true } : grant;
    },
    fieldAccess(definition, fieldName) {
      const fieldDef = definition.fields[fieldName.toLowerCase()];
      if (!fieldDef) return { read: false, edit: false };
      const objectAccess = this.objectAccess(definition);
      // Field-level security applies to custom fields of data objects; standard fields and
      // required fields follow the object, as Salesforce always shows them.
      const governed =
        fieldDef.custom &&
        !definition.custom &&
        !definition.customSetting &&
        !definition.customMetadata &&
        fieldDef.nillable;
      if (!governed) {
        return { read: objectAccess.read, edit: objectAccess.edit || objectAccess.create };
      }
      // Modify All Data and View All Data grant objects, not fields: field-level security
      // applies to administrators too (platform rule `permission.fls.appliesToAdmins`).
      const grant = fieldGrants.get(`${definition.name}.${fieldDef.name}`.toLowerCase()) ?? {
        read: false,
        edit: false
      };
      return {
        read: objectAccess.read && (grant.read || viewAllFields.has(definition.name.toLowerCase())),
        edit: grant.edit && (objectAccess.edit || objectAccess.create)
      };
    }
  };
}

/** The user behind a username, case-insensitively, as Salesforce matches usernames. */
export function findUserByUsername(state: OrgState, username: string): SObjectRecord | undefined {
  return table(state, 'User').find(
    (user) => String(user.Username).toLowerCase() === username.toLowerCase()
  );
}
