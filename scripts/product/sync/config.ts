// The sync configuration, read from the org as the API user and validated with the shared rules
// before anything is written: the settings (BookingConnectorSettings__c org default), the field
// mappings (BookingFieldMapping__mdt) and the describes of the five objects written.
import * as creationRules from '../../../force-app/main/default/lwc/bookingRules/creationRules.js';
import * as fieldRules from '../../../force-app/main/default/lwc/bookingRules/fieldRules.js';
import { withNamespace } from '../../../force-app/main/default/lwc/bookingRules/metadataNames.js';
import type { SalesforceApi } from './salesforce.ts';
import { productMessages } from '../messages.ts';

const messages = productMessages('sync.config');

export interface Settings {
  matchOrder: string[];
  contactBeforeLead: boolean;
  noMatchAction: 'Lead' | 'Contact';
  accountMatching: string[];
  createAccount: boolean;
  updatePolicy: 'FillEmpty' | 'Overwrite';
  ownerPolicy: 'Keep' | 'BookingOwner' | 'AssignmentRules';
  caseBookingPages: string[];
  createPersonAccounts: boolean;
  /** Share of the org's daily API requests the connector may use (syncRules.js apiBudget). */
  apiBudgetPercent: number;
  syncLogEnabled: boolean;
  syncLogRetentionDays: number;
}

export interface Mapping {
  targetObject: string;
  targetField: string;
  sourceType: string;
  sourceValue?: string;
  isActive: boolean;
}

export interface DescribeField {
  name: string;
  type: string;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  defaultedOnCreate: boolean;
  picklistValues?: { value: string; active: boolean }[];
  [key: string]: unknown;
}

