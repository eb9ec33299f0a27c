// Events and tasks have no object permissions in Salesforce (platform rule
// permission.Event.noObjectPermissions): no ObjectPermissions row, no objectPermissions entry in
// a profile or permission set. Who may touch them is decided by user permissions instead:
// Access Activities to see them at all, Edit Events / Edit Tasks to create, edit and delete
// them (permission.Activities.access, permission.Event.editEvents). Record-level sharing of
// activities (owner, role hierarchy, Controlled by Parent) is not modelled (see
// scripts/tooling/platform/not-modelled.ts).
import { platformRule } from '../platform/catalogue.ts';

export interface ActivityAccess {
  read: boolean;
  create: boolean;
  edit: boolean;
  delete: boolean;
}

/** The user permission (Permissions<name>) that lets a user create, edit and delete each kind. */
const EDIT_PERMISSION: Record<string, string> = { event: 'EditEvent', task: 'EditTask' };

/** The activity objects, which carry no object permissions. */
export const ACTIVITY_OBJECTS = ['Event', 'Task'] as const;

export function hasNoObjectPermissions(objectName: string): boolean {
  return objectName.toLowerCase() in EDIT_PERMISSION;
}

/**
 * What the user permissions allow on Event or Task; null for any other object (object
 * permissions decide those). `userPermissions` holds the names without "Permissions".
 */
export function activityAccess(
  userPermissions: ReadonlySet<string>,
  objectName: string
): ActivityAccess | null {
  const edit = EDIT_PERMISSION[objectName.toLowerCase()];
  if (!edit) return null;
  const sees = userPermissions.has('ActivitiesAccess');
  const changes = sees && userPermissions.has(edit);
  return { read: sees, create: changes, edit: changes, delete: changes };
}

/**
 * What the org answers to an object permission on Event or Task. Salesforce does not document
 * the wording (see the rule's assumption); this one says what to do instead.
 */
export function activityObjectPermissionMessage(objectName: string): string {
  const label = objectName.toLowerCase() === 'task' ? 'Edit Tasks' : 'Edit Events';
  return `${objectName} has no object permissions: access to ${objectName.toLowerCase()}s comes from the user permissions ${label} and Access Activities. Remove the objectPermissions entry for ${objectName} (${platformRule('permission.Event.noObjectPermissions').source}).`;
}
