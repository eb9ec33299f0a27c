// The setup page's Apex (BookingSetupController, BookingSetupService, BookingSetupSelector,
// BookingMetadataDeployer), answered from a local org: the same queries the selector runs, as
// the admin, over the org's REST API, and the same results, checks and messages, so the page in
// a browser shows what it would show in that org. The Apex itself cannot run here (no Apex
// runtime); this port is kept beside it, and the contract test checks that every answer has
// exactly the fields of the Apex classes (BookingSetupState.cls).
import type { Connection } from '@salesforce/core';
import { soqlDateTime, soqlList, soqlString } from '../../../product/soql.ts';
import { customMetadataXml, type MappingRecord } from '../../../product/org/config-transfer.ts';
import { deployGeneratedSource } from '../../../product/org/deploy.ts';
import { describeFacts } from '../../../product/org/field-phases.ts';
import { retrieveLayouts, withPackageFields } from '../../../product/org/layout.ts';
import { namespacePrefix } from '../../../../force-app/main/default/lwc/bookingRules/metadataNames.js';

type Row = Record<string, unknown> & { Id?: string };

export const TARGET_OBJECTS = ['Lead', 'Contact', 'Account', 'Case', 'Event'] as const;
const OBJECT_PERMISSION_OBJECTS = ['Lead', 'Contact', 'Account', 'Case'] as const;
const API_USER_PERMISSION_SET = 'BookingConnectorApiUser';
const MANAGE_PERMISSION = 'Manage_Booking_Connector';
export const DEFAULT_EVENT_LAYOUT = 'Event-Event Layout';
const MAPPING_TYPE = 'BookingFieldMapping';
const MAX_USER_RESULTS = 20;

export const NO_PERMISSION_MESSAGE =
  'You need the Booking Connector: Manage Setup custom permission to change the setup. Ask an admin to assign you the Booking Connector: Admin permission set.';

/** An AuraHandledException: its message reaches the page as error.body.message. */
export class AuraHandledError extends Error {}

/** BookingSetupService.SetupException: already says what to do, passed through as it is. */
class SetupError extends Error {}

/** A deployment the page started, to be reported as BookingSetupDeployment__e when it ends. */
export interface FinishedDeployment {
  jobId: string;
  status: string;
  errors: string[];
}

export interface ApexServiceOptions {
  /** Fixture scenario for what a local org cannot reach: a user without the custom permission. */
  canManage?: boolean;
  /** Called when a deployment the page started has ended (the deploy callback's event). */
  onDeployment?: (deployment: FinishedDeployment) => void;
}

interface ObjectAccess {
  read: boolean;
  create: boolean;
  edit: boolean;
  remove: boolean;
}

const emptyAccess = (objects: readonly string[]): Record<string, ObjectAccess> =>
  Object.fromEntries(
    objects.map((name) => [name, { read: false, create: false, edit: false, remove: false }])
  );

/** BookingSetupController's failure(): how a platform error reaches the admin. */
function failure(action: string, error: unknown): AuraHandledError {
  if (error instanceof AuraHandledError) return error;
  if (error instanceof SetupError) return new AuraHandledError(error.message);
  return new AuraHandledError(
    `Could not ${action}: ${(error as Error).message} Check your access (Booking Connector: Admin permission set) and try again.`
  );
}

export class SetupPageApex {
  private namespaceRead: Promise<string | null> | null = null;
  private readonly connection: Connection;
  private readonly options: ApexServiceOptions;

  constructor(connection: Connection, options: ApexServiceOptions = {}) {
    this.connection = connection;
    this.options = options;
  }

  private async query(soql: string): Promise<Row[]> {
    return (await this.connection.query<Row>(soql)).records;
  }

  /** The package's namespace, as Apex reads it from its own class name. */
  private namespace(): Promise<string | null> {
    this.namespaceRead ??= this.query(
      `SELECT NamespacePrefix FROM PermissionSet WHERE Name = ${soqlString(API_USER_PERMISSION_SET)}`
    ).then((rows) => (rows[0]?.NamespacePrefix as string | null) || null);
    return this.namespaceRead;
  }