export interface SyncConfig {
  namespace: string | null;
  settings: Settings;
  mappings: Mapping[];
  describes: Record<
    string,
    { fields: DescribeField[]; createable?: boolean; updateable?: boolean }
  >;
  /** Universally required fields per object (describe names), each with its mapping. */
  required: {
    object: string;
    field: string;
    mapping: Mapping | null;
    unsupportedReason: string | null;
  }[];
  apiUserId: string;
  /**
   * Person Accounts: enabled when the org has them (Account describe); recordTypeId is the
   * active person-account record type, read only when the settings create Person Accounts.
   */
  personAccounts: { enabled: boolean; recordTypeId: string | null };
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(
      // One problem a line after "- ", added here: in the message file a "- " line would be
      // a markdown list item, and Prettier would indent the line after it into that item.
      messages.getMessage('error.config', [problems.map((problem) => `- ${problem}`).join('\n')])
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export const TARGET_OBJECTS = fieldRules.TARGET_OBJECTS as string[];

/** The package namespace in this org, read from where Booking_Id__c lives on Event. */
export function namespaceOf(eventDescribe: { fields: { name: string }[] }): string | null {
  const field = eventDescribe.fields.find((candidate) =>
    /(^|__)Booking_Id__c$/i.test(candidate.name)
  );
  if (!field) {
    throw new ConfigError([messages.getMessage('problem.no-booking-id')]);
  }
  const match = /^(\w+?)__Booking_Id__c$/i.exec(field.name);
  return match ? match[1] : null;
}

export async function loadConfig(api: SalesforceApi): Promise<SyncConfig> {
  const describes: SyncConfig['describes'] = {};
  for (const objectName of TARGET_OBJECTS) {
    describes[objectName] = (await api.describe(objectName)) as SyncConfig['describes'][string];
  }
  const namespace = namespaceOf(describes.Event);
  const ns = (name: string) => withNamespace(name, namespace);

  const settingsRows = await api.query<Record<string, unknown>>(
    `SELECT Id, SetupOwnerId, ${[
      'MatchOrder__c',
      'ContactBeforeLead__c',
      'NoMatchAction__c',
      'AccountMatching__c',
      'CreateAccount__c',
      'UpdatePolicy__c',
      'OwnerPolicy__c',
      'CaseBookingPages__c',
      'CreatePersonAccounts__c',
      'ApiBudgetPercent__c',
      'SyncLogEnabled__c',
      'SyncLogRetentionDays__c'
    ]
      .map(ns)
      .join(', ')} FROM ${ns('BookingConnectorSettings__c')}`
  );
  // The org default is the row owned by the organization (id prefix 00D).
  const orgDefault = settingsRows.find((row) => String(row.SetupOwnerId).startsWith('00D')) ?? null;
  const settings = creationRules.settingsFromRecord(orgDefault, namespace) as Settings;

  const mappingRows = await api.query<Record<string, unknown>>(
    `SELECT DeveloperName, ${[
      'TargetObject__c',
      'TargetField__c',
      'SourceType__c',
      'SourceValue__c',
      'IsActive__c'
    ]
      .map(ns)
      .join(', ')} FROM ${ns('BookingFieldMapping__mdt')}`
  );
  const mappings: Mapping[] = mappingRows.map((row) => ({
    targetObject: String(row[ns('TargetObject__c')] ?? ''),
    targetField: String(row[ns('TargetField__c')] ?? ''),
    sourceType: String(row[ns('SourceType__c')] ?? ''),
    sourceValue: (row[ns('SourceValue__c')] as string | null) ?? undefined,
    isActive: row[ns('IsActive__c')] !== false
  }));

  const apiUserId = await api.currentUserId();

  // The field rules take picklist values as the active values' names (their fact format).
  const ruleDescribes = Object.fromEntries(
    TARGET_OBJECTS.map((name) => [
      name,
      {
        ...describes[name],
        fields: describes[name].fields.map((field) =>
          Array.isArray(field.picklistValues)
            ? {
                ...field,
                picklistValues: field.picklistValues
                  .filter((v) => v.active !== false)
                  .map((v) => v.value)
              }
            : field
        )
      }
    ])
  );
  // Describes are made as the API user, so createable/updateable already reflect its
  // object and field-level security: they are the API user's access facts.
  const apiUserAccess = {
    objects: Object.fromEntries(
      TARGET_OBJECTS.map((name) => [
        name,
        { create: describes[name].createable !== false, edit: describes[name].updateable !== false }
      ])
    ),
    fields: Object.fromEntries(
      TARGET_OBJECTS.flatMap((name) =>
        describes[name].fields.map((field) => [
          `${name}.${field.name}`,
          field.createable || field.updateable
        ])
      )
    )
  };
  const facts = {
    describes: ruleDescribes,
    namespace,
    apiUserAccess,
    // Custom form fields are declared by the mappings that use them (form.<key>), typed by
    // their targets: the same declaration the setup page makes.
    formFields: fieldRules.formFieldsFromMappings(mappings, describes, namespace) as {
      key: string;
      type: string;
    }[]
  };

  const problems: string[] = [];
  const personAccounts = {
    enabled: creationRules.orgHasPersonAccounts(
      describes.Account.fields.map((field) => field.name)
    ) as boolean,
    recordTypeId: null as string | null
  };
  if (personAccounts.enabled && settings.createPersonAccounts) {
    const recordTypes = await api.query<{ Id: string }>(
      "SELECT Id FROM RecordType WHERE SobjectType = 'Account' AND IsPersonType = true AND IsActive = true ORDER BY Name LIMIT 1"
    );
    personAccounts.recordTypeId = recordTypes[0]?.Id ?? null;
    if (!personAccounts.recordTypeId)
      problems.push(
        'Setting CreatePersonAccounts__c: the org has Person Accounts but no active person-account record type; activate one (Setup > Object Manager > Account > Record Types) or turn the setting off'
      );
  }
  for (const problem of creationRules.validateSettings(settings) as {
    setting: string;
    message: string;
  }[]) {
    problems.push(`Setting ${problem.setting}: ${problem.message}`);
  }
  for (const problem of fieldRules.validateMappings(mappings, facts) as {
    target: string;
    message: string;
  }[]) {
    problems.push(`Mapping ${problem.target}: ${problem.message}`);
  }
  const status = fieldRules.requiredFieldStatus(facts, mappings) as {
    rows: {
      object: string;
      field: string;
      status: string;
      mapping: Mapping | null;
      reason: string | null;
    }[];
  };
  for (const row of status.rows) {
    if (row.status === 'missing')
      problems.push(
        `${row.object}.${row.field} is required on every new record and has no mapping; map a booking field or a constant to it`
      );
  }
  if (problems.length) throw new ConfigError(problems);
  return {
    namespace,
    settings,
    mappings: mappings.filter((mapping) => mapping.isActive),
    describes,
    // Unsupported required fields block only bookings that must create a record of their
    // object; the engine rejects those with the field's name.
    required: status.rows.map((row) => ({
      object: row.object,
      field: row.field,
      mapping: row.status === 'unsupported' ? null : row.mapping,
      unsupportedReason: row.status === 'unsupported' ? row.reason : null
    })),
    apiUserId,
    personAccounts
  };
}
