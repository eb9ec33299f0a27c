/*
 * Creation rules: the connector settings (BookingConnectorSettings__c) with their defaults and
 * validation, the option lists the setup page shows, and every decision the sync engine makes
 * about which records a booking touches. Pure functions on plain data; self-contained (no
 * imports) so Node can load this file directly as well as the LWC compiler.
 */

/** Keys a booking can be matched by, in the order the setting lists them. */
export const MATCH_KEYS = Object.freeze(['RecordId', 'Email', 'Phone']);
/** What to create when no person matches. */
export const NO_MATCH_ACTIONS = Object.freeze(['Lead', 'Contact']);
/** How mapped fields of an existing Lead or Contact are written. */
export const UPDATE_POLICIES = Object.freeze(['FillEmpty', 'Overwrite']);
/** Who owns new and updated Leads and Contacts. */
export const OWNER_POLICIES = Object.freeze(['Keep', 'BookingOwner', 'AssignmentRules']);
/** How the Account of a new Contact is found. */
export const ACCOUNT_MATCH_KEYS = Object.freeze(['EmailDomain', 'CompanyName']);

/** Booking event types and the Event's Booking_Status__c each one leads to. */
export const EVENT_STATUS_BY_TYPE = Object.freeze({
  booked: 'Scheduled',
  rescheduled: 'Rescheduled',
  completed: 'Completed',
  canceled: 'Canceled',
  no_show: 'No-show',
  reassigned: null // keeps the current status; only the owner changes
});

/** Option lists for the creation-rules phase of the setup page ({label, value}). */
export const CREATION_RULE_OPTIONS = Object.freeze({
  matchKeys: MATCH_KEYS.map((value) => ({ value, label: matchKeyLabel(value) })),
  noMatchActions: [
    { value: 'Lead', label: 'Create a Lead' },
    { value: 'Contact', label: 'Create a Contact (under a matched Account)' }
  ],
  updatePolicies: [
    { value: 'FillEmpty', label: 'Fill empty fields only' },
    { value: 'Overwrite', label: 'Overwrite mapped fields' }
  ],
  ownerPolicies: [
    { value: 'Keep', label: 'Keep the current owner (new records: the API user)' },
    { value: 'BookingOwner', label: "The booking owner's Salesforce user" },
    { value: 'AssignmentRules', label: "The org's active assignment rules" }
  ],
  accountMatchKeys: [
    { value: 'EmailDomain', label: 'Email domain' },
    { value: 'CompanyName', label: 'Company name' }
  ]
});

function matchKeyLabel(key) {
  return { RecordId: 'Record id from the booking link', Email: 'Email', Phone: 'Phone' }[key];
}

/** Sync log and API budget settings (empty fields mean these). */
export const DEFAULT_SYNC_SETTINGS = Object.freeze({
  apiBudgetPercent: 50,
  syncLogEnabled: true,
  syncLogRetentionDays: 30
});

export const API_BUDGET_PERCENT_RANGE = Object.freeze({ min: 1, max: 100 });
export const SYNC_LOG_RETENTION_DAYS_RANGE = Object.freeze({ min: 1, max: 3650 });

/**
 * The sync settings of a BookingConnectorSettings__c record, defaults filled in where empty.
 * @param {(name: string) => unknown} read a field's value by its name without namespace
 */
export function syncSettingsFromRecord(read) {
  const number = (name, fallback) => {
    const value = read(name);
    return isEmpty(value) ? fallback : Number(value);
  };
  const enabled = read('SyncLogEnabled__c');
  return {
    apiBudgetPercent: number('ApiBudgetPercent__c', DEFAULT_SYNC_SETTINGS.apiBudgetPercent),
    syncLogEnabled: isEmpty(enabled) ? DEFAULT_SYNC_SETTINGS.syncLogEnabled : enabled === true,
    syncLogRetentionDays: number(
      'SyncLogRetentionDays__c',
      DEFAULT_SYNC_SETTINGS.syncLogRetentionDays
    )
  };
}

/**
 * Problems with the sync settings, each naming the setting and what to put there instead.
 * @returns {Array<{setting: string, message: string}>}
 */
export function validateSyncSettings(settings) {
  const problems = [];
  const wholeIn = (setting, label, value, { min, max }) => {
    if (!Number.isInteger(value) || value < min || value > max)
      problems.push({
        setting,
        message: `${label} "${value}" is not valid; use a whole number from ${min} to ${max}`
      });
  };
  wholeIn(
    'ApiBudgetPercent__c',
    'API Budget Percent',
    settings.apiBudgetPercent,
    API_BUDGET_PERCENT_RANGE
  );
  wholeIn(
    'SyncLogRetentionDays__c',
    'Sync Log Retention Days',
    settings.syncLogRetentionDays,
    SYNC_LOG_RETENTION_DAYS_RANGE
  );
  return problems;
}

/** Defaults, identical to the field defaults of BookingConnectorSettings__c. */
export const DEFAULT_SETTINGS = Object.freeze({
  matchOrder: ['RecordId', 'Email', 'Phone'],
  contactBeforeLead: true,
  noMatchAction: 'Lead',
  accountMatching: ['EmailDomain', 'CompanyName'],
  createAccount: false,
  updatePolicy: 'FillEmpty',
  ownerPolicy: 'Keep',
  caseBookingPages: [],
  createPersonAccounts: false,
  ...DEFAULT_SYNC_SETTINGS
});

