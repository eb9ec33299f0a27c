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
    source: 'https://help.salesforce.com/s/articleView?id=sf.admin_fls.htm&type=5',
    enforcedBy: ['local-org'],
    assumption:
      'A custom field deployed through the Metadata API without a profile or permission set granting it is ' +
      'assumed readable and editable by no one, the System Administrator included (no field permission is created ' +
      'for any profile); standard fields and universally required fields follow the object.'
  }
]);