  private async prefix(): Promise<string> {
    return namespacePrefix(await this.namespace());
  }

  /** FeatureManagement.checkPermission for the admin, unless the scenario says otherwise. */
  private async canManage(): Promise<boolean> {
    if (this.options.canManage === false) return false;
    const prefix = await this.prefix();
    const userId = await this.userId();
    const rows = await this.query(
      `SELECT Id FROM SetupEntityAccess WHERE SetupEntityType = 'CustomPermission' AND ParentId IN (SELECT PermissionSetId FROM PermissionSetAssignment WHERE AssigneeId = ${soqlString(userId)}) AND SetupEntityId IN (SELECT Id FROM CustomPermission WHERE DeveloperName = ${soqlString(MANAGE_PERMISSION)})`
    ).catch(() => null);
    // A local org that cannot answer the semi-joins: the admin holds the Admin permission set.
    if (rows === null) {
      const sets = await this.query(
        `SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = ${soqlString(userId)} AND PermissionSet.Name = 'BookingConnectorAdmin'`
      );
      return sets.length > 0 || prefix === '';
    }
    return rows.length > 0;
  }

  private async requireManagePermission(): Promise<void> {
    if (!(await this.canManage())) throw new AuraHandledError(NO_PERMISSION_MESSAGE);
  }