function splitList(value, separator) {
  if (Array.isArray(value)) return value.map((item) => String(item).trim()).filter(Boolean);
  if (value === null || value === undefined) return null;
  return String(value)
    .split(separator)
    .map((item) => item.trim())
    .filter(Boolean);
}

function fieldValue(record, name, namespace) {
  if (!record) return undefined;
  const prefixed = namespace ? `${namespace}__${name}` : name;
  return record[prefixed] !== undefined ? record[prefixed] : record[name];
}

/**
 * Settings from a BookingConnectorSettings__c record (namespaced or not) with the defaults
 * filled in where the record has no value. Values are not validated here: see validateSettings.
 * @param {object | null} record the org-default settings record, or null when there is none
 * @param {string | null} [namespace]
 * @returns {object} settings in the shape of DEFAULT_SETTINGS
 */
export function settingsFromRecord(record, namespace) {
  const read = (name) => fieldValue(record, name, namespace);
  const orDefault = (value, fallback) => {
    const empty = value === null || value === undefined || value === '';
    return empty ? fallback : value;
  };
  const accountMatching = read('AccountMatching__c');
  return {
    matchOrder: splitList(read('MatchOrder__c'), ',') ?? [...DEFAULT_SETTINGS.matchOrder],
    contactBeforeLead: orDefault(read('ContactBeforeLead__c'), DEFAULT_SETTINGS.contactBeforeLead),
    noMatchAction: orDefault(read('NoMatchAction__c'), DEFAULT_SETTINGS.noMatchAction),
    // An explicitly empty Account Matching means "no Account", so only a missing value defaults.
    accountMatching:
      accountMatching === undefined
        ? [...DEFAULT_SETTINGS.accountMatching]
        : (splitList(accountMatching, ',') ?? []),
    createAccount: orDefault(read('CreateAccount__c'), DEFAULT_SETTINGS.createAccount),
    updatePolicy: orDefault(read('UpdatePolicy__c'), DEFAULT_SETTINGS.updatePolicy),
    ownerPolicy: orDefault(read('OwnerPolicy__c'), DEFAULT_SETTINGS.ownerPolicy),
    caseBookingPages: splitList(read('CaseBookingPages__c'), /\r?\n/) ?? [],
    createPersonAccounts: orDefault(
      read('CreatePersonAccounts__c'),
      DEFAULT_SETTINGS.createPersonAccounts
    ),
    ...syncSettingsFromRecord(read)
  };
}

/**
 * Problems with settings, each naming the setting and what to put there instead.
 * @param {object} settings as returned by settingsFromRecord
 * @returns {Array<{setting: string, message: string}>} empty when the settings work
 */
export function validateSettings(settings) {
  const problems = [];
  const oneOf = (setting, value, allowed, label) => {
    if (!allowed.includes(value)) {
      problems.push({
        setting,
        message: `${label} "${value}" is not valid; use one of ${allowed.join(', ')}`
      });
    }
  };
  const listOf = (setting, values, allowed, label) => {
    for (const value of values) oneOf(setting, value, allowed, label);
    if (new Set(values).size !== values.length) {
      problems.push({ setting, message: `${label} lists a key twice: ${values.join(', ')}` });
    }
  };
  if (!settings.matchOrder.length) {
    problems.push({
      setting: 'MatchOrder__c',
      message: `Match Order is empty; list at least one of ${MATCH_KEYS.join(', ')}`
    });
  }
  listOf('MatchOrder__c', settings.matchOrder, MATCH_KEYS, 'Match key');
  oneOf('NoMatchAction__c', settings.noMatchAction, NO_MATCH_ACTIONS, 'When No Match');
  listOf(
    'AccountMatching__c',
    settings.accountMatching,
    ACCOUNT_MATCH_KEYS,
    'Account matching key'
  );
  oneOf('UpdatePolicy__c', settings.updatePolicy, UPDATE_POLICIES, 'Update Policy');
  oneOf('OwnerPolicy__c', settings.ownerPolicy, OWNER_POLICIES, 'Owner Policy');
  problems.push(...validateSyncSettings({ ...DEFAULT_SYNC_SETTINGS, ...settings }));
  return problems;
}

function modifiedTime(record) {
  const time = Date.parse(record?.LastModifiedDate ?? '');
  return Number.isNaN(time) ? 0 : time;
}

/**
 * Of several records of one kind matching the same key, the most recently modified.
 * @param {Array<{Id: string, LastModifiedDate?: string}>} records
 * @returns {object | null}
 */
export function mostRecentlyModified(records) {
  let best = null;
  for (const record of records ?? []) {
    if (!best || modifiedTime(record) > modifiedTime(best)) best = record;
  }
  return best;
}

/**
 * The person a booking belongs to. For each key of the match order, the Contacts and Leads
 * matching that key are compared: the preferred kind (Contact unless contactBeforeLead is
 * false) wins, then the most recently modified. The first key with any match decides.
 * @param {{RecordId?: {contacts: object[], leads: object[]}, Email?: object, Phone?: object}} candidates matches per key
 * @param {object} settings
 * @returns {{kind: 'Contact' | 'Lead', record: object, matchedBy: string} | null}
 */
