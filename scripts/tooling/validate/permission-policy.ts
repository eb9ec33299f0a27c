// What the package's permission sets may grant: the one place these rules are written.
// See the README ("Decisions worth knowing": what each permission set is for), and the
// platform rules in scripts/tooling/platform/ (packaging.PermissionSet.*, permission.Event.*).
//
// A managed package's permission sets carry only the package's own parts: object permissions
// on its custom objects, field permissions on its custom fields (Activity fields as Event.X__c
// and Task.X__c), custom permissions, settings, metadata types, Apex, tabs. Object permissions
// on standard objects are ignored at install, so the package must not rely on (or ship) them:
// the API user's access to Lead, Contact, Account, Case and Event comes from its profile.

/**
 * The package's platform events. A permission set may grant Read on them and nothing else:
 * subscribers (the setup page, through lightning/empApi) need Read; Apex publishes them without
 * any object permission.
 */
export const PACKAGE_EVENTS = ['BookingSetupDeployment__e'] as const;

/**
 * Custom objects of the package whose records a permission set may let users delete. Only the
 * sync log: the engine (as the API user) deletes log records older than the retention setting.
 * A canceled booking keeps its Event with status Canceled, and the package's other records are
 * configuration, changed through the setup page.
 */
export const DELETE_ALLOWED_ON: readonly string[] = ['BookingSyncLog__c'];

/**
 * Custom objects of the package the API user writes: it must be able to read and edit every one
 * of their custom fields (the engine creates sync log records and upserts them by Log_Key__c).
 */
export const API_USER_WRITES = ['BookingSyncLog__c'] as const;

/** User permissions no package permission set may carry. */
export const FORBIDDEN_USER_PERMISSIONS = ['ModifyAllData', 'ViewAllData'] as const;

/** Activity fields are defined on Activity but granted per object, as Salesforce requires. */
export const ACTIVITY_OBJECTS = ['Event', 'Task'] as const;

/** Suffixes of custom components' API names: everything else is standard. */
const CUSTOM_SUFFIX = /__(c|e|mdt|b|x)$/;

/** A standard object or field: its API name has no custom suffix (Lead, Lead.Email). */
export function isStandardName(apiName: string): boolean {
  return !CUSTOM_SUFFIX.test(apiName);
}
