// The look-ups a batch is planned from: a fixed set of grouped queries (each one SOQL with IN
// lists), so the calls do not grow with the batch. First the booking's existing Events and the
// owners by email, then, in parallel, the Contacts, Leads, Accounts and person accounts that can
// match. What they return is a set of facts; which of them a booking uses is the plan's (and the
// rules') decision.
import type { SyncConfig } from './config.ts';
import { withNamespace } from '../../../force-app/main/default/lwc/bookingRules/metadataNames.js';

import type { BookingEvent } from './events.ts';
import {
  contactCandidateFields,
  fieldOf,
  mappedFields,
  personAccountValueFields,
  visiblePhoneFields
} from './mapped-fields.ts';
import { contactCandidates, emailDomain, phoneQueryPatterns } from './rules.ts';
import type { PersonCandidate, SObject } from './rules.ts';
import { soqlLikeContaining, soqlList, soqlString } from '../soql.ts';
import { isTransient, SessionExpiredError, type SalesforceApi } from './salesforce.ts';

/**
 * The longest SOQL statement Salesforce takes: 100,000 characters by default, whether it travels
 * in a URL or in a Composite body (SOQL and SOSL limits,
 * https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_soslsoql.htm).
 * A grouped lookup whose conditions would make it longer is sent as several queries, each within
 * it, and their rows are joined (point 12 of issue 14). The local org does not enforce the limit
 * (platform rule api.soql.statementLength is not modelled), so lookups.test checks each
 * statement's length itself.
 */
export const SOQL_MAX_CHARACTERS = 100_000;

/**
 * Errors a query can get from one booking's values (a literal the org cannot read, a filter it
 * cannot apply): the batch is looked up again in halves so that only that booking fails (point
 * 13 of issue 14). MALFORMED_QUERY is the code of every SOQL syntax error (platform rule
 * api.soql.stringEscapes); the others are Salesforce's codes for a filter it cannot apply, a
 * statement too complex and a literal too long. The documentation names no code that only one
 * booking's values can cause, so the set is a judgment: anything else (a field the config names
 * that is gone, an expired session, an outage) is the batch's and fails it as a whole.
 */
const VALUE_ERRORS = new Set([
  'MALFORMED_QUERY',
  'INVALID_QUERY_FILTER_OPERATOR',
  'QUERY_TOO_COMPLICATED',
  'STRING_TOO_LONG'
]);

/** What the grouped queries found for a batch. */
export interface LookedUp {
  /** The Event already written for a booking, by booking id (matched exactly). */
  readonly eventsByBooking: ReadonlyMap<string, SObject>;
  /**
   * The booking ids of every Event found, lower-cased: an Event whose id equals a booking's only
   * without regard to case belongs to another booking, which an upsert would overwrite.
   */
  readonly eventIdsAnyCase: ReadonlySet<string>;
  /** Active users' ids by lower-case email. */
  readonly usersByEmail: ReadonlyMap<string, string>;
  /** Contact candidates, person accounts among them (rules contactCandidates). */
  readonly contacts: readonly PersonCandidate[];
  readonly leads: readonly SObject[];
  /** Business accounts a new Contact may join. */
  readonly accounts: readonly SObject[];
  /**
   * Bookings that cannot be looked up or must not be written, by booking id, with the reason:
   * nothing is planned or written for them, and the rest of the batch goes on.
   */
  readonly refused: ReadonlyMap<string, string>;
}

/**
 * The grouped queries for a batch. When a query fails because of the values in it, the batch is
 * looked up again in halves, down to the one booking whose lookup fails: that booking alone is
 * refused, with its own reason (never another person's values), and the others are looked up as
 * usual. Every other failure is thrown.
 */
export async function lookUp(
  api: SalesforceApi,
  config: SyncConfig,
  batch: readonly BookingEvent[]
): Promise<LookedUp> {
  try {
    return await lookUpTogether(api, config, batch);
  } catch (error) {
    if (!failedOnValues(error) || batch.length === 0) throw withoutValues(error, batch.length);
    if (batch.length === 1) {
      const [event] = batch;
      return {
        ...emptyFacts(),
        refused: new Map([
          [
            event.bookingId,
            `looking up the records of booking ${event.bookingId} failed (${errorCode(error)}: ${(error as Error).message}); nothing was written for this booking`
          ]
        ])
      };
    }
    const middle = Math.ceil(batch.length / 2);
    // One half after the other: a batch with a bad value costs a few more queries, not a burst.
    const first = await lookUp(api, config, batch.slice(0, middle));
    const second = await lookUp(api, config, batch.slice(middle));
    return joinFacts(first, second);
  }
}