export function choosePerson(candidates, settings) {
  const order = settings.contactBeforeLead
    ? [
        ['Contact', 'contacts'],
        ['Lead', 'leads']
      ]
    : [
        ['Lead', 'leads'],
        ['Contact', 'contacts']
      ];
  for (const key of settings.matchOrder) {
    const found = candidates?.[key];
    if (!found) continue;
    for (const [kind, list] of order) {
      const record = mostRecentlyModified(found[list]);
      if (record) return { kind, record, matchedBy: key };
    }
  }
  return null;
}

/**
 * What to create when nobody matches: exactly one of Lead or Contact, never both.
 * @param {object} settings
 * @returns {'Lead' | 'Contact'}
 */
export function creationKind(settings) {
  return settings.noMatchAction === 'Contact' ? 'Contact' : 'Lead';
}

/**
 * The domain of an email address, lower case, or null. Used to find an Account by website.
 * @param {string | null | undefined} email
 * @returns {string | null}
 */
export function emailDomain(email) {
  const at = String(email ?? '').lastIndexOf('@');
  if (at < 0) return null;
  const domain = String(email)
    .slice(at + 1)
    .trim()
    .toLowerCase();
  return domain || null;
}

/**
 * The Account of a new Contact: first by the keys of accountMatching, in order; the most
 * recently modified Account wins among several. When none matches: create one named after the
 * company if createAccount is set and a company is known, otherwise none.
 * @param {{EmailDomain?: object[], CompanyName?: object[]}} candidates accounts per key
 * @param {{company?: string}} booking
 * @param {object} settings
 * @returns {{action: 'use', record: object} | {action: 'create', name: string} | {action: 'none'}}
 */
export function chooseAccount(candidates, booking, settings) {
  for (const key of settings.accountMatching) {
    const record = mostRecentlyModified(candidates?.[key]);
    if (record) return { action: 'use', record };
  }
  const company = String(booking?.company ?? '').trim();
  if (settings.createAccount && company) return { action: 'create', name: company };
  return { action: 'none' };
}

/**
 * Whether a booking of this page also creates a Case (case-insensitive page name).
 * @param {string | null | undefined} bookingPage
 * @param {object} settings
 * @returns {boolean}
 */
export function createsCase(bookingPage, settings) {
  const page = String(bookingPage ?? '')
    .trim()
    .toLowerCase();
  return Boolean(page) && settings.caseBookingPages.some((name) => name.toLowerCase() === page);
}

function isEmpty(value) {
  return value === null || value === undefined || value === '';
}

/**
 * The fields to write on an existing record under the update policy: every mapped value on
 * Overwrite; only fields empty in Salesforce on FillEmpty. Values unchanged are left out so an
 * update that changes nothing writes nothing.
 * @param {Record<string, *>} existing the record as queried
 * @param {Record<string, *>} values mapped values from the booking
 * @param {string} updatePolicy
 * @returns {Record<string, *>}
 */
export function fieldsToUpdate(existing, values, updatePolicy) {
  const result = {};
  for (const [field, value] of Object.entries(values)) {
    if (isEmpty(value)) continue;
    const current = existing?.[field];
    if (updatePolicy === 'Overwrite' ? current !== value : isEmpty(current)) result[field] = value;
  }
  return result;
}

/**
 * The owner to set on a Lead or Contact. Keep: existing records keep theirs, new ones get the
 * API user (no OwnerId). BookingOwner: the user with the booking owner's email, when found.
 * AssignmentRules: no OwnerId; the caller sends the assignment-rule header (Leads).
 * @param {string} ownerPolicy
 * @param {{bookingOwnerId?: string | null}} facts
 * @returns {{ownerId: string | null, useAssignmentRules: boolean}}
 */
export function personOwner(ownerPolicy, facts) {
  if (ownerPolicy === 'BookingOwner' && facts?.bookingOwnerId) {
    return { ownerId: facts.bookingOwnerId, useAssignmentRules: false };
  }
  return { ownerId: null, useAssignmentRules: ownerPolicy === 'AssignmentRules' };
}

/**
 * The Event owner: the booking owner's Salesforce user, falling back to the API user.
 * @param {string | null | undefined} bookingOwnerId
 * @param {string} apiUserId
 * @returns {string}
 */
export function eventOwner(bookingOwnerId, apiUserId) {
  return bookingOwnerId || apiUserId;
}

/**
 * The lifecycle fields an event type sets on the booking's Event (package field names without
 * namespace). Cancel keeps the Event, with status Canceled and the reason; reassignment sets
 * Reassigned and keeps the status.
 * @param {string} type booking event type (keys of EVENT_STATUS_BY_TYPE)
 * @param {{reason?: string}} booking
 * @returns {Record<string, *>}
 */
export function lifecycleFields(type, booking) {
  if (!(type in EVENT_STATUS_BY_TYPE)) {
    throw new Error(
      `Unknown booking event type "${type}"; use one of ${Object.keys(EVENT_STATUS_BY_TYPE).join(', ')}`
    );
  }
  const fields = {};
  const status = EVENT_STATUS_BY_TYPE[type];
  if (status) fields.Booking_Status__c = status;
  if ((type === 'canceled' || type === 'rescheduled') && !isEmpty(booking?.reason)) {
    fields.Cancel_Reschedule_Reason__c = String(booking.reason).slice(0, 255);
  }
  if (type === 'reassigned') fields.Reassigned__c = true;
  return fields;
}

