// A new local org: the standard objects the product touches, with describes close to a real
// Developer Edition org, and the users, profiles and licenses every branch of the API-user
// checks needs (lwc/bookingRules/apiUserRules.js). Names are exported so tests and tools use them.
import type { FieldDef, ObjectDef, OrgState, SObjectRecord } from './model.ts';
import { newId, uniqueId } from './model.ts';
import { field, object } from './schema.ts';
import { seedStandardEventLayout } from './standard-layouts.ts';
import { hasNoObjectPermissions } from './activity-permissions.ts';

export const LOCAL_DOMAIN = 'bookingconnector.local';

/** The five objects the connector writes, in the order the reference articles list them. */
export const CONNECTOR_OBJECTS = ['Lead', 'Account', 'Contact', 'Event', 'Case'] as const;
/**
 * Those of them that have object permissions: Event has none in Salesforce (its access comes
 * from Edit Events and Access Activities), so no profile holds an ObjectPermissions row for it.
 */
export const OBJECT_PERMISSION_OBJECTS = CONNECTOR_OBJECTS.filter(
  (name) => !hasNoObjectPermissions(name)
);
const OBJECT_PERMISSIONS = ['Read', 'Create', 'Edit', 'Delete'] as const;

export const SEEDED_PROFILES = {
  systemAdministrator: 'System Administrator',
  standardUser: 'Standard User',
  chatterFree: 'Chatter Free User',
  advancedSecure: 'Booking API Secure'
} as const;

/** Profile names of the advanced-secure-mode variants, each missing exactly one requirement. */
export function advancedVariantProfile(missing: string): string {
  return `${SEEDED_PROFILES.advancedSecure} - no ${missing}`;
}

/**
 * Every requirement a variant can lack: "API Enabled", "Edit Events", "Access Activities",
 * "Lead Delete", ... Events are covered by the two user permissions, not by object permissions.
 */
export const ADVANCED_REQUIREMENTS = [
  'API Enabled',
  'Edit Events',
  'Access Activities',
  ...OBJECT_PERMISSION_OBJECTS.flatMap((objectName) =>
    OBJECT_PERMISSIONS.map((permission) => `${objectName} ${permission}`)
  ),
  // The Record Type Settings of the profile: without the Case record type, Cases cannot be
  // created with it (the reference articles' last step).
  'Case Record Types'
];

export function seededUsername(localPart: string): string {
  return `${localPart}@${LOCAL_DOMAIN}`;
}

/**
 * The admin of a local org: a username of its own per org (platform rule
 * `api.org.adminUsername`), derived from the org's Id so it stays the same for a saved data dir.
 * Usernames are unique across Salesforce and the sf CLI keys its logins by username: with one
 * admin name for every local org, logging in to a second one took over the first one's aliases.
 * Read it from the org (`LocalOrg.adminUsername`, `state.org.adminUsername`), never spell it.
 */
export function localAdminUsername(organizationId: string): string {
  return seededUsername(`admin+${organizationId.slice(0, 15).toLowerCase()}`);
}

/** The admin of an org saved before each org had its own (kept, so its logins stay valid). */
export const LEGACY_ADMIN_USERNAME = seededUsername('admin');

/** The admin's username of an org, saved before admin names were per org or after. */
export function adminUsernameOf(state: OrgState): string {
  return state.org.adminUsername ?? LEGACY_ADMIN_USERNAME;
}

/**
 * Usernames of the fixture users, by the role each plays in tests (the admin's is per org:
 * `localAdminUsername`).
 */
export const SEEDED_USERS = {
  apiUser: seededUsername('api.user'),
  secureApiUser: seededUsername('secure.api'),
  standardUser: seededUsername('standard.user'),
  chatterUser: seededUsername('chatter.user'),
  inactiveUser: seededUsername('inactive.user'),
  /** The advanced-secure candidate whose profile lacks the given requirement. */
  secureMissing: (missing: string): string =>
    seededUsername(`secure.no-${missing.toLowerCase().replace(/\s+/g, '-')}`)
};

const owner = (referenceTo: string[] = ['User']): FieldDef =>
  field('OwnerId', 'reference', {
    label: 'Owner ID',
    required: true,
    defaultedOnCreate: true,
    referenceTo,
    relationshipName: 'Owner'
  });
const readOnly = { createable: false, updateable: false } as const;