/**
 * A failure of the whole batch's lookup, as every booking of the batch will report it: the quoted
 * literals of the message (Salesforce's query errors quote the statement, and with it other
 * people's emails, phones and company names) are left out. A session expiry is passed on as it
 * is (the engine stops on it), as is a failure of one booking's own lookup.
 */
function withoutValues(error: unknown, bookings: number): unknown {
  if (bookings <= 1 || error instanceof SessionExpiredError || !(error instanceof Error))
    return error;
  const redacted = error.message.replace(/'(?:[^'\\]|\\.)*'/g, "'…'");
  if (redacted === error.message) return error;
  const copy = new Error(redacted) as Error & Record<string, unknown>;
  for (const key of ['name', 'errorCode', 'statusCode', 'code'])
    if ((error as unknown as Record<string, unknown>)[key] !== undefined)
      copy[key] = (error as unknown as Record<string, unknown>)[key];
  return copy;
}

function errorCode(error: unknown): string {
  const e = error as { errorCode?: string; name?: string };
  return String(e?.errorCode ?? e?.name ?? 'error');
}

function failedOnValues(error: unknown): boolean {
  if (error instanceof SessionExpiredError || isTransient(error)) return false;
  return VALUE_ERRORS.has(errorCode(error));
}

function emptyFacts(): LookedUp {
  return {
    eventsByBooking: new Map(),
    eventIdsAnyCase: new Set(),
    usersByEmail: new Map(),
    contacts: [],
    leads: [],
    accounts: [],
    refused: new Map()
  };
}

/** The facts of two halves of a batch, each record once. */
function joinFacts(a: LookedUp, b: LookedUp): LookedUp {
  const byId = <T extends { Id?: unknown }>(rows: readonly T[]): T[] => [
    ...new Map(rows.map((row) => [String(row.Id), row])).values()
  ];
  return {
    eventsByBooking: new Map([...a.eventsByBooking, ...b.eventsByBooking]),
    eventIdsAnyCase: new Set([...a.eventIdsAnyCase, ...b.eventIdsAnyCase]),
    usersByEmail: new Map([...a.usersByEmail, ...b.usersByEmail]),
    contacts: byId([...a.contacts, ...b.contacts] as (PersonCandidate & { Id?: unknown })[]),
    leads: byId([...a.leads, ...b.leads]),
    accounts: byId([...a.accounts, ...b.accounts]),
    refused: new Map([...a.refused, ...b.refused])
  };
}

/** Runs the grouped queries for a batch: two rounds of parallel queries, whatever its size. */
async function lookUpTogether(
  api: SalesforceApi,
  config: SyncConfig,
  batch: readonly BookingEvent[]
): Promise<LookedUp> {
  const bookingId = withNamespace('Booking_Id__c', config.namespace);
  const ownerEmails = batch
    .map((e) => e.booking.ownerEmail?.toLowerCase())
    .filter(Boolean) as string[];
  const [events, users] = await Promise.all([
    queryAnyOf(
      api,
      `SELECT Id, WhoId, WhatId, OwnerId, ${bookingId}, ${withNamespace('Booking_Sequence__c', config.namespace)} FROM Event WHERE `,
      [
        inTerms(
          bookingId,
          batch.map((event) => event.bookingId)
        )
      ]
    ),
    queryAnyOf(api, 'SELECT Id, Email FROM User WHERE IsActive = true AND ', [
      inTerms('Email', ownerEmails)
    ])
  ]);
  const eventsByBooking = exactEvents(events, bookingId);
  const eventIdsAnyCase = new Set(events.map((row) => String(row[bookingId]).toLowerCase()));
  const usersByEmail = new Map(
    users.map((row) => [String(row.Email).toLowerCase(), String(row.Id)])
  );
  const keys = matchKeys(batch, eventsByBooking);
  const needAccounts =
    config.settings.noMatchAction === 'Contact' && config.settings.accountMatching.length > 0;
  const [contactRows, leads, accounts, personAccounts] = await Promise.all([
    personQuery(api, config, 'Contact', keys),
    personQuery(api, config, 'Lead', keys),
    needAccounts ? accountQuery(api, config, batch) : Promise.resolve([] as SObject[]),
    config.personAccounts.enabled
      ? personAccountQuery(api, config, keys)
      : Promise.resolve([] as SObject[])
  ]);
  return {
    eventsByBooking,
    eventIdsAnyCase,
    usersByEmail,
    contacts: contactCandidates(contactRows, personAccounts),
    leads,
    accounts,
    refused: new Map()
  };
}

