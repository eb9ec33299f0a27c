// A sync config and looked-up facts built by hand, for the tests that need no org (plan,
// recovery): a few describe fields per object, a default-like mapping, and no look-up results.
import type { DescribeField, Mapping, SyncConfig } from '../config.ts';
import type { LookedUp } from '../lookups.ts';
import type { SObject } from '../rules.ts';
import { DEFAULT_SETTINGS } from '../../../../force-app/main/default/lwc/bookingRules/creationRules.js';

export const API_USER_ID = '005000000000APIAAA';

function field(name: string, type = 'string', extra: Partial<DescribeField> = {}): DescribeField {
  return {
    name,
    type,
    nillable: true,
    createable: true,
    updateable: true,
    defaultedOnCreate: false,
    ...extra
  };
}

const map = (targetObject: string, targetField: string, sourceValue: string): Mapping => ({
  targetObject,
  targetField,
  sourceType: 'BookingField',
  sourceValue,
  isActive: true
});

/** The config of an org without namespace, Person Accounts or custom required fields. */
export function offlineConfig(overrides: Partial<SyncConfig> = {}): SyncConfig {
  const person = [
    field('FirstName'),
    field('LastName', 'string', { nillable: false }),
    field('Email', 'email'),
    field('Phone', 'phone'),
    field('MobilePhone', 'phone'),
    field('OwnerId', 'reference')
  ];
  return {
    namespace: null,
    // The settings an org has before the admin changes any (the rules module's defaults).
    settings: structuredClone(DEFAULT_SETTINGS) as SyncConfig['settings'],
    mappings: [
      ...['Lead', 'Contact'].flatMap((object) => [
        map(object, 'FirstName', 'firstName'),
        map(object, 'LastName', 'lastName'),
        map(object, 'Email', 'email'),
        map(object, 'Phone', 'phone')
      ]),
      map('Lead', 'Company', 'company'),
      map('Case', 'Subject', 'subject'),
      map('Event', 'Subject', 'subject')
    ],
    describes: {
      Lead: {
        fields: [
          ...person,
          field('Company', 'string', { nillable: false }),
          field('IsConverted', 'boolean'),
          field('ConvertedContactId', 'reference'),
          field('ConvertedAccountId', 'reference')
        ]
      },
      Contact: { fields: [...person, field('AccountId', 'reference')] },
      Account: { fields: [field('Name'), field('Website', 'url'), field('OwnerId', 'reference')] },
      Case: { fields: [field('Subject'), field('ContactId', 'reference')] },
      Event: {
        fields: [
          field('Subject'),
          field('StartDateTime', 'datetime', { nillable: false }),
          field('EndDateTime', 'datetime', { nillable: false })
        ]
      }
    },
    required: [
      {
        object: 'Lead',
        field: 'LastName',
        mapping: map('Lead', 'LastName', 'lastName'),
        unsupportedReason: null
      },
      {
        object: 'Lead',
        field: 'Company',
        mapping: map('Lead', 'Company', 'company'),
        unsupportedReason: null
      },
      {
        object: 'Contact',
        field: 'LastName',
        mapping: map('Contact', 'LastName', 'lastName'),
        unsupportedReason: null
      },
      { object: 'Event', field: 'StartDateTime', mapping: null, unsupportedReason: null }
    ],
    apiUserId: API_USER_ID,
    personAccounts: { enabled: false, recordTypeId: null },
    ...overrides
  };
}

/** Look-up results: nothing found unless given. */
export function facts(found: Partial<Record<keyof LookedUp, unknown>> = {}): LookedUp {
  const eventsByBooking = (found.eventsByBooking as Map<string, SObject> | undefined) ?? new Map();
  return {
    eventsByBooking,
    // The Events found, by booking id without regard to case, as the lookups give them.
    eventIdsAnyCase: new Set([...eventsByBooking.keys()].map((id) => id.toLowerCase())),
    usersByEmail: new Map<string, string>(),
    contacts: [],
    leads: [],
    accounts: [],
    refused: new Map<string, string>(),
    ...found
  } as LookedUp;
}