/** Fewer significant digits than this cannot identify a person by phone. */
export const MIN_PHONE_MATCH_DIGITS = 7;

/**
 * The significant digits of a phone number as people write it: separators, brackets and
 * extensions' text dropped, the international prefix (+ or 00) and a national trunk 0 removed.
 * '+1 (415) 555-0100' -> '14155550100'; '0049 30 1234567' -> '49301234567';
 * '030 1234567' -> '301234567'. Empty string when there are no digits.
 * @param {string | null | undefined} phone
 * @returns {string}
 */
export function phoneDigits(phone) {
  const text = String(phone ?? '').trim();
  // An extension ("x12", "ext. 12") is not part of the number people are reached on.
  const number = text.replace(/\s*(?:x|ext\.?|extension)\s*\d+\s*$/i, '');
  const digits = number.replace(/\D/g, '');
  return digits.replace(/^00/, '').replace(/^0+/, '');
}

/**
 * Whether two phone numbers reach the same person, whatever their formatting: the significant
 * digits are equal, or one is the other with a country code in front (one ends with the other,
 * which has at least MIN_PHONE_MATCH_DIGITS digits). '+1 (415) 555-0100' matches '4155550100';
 * '+49 30 1234567' matches '030 1234567'; '555-0100' matches nothing (too short to identify).
 * @param {string | null | undefined} a
 * @param {string | null | undefined} b
 * @returns {boolean}
 */
export function phonesMatch(a, b) {
  const left = phoneDigits(a);
  const right = phoneDigits(b);
  if (!left || !right) return false;
  const [shorter, longer] = left.length <= right.length ? [left, right] : [right, left];
  if (shorter.length < MIN_PHONE_MATCH_DIGITS) return false;
  // Country codes have at most 3 digits: a longer difference is a different number.
  return longer.length - shorter.length <= 3 && longer.endsWith(shorter);
}

/**
 * SOQL LIKE patterns that find a phone number in Salesforce however it was formatted, without
 * scanning for every format: the last seven digits, either contiguous or with one separator
 * after the third ('%5550100', '%555_0100'), cover (415) 555-0100, 415.555.0100, +1 415 555 0100
 * and 4155550100. Candidates found this way are then confirmed with phonesMatch. Empty when the
 * number is too short to identify anyone.
 * @param {string | null | undefined} phone
 * @returns {string[]}
 */
export function phoneQueryPatterns(phone) {
  const digits = phoneDigits(phone);
  if (digits.length < MIN_PHONE_MATCH_DIGITS) return [];
  const last = digits.slice(-MIN_PHONE_MATCH_DIGITS);
  return [`%${last}`, `%${last.slice(0, 3)}_${last.slice(3)}`];
}

/**
 * Whether an org has Person Accounts, from the Account describe's field names: Salesforce adds
 * IsPersonAccount and PersonEmail to Account when they are enabled.
 * @param {string[]} accountFieldNames
 * @returns {boolean}
 */
export function orgHasPersonAccounts(accountFieldNames) {
  const names = new Set((accountFieldNames ?? []).map((name) => String(name).toLowerCase()));
  return names.has('ispersonaccount') && names.has('personemail');
}

/**
 * What to create when nobody matches: a Person Account when the setting asks for it and the org
 * has them, otherwise the no-match action (creationKind). Never more than one record.
 * @param {object} settings
 * @param {{personAccounts?: boolean}} facts whether the org has Person Accounts
 * @returns {'PersonAccount' | 'Lead' | 'Contact'}
 */
export function creationTarget(settings, facts) {
  if (settings.createPersonAccounts && facts?.personAccounts) return 'PersonAccount';
  return creationKind(settings);
}

/** Contact fields a person account carries under the same name. */
const PERSON_ACCOUNT_SAME_NAME = Object.freeze([
  'FirstName',
  'LastName',
  'MiddleName',
  'Suffix',
  'Salutation',
  'OwnerId'
]);

/**
 * The Account field a person account holds a Contact field in: names stay as they are
 * (FirstName, LastName, Salutation...), custom fields end in __pc instead of __c, and other
 * standard fields take the Person prefix (Email -> PersonEmail, Phone -> PersonPhone,
 * MobilePhone -> PersonMobilePhone). Null for the Contact's own links (AccountId, Name, Id).
 * @param {string} contactField
 * @returns {string | null}
 */
export function personAccountField(contactField) {
  const name = String(contactField ?? '');
  if (!name || ['Id', 'AccountId', 'Name'].includes(name)) return null;
  if (PERSON_ACCOUNT_SAME_NAME.includes(name)) return name;
  if (/__c$/i.test(name)) return name.replace(/__c$/i, '__pc');
  return `Person${name}`;
}

/**
 * Whether a Lead has been converted. Salesforce keeps converted Leads, returns them to queries
 * and refuses any write to them or reference to them (CANNOT_UPDATE_CONVERTED_LEAD): the person
 * is now their Contact.
 * @param {object | null | undefined} lead a Lead row with IsConverted
 * @returns {boolean}
 */
