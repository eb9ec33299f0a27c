// What the package's permission sets may grant: the one place these rules are written.
// See ../shared/product-spec.md ("API user") and design.md ("The managed package").

/** The five objects the connector reads and writes; no permission set grants any other. */
export const PACKAGE_OBJECTS = ['Account', 'Case', 'Contact', 'Event', 'Lead'] as const;

/**
 * The package's platform events. A permission set may grant Read on them and nothing else:
 * subscribers (the setup page, through lightning/empApi) need Read; Apex publishes them without
 * any object permission.
 */
export const PACKAGE_EVENTS = ['BookingSetupDeployment__e'] as const;

/** The permission set the API user gets in standard mode; it must cover every Activity field. */
export const API_USER_PERMISSION_SET = 'BookingConnectorApiUser';

/**
 * Objects the connector deletes records of. None: a canceled booking keeps its Event with
 * status Canceled, and people are never deleted. Advanced secure mode asks for Delete on the
 * profile (the reference product's requirement), which the permission set does not need.
 */
export const DELETE_ALLOWED_ON: readonly string[] = [];

/** User permissions no package permission set may carry. */
export const FORBIDDEN_USER_PERMISSIONS = ['ModifyAllData', 'ViewAllData'] as const;

/** Activity fields are defined on Activity but granted per object, as Salesforce requires. */
export const ACTIVITY_OBJECTS = ['Event', 'Task'] as const;

/**
 * Standard fields of the five objects that a permission set could name, with the ones that are
 * required (Salesforce rejects field permissions on required fields). The gate works offline,
 * so a standard field outside this list is reported as unknown rather than guessed at.
 */
export const STANDARD_FIELDS: Record<string, { required: string[]; optional: string[] }> = {
  Lead: {
    required: ['LastName', 'Company', 'Status'],
    optional: [
      'FirstName',
      'Salutation',
      'Title',
      'Email',
      'Phone',
      'MobilePhone',
      'Website',
      'Description',
      'LeadSource',
      'Industry',
      'Rating',
      'AnnualRevenue',
      'NumberOfEmployees',
      'Street',
      'City',
      'State',
      'PostalCode',
      'Country',
      'HasOptedOutOfEmail',
      'DoNotCall'
    ]
  },
  Contact: {
    required: ['LastName'],
    optional: [
      'FirstName',
      'Salutation',
      'Title',
      'Email',
      'Phone',
      'MobilePhone',
      'AccountId',
      'Description',
      'LeadSource',
      'Department',
      'MailingStreet',
      'MailingCity',
      'MailingState',
      'MailingPostalCode',
      'MailingCountry',
      'HasOptedOutOfEmail',
      'DoNotCall'
    ]
  },
  Account: {
    required: ['Name'],
    optional: [
      'Phone',
      'Website',
      'Industry',
      'Type',
      'Description',
      'AccountSource',
      'BillingStreet',
      'BillingCity',
      'BillingState',
      'BillingPostalCode',
      'BillingCountry',
      'NumberOfEmployees',
      'AnnualRevenue'
    ]
  },
  Case: {
    required: ['Status'],
    optional: [
      'Subject',
      'Description',
      'Origin',
      'Priority',
      'Reason',
      'Type',
      'ContactId',
      'AccountId',
      'SuppliedName',
      'SuppliedEmail',
      'SuppliedPhone',
      'SuppliedCompany'
    ]
  },
  Event: {
    required: ['StartDateTime', 'EndDateTime', 'DurationInMinutes', 'ActivityDateTime', 'OwnerId'],
    optional: [
      'Subject',
      'Location',
      'Description',
      'WhoId',
      'WhatId',
      'ShowAs',
      'IsPrivate',
      'Type',
      'IsAllDayEvent'
    ]
  },
  Task: {
    required: ['OwnerId', 'Status', 'Priority'],
    optional: ['Subject', 'Description', 'WhoId', 'WhatId', 'ActivityDate', 'Type']
  }
};
