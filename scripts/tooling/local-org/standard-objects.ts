// The standard objects a local org has: their schema (fields, types, lengths, picklists,
// relationships), as Salesforce's Object Reference describes them, and the values of a new
// Developer Edition org where an object's rows are part of its schema (the Lead Status values).
// No users, profiles or records: those are fixtures.ts. The system fields every object has (Id,
// CreatedDate, ...) are added by schema.ts object().
// Object Reference: https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_list.htm
import type { FieldDef, ObjectDef } from './model.ts';
import { field, object } from './schema.ts';
import { hasNoObjectPermissions } from './activity-permissions.ts';
import { CONNECTOR_OBJECTS } from '../../product/org/rules.ts';

/**
 * The connector's five objects (CONNECTOR_OBJECTS, from the rules module) that have object
 * permissions: Event has none in Salesforce (its access comes from Edit Events and Access
 * Activities), so no profile holds an ObjectPermissions row for it.
 */
export const OBJECT_PERMISSION_OBJECTS = CONNECTOR_OBJECTS.filter(
  (name) => !hasNoObjectPermissions(name)
);
/** The object permissions a profile or permission set grants on an object (CRUD). */
export const OBJECT_PERMISSIONS = ['Read', 'Create', 'Edit', 'Delete'] as const;

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
/**
 * What an ObjectPermissions or FieldPermissions row grants on: its permission set (or profile's)
 * and the object, neither changeable once granted.
 */
const grantOf = (): FieldDef[] => [
  field('ParentId', 'reference', {
    referenceTo: ['PermissionSet'],
    relationshipName: 'Parent',
    required: true,
    updateable: false
  }),
  field('SobjectType', 'picklist', { picklist: [], required: true, updateable: false })
];
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

/**
 * The standard objects of a new org, with the fields the product and its tests touch (a subset of
 * each object's fields, with Salesforce's names, types, lengths and relationship names; the
 * object reference page is named above each).
 */
export function standardObjects(): ObjectDef[] {
  const setup = { setupObject: true };
  return [
    // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_userlicense.htm
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
    // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_profile.htm
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
    // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_user.htm
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
    // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_permissionset.htm
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
    // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_permissionsetassignment.htm
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
    // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_objectpermissions.htm
    object(
      'ObjectPermissions',
      '110',
      [
        ...grantOf(),
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
    // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_fieldpermissions.htm
    object(
      'FieldPermissions',
      '01k',
      [
        ...grantOf(),
        field('Field', 'picklist', { picklist: [], required: true, updateable: false }),
        field('PermissionsRead', 'boolean'),
        field('PermissionsEdit', 'boolean')
      ],
      setup
    ),
    // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_custompermission.htm
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
    // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_setupentityaccess.htm
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
    // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_organization.htm
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
    // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_recordtype.htm
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
    // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_group.htm
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
    // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_account.htm
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
    // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_contact.htm
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
    // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_lead.htm
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
    // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_leadstatus.htm
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
    // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_opportunity.htm
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
    // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_case.htm
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
    // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_event.htm
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
    // https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_task.htm
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

/** DeveloperName of the person-account record type seeded when Person Accounts are enabled. */
export const PERSON_ACCOUNT_RECORD_TYPE = 'PersonAccount';

/**
 * The fields Person Accounts add (Account's person fields and the read-only PersonContactId,
 * Contact's and RecordType's flags), by object.
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_account.htm
 */
export function personAccountFields(): Record<string, FieldDef[]> {
  return {
    Account: [
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
    ],
    Contact: [field('IsPersonAccount', 'boolean', { ...readOnly, label: 'Is Person Account' })],
    RecordType: [field('IsPersonType', 'boolean', readOnly)]
  };
}