export function isConvertedLead(lead) {
  return lead?.IsConverted === true;
}

/**
 * What a converted Lead resolves to: its Contact, as a Contact candidate built from the Lead's
 * ConvertedContact relationship fields (the Contact's own values, never the Lead's), with the
 * Contact's Account (else ConvertedAccountId). Null for a Lead that is not converted, and for a
 * converted one whose Contact the query could not return (deleted, or not readable): such a
 * Lead is nobody any more, and the other match rules apply.
 * @param {object | null | undefined} lead a Lead row with IsConverted, ConvertedContactId,
 *   ConvertedAccountId and a ConvertedContact object
 * @returns {object | null} the Contact candidate, with convertedLeadId naming the Lead
 */
export function convertedLeadContact(lead) {
  if (!isConvertedLead(lead)) return null;
  const related = lead.ConvertedContact;
  if (!lead.ConvertedContactId || !related || typeof related !== 'object') return null;
  const contact = {};
  for (const [name, value] of Object.entries(related))
    if (name !== 'attributes') contact[name] = value;
  contact.Id = lead.ConvertedContactId;
  contact.AccountId = related.AccountId ?? lead.ConvertedAccountId ?? null;
  return { ...contact, convertedLeadId: lead.Id };
}

/**
 * The match candidates with every converted Lead replaced by its Contact, key by key: a
 * converted Lead is never chosen (updating it would fail); its Contact takes its place among
 * the Contacts (once, when it also matched on its own), and a converted Lead without a known
 * Contact is dropped. Feed the result to choosePerson.
 * @param {{[key: string]: {contacts: object[], leads: object[]} | undefined}} candidates
 * @returns {{[key: string]: {contacts: object[], leads: object[]} | undefined}}
 */
export function resolveConvertedLeads(candidates) {
  const resolved = {};
  for (const [key, found] of Object.entries(candidates ?? {})) {
    if (!found) {
      resolved[key] = found;
      continue;
    }
    const contacts = [...(found.contacts ?? [])];
    const leads = [];
    for (const lead of found.leads ?? []) {
      if (!isConvertedLead(lead)) {
        leads.push(lead);
        continue;
      }
      const contact = convertedLeadContact(lead);
      if (contact && !contacts.some((row) => row.Id === contact.Id)) contacts.push(contact);
    }
    resolved[key] = { contacts, leads };
  }
  return resolved;
}

// ---- The booking's records: which person, which Account, whether a Case, what the Event is
// related to. The sync engine looks the candidates up and writes; these decide. ----

/**
 * Whether two Salesforce record ids name the same record. An id is 15 case-sensitive
 * characters; the 18-character form adds a case-insensitive checksum of 3, so a booking link
 * may carry either and still name the record: the first 15 characters are compared, exactly.
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/field_types.htm (ID field type)
 * @param {string | null | undefined} a
 * @param {string | null | undefined} b
 * @returns {boolean}
 */
export function sameRecordId(a, b) {
  const left = String(a ?? '');
  const right = String(b ?? '');
  if (left.length < 15 || right.length < 15) return false;
  return left.slice(0, 15) === right.slice(0, 15);
}

/** Salesforce's key prefix of Case ids. */
export const CASE_KEY_PREFIX = '500';

/**
 * Whether a record id is a Case's (its key prefix is 500).
 * @param {string | null | undefined} id
 * @returns {boolean}
 */
export function isCaseId(id) {
  return String(id ?? '').startsWith(CASE_KEY_PREFIX);
}

/**
 * The Contact candidates of a booking, person accounts among them. A person account is one
 * person with a Contact behind it (its PersonContactId): it takes part in the match as that
 * Contact, once, carrying its Account row as personAccount, and the Contact row the Contact
 * query returned for it is dropped.
 * @param {object[]} contactRows Contacts as queried
 * @param {object[]} personAccounts person accounts as queried (PersonContactId, PersonEmail,
 *   PersonPhone, PersonMobilePhone, LastModifiedDate)
 * @returns {object[]} Contact candidates
 */
export function contactCandidates(contactRows, personAccounts) {
  const personContactIds = new Set(
    (personAccounts ?? []).map((row) => String(row.PersonContactId))
  );
  return [
    ...(contactRows ?? []).filter((row) => !personContactIds.has(String(row.Id))),
    ...(personAccounts ?? []).map((row) => ({
      Id: String(row.PersonContactId),
      Email: row.PersonEmail,
      Phone: row.PersonPhone,
      MobilePhone: row.PersonMobilePhone,
      LastModifiedDate: row.LastModifiedDate,
      personAccount: row
    }))
  ];
}

/**
 * A chosen candidate as the person to write: a person-account candidate is its Account
 * (kind PersonAccount), any other the row itself.
 * @param {'Contact' | 'Lead'} kind
 * @param {object} row a candidate
 * @returns {{kind: 'Contact' | 'Lead' | 'PersonAccount', record: object}}
 */
export function personOf(kind, row) {
  return row?.personAccount
    ? { kind: 'PersonAccount', record: row.personAccount }
    : { kind, record: row };
}