/**
 * The Lead Status values of a new Developer Edition org (one of them converted) and the
 * Opportunity stages: the Lead's Status picklist and the LeadStatus rows come from one list.
 */
export const LEAD_CONVERSION = {
  statuses: [
    { value: 'Open - Not Contacted', isConverted: false, isDefault: true },
    { value: 'Working - Contacted', isConverted: false, isDefault: false },
    { value: 'Closed - Converted', isConverted: true, isDefault: false },
    { value: 'Closed - Not Converted', isConverted: false, isDefault: false }
  ],
  opportunityStages: ['Prospecting', 'Qualification', 'Closed Won', 'Closed Lost']
} as const;
export const CONVERTED_LEAD_STATUS = 'Closed - Converted';
/** Who (Lead or Contact) and What (Account or Case): the relations Event and Task share. */
const activityRelations = (): FieldDef[] => [
  field('WhoId', 'reference', {
    referenceTo: ['Contact', 'Lead'],
    relationshipName: 'Who',
    label: 'Name ID'
  }),
  field('WhatId', 'reference', {
    referenceTo: ['Account', 'Case'],
    relationshipName: 'What',
    label: 'Related To ID'
  })
];

function standardObjects(): ObjectDef[] {
  const setup = { setupObject: true };
  return [
    object(
      'UserLicense',
      '100',
      [
        field('Name', 'string', { length: 40, ...readOnly }),
        field('LicenseDefinitionKey', 'string', { length: 40, ...readOnly }),
        field('Status', 'string', { length: 40, ...readOnly })
      ],
      { ...setup, readOnly: true, label: 'User License' }
    ),
    object(
      'Profile',
      '00e',
      [
        field('Name', 'string', { length: 255, required: true }),
        field('UserLicenseId', 'reference', {
          referenceTo: ['UserLicense'],
          relationshipName: 'UserLicense',
          required: true
        }),
        field('UserType', 'picklist', { picklist: ['Standard', 'CsnOnly'], ...readOnly }),
        field('Description', 'string', { length: 255 }),
        ...PROFILE_PERMISSIONS.map((name) => field(`Permissions${name}`, 'boolean'))
      ],
      setup
    ),
    object(
      'User',
      '005',
      [
        field('Username', 'string', { length: 80, required: true, unique: true }),
        field('LastName', 'string', { length: 80, required: true }),
        field('FirstName', 'string', { length: 40 }),
        field('Name', 'string', { length: 121, ...readOnly, label: 'Full Name' }),
        field('Email', 'email', { required: true }),
        field('Alias', 'string', { length: 8, required: true }),
        field('IsActive', 'boolean', { label: 'Active', defaultValue: true }),
        field('ProfileId', 'reference', {
          referenceTo: ['Profile'],
          relationshipName: 'Profile',
          required: true
        }),
        field('UserType', 'picklist', {
          picklist: ['Standard', 'CsnOnly'],
          ...readOnly,
          defaultedOnCreate: true
        }),
        field('TimeZoneSidKey', 'picklist', {
          picklist: [
            'America/Los_Angeles',
            'America/New_York',
            'Europe/London',
            'Europe/Paris',
            'GMT'
          ],
          required: true
        }),
        field('LocaleSidKey', 'picklist', {
          picklist: ['en_US', 'en_GB', 'fr_FR'],
          required: true
        }),
        field('EmailEncodingKey', 'picklist', {
          picklist: ['UTF-8', 'ISO-8859-1'],
          required: true
        }),
        field('LanguageLocaleKey', 'picklist', { picklist: ['en_US', 'fr', 'de'], required: true })
      ],
      setup
    ),
    object(
      'PermissionSet',
      '0PS',
      [
        field('Name', 'string', { length: 80, required: true }),
        field('Label', 'string', { length: 80, required: true }),
        field('Description', 'textarea'),
        field('NamespacePrefix', 'string', { length: 15, ...readOnly }),
        field('IsOwnedByProfile', 'boolean', readOnly),
        field('ProfileId', 'reference', {
          referenceTo: ['Profile'],
          relationshipName: 'Profile',
          ...readOnly
        }),
        field('LicenseId', 'reference', { referenceTo: ['PermissionSetLicense'] }),
        field('Type', 'picklist', {
          picklist: ['Regular', 'Profile', 'Group'],
          ...readOnly,
          defaultedOnCreate: true
        }),
        ...PROFILE_PERMISSIONS.map((name) => field(`Permissions${name}`, 'boolean'))
      ],
      setup
    ),
    object(
      'PermissionSetAssignment',
      '0Pa',
      [
        field('AssigneeId', 'reference', {
          referenceTo: ['User'],
          relationshipName: 'Assignee',
          required: true,
          updateable: false
        }),
        field('PermissionSetId', 'reference', {
          referenceTo: ['PermissionSet'],
          relationshipName: 'PermissionSet',
          required: true,
          updateable: false
        }),
        field('IsActive', 'boolean', { ...readOnly, defaultValue: true })
      ],
      setup
    ),
    object(
      'ObjectPermissions',
      '110',
      [
        field('ParentId', 'reference', {
          referenceTo: ['PermissionSet'],
          relationshipName: 'Parent',
          required: true,
          updateable: false
        }),
        field('SobjectType', 'picklist', { picklist: [], required: true, updateable: false }),
        ...[
          'Read',
          'Create',
          'Edit',
          'Delete',
          'ViewAllRecords',
          'ModifyAllRecords',
          'ViewAllFields'
        ].map((name) => field(`Permissions${name}`, 'boolean'))
      ],
      setup
    ),
    object(
      'FieldPermissions',
      '01k',
      [
        field('ParentId', 'reference', {
          referenceTo: ['PermissionSet'],
          relationshipName: 'Parent',
          required: true,
          updateable: false
        }),
        field('SobjectType', 'picklist', { picklist: [], required: true, updateable: false }),
        field('Field', 'picklist', { picklist: [], required: true, updateable: false }),
        field('PermissionsRead', 'boolean'),
        field('PermissionsEdit', 'boolean')
      ],
      setup
    ),
    object(
      'CustomPermission',
      '0CP',
      [
        field('DeveloperName', 'string', { length: 80, ...readOnly }),
        field('MasterLabel', 'string', { length: 80, ...readOnly }),
        field('NamespacePrefix', 'string', { length: 15, ...readOnly })
      ],
      { ...setup, readOnly: true }
    ),
    object(
      'SetupEntityAccess',
      '0J0',
      [
        field('ParentId', 'reference', {
          referenceTo: ['PermissionSet'],
          relationshipName: 'Parent',
          required: true
        }),
        field('SetupEntityId', 'reference', {
          referenceTo: ['CustomPermission', 'ApexClass'],
          required: true
        }),
        field('SetupEntityType', 'string', { length: 40, ...readOnly })
      ],
      setup
    ),
    object(
      'Organization',
      '00D',
      [
        field('Name', 'string', { length: 80 }),
        field('IsSandbox', 'boolean', readOnly),
        field('OrganizationType', 'picklist', {
          picklist: ['Developer Edition', 'Enterprise Edition'],
          ...readOnly
        }),
        field('NamespacePrefix', 'string', { length: 15, ...readOnly }),
        field('InstanceName', 'string', { length: 5, ...readOnly }),
        field('TrialExpirationDate', 'datetime', readOnly)
      ],
      { ...setup, readOnly: true }
    ),
    object(
      'RecordType',
      '012',
      [
        field('Name', 'string', { length: 80, required: true }),
        field('DeveloperName', 'string', { length: 80, required: true }),
        field('SobjectType', 'picklist', { picklist: ['Case', 'Lead'], required: true }),
        field('IsActive', 'boolean', { defaultValue: true })
      ],
      setup
    ),
    object(
      'Group',
      '00G',
      [
        field('Name', 'string', { length: 40, required: true }),
        field('DeveloperName', 'string', { length: 80 }),
        field('Type', 'picklist', { picklist: ['Queue', 'Regular'], required: true })
      ],
      setup
    ),
    object(
      'Account',
      '001',
      [
        field('Name', 'string', { length: 255, required: true, label: 'Account Name' }),
        field('Phone', 'phone'),
        field('Website', 'url'),
        field('Industry', 'picklist', {
          picklist: ['Agriculture', 'Banking', 'Education', 'Technology', 'Other']
        }),
        field('Type', 'picklist', {
          picklist: ['Prospect', 'Customer - Direct', 'Partner', 'Other']
        }),
        field('Description', 'textarea', { length: 32000 }),
        field('BillingCity', 'string', { length: 40 }),
        field('BillingCountry', 'string', { length: 80 }),
        owner()
      ],
      { label: 'Account' }
    ),
    object('Contact', '003', [
      field('FirstName', 'string', { length: 40 }),
      field('LastName', 'string', { length: 80, required: true }),
      field('Name', 'string', { length: 121, ...readOnly, label: 'Full Name' }),
      field('Email', 'email'),
      field('Phone', 'phone'),
      field('MobilePhone', 'phone'),
      field('Title', 'string', { length: 128 }),
      field('AccountId', 'reference', { referenceTo: ['Account'], relationshipName: 'Account' }),
      field('LeadSource', 'picklist', {
        picklist: ['Web', 'Phone Inquiry', 'Partner Referral', 'Other']
      }),
      field('Description', 'textarea', { length: 32000 }),
      owner()
    ]),
    object('Lead', '00Q', [
      field('FirstName', 'string', { length: 40 }),
      field('LastName', 'string', { length: 80, required: true }),
      field('Name', 'string', { length: 121, ...readOnly, label: 'Full Name' }),
      field('Company', 'string', { length: 255, required: true }),
      field('Email', 'email'),
      field('Phone', 'phone'),
      field('MobilePhone', 'phone'),
      field('Title', 'string', { length: 128 }),
      field('Website', 'url'),
      field('Status', 'picklist', {
        picklist: LEAD_CONVERSION.statuses.map((status) => status.value),
        defaultPicklist: LEAD_CONVERSION.statuses.find((status) => status.isDefault)?.value,
        restricted: true,
        nillable: false
      }),
      field('LeadSource', 'picklist', {
        picklist: ['Web', 'Phone Inquiry', 'Partner Referral', 'Other']
      }),
      field('Industry', 'picklist', {
        picklist: ['Agriculture', 'Banking', 'Education', 'Technology', 'Other']
      }),
      field('Description', 'textarea', { length: 32000 }),
      // Set by convertLead() only (lead-convert.ts), read-only to every write: platform rule
      // api.Lead.convertedFields.
      field('IsConverted', 'boolean', { ...readOnly, label: 'Converted' }),
      field('ConvertedDate', 'date', { ...readOnly, label: 'Converted Date' }),
      field('ConvertedAccountId', 'reference', {
        ...readOnly,
        referenceTo: ['Account'],
        relationshipName: 'ConvertedAccount',
        label: 'Converted Account ID'
      }),
      field('ConvertedContactId', 'reference', {
        ...readOnly,
        referenceTo: ['Contact'],
        relationshipName: 'ConvertedContact',
        label: 'Converted Contact ID'
      }),
      field('ConvertedOpportunityId', 'reference', {
        ...readOnly,
        referenceTo: ['Opportunity'],
        relationshipName: 'ConvertedOpportunity',
        label: 'Converted Opportunity ID'
      }),
      owner(['Group', 'User'])
    ]),
    // The values of the Lead Status picklist, with the converted ones flagged (platform rule
    // api.LeadStatus.object): describe, query and retrieve only.
    object(
      'LeadStatus',
      '01J',
      [
        field('ApiName', 'string', { length: 255, ...readOnly }),
        field('MasterLabel', 'string', { length: 255, ...readOnly, label: 'Master Label' }),
        field('SortOrder', 'int', { ...readOnly, label: 'Sort Order' }),
        field('IsConverted', 'boolean', { ...readOnly, label: 'Is Converted' }),
        field('IsDefault', 'boolean', { ...readOnly, label: 'Is Default' })
      ],
      { readOnly: true, label: 'Lead Status Value', labelPlural: 'Lead Status Values' }
    ),
    // What convertLead() creates unless doNotCreateOpportunity is set.
    object(
      'Opportunity',
      '006',
      [
        field('Name', 'string', { length: 120, required: true }),
        field('AccountId', 'reference', { referenceTo: ['Account'], relationshipName: 'Account' }),
        field('StageName', 'picklist', {
          picklist: [...LEAD_CONVERSION.opportunityStages],
          required: true,
          label: 'Stage'
        }),
        field('CloseDate', 'date', { required: true, label: 'Close Date' }),
        field('LeadSource', 'picklist', {
          picklist: ['Web', 'Phone Inquiry', 'Partner Referral', 'Other']
        }),
        field('Description', 'textarea', { length: 32000 }),
        owner()
      ],
      { label: 'Opportunity', labelPlural: 'Opportunities' }
    ),
    object(
      'Case',
      '500',
      [
        field('CaseNumber', 'string', { length: 30, ...readOnly, defaultedOnCreate: true }),
        field('Subject', 'string', { length: 255 }),
        field('Description', 'textarea', { length: 32000 }),
        field('Status', 'picklist', {
          picklist: ['New', 'Working', 'Escalated', 'Closed'],
          defaultPicklist: 'New',
          restricted: true,
          nillable: false
        }),
        field('Origin', 'picklist', { picklist: ['Phone', 'Email', 'Web'] }),
        field('Priority', 'picklist', {
          picklist: ['High', 'Medium', 'Low'],
          defaultPicklist: 'Medium'
        }),
        field('ContactId', 'reference', { referenceTo: ['Contact'], relationshipName: 'Contact' }),
        field('AccountId', 'reference', { referenceTo: ['Account'], relationshipName: 'Account' }),
        field('SuppliedName', 'string', { length: 80, label: 'Web Name' }),
        field('SuppliedEmail', 'email', { label: 'Web Email' }),
        field('SuppliedPhone', 'string', { length: 40, label: 'Web Phone' }),
        owner(['Group', 'User'])
      ],
      { label: 'Case', labelPlural: 'Cases' }
    ),
    object(
      'Event',
      '00U',
      [
        field('Subject', 'combobox', {
          picklist: ['Call', 'Email', 'Meeting', 'Send Letter/Quote', 'Other']
        }),
        field('StartDateTime', 'datetime'),
        field('EndDateTime', 'datetime'),
        field('ActivityDateTime', 'datetime'),
        field('DurationInMinutes', 'int'),
        field('IsAllDayEvent', 'boolean', { label: 'All-Day Event' }),
        field('Location', 'string', { length: 255 }),
        field('Description', 'textarea', { length: 32000 }),
        field('ShowAs', 'picklist', {
          picklist: ['Busy', 'OutOfOffice', 'Free'],
          defaultPicklist: 'Busy'
        }),
        field('Type', 'picklist', { picklist: ['Call', 'Email', 'Meeting', 'Other'] }),
        ...activityRelations(),
        owner()
      ],
      { label: 'Event' }
    ),
    object(
      'Task',
      '00T',
      [
        field('Subject', 'combobox', { picklist: ['Call', 'Send Letter', 'Send Quote', 'Other'] }),
        field('Status', 'picklist', {
          picklist: ['Not Started', 'In Progress', 'Completed'],
          defaultPicklist: 'Not Started',
          restricted: true,
          nillable: false
        }),
        field('Priority', 'picklist', {
          picklist: ['High', 'Normal', 'Low'],
          defaultPicklist: 'Normal',
          restricted: true,
          nillable: false
        }),
        field('ActivityDate', 'date', { label: 'Due Date Only' }),
        field('Description', 'textarea', { length: 32000 }),
        ...activityRelations(),
        owner()
      ],
      { label: 'Task' }
    )
  ];
}

