// Platform rules: permissions. Each entry names the Salesforce documentation it comes from (see catalogue.ts).
import type { PlatformRule } from './types.ts';

export const PERMISSION_RULES: readonly PlatformRule[] = Object.freeze([
  {
    id: 'permission.fls.appliesToAdmins',
    rule:
      'Field-level security controls whether a user can see and edit a field anywhere (pages, lists, reports, search, ' +
      'the API), for every user: Modify All Data and View All Data grant every object permission (Read ... Modify All) ' +
      'but no field permission, so a field is visible only where a profile or permission set grants it (or the ' +
      "object's View All Fields does).",
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.fundamentals.meta/fundamentals/adg_securing_data_intro_field_security.htm',
    enforcedBy: ['local-org'],
    assumption:
      'FieldPermissions (object reference: "To grant a user access to a field, associate a FieldPermissions record ' +
      'with a PermissionSet that\'s assigned to a user") names no exception for Modify All Data. ' +
      'A custom field deployed through the Metadata API without a profile or permission set granting it is ' +
      'assumed readable and editable by no one, the System Administrator included (no field permission is created ' +
      'for any profile); standard fields and universally required fields follow the object.'
  }
]);