/**
 * The person the booking's existing Event names (its WhoId). An existing booking keeps its
 * person whatever the match order says: a reschedule, a cancel or a new email address in the
 * booking does not move the Event to someone else. A Lead converted since is its Contact now
 * (the Contact's own row when it was found as well); a converted Lead whose Contact is unknown,
 * or a WhoId the look-ups did not return, names nobody, and the match rules decide.
 * @param {string | null | undefined} whoId the existing Event's WhoId
 * @param {{contacts: object[], leads: object[]}} candidates as looked up (contactCandidates)
 * @returns {{kind: 'Contact' | 'Lead' | 'PersonAccount', record: object} | null}
 */
export function linkedPerson(whoId, candidates) {
  if (!whoId) return null;
  const contacts = candidates?.contacts ?? [];
  const contact = contacts.find((row) => row.Id === whoId);
  if (contact) return personOf('Contact', contact);
  const lead = (candidates?.leads ?? []).find((row) => row.Id === whoId);
  if (!lead) return null;
  if (!isConvertedLead(lead)) return personOf('Lead', lead);
  const converted = convertedLeadContact(lead);
  if (!converted) return null;
  return personOf('Contact', contacts.find((row) => row.Id === converted.Id) ?? converted);
}

/**
 * The candidates of each match key for a booking: by the record id of its link (the first 15
 * characters, sameRecordId), by email (case-insensitive), and by phone or mobile
 * (phonesMatch against Phone or MobilePhone). A key the booking has no value for is undefined,
 * so choosePerson skips it.
 * @param {{salesforceRecordId?: string, person?: {email?: string, phone?: string, mobile?: string}}} booking
 * @param {{contacts: object[], leads: object[]}} candidates
 * @returns {{RecordId?: {contacts: object[], leads: object[]}, Email?: object, Phone?: object}}
 */
export function matchCandidates(booking, candidates) {
  const byKey = (test) => ({
    contacts: (candidates?.contacts ?? []).filter(test),
    leads: (candidates?.leads ?? []).filter(test)
  });
  const recordId = booking?.salesforceRecordId;
  const email = booking?.person?.email ? String(booking.person.email).toLowerCase() : null;
  const phones = [booking?.person?.phone, booking?.person?.mobile].filter(Boolean);
  return {
    RecordId: recordId ? byKey((row) => sameRecordId(row.Id, recordId)) : undefined,
    Email: email ? byKey((row) => String(row.Email ?? '').toLowerCase() === email) : undefined,
    Phone: phones.length
      ? byKey((row) =>
          phones.some(
            (phone) => phonesMatch(phone, row.Phone) || phonesMatch(phone, row.MobilePhone)
          )
        )
      : undefined
  };
}

/**
 * The existing person a booking is written to, or null when a new one is to be created: the
 * person of the booking's existing Event first (linkedPerson), else the match rules
 * (matchCandidates, converted Leads resolved to their Contacts, choosePerson). A person account
 * is returned as kind PersonAccount with its Account row.
 * @param {{whoId?: string | null, booking: object, contacts: object[], leads: object[]}} facts
 * @param {object} settings
 * @returns {{kind: 'Contact' | 'Lead' | 'PersonAccount', record: object} | null}
 */
export function existingPerson(facts, settings) {
  const candidates = { contacts: facts?.contacts ?? [], leads: facts?.leads ?? [] };
  const linked = linkedPerson(facts?.whoId, candidates);
  if (linked) return linked;
  const match = choosePerson(
    resolveConvertedLeads(matchCandidates(facts?.booking, candidates)),
    settings
  );
  if (!match) return null;
  // A converted Lead's Contact that was found on its own as well (a person account's, say) is
  // that row, which knows it is a person account.
  const own = match.record.convertedLeadId
    ? candidates.contacts.find((row) => row.Id === match.record.Id)
    : undefined;
  return personOf(match.kind, own ?? match.record);
}

const MATCH_KEY_WORDS = Object.freeze({ RecordId: 'record id', Email: 'email', Phone: 'phone' });

function personWord(person) {
  return person.kind === 'PersonAccount' ? 'person account' : person.kind;
}

/**
 * The existing person of a booking (existingPerson) and why, as one line of the sync log: the
 * person of the booking's Event kept, or the key it matched by and among how many records, or
 * that nothing matched.
 * @param {{whoId?: string | null, booking: object, contacts: object[], leads: object[]}} facts
 * @param {object} settings
 * @returns {{person: {kind: string, record: object} | null, decision: string}}
 */