/** User permissions carried by profiles and permission sets that the product reads. */
export const PROFILE_PERMISSIONS = [
  'ApiEnabled',
  'ModifyAllData',
  'ViewAllData',
  'EditEvent',
  'EditTask',
  'ActivitiesAccess',
  'CustomizeApplication',
  'ViewSetup',
  'ModifyMetadata'
];

/** The user permission behind each advanced-secure requirement a variant can lack. */
const REQUIREMENT_PERMISSIONS: Record<string, string> = {
  'API Enabled': 'ApiEnabled',
  'Edit Events': 'EditEvent',
  'Access Activities': 'ActivitiesAccess'
};

export interface SeedOptions {
  instanceUrl: string;
  namespace?: string | null;
  isSandbox?: boolean;
  /** An org with Person Accounts enabled (see enablePersonAccounts). */
  personAccounts?: boolean;
  /** A scratch org signed up through a local Dev Hub (dev-hub.ts) instead of the fixture org. */
  scratch?: ScratchSeed;
}

/**
 * What a scratch org starts with: one admin (the signup username), the standard profiles and
 * nothing of the fixture org's test users, as a new scratch org has only its admin.
 */
export interface ScratchSeed {
  adminUsername: string;
  orgName: string;
  /** When the Dev Hub deletes it: Organization.TrialExpirationDate, set in every scratch org. */
  expirationDate: string;
}