/**
 * The Event of each booking, matched on its exact booking id (point 14 of issue 14). SOQL's = and
 * IN compare text case-insensitively on every field that is not unique and case-sensitive
 * ("Comparisons on strings are case-sensitive for unique case-sensitive fields. For all other
 * fields, comparisons are case-insensitive",
 * https://developer.salesforce.com/docs/platform/salesforce-soql-sosl/guide/sforce-api-calls-soql-select-comparisonoperators.html),
 * and Booking_Id__c cannot be unique (an Activity field): the query for 'abc' returns the Event of
 * 'ABC' too. Rows are therefore compared again here, exactly, in a Map (never a plain object, so
 * ids such as __proto__ or constructor are ids like any other).
 *
 * An Event is therefore written by its Id when the booking has one; a new Event is upserted by
 * Booking_Id__c only when no Event of another booking shares its id without regard to case, and
 * created otherwise (plan.ts eventWrite), so 'ABC' and 'abc' each get their own Event.
 */
function exactEvents(rows: readonly SObject[], bookingIdField: string): Map<string, SObject> {
  const eventsByBooking = new Map<string, SObject>();
  for (const row of rows) {
    const id = String(row[bookingIdField]);
    if (!eventsByBooking.has(id)) eventsByBooking.set(id, row);
  }
  return eventsByBooking;
}

/**
 * `field IN (...)` terms for the values (each once), as many as needed for each to stay well
 * within a statement, in first-seen order; none for no values.
 */
export function inTerms(field: string, values: Iterable<string>): string[] {
  const unique = [...new Set(values)];
  const terms: string[] = [];
  const budget = SOQL_MAX_CHARACTERS / 4;
  let chunk: string[] = [];
  let length = 0;
  for (const value of unique) {
    const literal = soqlString(value);
    if (chunk.length && length + literal.length + 2 > budget) {
      terms.push(`${field} IN ${soqlList(chunk)}`);
      chunk = [];
      length = 0;
    }
    chunk.push(value);
    length += literal.length + 2;
  }
  if (chunk.length) terms.push(`${field} IN ${soqlList(chunk)}`);
  return terms;
}

/** The statements of queryAnyOf: `head(c1 OR c2 ...)`, each within SOQL_MAX_CHARACTERS. */
export function anyOfStatements(head: string, groups: readonly (readonly string[])[]): string[] {
  const conditions = groups.flat().filter(Boolean);
  if (!conditions.length) return [];
  const statements: string[] = [];
  let chunk: string[] = [];
  let length = head.length + 2;
  for (const condition of conditions) {
    const added = condition.length + (chunk.length ? 4 : 0);
    if (chunk.length && length + added > SOQL_MAX_CHARACTERS) {
      statements.push(`${head}(${chunk.join(' OR ')})`);
      chunk = [];
      length = head.length + 2;
    }
    chunk.push(condition);
    length += condition.length + (chunk.length > 1 ? 4 : 0);
  }
  statements.push(`${head}(${chunk.join(' OR ')})`);
  return statements;
}

/**
 * Rows matching any of the conditions: `head` + `(c1 OR c2 ...)`, in as few statements as keep
 * each within SOQL_MAX_CHARACTERS (usually one), each row once. Groups are lists of conditions
 * (an empty group adds nothing; no conditions at all, no query).
 */
async function queryAnyOf(
  api: SalesforceApi,
  head: string,
  groups: readonly (readonly string[])[]
): Promise<SObject[]> {
  const statements = anyOfStatements(head, groups);
  if (!statements.length) return [];
  const results = await Promise.all(statements.map((soql) => api.query<SObject>(soql)));
  if (results.length === 1) return results[0];
  return [...new Map(results.flat().map((row) => [String(row.Id), row])).values()];
}

/** The values people are looked up by, over the whole batch. */
interface MatchKeys {
  ids: Set<string>;
  emails: Set<string>;
  phonePatterns: Set<string>;
}

