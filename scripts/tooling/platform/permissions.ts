// Platform rules: permissions. Each entry names the Salesforce documentation it comes from (see catalogue.ts).
import type { PlatformRule } from './types.ts';

export const PERMISSION_RULES: readonly PlatformRule[] = Object.freeze([
  {
    id: 'permission.Event.noObjectPermissions',
    title: 'Events have no object permissions',
    rule: 'Events and tasks have no object permissions: a profile or permission set holds no ObjectPermissions row (and its metadata no objectPermissions entry) for Event or Task, and the profile editor has no Read/Create/Edit/Delete checkboxes for them. Access to activities comes from user permissions (Edit Events, Edit Tasks, Access Activities) and from the sharing of the records they relate to.',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_objectpermissions.htm',
    enforcedBy: ['local-org', 'validate'],
    assumption:
      'The ObjectPermissions reference lists its SobjectType picklist without naming Event or Task, and no page states the exclusion in one sentence; it follows from the profile editor (no Event/Task object settings) and from the activity pages cited under permission.Event.editEvents. The error a real org gives to an Event entry is not documented: the local org refuses an ObjectPermissions insert with INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST (SobjectType is a restricted picklist without Event) and a deploy with a component error naming the rule. Whether a real deploy refuses or silently drops the entry does not matter to the product: `validate` refuses it before any deploy.'
  },
  {
    id: 'permission.Event.editEvents',
    title: 'Edit Events governs events',
    rule: 'The Edit Events user permission (PermissionSet/Profile field PermissionsEditEvent, under General User Permissions of a profile) lets a user create, edit and delete events; Edit Tasks (PermissionsEditTask) does the same for tasks. Which events a user may then read, edit or delete follows the sharing of activities (owner, role hierarchy, "Controlled by Parent" on the related Lead, Contact, Account or Case) or Modify All Data.',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.sfFieldRef.meta/sfFieldRef/salesforce_field_reference_PermissionSet.htm',
    enforcedBy: ['local-org'],
    assumption:
      'The field reference lists PermissionsEditEvent ("Edit Events") and the OnceHub reference article has the admin check it under General User Permissions; the record-level part (owner, role hierarchy, parent sharing) is sharing, which the local org does not model (see not-modelled: sharing): there Edit Events allows create, edit and delete of every event the user can read.'
  },
  {
    id: 'permission.Activities.access',
    title: 'Access Activities',
    rule: 'The Access Activities user permission (PermissionsActivitiesAccess) is needed to access tasks, events, calendars and email at all; without it a user cannot see or create events.',
    source:
      'https://help.salesforce.com/s/articleView?id=sales.activity_access_user_perm.htm&language=en_US&type=5',
    enforcedBy: ['local-org'],
    assumption:
      'The field name PermissionsActivitiesAccess comes from the PermissionSet field reference (label "Access Activities"). Orgs created before the permission existed may not show it; the API-user check then reports the row as "verify" instead of failing, and the local org, which always has the field, treats a missing value as not granted.'
  },
  {
    id: 'permission.FieldPermissions.customFieldsOnStandardObjects',
    title: 'Package field permissions on standard objects',
    rule: "Field permissions on a package's custom fields are packaged with its permission sets and installed with them, including custom fields of standard objects (Event.Booking_Id__c). Field permissions of Activity fields are written per object, Event.X__c and Task.X__c.",
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.packagingGuide.meta/packagingGuide/packaging_perm_sets_profile_setttings.htm',
    enforcedBy: ['validate'],
    assumption:
      'The page lists "Custom field permissions" among what a packaged permission set includes and does not single out custom fields of standard objects; we read it as including them (they are metadata of the package).'
  },
  {
    id: 'permission.fls.appliesToAdmins',
    title: 'Field-level security applies to admins too',
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