  private async guarded<T>(action: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw failure(action, error);
    }
  }

  // ---- the controller's methods ------------------------------------------------------------

  getSetupState() {
    return this.guarded('load the setup', async () => {
      const settings = await this.readSettings();
      return {
        canManage: await this.canManage(),
        org: await this.orgFacts(),
        settings,
        apiUser: settings.apiUsername ? await this.apiUserFacts(settings.apiUsername) : null,
        objects: await this.describeTargetObjects(),
        mappings: await this.readMappings(),
        layout: await this.layoutStatus(DEFAULT_EVENT_LAYOUT),
        syncHealth: await this.syncHealth()
      };
    });
  }

  /**
   * BookingSetupService.syncHealth: the sync log's counts by outcome over 24 hours and 7 days
   * (GROUP BY Outcome__c, one query row per group), its five newest failures and newest applied
   * record, and the org's daily API requests (Apex: System.OrgLimits; here /limits).
   */
  private async syncHealth() {
    const prefix = await this.prefix();
    const log = `${prefix}BookingSyncLog__c`;
    const f = (name: string) => `${prefix}${name}`;
    let readable = true;
    try {
      await this.connection.sobject(log).describe();
    } catch {
      readable = false;
    }
    const limits = (await this.connection.request(
      `/services/data/v${this.connection.getApiVersion()}/limits`
    )) as { DailyApiRequests?: { Max: number; Remaining: number } };
    const daily = limits.DailyApiRequests;
    const apiUsage = daily ? { used: daily.Max - daily.Remaining, max: daily.Max } : null;
    if (!readable) return { readable, apiUsage };
    const now = Date.now();
    const counts = async (sinceMs: number) => {
      const rows = await this.query(
        `SELECT ${f('Outcome__c')}, COUNT(Id) total FROM ${log} WHERE CreatedDate >= ${soqlDateTime(new Date(now - sinceMs))} GROUP BY ${f('Outcome__c')}`
      );
      return Object.fromEntries(
        rows
          .filter((row) => row[f('Outcome__c')])
          .map((row) => [row[f('Outcome__c')] as string, Number(row.total)])
      );
    };
    const failures = await this.query(
      `SELECT Id, Name, ${f('Booking_Id__c')}, ${f('Booking_Sequence__c')}, ${f('Event_Type__c')}, ${f('Error__c')}, ${f('Processed_At__c')}, CreatedDate FROM ${log} WHERE ${f('Outcome__c')} = 'Failed' ORDER BY CreatedDate DESC LIMIT 5`
    );
    const [applied] = await this.query(
      `SELECT ${f('Processed_At__c')}, CreatedDate FROM ${log} WHERE ${f('Outcome__c')} = 'Applied' ORDER BY CreatedDate DESC LIMIT 1`
    );
    return {
      readable,
      last24Hours: await counts(86_400_000),
      last7Days: await counts(7 * 86_400_000),
      recentFailures: failures.map((row) => ({
        id: row.Id,
        name: row.Name,
        bookingId: row[f('Booking_Id__c')] ?? null,
        sequence: row[f('Booking_Sequence__c')] ?? null,
        eventType: row[f('Event_Type__c')] ?? null,
        error: row[f('Error__c')] ?? null,
        processedAt: row[f('Processed_At__c')] ?? row.CreatedDate
      })),
      lastAppliedAt: applied ? (applied[f('Processed_At__c')] ?? applied.CreatedDate) : null,
      apiUsage
    };
  }

  searchUsers({ searchTerm }: { searchTerm?: string }) {
    return this.guarded('search users', async () => {
      const term = (searchTerm ?? '').trim();
      if (term.length < 2) return [];
      const pattern = soqlString(`%${term.replace(/[%_]/g, (c) => `\\${c}`)}%`);
      const users = await this.query(
        `SELECT Id, Name, Username, Profile.Name FROM User WHERE IsActive = TRUE AND UserType = 'Standard' AND (Name LIKE ${pattern} OR Username LIKE ${pattern}) ORDER BY Name LIMIT ${MAX_USER_RESULTS}`
      );
      return users.map((user) => ({
        id: user.Id as string,
        name: user.Name as string,
        username: user.Username as string,
        profileName: ((user.Profile as Row | null)?.Name as string | undefined) ?? null
      }));
    });
  }

  getApiUserFacts({ username }: { username?: string }) {
    return this.guarded('check the API user', () => this.apiUserFacts(username ?? ''));
  }

  async saveSettings({ settings }: { settings?: Record<string, unknown> | null }) {
    await this.requireManagePermission();
    return this.guarded('save the settings', async () => {
      if (!settings) throw new SetupError('No settings were sent. Reload the page and save again.');
      const prefix = await this.prefix();
      const row = await this.settingsRow();
      const values: Record<string, unknown> = {};
      for (const [field, name] of SETTINGS_FIELDS)
        values[`${prefix}${field}`] = settingValue(name, settings[name]);
      const object = `${prefix}BookingConnectorSettings__c`;
      if (row?.Id) await this.connection.sobject(object).update({ Id: row.Id, ...values });
      else
        await this.connection
          .sobject(object)
          .create({ SetupOwnerId: await this.organizationId(), ...values });
      return this.readSettings();
    });
  }

  async assignPermissionSet() {
    await this.requireManagePermission();
    return this.guarded('assign the permission set', async () => {
      const username = (await this.readSettings()).apiUsername;
      if (!username)
        throw new SetupError(
          'Choose and save the API user in API connection first, then assign the permission set.'
        );
      const user = await this.userByUsername(username);
      if (!user)
        throw new SetupError(
          `No user has the username ${username}. Pick the API user again in API connection.`
        );
      const namespace = await this.namespace();
      const [permissionSet] = await this.query(
        `SELECT Id FROM PermissionSet WHERE Name = ${soqlString(API_USER_PERMISSION_SET)} AND NamespacePrefix = ${namespace ? soqlString(namespace) : 'null'} LIMIT 1`
      );
      if (!permissionSet)
        throw new SetupError(
          'The Booking Connector: API User permission set is missing from this org. Reinstall the package, then try again.'
        );
      const assignments = await this.assignments(user.Id as string);
      if (!assignments.some((assignment) => assignment.PermissionSetId === permissionSet.Id))
        await this.connection
          .sobject('PermissionSetAssignment')
          .create({ AssigneeId: user.Id, PermissionSetId: permissionSet.Id });
      return this.apiUserFacts(username);
    });
  }

  async saveMappings({ mappings }: { mappings?: Record<string, unknown>[] | null }) {
    await this.requireManagePermission();
    return this.guarded('save the mappings', async () => {
      if (!mappings || mappings.length === 0)
        throw new SetupError('There are no mapping changes to save.');
      const namespace = await this.namespace();
      const seen = new Set<string>();
      const files: Record<string, string> = {};
      for (const mapping of mappings) {
        const developerName = String(mapping.developerName ?? '');
        if (
          !/^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(developerName) ||
          developerName.includes('__') ||
          developerName.endsWith('_')
        )
          throw new SetupError(
            `The mapping name "${developerName}" is not a valid API name: use up to 40 letters, digits and single underscores, starting with a letter.`
          );
        const fullName = requireRecordName(developerName, mapping.fullName, namespace);
        if (seen.has(fullName.toLowerCase()))
          throw new SetupError(
            `Two mappings are both named ${fullName}. Rename one and save again.`
          );
        seen.add(fullName.toLowerCase());
        const label = String(mapping.label || developerName.replace('_', ' ')).slice(0, 40);
        const record: MappingRecord = {
          developerName,
          label,
          TargetObject__c: String(mapping.targetObject ?? ''),
          TargetField__c: String(mapping.targetField ?? ''),
          SourceType__c: String(mapping.sourceType ?? ''),
          SourceValue__c: (mapping.sourceValue as string | null | undefined) ?? null,
          IsActive__c: mapping.isActive === true
        };
        files[`customMetadata/${fullName}.md-meta.xml`] = customMetadataXml(
          record,
          namespacePrefix(namespace)
        );
      }
      return this.deploy(files);
    });
  }

  getMappings() {
    return this.guarded('read the mappings', () => this.readMappings());
  }

  getLayoutStatus({ layoutName }: { layoutName?: string }) {
    return this.guarded('check the layout', () =>
      this.layoutStatus(layoutName || DEFAULT_EVENT_LAYOUT)
    );
  }

  async addFieldsToLayout({ layoutName }: { layoutName?: string }) {
    await this.requireManagePermission();
    return this.guarded('add the fields to the layout', async () => {
      const name = layoutName || DEFAULT_EVENT_LAYOUT;
      const namespace = await this.namespace();
      const { statuses, xml } = await retrieveLayouts(
        this.connection,
        namespace,
        new Map([[name, []]])
      );
      const [status] = statuses;
      if (!status?.readable) throw new SetupError(`The layout ${name} does not exist in this org.`);
      // BookingMetadataDeployer.addPackageFields: nothing to deploy when every field is there.
      if (status.missingFields.length === 0) return null;
      return this.deploy({
        [`layouts/${name}.layout-meta.xml`]: withPackageFields(
          xml.get(name) ?? '',
          status.missingFields,
          namespacePrefix(namespace)
        )
      });
    });
  }

  // ---- the service's reads -----------------------------------------------------------------

  /**
   * Deploys the files and returns the deployment's Id; its end is reported through
   * onDeployment, as BookingMetadataDeployCallback publishes BookingSetupDeployment__e.
   */
  private async deploy(files: Record<string, string>): Promise<string> {
    const summary = await deployGeneratedSource(this.connection, files, { pollIntervalMs: 50 });
    const errors = summary.failures.map(
      (failure) => `${failure.type} ${failure.name}: ${failure.problem}`
    );
    // The callback runs after the deployment ends, in its own transaction: the page has the
    // Id by then (Metadata.Operations.enqueueDeployment returns it at once).
    setTimeout(
      () =>
        this.options.onDeployment?.({
          jobId: summary.id,
          status: summary.success ? 'Succeeded' : 'Failed',
          errors
        }),
      150
    );
    return summary.id;
  }

  private async organizationId(): Promise<string> {
    const [org] = await this.query('SELECT Id FROM Organization LIMIT 1');
    return String(org.Id);
  }

  /** UserInfo.getUserId(): the user the connection runs as. */
  private async userId(): Promise<string> {
    const username = this.connection.getUsername();
    const [user] = await this.query(
      `SELECT Id FROM User WHERE Username = ${soqlString(username ?? '')} LIMIT 1`
    );
    if (!user) throw new Error(`The server's login (${username}) is not a user of the org.`);
    return String(user.Id);
  }

  private async orgFacts() {
    const [org] = await this.query(
      'SELECT Id, Name, IsSandbox, OrganizationType, NamespacePrefix FROM Organization LIMIT 1'
    );
    const namespace = await this.namespace();
    const publisher = namespace
      ? ((
          await this.query(
            `SELECT MajorVersion, MinorVersion FROM Publisher WHERE NamespacePrefix = ${soqlString(namespace)} LIMIT 1`
          ).catch(() => [])
        )[0] ?? null)
      : null;
    const account = await this.connection.sobject('Account').describe();
    return {
      organizationId: org.Id as string,
      name: org.Name as string,
      isSandbox: org.IsSandbox === true,
      organizationType: (org.OrganizationType as string | null) ?? null,
      namespace,
      orgNamespace: (org.NamespacePrefix as string | null) || null,
      packageVersion: publisher ? `${publisher.MajorVersion}.${publisher.MinorVersion}` : null,
      hasPersonAccounts: account.fields.some((field) => field.name === 'IsPersonAccount')
    };
  }

  private async settingsRow(): Promise<Row | null> {
    const prefix = await this.prefix();
    const fields = SETTINGS_FIELDS.map(([field]) => `${prefix}${field}`).join(', ');
    const [row] = await this.query(
      `SELECT Id, ${fields} FROM ${prefix}BookingConnectorSettings__c WHERE SetupOwnerId = ${soqlString(await this.organizationId())} LIMIT 1`
    );
    return row ?? null;
  }

  /**
   * getOrgDefaults(): the org-wide row, or, where none exists yet, a new one with the fields'
   * default values ("If no custom setting data is defined for the organization, this method
   * returns an empty custom setting object",
   * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_methods_system_custom_settings.htm;
   * a new sObject takes the fields' defaults).
   */
  private async readSettings(): Promise<Settings> {
    const prefix = await this.prefix();
    const row = await this.settingsRow();
    const defaults = row
      ? null
      : new Map(
          (
            await this.connection.sobject(`${prefix}BookingConnectorSettings__c`).describe()
          ).fields.map((field) => [
            field.name,
            field.defaultValue ?? (field.type === 'boolean' ? false : null)
          ])
        );
    return Object.fromEntries(
      SETTINGS_FIELDS.map(([field, name]) => {
        const value = row ? row[`${prefix}${field}`] : defaults!.get(`${prefix}${field}`);
        return [
          name,
          name === 'syncLogEnabled'
            ? value !== false
            : BOOLEAN_SETTINGS.has(name)
              ? value === true
              : ((value as string) ?? null)
        ];
      })
    ) as Settings;
  }

  private async userByUsername(username: string): Promise<Row | null> {
    const [user] = await this.query(
      `SELECT Id, Name, Username, IsActive, ProfileId, Profile.Name, Profile.UserLicense.Name, Profile.PermissionsApiEnabled, Profile.PermissionsModifyAllData, Profile.PermissionsEditEvent, Profile.PermissionsViewSetup FROM User WHERE Username = ${soqlString(username)} LIMIT 1`
    );
    return user ?? null;
  }

  private assignments(userId: string): Promise<Row[]> {
    return this.query(
      `SELECT PermissionSetId, PermissionSet.Name, PermissionSet.NamespacePrefix, PermissionSet.IsOwnedByProfile FROM PermissionSetAssignment WHERE AssigneeId = ${soqlString(userId)}`
    );
  }

  private async apiUserFacts(username: string) {
    const user = username ? await this.userByUsername(username) : null;
    if (!user)
      return {
        username,
        found: false,
        userId: null,
        name: null,
        isActive: null,
        licenseName: null,
        profileName: null,
        profilePermissions: null,
        profileObjectPermissions: null,
        objectPermissions: null,
        fieldEdit: null,
        permissionSets: null,
        apiUserPermissionSetAssigned: null,
        recordTypes: null
      };
    const profile = (user.Profile as Row | null) ?? {};
    const activities = await this.query(
      `SELECT PermissionsActivitiesAccess FROM Profile WHERE Id = ${soqlString(String(user.ProfileId))} LIMIT 1`
    ).catch(() => null);
    const namespace = await this.namespace();
    const assignments = await this.assignments(user.Id as string);
    const permissionSets: string[] = [];
    let apiUserPermissionSetAssigned = false;
    for (const assignment of assignments) {
      const set = (assignment.PermissionSet as Row | null) ?? {};
      if (set.IsOwnedByProfile === true) continue;
      const prefix = (set.NamespacePrefix as string | null) || null;
      permissionSets.push(prefix ? `${prefix}__${set.Name}` : String(set.Name));
      if (set.Name === API_USER_PERMISSION_SET && prefix === namespace)
        apiUserPermissionSetAssigned = true;
    }
    const setIds = assignments.map((assignment) => String(assignment.PermissionSetId));
    const objectPermissions = emptyAccess(OBJECT_PERMISSION_OBJECTS);
    const profileObjectPermissions = emptyAccess(OBJECT_PERMISSION_OBJECTS);
    const fieldEdit: Record<string, boolean> = {};
    if (setIds.length > 0) {
      const grants = await this.query(
        `SELECT ParentId, Parent.IsOwnedByProfile, SobjectType, PermissionsRead, PermissionsCreate, PermissionsEdit, PermissionsDelete FROM ObjectPermissions WHERE ParentId IN ${soqlList(setIds)} AND SobjectType IN ${soqlList([...OBJECT_PERMISSION_OBJECTS])}`
      );
      for (const grant of grants) {
        const targets = [objectPermissions];
        if ((grant.Parent as Row | null)?.IsOwnedByProfile === true)
          targets.push(profileObjectPermissions);
        for (const target of targets) {
          const access = target[String(grant.SobjectType)];
          if (!access) continue;
          access.read ||= grant.PermissionsRead === true;
          access.create ||= grant.PermissionsCreate === true;
          access.edit ||= grant.PermissionsEdit === true;
          access.remove ||= grant.PermissionsDelete === true;
        }
      }
      for (const grant of await this.query(
        `SELECT Field FROM FieldPermissions WHERE ParentId IN ${soqlList(setIds)} AND SobjectType IN ${soqlList([...TARGET_OBJECTS])} AND PermissionsEdit = TRUE`
      ))
        fieldEdit[String(grant.Field)] = true;
    }
    const recordTypes: Record<string, string[]> = Object.fromEntries(
      TARGET_OBJECTS.map((name) => [name, [] as string[]])
    );
    for (const recordType of await this.query(
      `SELECT DeveloperName, SobjectType FROM RecordType WHERE IsActive = TRUE AND SobjectType IN ${soqlList([...TARGET_OBJECTS])} ORDER BY SobjectType, DeveloperName`
    ))
      recordTypes[String(recordType.SobjectType)]?.push(String(recordType.DeveloperName));
    return {
      username,
      found: true,
      userId: user.Id as string,
      name: user.Name as string,
      isActive: user.IsActive === true,
      licenseName: ((profile.UserLicense as Row | null)?.Name as string | undefined) ?? null,
      profileName: (profile.Name as string | undefined) ?? null,
      profilePermissions: {
        apiEnabled: profile.PermissionsApiEnabled === true,
        modifyAllData: profile.PermissionsModifyAllData === true,
        editEvent: profile.PermissionsEditEvent === true,
        // null where the org has no Access Activities permission (Apex checks the describe).
        activitiesAccess: activities ? activities[0]?.PermissionsActivitiesAccess === true : null,
        viewSetup: profile.PermissionsViewSetup === true
      },
      profileObjectPermissions,
      objectPermissions,
      fieldEdit,
      permissionSets,
      apiUserPermissionSetAssigned,
      recordTypes
    };
  }

  private async describeTargetObjects() {
    const objects: Record<string, unknown> = {};
    for (const name of TARGET_OBJECTS) {
      const describe = await this.connection.sobject(name).describe();
      objects[describe.name] = describeFacts(describe, 'apex');
    }
    return objects;
  }

  private async readMappings() {
    const prefix = await this.prefix();
    const rows = await this.query(
      `SELECT DeveloperName, NamespacePrefix, MasterLabel, ${prefix}TargetObject__c, ${prefix}TargetField__c, ${prefix}SourceType__c, ${prefix}SourceValue__c, ${prefix}IsActive__c FROM ${prefix}${MAPPING_TYPE}__mdt ORDER BY ${prefix}TargetObject__c, ${prefix}TargetField__c`
    );
    return rows.map((row) => ({
      developerName: row.DeveloperName as string,
      namespacePrefix: (row.NamespacePrefix as string | null) || null,
      fullName: null,
      label: row.MasterLabel as string,
      targetObject: row[`${prefix}TargetObject__c`] as string,
      targetField: row[`${prefix}TargetField__c`] as string,
      sourceType: row[`${prefix}SourceType__c`] as string,
      sourceValue: (row[`${prefix}SourceValue__c`] as string | null) ?? null,
      isActive: row[`${prefix}IsActive__c`] === true
    }));
  }

  private async layoutStatus(layoutName: string) {
    const namespace = await this.namespace();
    const { statuses } = await retrieveLayouts(
      this.connection,
      namespace,
      new Map([[layoutName, []]])
    );
    const [status] = statuses;
    if (!status?.readable)
      return {
        layoutName,
        readable: false,
        error: `The layout ${layoutName} does not exist in this org.`,
        presentFields: [],
        missingFields: []
      };
    return {
      layoutName,
      readable: true,
      error: null,
      presentFields: status.presentFields,
      missingFields: status.missingFields
    };
  }
}