/** DeveloperName of the person-account record type seeded when Person Accounts are enabled. */
export const PERSON_ACCOUNT_RECORD_TYPE = 'PersonAccount';

/**
 * Person Accounts, as an org has them once they are enabled: Account gains the person fields
 * (FirstName, LastName, PersonEmail, PersonPhone, PersonMobilePhone, IsPersonAccount and the
 * read-only PersonContactId), Contact gains IsPersonAccount, RecordType gains IsPersonType, and
 * a person-account record type exists, visible to every profile. Creating an Account of that
 * record type creates its Contact (records.ts); the state is otherwise the standard seed's.
 */
export function enablePersonAccounts(state: OrgState, now: string): void {
  const add = (objectName: string, fields: FieldDef[]) => {
    const definition = state.schema[objectName.toLowerCase()];
    for (const fieldDef of fields) definition.fields[fieldDef.name.toLowerCase()] = fieldDef;
  };
  add('Account', [
    field('RecordTypeId', 'reference', {
      referenceTo: ['RecordType'],
      relationshipName: 'RecordType',
      label: 'Account Record Type'
    }),
    field('FirstName', 'string', { length: 40 }),
    field('LastName', 'string', { length: 80 }),
    field('PersonEmail', 'email', { label: 'Email' }),
    field('PersonPhone', 'phone', { label: 'Home Phone' }),
    field('PersonMobilePhone', 'phone', { label: 'Mobile' }),
    field('IsPersonAccount', 'boolean', { ...readOnly, label: 'Is Person Account' }),
    field('PersonContactId', 'reference', {
      ...readOnly,
      referenceTo: ['Contact'],
      relationshipName: 'PersonContact',
      label: 'Person Contact ID'
    })
  ]);
  add('Contact', [
    field('IsPersonAccount', 'boolean', { ...readOnly, label: 'Is Person Account' })
  ]);
  add('RecordType', [field('IsPersonType', 'boolean', readOnly)]);
  const sobjectType = state.schema.recordtype.fields.sobjecttype;
  if (!sobjectType.picklistValues.some((value) => value.value === 'Account'))
    sobjectType.picklistValues.push({
      value: 'Account',
      label: 'Account',
      active: true,
      defaultValue: false
    });
  const adminId = Object.values(state.records.user).find(
    (user) => user.Username === adminUsernameOf(state)
  )?.Id;
  const id = newId(state, '012');
  state.records.recordtype[id] = {
    Id: id,
    Name: 'Person Account',
    DeveloperName: PERSON_ACCOUNT_RECORD_TYPE,
    SobjectType: 'Account',
    IsActive: true,
    IsPersonType: true,
    CreatedDate: now,
    LastModifiedDate: now,
    SystemModstamp: now,
    CreatedById: adminId,
    LastModifiedById: adminId
  };
  for (const visible of Object.values(state.recordTypeVisibility ?? {}))
    visible.push(`Account.${PERSON_ACCOUNT_RECORD_TYPE}`);
}