export function personDecision(facts, settings) {
  const person = existingPerson(facts, settings);
  const candidates = { contacts: facts?.contacts ?? [], leads: facts?.leads ?? [] };
  const linked = linkedPerson(facts?.whoId, candidates);
  if (person && linked && linked.record === person.record) {
    const converted = facts.whoId !== (person.record.PersonContactId ?? person.record.Id);
    return {
      person,
      decision: converted
        ? `person: the Contact ${person.record.Id} of the converted Lead ${facts.whoId} the booking's Event names`
        : `person: kept the ${personWord(person)} ${person.record.Id} the booking's Event names`
    };
  }
  const byKey = resolveConvertedLeads(matchCandidates(facts?.booking, candidates));
  const tried = settings.matchOrder.filter((key) => byKey[key]);
  if (!person) {
    const keys = tried.map((key) => MATCH_KEY_WORDS[key]).join(', ');
    return {
      person,
      decision: keys
        ? `person: no Lead or Contact matched by ${keys}`
        : 'person: the booking has no record id, email or phone to match by'
    };
  }
  const match = choosePerson(byKey, settings);
  const list = match.kind === 'Contact' ? 'contacts' : 'leads';
  const count = byKey[match.matchedBy][list].length;
  const among = count > 1 ? `, most recently modified of ${count}` : '';
  return {
    person,
    decision: `person: matched ${personWord(person)} ${person.record.Id} by ${MATCH_KEY_WORDS[match.matchedBy]}${among}`
  };
}

/**
 * Whether an Account's Website holds an email domain: 'https://www.example.org/about' holds
 * 'example.org' (a case-insensitive "contains", as the Account query's LIKE '%domain%').
 * @param {string | null | undefined} website
 * @param {string | null | undefined} domain as emailDomain returns it
 * @returns {boolean}
 */
export function websiteHasDomain(website, domain) {
  if (!domain) return false;
  return String(website ?? '')
    .toLowerCase()
    .includes(String(domain).toLowerCase());
}

/**
 * The Account candidates of each account-matching key for a new Contact: EmailDomain, the
 * Accounts whose Website holds the email's domain (websiteHasDomain); CompanyName, those named
 * as the company (case-insensitive). Feed the result to chooseAccount.
 * @param {object[]} accounts as looked up
 * @param {{email?: string, company?: string}} person
 * @returns {{EmailDomain: object[], CompanyName: object[]}}
 */
export function accountCandidates(accounts, person) {
  const domain = emailDomain(person?.email);
  const company = person?.company ? String(person.company).toLowerCase() : null;
  return {
    EmailDomain: domain
      ? (accounts ?? []).filter((row) => websiteHasDomain(row.Website, domain))
      : [],
    CompanyName: company
      ? (accounts ?? []).filter((row) => String(row.Name ?? '').toLowerCase() === company)
      : []
  };
}

/**
 * Whether this booking creates a Case: its page is one of the Case pages (createsCase), its
 * person is not a Lead, and its Event is not already related to a Case. A reschedule, cancel or
 * reassignment of a booking that made its Case makes no second one. A Lead gets no Case: its
 * Event may not be related to one (eventWhatId) and a Case has no Lead field, so the Case would
 * stand unconnected, and later events of the booking could not tell it was made.
 * @param {string | null | undefined} bookingPage
 * @param {object} settings
 * @param {string | null | undefined} existingWhatId the WhatId of the booking's Event, if any
 * @param {'Contact' | 'Lead' | 'PersonAccount'} personKind who the booking's person is
 * @returns {boolean}
 */
export function createsNewCase(bookingPage, settings, existingWhatId, personKind) {
  if (personKind === 'Lead') return false;
  return !isCaseId(existingWhatId) && createsCase(bookingPage, settings);
}

/**
 * The owner to set on a new Case: the booking owner's user under the BookingOwner policy, when
 * found. Otherwise none: the API user owns it, or the org's Case assignment rules choose
 * (AssignmentRules).
 * @param {string} ownerPolicy
 * @param {string | null | undefined} bookingOwnerId
 * @returns {string | null}
 */
export function caseOwner(ownerPolicy, bookingOwnerId) {
  return personOwner(ownerPolicy, { bookingOwnerId }).ownerId;
}

/**
 * The Event's WhoId for a person: a person account's Contact (PersonContactId), since
 * Salesforce refuses an Account id in WhoId; any other person's own id.
 * https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_event.htm
 * @param {'Contact' | 'Lead' | 'PersonAccount'} kind
 * @param {{Id?: string, PersonContactId?: string}} record
 * @returns {string | null}
 */
export function eventWhoId(kind, record) {
  return (kind === 'PersonAccount' ? record?.PersonContactId : record?.Id) ?? null;
}

/**
 * What the booking's Event is related to (its WhatId). Nothing for a Lead: Salesforce requires
 * an empty WhatId when the WhoId is a Lead
 * (https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/field_types.htm,
 * "Reference Field Type"), so a Lead's Case, when its booking page creates one, stands apart.
 * For anyone else, in this order: the Case this booking creates; the Case the Event is already related to (a reschedule keeps it there: the spec
 * relates the Event to its booking page's Case, and the Account only when there is none); the
 * Account (a Contact's Account, or the one created for it; a person account itself). Null:
 * nothing is set.
 * @param {{kind: 'Contact' | 'Lead' | 'PersonAccount', caseId?: string | null,
 *   existingWhatId?: string | null, accountId?: string | null, personAccountId?: string | null}} facts
 * @returns {string | null}
 */
export function eventWhatId(facts) {
  if (facts?.kind === 'Lead') return null;
  if (facts?.caseId) return facts.caseId;
  if (isCaseId(facts?.existingWhatId)) return facts.existingWhatId;
  if (facts?.kind === 'Contact') return facts.accountId ?? null;
  if (facts?.kind === 'PersonAccount') return facts.personAccountId ?? null;
  return null;
}