/** BookingSetupState.Settings */
interface Settings {
  apiUsername: string | null;
  [name: string]: string | boolean | null;
}

/** The settings' fields and the names BookingSetupState.Settings gives them. */
const SETTINGS_FIELDS: readonly [string, string][] = [
  ['ApiUsername__c', 'apiUsername'],
  ['SecurityMode__c', 'securityMode'],
  ['MatchOrder__c', 'matchOrder'],
  ['ContactBeforeLead__c', 'contactBeforeLead'],
  ['NoMatchAction__c', 'noMatchAction'],
  ['AccountMatching__c', 'accountMatching'],
  ['CreateAccount__c', 'createAccount'],
  ['UpdatePolicy__c', 'updatePolicy'],
  ['OwnerPolicy__c', 'ownerPolicy'],
  ['CaseBookingPages__c', 'caseBookingPages'],
  ['CreatePersonAccounts__c', 'createPersonAccounts'],
  ['ApiBudgetPercent__c', 'apiBudgetPercent'],
  ['SyncLogEnabled__c', 'syncLogEnabled'],
  ['SyncLogRetentionDays__c', 'syncLogRetentionDays']
];
const BOOLEAN_SETTINGS = new Set([
  'contactBeforeLead',
  'createAccount',
  'createPersonAccounts',
  'syncLogEnabled'
]);