function matchKeys(
  batch: readonly BookingEvent[],
  eventsByBooking: ReadonlyMap<string, SObject>
): MatchKeys {
  const keys: MatchKeys = { ids: new Set(), emails: new Set(), phonePatterns: new Set() };
  for (const event of batch) {
    // The person the booking's Event names is looked up whatever the booking says now.
    const linked = eventsByBooking.get(event.bookingId)?.WhoId;
    if (linked) keys.ids.add(String(linked));
    if (event.booking.salesforceRecordId) keys.ids.add(event.booking.salesforceRecordId);
    if (event.booking.person.email) keys.emails.add(event.booking.person.email.toLowerCase());
    // Phone numbers are stored however people typed them: query LIKE patterns on the last
    // digits (from the rules); the plan confirms each candidate with the rules' phonesMatch.
    for (const phone of [event.booking.person.phone, event.booking.person.mobile])
      for (const pattern of phoneQueryPatterns(phone)) keys.phonePatterns.add(pattern);
  }
  return keys;
}

function personQuery(
  api: SalesforceApi,
  config: SyncConfig,
  object: 'Lead' | 'Contact',
  { ids, emails, phonePatterns }: MatchKeys
): Promise<SObject[]> {
  const phoneFields = visiblePhoneFields(config, object);
  const conditions = [
    inTerms('Id', ids),
    inTerms('Email', emails),
    phoneFields.flatMap((field) =>
      [...phonePatterns].map((pattern) => `${field} LIKE ${soqlString(pattern)}`)
    )
  ];
  const fields = new Set([
    'Id',
    'Email',
    ...phoneFields,
    'OwnerId',
    'LastModifiedDate',
    ...mappedFields(config, object)
  ]);
  if (object === 'Contact') fields.add('AccountId');
  // Converted Leads are returned too (Salesforce keeps them): the rules resolve each one to its
  // Contact, whose values come along through the ConvertedContact relationship, so they cost no
  // extra call (creationRules.js resolveConvertedLeads).
  if (object === 'Lead')
    for (const name of ['IsConverted', 'ConvertedContactId', 'ConvertedAccountId'])
      if (fieldOf(config, 'Lead', name)) fields.add(name);
  if (object === 'Lead' && fieldOf(config, 'Lead', 'ConvertedContactId'))
    for (const name of contactCandidateFields(config)) fields.add(`ConvertedContact.${name}`);
  return queryAnyOf(api, `SELECT ${[...fields].join(', ')} FROM ${object} WHERE `, conditions);
}

function accountQuery(
  api: SalesforceApi,
  config: SyncConfig,
  batch: readonly BookingEvent[]
): Promise<SObject[]> {
  const { accountMatching } = config.settings;
  const names = batch.map((e) => e.booking.person.company).filter(Boolean) as string[];
  const domains = [
    ...new Set(batch.map((e) => emailDomain(e.booking.person.email)).filter(Boolean) as string[])
  ];
  // The rules match on a Website containing the domain (websiteHasDomain): LIKE '%domain%'.
  const conditions = [
    accountMatching.includes('CompanyName') ? inTerms('Name', names) : [],
    accountMatching.includes('EmailDomain')
      ? domains.map((d) => `Website LIKE ${soqlLikeContaining(d)}`)
      : []
  ];
  // A new Contact belongs under a business account, never under a person account.
  const businessOnly = config.personAccounts.enabled ? 'IsPersonAccount = false AND ' : '';
  return queryAnyOf(
    api,
    `SELECT Id, Name, Website, LastModifiedDate FROM Account WHERE ${businessOnly}`,
    conditions
  );
}

/** Person accounts are matched on their person fields (PersonEmail, PersonPhone...). */
function personAccountQuery(
  api: SalesforceApi,
  config: SyncConfig,
  { ids, emails, phonePatterns }: MatchKeys
): Promise<SObject[]> {
  const phoneFields = ['PersonPhone', 'PersonMobilePhone'].filter((name) =>
    fieldOf(config, 'Account', name)
  );
  const conditions = [
    inTerms('Id', ids),
    inTerms('PersonContactId', ids),
    inTerms('PersonEmail', emails),
    phoneFields.flatMap((field) =>
      [...phonePatterns].map((pattern) => `${field} LIKE ${soqlString(pattern)}`)
    )
  ];
  const fields = new Set([
    'Id',
    'PersonContactId',
    'PersonEmail',
    ...phoneFields,
    'OwnerId',
    'LastModifiedDate',
    ...personAccountValueFields(config)
  ]);
  return queryAnyOf(
    api,
    `SELECT ${[...fields].join(', ')} FROM Account WHERE IsPersonAccount = true AND `,
    conditions
  );
}