/**
 * What to write on an existing Lead, Contact or person account for a booking: the mapped values
 * the update policy lets through (fieldsToUpdate), and the owner the owner policy gives it
 * (personOwner) when that is not its owner already.
 * @param {Record<string, *>} existing the record as queried
 * @param {Record<string, *>} values mapped values from the booking
 * @param {object} settings
 * @param {string | null | undefined} bookingOwnerId the booking owner's user, when found
 * @returns {Record<string, *>}
 */
export function personUpdates(existing, values, settings, bookingOwnerId) {
  const updates = fieldsToUpdate(existing, values, settings.updatePolicy);
  const { ownerId } = personOwner(settings.ownerPolicy, { bookingOwnerId });
  if (ownerId && existing?.OwnerId !== ownerId) updates.OwnerId = ownerId;
  return updates;
}

/**
 * The start and end of the booking's Event. A new Event takes mapped times where the mapping
 * gives them, else the booking's; an existing one always the booking's: a reschedule moves it.
 * @param {boolean} eventExists whether the booking's Event was written before
 * @param {{StartDateTime?: *, EndDateTime?: *}} mapped the Event's mapped values
 * @param {{start: string, end: string}} booking
 * @returns {{StartDateTime: *, EndDateTime: *}}
 */
export function eventTimes(eventExists, mapped, booking) {
  if (eventExists) return { StartDateTime: booking.start, EndDateTime: booking.end };
  return {
    StartDateTime: mapped?.StartDateTime ?? booking.start,
    EndDateTime: mapped?.EndDateTime ?? booking.end
  };
}

// ---- Order, people shared within a batch, and the warnings of silent decisions (issue 14,
// points 4, 16, 17). ----

/**
 * Why an event must not be applied to the booking's Event: the Event in the org carries the
 * sequence of the last event applied to it (Booking_Sequence__c), so an event at or below it is
 * a replay or a late arrival, whatever a local state remembers (it may be lost). Null when the
 * event is newer, or the Event carries no sequence (written before the field existed, or none).
 * @param {number} sequence the event's sequence
 * @param {number | string | null | undefined} eventSequence Booking_Sequence__c of the Event
 * @returns {string | null}
 */
export function lateEventReason(sequence, eventSequence) {
  if (eventSequence === null || eventSequence === undefined || eventSequence === '') return null;
  const applied = Number(eventSequence);
  if (Number.isNaN(applied) || Number(sequence) > applied) return null;
  return Number(sequence) === applied
    ? `already applied (the Event carries sequence ${applied})`
    : `older than the Event's sequence ${applied}`;
}

/**
 * The earlier booking of the same batch whose new person this booking's person is. A booking
 * nobody in the org matches may still be someone an earlier booking of the batch is about to
 * create: the same match rules (matchCandidates and choosePerson, in the settings' match order)
 * are applied to the records planned for creation, so that in one batch the second booking uses
 * the first's record, as it would find it in the org one batch later. The record id of a link
 * names nobody among records not yet created, so only Email and Phone take part. The earliest
 * planned person wins among several.
 * @param {{person?: {email?: string, phone?: string, mobile?: string}}} booking
 * @param {Array<{kind: 'Contact' | 'Lead' | 'PersonAccount', record: object}>} planned the new
 *   people of earlier bookings of the batch, in batch order (person accounts with their Account
 *   fields: PersonEmail, PersonPhone, PersonMobilePhone)
 * @param {object} settings
 * @returns {{index: number, matchedBy: string} | null} the index in planned
 */
export function batchPerson(booking, planned, settings) {
  const rows = new Map();
  const candidates = { contacts: [], leads: [] };
  (planned ?? []).forEach((person, index) => {
    const row =
      person.kind === 'PersonAccount'
        ? {
            Email: person.record?.PersonEmail,
            Phone: person.record?.PersonPhone,
            MobilePhone: person.record?.PersonMobilePhone
          }
        : { ...person.record };
    rows.set(row, index);
    (person.kind === 'Lead' ? candidates.leads : candidates.contacts).push(row);
  });
  const byKey = matchCandidates({ person: booking?.person }, candidates);
  const match = choosePerson(byKey, settings);
  return match ? { index: rows.get(match.record), matchedBy: match.matchedBy } : null;
}

/**
 * The warning for an owner the booking names but the org does not give, or a policy the
 * booking cannot follow: the Event (and, under the BookingOwner policy, a new person or Case)
 * falls back to the API user. Null when nothing falls back.
 * @param {string} ownerPolicy
 * @param {string | null | undefined} ownerEmail the booking owner's email, as the booking says
 * @param {string | null | undefined} bookingOwnerId the active user found for it
 * @returns {string | null}
 */
export function ownerFallbackWarning(ownerPolicy, ownerEmail, bookingOwnerId) {
  if (bookingOwnerId) return null;
  const people = ownerPolicy === 'BookingOwner' ? ' and a new person or Case' : '';
  if (ownerEmail)
    return `booking owner ${ownerEmail} is no active Salesforce user: the Event${people} ${people ? 'are' : 'is'} owned by the API user`;
  if (ownerPolicy === 'BookingOwner')
    return 'the booking names no owner: the Event and a new person or Case are owned by the API user (owner policy BookingOwner)';
  return null;
}