/** BookingSetupService saves `syncLogEnabled != false`: a page that sends none keeps the log on. */
function settingValue(name: string, value: unknown): unknown {
  if (name === 'syncLogEnabled') return value !== false;
  return BOOLEAN_SETTINGS.has(name) ? value === true : (value ?? null);
}

/** BookingSetupService.requireRecordName: the record name the page built must name this mapping. */
function requireRecordName(
  developerName: string,
  fullName: unknown,
  namespace: string | null
): string {
  const text = typeof fullName === 'string' ? fullName : '';
  const typePart = text.includes('.') ? text.slice(0, text.indexOf('.')) : text;
  const recordPart = text.includes('.') ? text.slice(text.indexOf('.') + 1) : '';
  const mappingType = namespace ? `${namespace}__${MAPPING_TYPE}` : MAPPING_TYPE;
  const afterPrefix = recordPart.includes('__')
    ? recordPart.slice(recordPart.indexOf('__') + 2)
    : '';
  const sameRecord =
    recordPart.toLowerCase() === developerName.toLowerCase() ||
    (afterPrefix !== '' &&
      afterPrefix.toLowerCase() === developerName.toLowerCase() &&
      !afterPrefix.includes('__'));
  if (typePart.toLowerCase() !== mappingType.toLowerCase() || !sameRecord)
    throw new SetupError(
      `The mapping ${developerName} was sent without a valid record name (${String(fullName ?? null)}). Reload the page and save again.`
    );
  return text;
}