export function seedOrgState(options: SeedOptions): OrgState {
  const scratch = options.scratch ?? null;
  const state: OrgState = {
    version: 1,
    org: {
      organizationId: '',
      name: scratch?.orgName ?? 'Booking Connector Local Org',
      instanceUrl: options.instanceUrl,
      // Scratch orgs answer IsSandbox = true, with a trial expiration date.
      isSandbox: scratch !== null || (options.isSandbox ?? false),
      organizationType: 'Developer Edition',
      namespacePrefix: options.namespace ?? null,
      apiCallCount: 0,
      dailyApiRequestsMax: 15000
    },
    schema: {},
    records: {},
    components: {},
    sessions: {},
    nextIdSeq: 1
  };
  for (const definition of standardObjects()) {
    state.schema[definition.name.toLowerCase()] = definition;
    state.records[definition.name.toLowerCase()] = {};
  }
  const now = new Date().toISOString();
  let systemUserId = '';
  const insert = (objectName: string, values: Record<string, unknown>): string => {
    const definition = state.schema[objectName.toLowerCase()];
    const id = newId(state, definition.keyPrefix);
    const record: SObjectRecord = {
      Id: id,
      CreatedDate: now,
      LastModifiedDate: now,
      SystemModstamp: now,
      CreatedById: systemUserId || id,
      LastModifiedById: systemUserId || id,
      ...values
    };
    state.records[objectName.toLowerCase()][id] = record;
    return id;
  };

  const minted = insert('Organization', {
    Name: state.org.name,
    IsSandbox: state.org.isSandbox,
    OrganizationType: state.org.organizationType,
    NamespacePrefix: state.org.namespacePrefix,
    InstanceName: 'LOCAL',
    TrialExpirationDate: scratch?.expirationDate ?? null
  });
  // Every org has an Id of its own, as in Salesforce: the CLI tells orgs apart by it (a Dev Hub
  // will not delete a scratch org that has its own Id), and minted Ids would repeat per org.
  state.org.organizationId = uniqueId('00D');
  state.records.organization[state.org.organizationId] = {
    ...state.records.organization[minted],
    Id: state.org.organizationId
  };
  delete state.records.organization[minted];
  state.org.adminUsername = scratch?.adminUsername ?? localAdminUsername(state.org.organizationId);

  const licenses = {
    salesforce: insert('UserLicense', {
      Name: 'Salesforce',
      LicenseDefinitionKey: 'SFDC',
      Status: 'Active'
    }),
    platform: insert('UserLicense', {
      Name: 'Salesforce Platform',
      LicenseDefinitionKey: 'AUL',
      Status: 'Active'
    }),
    chatter: insert('UserLicense', {
      Name: 'Chatter Free',
      LicenseDefinitionKey: 'PID_Chatter',
      Status: 'Active'
    })
  };

  const allObjects = (perms: readonly string[]) =>
    Object.fromEntries(OBJECT_PERMISSION_OBJECTS.map((name) => [name, perms]));
  const createProfile = (
    name: string,
    licenseId: string,
    userPermissions: string[],
    objectPermissions: Record<string, readonly string[]>
  ): string => {
    const flags = Object.fromEntries(
      PROFILE_PERMISSIONS.map((permission) => [
        `Permissions${permission}`,
        userPermissions.includes(permission)
      ])
    );
    const profileId = insert('Profile', {
      Name: name,
      UserLicenseId: licenseId,
      UserType: 'Standard',
      Description: null,
      ...flags
    });
    const permissionSetId = insert('PermissionSet', {
      Name: `X00e${profileId.slice(3, 15)}`,
      Label: name,
      Description: null,
      NamespacePrefix: null,
      IsOwnedByProfile: true,
      ProfileId: profileId,
      LicenseId: null,
      Type: 'Profile',
      ...flags
    });
    for (const [objectName, perms] of Object.entries(objectPermissions)) {
      if (perms.length === 0) continue;
      insert('ObjectPermissions', {
        ParentId: permissionSetId,
        SobjectType: objectName,
        PermissionsRead: perms.includes('Read'),
        PermissionsCreate: perms.includes('Create'),
        PermissionsEdit: perms.includes('Edit'),
        PermissionsDelete: perms.includes('Delete'),
        PermissionsViewAllRecords: false,
        PermissionsModifyAllRecords: false,
        PermissionsViewAllFields: false
      });
    }
    return profileId;
  };

  const everything = [
    'ApiEnabled',
    'ModifyAllData',
    'ViewAllData',
    'EditEvent',
    'EditTask',
    'ActivitiesAccess',
    'CustomizeApplication',
    'ViewSetup',
    'ModifyMetadata'
  ];
  const profiles: Record<string, string> = {
    [SEEDED_PROFILES.systemAdministrator]: createProfile(
      SEEDED_PROFILES.systemAdministrator,
      licenses.salesforce,
      everything,
      {}
    ),
    [SEEDED_PROFILES.standardUser]: createProfile(
      SEEDED_PROFILES.standardUser,
      licenses.salesforce,
      ['ApiEnabled', 'EditEvent', 'EditTask', 'ActivitiesAccess'],
      allObjects(['Read', 'Create', 'Edit'])
    ),
    [SEEDED_PROFILES.chatterFree]: createProfile(
      SEEDED_PROFILES.chatterFree,
      licenses.chatter,
      ['ApiEnabled'],
      {}
    )
  };
  // The advanced-secure profile and its one-requirement-missing variants are test fixtures.
  if (!scratch) {
    const secureFull = {
      user: ['ApiEnabled', 'EditEvent', 'EditTask', 'ActivitiesAccess'],
      objects: allObjects(OBJECT_PERMISSIONS)
    };
    profiles[SEEDED_PROFILES.advancedSecure] = createProfile(
      SEEDED_PROFILES.advancedSecure,
      licenses.salesforce,
      secureFull.user,
      secureFull.objects
    );
    for (const missing of ADVANCED_REQUIREMENTS) {
      const user = secureFull.user.filter(
        (permission) => REQUIREMENT_PERMISSIONS[missing] !== permission
      );
      const objects = Object.fromEntries(
        Object.entries(secureFull.objects).map(([objectName, perms]) => [
          objectName,
          perms.filter((permission) => `${objectName} ${permission}` !== missing)
        ])
      );
      profiles[advancedVariantProfile(missing)] = createProfile(
        advancedVariantProfile(missing),
        licenses.salesforce,
        user,
        objects
      );
    }
  }

  const createUser = (
    username: string,
    firstName: string,
    lastName: string,
    profileName: string,
    isActive = true
  ): string =>
    insert('User', {
      Username: username,
      FirstName: firstName,
      LastName: lastName,
      Name: `${firstName} ${lastName}`,
      Email: username,
      Alias: (firstName.charAt(0) + lastName).slice(0, 8).toLowerCase(),
      IsActive: isActive,
      ProfileId: profiles[profileName],
      UserType: profileName === SEEDED_PROFILES.chatterFree ? 'CsnOnly' : 'Standard',
      TimeZoneSidKey: 'America/Los_Angeles',
      LocaleSidKey: 'en_US',
      EmailEncodingKey: 'UTF-8',
      LanguageLocaleKey: 'en_US'
    });

  systemUserId = createUser(
    state.org.adminUsername,
    'Ada',
    'Admin',
    SEEDED_PROFILES.systemAdministrator
  );
  for (const table of Object.values(state.records)) {
    for (const record of Object.values(table)) {
      record.CreatedById = systemUserId;
      record.LastModifiedById = systemUserId;
    }
  }
  if (!scratch) {
    createUser(SEEDED_USERS.apiUser, 'Booking', 'API', SEEDED_PROFILES.systemAdministrator);
    createUser(SEEDED_USERS.secureApiUser, 'Secure', 'API', SEEDED_PROFILES.advancedSecure);
    createUser(SEEDED_USERS.standardUser, 'Sam', 'Standard', SEEDED_PROFILES.standardUser);
    createUser(SEEDED_USERS.chatterUser, 'Charlie', 'Chatter', SEEDED_PROFILES.chatterFree);
    createUser(
      SEEDED_USERS.inactiveUser,
      'Ivy',
      'Inactive',
      SEEDED_PROFILES.systemAdministrator,
      false
    );
    for (const missing of ADVANCED_REQUIREMENTS) {
      createUser(
        SEEDED_USERS.secureMissing(missing),
        'Secure',
        `No ${missing}`,
        advancedVariantProfile(missing)
      );
    }
  }
  insert('RecordType', {
    Name: 'Support',
    DeveloperName: 'Support',
    SobjectType: 'Case',
    IsActive: true
  });
  state.recordTypeVisibility = Object.fromEntries(
    Object.entries(profiles)
      .filter(([name]) => name !== advancedVariantProfile('Case Record Types'))
      .map(([, profileId]) => [profileId, ['Case.Support']])
  );
  seedStandardEventLayout(state, new Date().toISOString());
  insert('Group', { Name: 'Booking Leads', DeveloperName: 'Booking_Leads', Type: 'Queue' });
  LEAD_CONVERSION.statuses.forEach((status, index) =>
    insert('LeadStatus', {
      ApiName: status.value,
      MasterLabel: status.value,
      SortOrder: index + 1,
      IsConverted: status.isConverted,
      IsDefault: status.isDefault
    })
  );
  if (options.personAccounts) enablePersonAccounts(state, now);
  return state;
}

/**
 * Gives an org saved by an earlier local org (its org.json) what Lead conversion needs: the
 * Lead's conversion fields, LeadStatus with its rows, and Opportunity, from a new seed. Does
 * nothing to an org that has them.
 */
export function addLeadConversion(state: OrgState): boolean {
  if (
    state.schema.leadstatus &&
    state.schema.opportunity &&
    state.schema.lead?.fields.convertedcontactid
  )
    return false;
  const fresh = seedOrgState({ instanceUrl: state.org.instanceUrl });
  const lead = state.schema.lead;
  if (lead)
    for (const [key, definition] of Object.entries(fresh.schema.lead.fields))
      if (key.startsWith('converted') || key === 'isconverted') lead.fields[key] ??= definition;
  for (const name of ['leadstatus', 'opportunity']) {
    state.schema[name] ??= fresh.schema[name];
    state.records[name] ??= {};
  }
  if (Object.keys(state.records.leadstatus).length === 0)
    state.records.leadstatus = fresh.records.leadstatus;
  return true;
}
