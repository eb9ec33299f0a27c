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
import type { SalesforceApi } from './salesforce.ts';

/** What the grouped queries found for a batch. */
export interface LookedUp {
  /** The Event already written for a booking, by booking id. */
  readonly eventsByBooking: ReadonlyMap<string, SObject>;
  /** Active users' ids by lower-case email. */
  readonly usersByEmail: ReadonlyMap<string, string>;
  /** Contact candidates, person accounts among them (rules contactCandidates). */
  readonly contacts: readonly PersonCandidate[];
  readonly leads: readonly SObject[];
  /** Business accounts a new Contact may join. */
  readonly accounts: readonly SObject[];
}

/** Runs the grouped queries for a batch: two rounds of parallel queries, whatever its size. */
export async function lookUp(
  api: SalesforceApi,
  config: SyncConfig,
  batch: readonly BookingEvent[]
): Promise<LookedUp> {
  const bookingId = withNamespace('Booking_Id__c', config.namespace);
  const ownerEmails = batch
    .map((e) => e.booking.ownerEmail?.toLowerCase())
    .filter(Boolean) as string[];
  const [events, users] = await Promise.all([
    api.query<SObject>(
      `SELECT Id, WhoId, WhatId, OwnerId, ${bookingId}, ${withNamespace('Booking_Sequence__c', config.namespace)} FROM Event WHERE ${bookingId} IN ${soqlList(batch.map((event) => event.bookingId))}`
    ),
    ownerEmails.length
      ? api.query<SObject>(
          `SELECT Id, Email FROM User WHERE IsActive = true AND Email IN ${soqlList(ownerEmails)}`
        )
      : Promise.resolve([] as SObject[])
  ]);
  const eventsByBooking = new Map(events.map((row) => [String(row[bookingId]), row]));
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
    usersByEmail,
    contacts: contactCandidates(contactRows, personAccounts),
    leads,
    accounts
  };
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
    ids.size ? `Id IN ${soqlList(ids)}` : '',
    emails.size ? `Email IN ${soqlList(emails)}` : '',
    ...phoneFields.flatMap((field) =>
      [...phonePatterns].map((pattern) => `${field} LIKE ${soqlString(pattern)}`)
    )
  ].filter(Boolean);
  if (!conditions.length) return Promise.resolve([]);
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
  return api.query<SObject>(
    `SELECT ${[...fields].join(', ')} FROM ${object} WHERE (${conditions.join(' OR ')})`
  );
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
    accountMatching.includes('CompanyName') && names.length ? `Name IN ${soqlList(names)}` : '',
    ...(accountMatching.includes('EmailDomain')
      ? domains.map((d) => `Website LIKE ${soqlLikeContaining(d)}`)
      : [])
  ].filter(Boolean);
  if (!conditions.length) return Promise.resolve([]);
  // A new Contact belongs under a business account, never under a person account.
  const businessOnly = config.personAccounts.enabled ? 'IsPersonAccount = false AND ' : '';
  return api.query<SObject>(
    `SELECT Id, Name, Website, LastModifiedDate FROM Account WHERE ${businessOnly}(${conditions.join(' OR ')})`
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
    ids.size ? `Id IN ${soqlList(ids)} OR PersonContactId IN ${soqlList(ids)}` : '',
    emails.size ? `PersonEmail IN ${soqlList(emails)}` : '',
    ...phoneFields.flatMap((field) =>
      [...phonePatterns].map((pattern) => `${field} LIKE ${soqlString(pattern)}`)
    )
  ].filter(Boolean);
  if (!conditions.length) return Promise.resolve([]);
  const fields = new Set([
    'Id',
    'PersonContactId',
    'PersonEmail',
    ...phoneFields,
    'OwnerId',
    'LastModifiedDate',
    ...personAccountValueFields(config)
  ]);
  return api.query<SObject>(
    `SELECT ${[...fields].join(', ')} FROM Account WHERE IsPersonAccount = true AND (${conditions.join(' OR ')})`
  );
}
