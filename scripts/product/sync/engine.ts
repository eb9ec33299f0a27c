// The sync engine: booking events in, Salesforce records out, through the API user.
//
// Each batch (up to 200 bookings, the sObject Collections limit) is planned from a fixed set of
// grouped queries (existing Events and owners, then people and Accounts, each one SOQL with IN
// lists) and written with a fixed set of grouped writes (sObject Collections: Accounts, people,
// updates, Cases, then one upsert of all Events by Booking_Id__c). So API calls grow with the
// number of batches, not bookings.
//
// Never a Lead without its Event: collections run with allOrNone=false so one bad booking does
// not sink the other 199, and every record created for a booking whose later write failed is
// deleted again in one compensating call before the booking is dead-lettered. (Field updates on
// an already existing person are not reverted: the person exists independently of the booking,
// and `sync --replay` applies the booking again.)
import * as creationRules from '../../../force-app/main/default/lwc/bookingRules/creationRules.js';
import * as fieldRules from '../../../force-app/main/default/lwc/bookingRules/fieldRules.js';
import { loadConfig, packaged, type DescribeField, type SyncConfig } from './config.ts';
import { bookingFields, type BookingEvent } from './events.ts';
import type { DeadLetterFile, Ledger } from './ledger.ts';
import {
  SessionExpiredError,
  soqlLikeContaining,
  soqlList,
  soqlString,
  type SalesforceApi
} from './salesforce.ts';

export const MAX_BATCH_SIZE = 200;

type SObject = Record<string, unknown> & { Id?: string };
type PersonKind = 'Lead' | 'Contact' | 'PersonAccount';
/** Person accounts join the Contact candidates under their PersonContactId, keeping the row. */
type PersonCandidate = SObject & { personAccount?: SObject };

export interface PlannedWrite {
  operation: 'create' | 'update' | 'upsert';
  object: string;
  fields: Record<string, unknown>;
}

export interface BookingOutcome {
  bookingId: string;
  sequence: number;
  status: 'applied' | 'skipped' | 'failed' | 'planned';
  reason?: string;
  error?: string;
  eventRecordId?: string;
  person?: { kind: string; id?: string; created: boolean };
  writes?: PlannedWrite[];
}

export interface SyncReport {
  applied: number;
  skipped: number;
  failed: number;
  planned: number;
  apiCalls: number;
  outcomes: BookingOutcome[];
  /** Why the run stopped early (an expired session that could not be refreshed). */
  stoppedBy?: string;
}

export interface SyncOptions {
  ledger: Ledger;
  deadLetter?: DeadLetterFile | null;
  dryRun?: boolean;
  batchSize?: number;
  /** Loaded once per run when not given. */
  config?: SyncConfig;
}

/** The newest event of each booking that the ledger has not applied; the rest are skipped. */
export function newestUnapplied(
  events: BookingEvent[],
  ledger: Ledger
): { toApply: BookingEvent[]; skipped: BookingOutcome[] } {
  const newest = new Map<string, BookingEvent>();
  const skipped: BookingOutcome[] = [];
  for (const event of events) {
    if (!ledger.isNew(event)) {
      skipped.push({
        bookingId: event.bookingId,
        sequence: event.sequence,
        status: 'skipped',
        reason: `already applied (sequence ${ledger.appliedSequence(event.bookingId)} or later)`
      });
      continue;
    }
    const current = newest.get(event.bookingId);
    if (current && current.sequence >= event.sequence) {
      skipped.push({
        bookingId: event.bookingId,
        sequence: event.sequence,
        status: 'skipped',
        reason: `superseded by sequence ${current.sequence}`
      });
      continue;
    }
    if (current)
      skipped.push({
        bookingId: current.bookingId,
        sequence: current.sequence,
        status: 'skipped',
        reason: `superseded by sequence ${event.sequence}`
      });
    newest.set(event.bookingId, event);
  }
  return { toApply: [...newest.values()], skipped };
}

export async function syncEvents(
  api: SalesforceApi,
  events: BookingEvent[],
  options: SyncOptions
): Promise<SyncReport> {
  const callsBefore = api.calls;
  const batchSize = Math.min(MAX_BATCH_SIZE, Math.max(1, options.batchSize ?? MAX_BATCH_SIZE));
  const { toApply, skipped } = newestUnapplied(events, options.ledger);
  const outcomes: BookingOutcome[] = [...skipped];
  let stoppedBy: string | undefined;
  if (toApply.length) {
    const config = options.config ?? (await loadConfig(api));
    for (let start = 0; start < toApply.length; start += batchSize) {
      const batch = toApply.slice(start, start + batchSize);
      let results: BookingOutcome[];
      if (stoppedBy) {
        // After an expired session nothing more can be sent: the rest waits for a replay.
        results = batch.map((event) => ({
          bookingId: event.bookingId,
          sequence: event.sequence,
          status: 'failed',
          error: `not attempted: ${stoppedBy}`
        }));
      } else {
        const run = new BatchRun(api, config, batch);
        results = await run.run(Boolean(options.dryRun));
        stoppedBy = run.sessionExpired;
      }
      outcomes.push(...results);
      if (!options.dryRun) {
        const applied = new Set(
          results.filter((r) => r.status === 'applied').map((r) => r.bookingId)
        );
        options.ledger.record(batch.filter((event) => applied.has(event.bookingId)));
        options.deadLetter?.append(
          results
            .filter((r) => r.status === 'failed')
            .map((r) => ({
              event: batch.find((event) => event.bookingId === r.bookingId)!,
              error: r.error ?? 'unknown error'
            }))
        );
      }
    }
  }
  const count = (status: BookingOutcome['status']) =>
    outcomes.filter((o) => o.status === status).length;
  return {
    applied: count('applied'),
    skipped: count('skipped'),
    failed: count('failed'),
    planned: count('planned'),
    apiCalls: api.calls - callsBefore,
    outcomes,
    ...(stoppedBy ? { stoppedBy } : {})
  };
}

class BookingRejected extends Error {}

interface Plan {
  event: BookingEvent;
  values: Record<string, unknown>;
  account?: { ref: SObject; created: boolean };
  person: {
    /** PersonAccount: record is the Account; its PersonContactId is the Event's WhoId. */
    kind: PersonKind;
    record: SObject;
    created: boolean;
    updates: Record<string, unknown>;
  };
  caseRecord?: SObject;
  eventRecord: SObject;
  createdIds: string[];
  error?: string;
}

interface CollectionResult {
  id?: string;
  success: boolean;
  errors: {
    statusCode: string;
    message: string;
    fields?: string[];
    duplicateResult?: { matchResults?: { matchRecords?: { record?: { Id?: string } }[] }[] };
  }[];
}

function describeError(result: CollectionResult): string {
  return result.errors
    .map(
      (e) => `${e.statusCode}: ${e.message}${e.fields?.length ? ` (${e.fields.join(', ')})` : ''}`
    )
    .join('; ');
}

class BatchRun {
  private readonly api: SalesforceApi;
  private readonly config: SyncConfig;
  private readonly batch: BookingEvent[];
  private readonly ns: (name: string) => string;
  /** Set when the session expired and could not be refreshed: the run must stop. */
  sessionExpired: string | undefined;

  constructor(api: SalesforceApi, config: SyncConfig, batch: BookingEvent[]) {
    this.api = api;
    this.config = config;
    this.batch = batch;
    this.ns = (name) => packaged(name, config.namespace);
  }

  async run(dryRun: boolean): Promise<BookingOutcome[]> {
    const plans: Plan[] = [];
    const outcomes: BookingOutcome[] = [];
    try {
      const lookups = await this.lookUp();
      for (const event of this.batch) {
        try {
          plans.push(this.plan(event, lookups));
        } catch (error) {
          if (!(error instanceof BookingRejected)) throw error;
          outcomes.push({
            bookingId: event.bookingId,
            sequence: event.sequence,
            status: 'failed',
            error: error.message
          });
        }
      }
      if (dryRun) return [...outcomes, ...plans.map((plan) => this.plannedOutcome(plan))];
      await this.write(plans);
    } catch (error) {
      // A call that failed beyond its retries (or an expired session) fails every booking of
      // the batch not yet decided; what was created for them is removed where possible.
      const message =
        error instanceof SessionExpiredError
          ? error.message
          : `Salesforce call failed: ${(error as Error).message}`;
      for (const plan of plans) plan.error ??= message;
      if (error instanceof SessionExpiredError) this.sessionExpired = message;
      if (!(error instanceof SessionExpiredError))
        await this.compensate(plans).catch(() => undefined);
      const decided = new Set([
        ...outcomes.map((o) => o.bookingId),
        ...plans.map((p) => p.event.bookingId)
      ]);
      for (const event of this.batch) {
        if (!decided.has(event.bookingId))
          outcomes.push({
            bookingId: event.bookingId,
            sequence: event.sequence,
            status: 'failed',
            error: message
          });
      }
    }
    for (const plan of plans) {
      outcomes.push(
        plan.error
          ? {
              bookingId: plan.event.bookingId,
              sequence: plan.event.sequence,
              status: 'failed',
              error: plan.error
            }
          : {
              bookingId: plan.event.bookingId,
              sequence: plan.event.sequence,
              status: 'applied',
              eventRecordId: plan.eventRecord.Id,
              person: {
                kind: plan.person.kind,
                id: plan.person.record.Id,
                created: plan.person.created
              }
            }
      );
    }
    return outcomes;
  }

  // ---- grouped queries: the same number of calls whatever the batch size ----

  private async lookUp() {
    const ns = this.ns;
    const bookingIds = this.batch.map((event) => event.bookingId);
    const ownerEmails = this.batch
      .map((e) => e.booking.ownerEmail?.toLowerCase())
      .filter(Boolean) as string[];
    const [events, users] = await Promise.all([
      this.api.query<SObject>(
        `SELECT Id, WhoId, WhatId, OwnerId, ${ns('Booking_Id__c')} FROM Event WHERE ${ns('Booking_Id__c')} IN ${soqlList(bookingIds)}`
      ),
      ownerEmails.length
        ? this.api.query<SObject>(
            `SELECT Id, Email FROM User WHERE IsActive = true AND Email IN ${soqlList(ownerEmails)}`
          )
        : Promise.resolve([] as SObject[])
    ]);
    const eventsByBooking = new Map(events.map((row) => [String(row[ns('Booking_Id__c')]), row]));
    const usersByEmail = new Map(
      users.map((row) => [String(row.Email).toLowerCase(), String(row.Id)])
    );

    const ids = new Set<string>();
    const emails = new Set<string>();
    // Phone numbers are stored however people typed them: query LIKE patterns on the last
    // digits (from the rules), then confirm each candidate with the rules' phonesMatch.
    const phonePatterns = new Set<string>();
    for (const event of this.batch) {
      const linked = eventsByBooking.get(event.bookingId)?.WhoId;
      if (linked) ids.add(String(linked));
      if (event.booking.salesforceRecordId) ids.add(event.booking.salesforceRecordId);
      if (event.booking.person.email) emails.add(event.booking.person.email.toLowerCase());
      for (const phone of [event.booking.person.phone, event.booking.person.mobile])
        for (const pattern of creationRules.phoneQueryPatterns(phone) as string[])
          phonePatterns.add(pattern);
    }
    const personQuery = (object: 'Lead' | 'Contact') => {
      // Only the phone fields the API user can see (a query naming another one fails whole).
      const phoneFields = ['Phone', 'MobilePhone'].filter((name) => this.fieldOf(object, name));
      const conditions = [
        ids.size ? `Id IN ${soqlList(ids)}` : '',
        emails.size ? `Email IN ${soqlList(emails)}` : '',
        ...phoneFields.flatMap((field) =>
          [...phonePatterns].map((pattern) => `${field} LIKE ${soqlString(pattern)}`)
        )
      ].filter(Boolean);
      if (!conditions.length) return Promise.resolve([] as SObject[]);
      const fields = new Set([
        'Id',
        'Email',
        ...phoneFields,
        'OwnerId',
        'LastModifiedDate',
        ...this.mappedFields(object)
      ]);
      if (object === 'Contact') fields.add('AccountId');
      // Converted Leads are returned too (Salesforce keeps them): the rules resolve each one to
      // its Contact, whose values come along through the ConvertedContact relationship, so
      // they cost no extra call (creationRules.js resolveConvertedLeads).
      if (object === 'Lead')
        for (const name of ['IsConverted', 'ConvertedContactId', 'ConvertedAccountId'])
          if (this.fieldOf('Lead', name)) fields.add(name);
      if (object === 'Lead' && this.fieldOf('Lead', 'ConvertedContactId'))
        for (const name of this.contactCandidateFields()) fields.add(`ConvertedContact.${name}`);
      const where = `(${conditions.join(' OR ')})`;
      return this.api.query<SObject>(
        `SELECT ${[...fields].join(', ')} FROM ${object} WHERE ${where}`
      );
    };
    const needAccounts =
      this.config.settings.noMatchAction === 'Contact' &&
      this.config.settings.accountMatching.length > 0;
    const accountQuery = () => {
      const names = this.batch.map((e) => e.booking.person.company).filter(Boolean) as string[];
      const domains = [
        ...new Set(
          this.batch
            .map((e) => creationRules.emailDomain(e.booking.person.email))
            .filter(Boolean) as string[]
        )
      ];
      const conditions = [
        this.config.settings.accountMatching.includes('CompanyName') && names.length
          ? `Name IN ${soqlList(names)}`
          : '',
        ...(this.config.settings.accountMatching.includes('EmailDomain')
          ? domains.map((d) => `Website LIKE ${soqlLikeContaining(d)}`)
          : [])
      ].filter(Boolean);
      if (!conditions.length) return Promise.resolve([] as SObject[]);
      // A new Contact belongs under a business account, never under a person account.
      const businessOnly = this.config.personAccounts.enabled ? 'IsPersonAccount = false AND ' : '';
      return this.api.query<SObject>(
        `SELECT Id, Name, Website, LastModifiedDate FROM Account WHERE ${businessOnly}(${conditions.join(' OR ')})`
      );
    };
    // Person accounts are matched on their person fields (PersonEmail, PersonPhone...).
    const personAccountQuery = () => {
      const phoneFields = ['PersonPhone', 'PersonMobilePhone'].filter((name) =>
        this.fieldOf('Account', name)
      );
      const conditions = [
        ids.size ? `Id IN ${soqlList(ids)} OR PersonContactId IN ${soqlList(ids)}` : '',
        emails.size ? `PersonEmail IN ${soqlList(emails)}` : '',
        ...phoneFields.flatMap((field) =>
          [...phonePatterns].map((pattern) => `${field} LIKE ${soqlString(pattern)}`)
        )
      ].filter(Boolean);
      if (!conditions.length) return Promise.resolve([] as SObject[]);
      const fields = new Set([
        'Id',
        'PersonContactId',
        'PersonEmail',
        ...phoneFields,
        'OwnerId',
        'LastModifiedDate',
        ...this.personAccountValueFields()
      ]);
      return this.api.query<SObject>(
        `SELECT ${[...fields].join(', ')} FROM Account WHERE IsPersonAccount = true AND (${conditions.join(' OR ')})`
      );
    };
    const [contactRows, leads, accounts, personAccounts] = await Promise.all([
      personQuery('Contact'),
      personQuery('Lead'),
      needAccounts ? accountQuery() : Promise.resolve([] as SObject[]),
      this.config.personAccounts.enabled ? personAccountQuery() : Promise.resolve([] as SObject[])
    ]);
    // A person account's Contact is the same person: it is matched once, as the person account.
    const personContactIds = new Set(personAccounts.map((row) => String(row.PersonContactId)));
    const contacts: PersonCandidate[] = [
      ...contactRows.filter((row) => !personContactIds.has(String(row.Id))),
      ...personAccounts.map((row) => ({
        Id: String(row.PersonContactId),
        Email: row.PersonEmail,
        Phone: row.PersonPhone,
        MobilePhone: row.PersonMobilePhone,
        LastModifiedDate: row.LastModifiedDate,
        personAccount: row
      }))
    ];
    return { eventsByBooking, usersByEmail, contacts, leads, accounts };
  }

  /** The Contact fields the engine reads of a candidate: match keys, owner, mapped values. */
  private contactCandidateFields(): string[] {
    const phoneFields = ['Phone', 'MobilePhone'].filter((name) => this.fieldOf('Contact', name));
    return [
      ...new Set([
        'Id',
        'Email',
        ...phoneFields,
        'OwnerId',
        'LastModifiedDate',
        'AccountId',
        ...this.mappedFields('Contact')
      ])
    ];
  }

  /** The Account fields a person account holds the mapped Contact values in. */
  private personAccountValueFields(): string[] {
    return this.mappedFields('Contact')
      .map((name) => creationRules.personAccountField(name) as string | null)
      .filter((name): name is string => Boolean(name && this.fieldOf('Account', name)));
  }

  /** Mapped Contact values under their person-account field names (fields Account has). */
  private personAccountValues(values: Record<string, unknown>): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(this.mappedValues('Contact', values))) {
      const target = creationRules.personAccountField(name) as string | null;
      const field = target ? this.fieldOf('Account', target) : null;
      if (field) result[field.name] = value;
    }
    return result;
  }

  private mappedFields(object: string): string[] {
    return this.config.mappings
      .filter((m) => m.targetObject === object)
      .map((m) => this.fieldOf(object, m.targetField)?.name)
      .filter((name): name is string => Boolean(name));
  }

  private fieldOf(object: string, name: string): DescribeField | null {
    return fieldRules.findField(
      this.config.describes,
      object,
      name,
      this.config.namespace
    ) as DescribeField | null;
  }

  // ---- per-booking decisions, all from the shared rules ----

  /** Mapped values of one object for a booking, converted to the field types. */
  private mappedValues(object: string, values: Record<string, unknown>): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const mapping of this.config.mappings) {
      if (mapping.targetObject !== object || mapping.sourceType === 'KeepExisting') continue;
      const field = this.fieldOf(object, mapping.targetField);
      if (!field) continue;
      const raw =
        mapping.sourceType === 'Constant'
          ? mapping.sourceValue
          : fieldRules.bookingValue(values, mapping.sourceValue ?? '');
      if (raw === undefined || raw === null || raw === '') continue;
      result[field.name] = convert(raw, field);
    }
    return result;
  }

  /** A new record must fill every universally required field; name the one it leaves empty. */
  private requireFilled(
    object: string,
    record: Record<string, unknown>,
    booking: BookingEvent
  ): void {
    for (const required of this.config.required.filter((r) => r.object === object)) {
      const value = record[required.field];
      if (value === undefined || value === null || value === '') {
        const why = required.unsupportedReason
          ? ` (the connector cannot fill this field type: ${required.unsupportedReason})`
          : required.mapping
            ? ` (mapped from ${required.mapping.sourceValue}, which booking ${booking.bookingId} leaves empty)`
            : '';
        throw new BookingRejected(
          `${object}.${required.field} is required and would be left empty${why}; nothing was written for this booking. Add the value to the booking or map a constant to the field.`
        );
      }
    }
  }

  private plan(event: BookingEvent, lookups: Awaited<ReturnType<BatchRun['lookUp']>>): Plan {
    const { settings } = this.config;
    const values = bookingFields(event);
    const person = event.booking.person;
    const existingEvent = lookups.eventsByBooking.get(event.bookingId);
    const bookingOwnerId = event.booking.ownerEmail
      ? (lookups.usersByEmail.get(event.booking.ownerEmail.toLowerCase()) ?? null)
      : null;
    const createdIds: string[] = [];

    // The person: the one already linked to the booking's Event, else the match rules.
    let chosen: { kind: PersonKind; record: SObject } | null = null;
    const asChosen = (kind: 'Lead' | 'Contact', row: PersonCandidate) =>
      row.personAccount
        ? { kind: 'PersonAccount' as const, record: row.personAccount }
        : { kind, record: row };
    const linked = existingEvent?.WhoId ? String(existingEvent.WhoId) : null;
    if (linked) {
      const contact = lookups.contacts.find((c) => c.Id === linked);
      const lead = lookups.leads.find((l) => l.Id === linked);
      // The Event's Lead may have been converted since: the person is its Contact now.
      const converted = lead
        ? (creationRules.convertedLeadContact(lead) as PersonCandidate | null)
        : null;
      if (contact) chosen = asChosen('Contact', contact);
      else if (converted)
        chosen = asChosen(
          'Contact',
          lookups.contacts.find((c) => c.Id === converted.Id) ?? converted
        );
      else if (lead && !creationRules.isConvertedLead(lead)) chosen = asChosen('Lead', lead);
    }
    if (!chosen) {
      const email = person.email?.toLowerCase();
      const phones = [person.phone, person.mobile].filter(Boolean) as string[];
      const byKey = (test: (row: SObject) => boolean) => ({
        contacts: lookups.contacts.filter(test),
        leads: lookups.leads.filter(test)
      });
      const candidates = {
        RecordId: event.booking.salesforceRecordId
          ? byKey(
              (row) =>
                String(row.Id).slice(0, 15) === event.booking.salesforceRecordId!.slice(0, 15)
            )
          : undefined,
        Email: email ? byKey((row) => String(row.Email ?? '').toLowerCase() === email) : undefined,
        Phone: phones.length
          ? byKey((row) =>
              phones.some(
                (phone) =>
                  creationRules.phonesMatch(phone, row.Phone as string) ||
                  creationRules.phonesMatch(phone, row.MobilePhone as string)
              )
            )
          : undefined
      };
      // A converted Lead is never chosen (Salesforce refuses to update it): its Contact is.
      const match = creationRules.choosePerson(
        creationRules.resolveConvertedLeads(candidates),
        settings
      ) as {
        kind: 'Lead' | 'Contact';
        record: PersonCandidate;
      } | null;
      // A converted Lead's Contact found on its own as well (a person account's, say) is that row.
      const own = match?.record.convertedLeadId
        ? lookups.contacts.find((c) => c.Id === match.record.Id)
        : undefined;
      if (match) chosen = asChosen(match.kind, own ?? match.record);
    }

    const owner = creationRules.personOwner(settings.ownerPolicy, { bookingOwnerId }) as {
      ownerId: string | null;
      useAssignmentRules: boolean;
    };
    let plannedPerson: Plan['person'];
    let account: Plan['account'];
    if (chosen) {
      const updates = creationRules.fieldsToUpdate(
        chosen.record,
        chosen.kind === 'PersonAccount'
          ? this.personAccountValues(values)
          : this.mappedValues(chosen.kind, values),
        settings.updatePolicy
      ) as Record<string, unknown>;
      if (owner.ownerId && chosen.record.OwnerId !== owner.ownerId) updates.OwnerId = owner.ownerId;
      plannedPerson = { kind: chosen.kind, record: chosen.record, created: false, updates };
    } else {
      const kind = creationRules.creationTarget(settings, {
        personAccounts: Boolean(this.config.personAccounts.recordTypeId)
      }) as PersonKind;
      let record: SObject;
      if (kind === 'PersonAccount') {
        // The person's Contact fields, held by the Account; its Contact is made by Salesforce.
        this.requireFilled('Contact', this.mappedValues('Contact', values), event);
        record = {
          attributes: { type: 'Account' },
          RecordTypeId: this.config.personAccounts.recordTypeId,
          ...this.personAccountValues(values)
        } as SObject;
      } else {
        record = { attributes: { type: kind }, ...this.mappedValues(kind, values) } as SObject;
        this.requireFilled(kind, record, event);
      }
      if (owner.ownerId) record.OwnerId = owner.ownerId;
      if (kind === 'Contact') {
        const domain = creationRules.emailDomain(person.email);
        const choice = creationRules.chooseAccount(
          {
            EmailDomain: domain
              ? lookups.accounts.filter((a) =>
                  String(a.Website ?? '')
                    .toLowerCase()
                    .includes(domain)
                )
              : [],
            CompanyName: person.company
              ? lookups.accounts.filter(
                  (a) => String(a.Name).toLowerCase() === person.company!.toLowerCase()
                )
              : []
          },
          person,
          settings
        ) as
          | { action: 'use'; record: SObject }
          | { action: 'create'; name: string }
          | { action: 'none' };
        if (choice.action === 'use') {
          record.AccountId = choice.record.Id;
        } else if (choice.action === 'create') {
          const accountRecord: SObject = {
            attributes: { type: 'Account' },
            ...this.mappedValues('Account', values),
            Name: choice.name
          } as SObject;
          this.requireFilled('Account', accountRecord, event);
          account = { ref: accountRecord, created: true };
        }
      }
      plannedPerson = { kind, record, created: true, updates: {} };
    }

    let caseRecord: SObject | undefined;
    const existingCase = String(existingEvent?.WhatId ?? '').startsWith('500');
    if (!existingCase && creationRules.createsCase(event.booking.bookingPage, settings)) {
      caseRecord = {
        attributes: { type: 'Case' },
        ...this.mappedValues('Case', values)
      } as SObject;
      if (
        owner.useAssignmentRules === false &&
        bookingOwnerId &&
        settings.ownerPolicy === 'BookingOwner'
      )
        caseRecord.OwnerId = bookingOwnerId;
      this.requireFilled('Case', caseRecord, event);
    }

    const ns = this.ns;
    const eventRecord: SObject = {
      attributes: { type: 'Event' },
      ...this.mappedValues('Event', values),
      [ns('Booking_Id__c')]: event.bookingId,
      [ns('Last_Synced__c')]: new Date().toISOString(),
      OwnerId: creationRules.eventOwner(bookingOwnerId, this.config.apiUserId),
      ...Object.fromEntries(
        Object.entries(
          creationRules.lifecycleFields(event.type, event.booking) as Record<string, unknown>
        ).map(([k, v]) => [ns(k), v])
      )
    } as SObject;
    if (event.booking.bookingPage) eventRecord[ns('Booking_Page__c')] = event.booking.bookingPage;
    if (event.booking.timeZone) eventRecord[ns('Customer_Time_Zone__c')] = event.booking.timeZone;
    if (event.booking.meetingLink) eventRecord[ns('Meeting_Link__c')] = event.booking.meetingLink;
    if (!existingEvent) {
      eventRecord.StartDateTime ??= event.booking.start;
      eventRecord.EndDateTime ??= event.booking.end;
      this.requireFilled('Event', { ...eventRecord, WhoId: 'pending' }, event);
    } else {
      // Reschedule moves the Event: the times always follow the newest booking.
      eventRecord.StartDateTime = event.booking.start;
      eventRecord.EndDateTime = event.booking.end;
    }
    return { event, values, account, person: plannedPerson, caseRecord, eventRecord, createdIds };
  }

  private plannedOutcome(plan: Plan): BookingOutcome {
    const writes: PlannedWrite[] = [];
    const strip = (record: SObject) =>
      Object.fromEntries(Object.entries(record).filter(([k]) => k !== 'attributes'));
    if (plan.account)
      writes.push({ operation: 'create', object: 'Account', fields: strip(plan.account.ref) });
    if (plan.person.created)
      writes.push({
        operation: 'create',
        object: sObjectType(plan.person.kind),
        fields: strip(plan.person.record)
      });
    else if (Object.keys(plan.person.updates).length)
      writes.push({
        operation: 'update',
        object: sObjectType(plan.person.kind),
        fields: { Id: plan.person.record.Id, ...plan.person.updates }
      });
    if (plan.caseRecord)
      writes.push({ operation: 'create', object: 'Case', fields: strip(plan.caseRecord) });
    writes.push({ operation: 'upsert', object: 'Event', fields: strip(plan.eventRecord) });
    return {
      bookingId: plan.event.bookingId,
      sequence: plan.event.sequence,
      status: 'planned',
      writes
    };
  }

  // ---- grouped writes ----

  private async collection(
    method: 'POST' | 'PATCH',
    items: { plan: Plan; record: SObject }[],
    path = '/composite/sobjects',
    headers: Record<string, string> = {}
  ): Promise<void> {
    const live = items.filter((item) => !item.plan.error);
    if (!live.length) return;
    const results = await this.api.request<CollectionResult[]>(
      method,
      path,
      { allOrNone: false, records: live.map((item) => item.record) },
      headers
    );
    live.forEach((item, index) => {
      const result = results[index];
      if (result?.success) {
        if (method === 'POST' || !item.record.Id) item.record.Id = result.id;
        return;
      }
      const duplicate = result?.errors.find((e) => e.statusCode === 'DUPLICATES_DETECTED');
      const matchId = duplicate?.duplicateResult?.matchResults?.[0]?.matchRecords?.[0]?.record?.Id;
      if (duplicate && matchId && method === 'POST') {
        // Salesforce's duplicate rules found the person: use that record, as a match would.
        item.record.Id = matchId;
        item.plan.createdIds = item.plan.createdIds.filter((id) => id !== matchId);
        (item.record as { reused?: boolean }).reused = true;
        return;
      }
      item.plan.error = `${String(item.record.attributes && (item.record.attributes as { type: string }).type)} write rejected by Salesforce: ${result ? describeError(result) : 'no result'}`;
    });
  }

  private async write(plans: Plan[]): Promise<void> {
    const accounts = plans
      .filter((p) => p.account)
      .map((p) => ({ plan: p, record: p.account!.ref }));
    await this.collection('POST', accounts);
    for (const item of accounts)
      if (item.record.Id && !item.plan.error) item.plan.createdIds.push(String(item.record.Id));

    const people = plans.filter((p) => p.person.created && !p.error);
    for (const plan of people)
      if (plan.account?.ref.Id) plan.person.record.AccountId = plan.account.ref.Id;
    const assign = this.config.settings.ownerPolicy === 'AssignmentRules' ? 'TRUE' : 'FALSE';
    await this.collection(
      'POST',
      people.map((p) => ({ plan: p, record: p.person.record })),
      '/composite/sobjects',
      { 'Sforce-Auto-Assign': assign }
    );
    for (const plan of people)
      if (
        plan.person.record.Id &&
        !plan.error &&
        !(plan.person.record as { reused?: boolean }).reused
      )
        plan.createdIds.push(String(plan.person.record.Id));
    await this.readPersonContactIds(people);

    const updates = plans.filter((p) => !p.person.created && Object.keys(p.person.updates).length);
    await this.collection(
      'PATCH',
      updates.map((p) => ({
        plan: p,
        record: {
          attributes: { type: sObjectType(p.person.kind) },
          Id: p.person.record.Id,
          ...p.person.updates
        } as SObject
      })),
      '/composite/sobjects',
      // Duplicate rules run on edit as well: the engine chose this record on purpose, so an
      // alerting rule (the standard ones) must not refuse filling it in because the org holds
      // another record like it. A blocking rule still refuses, and the booking fails visibly.
      { 'Sforce-Duplicate-Rule-Header': 'allowSave=true' }
    );

    const cases = plans.filter((p) => p.caseRecord && !p.error);
    for (const plan of cases) {
      if (plan.person.kind === 'Contact') plan.caseRecord!.ContactId = plan.person.record.Id;
      if (plan.person.kind === 'PersonAccount') {
        plan.caseRecord!.ContactId = plan.person.record.PersonContactId;
        plan.caseRecord!.AccountId = plan.person.record.Id;
      }
    }
    await this.collection(
      'POST',
      cases.map((p) => ({ plan: p, record: p.caseRecord! })),
      '/composite/sobjects',
      { 'Sforce-Auto-Assign': assign }
    );
    for (const plan of cases)
      if (plan.caseRecord!.Id && !plan.error) plan.createdIds.push(String(plan.caseRecord!.Id));

    for (const plan of plans) {
      if (plan.error) continue;
      // A person account is the Event's What; its Contact (PersonContactId) is the Who, as
      // Salesforce requires: an Account id in WhoId is refused.
      plan.eventRecord.WhoId =
        plan.person.kind === 'PersonAccount'
          ? plan.person.record.PersonContactId
          : plan.person.record.Id;
      const whatId =
        plan.caseRecord?.Id ??
        (plan.person.kind === 'Contact'
          ? (plan.person.record.AccountId ?? plan.account?.ref.Id)
          : plan.person.kind === 'PersonAccount'
            ? plan.person.record.Id
            : undefined);
      if (whatId) plan.eventRecord.WhatId = whatId;
    }
    await this.collection(
      'PATCH',
      plans.map((p) => ({ plan: p, record: p.eventRecord })),
      `/composite/sobjects/Event/${this.ns('Booking_Id__c')}`
    );
    await this.compensate(plans);
  }

  /** The Contact ids Salesforce made for the new person accounts, in one query. */
  private async readPersonContactIds(people: Plan[]): Promise<void> {
    const created = people.filter(
      (plan) => plan.person.kind === 'PersonAccount' && plan.person.record.Id && !plan.error
    );
    if (!created.length) return;
    const rows = await this.api.query<SObject>(
      `SELECT Id, PersonContactId FROM Account WHERE Id IN ${soqlList(created.map((plan) => String(plan.person.record.Id)))}`
    );
    const byId = new Map(rows.map((row) => [String(row.Id), row.PersonContactId]));
    for (const plan of created) {
      const contactId = byId.get(String(plan.person.record.Id));
      if (contactId) plan.person.record.PersonContactId = contactId;
      else
        plan.error = `Account ${String(plan.person.record.Id)} was created as a person account but has no PersonContactId; check the record type ${String(this.config.personAccounts.recordTypeId)} is a person-account record type`;
    }
  }

  /** Deletes what was created for bookings that failed later, in one call. */
  private async compensate(plans: Plan[]): Promise<void> {
    // Delete children before parents: Cases, then people, then Accounts (created in that order).
    const ids = plans.filter((p) => p.error).flatMap((p) => [...p.createdIds].reverse());
    for (let start = 0; start < ids.length; start += 200) {
      const chunk = ids.slice(start, start + 200);
      const results = await this.api.request<CollectionResult[]>(
        'DELETE',
        `/composite/sobjects?allOrNone=false&ids=${chunk.join(',')}`
      );
      results.forEach((result, index) => {
        if (result.success) return;
        const plan = plans.find((p) => p.createdIds.includes(chunk[index]));
        if (plan)
          plan.error += ` (and record ${chunk[index]} it created could not be deleted: ${describeError(result)}; delete it by hand before replaying)`;
      });
    }
    for (const plan of plans) if (plan.error) plan.createdIds = [];
  }
}

/** The sObject a person is written as. */
function sObjectType(kind: PersonKind): string {
  return kind === 'PersonAccount' ? 'Account' : kind;
}

function convert(value: unknown, field: DescribeField): unknown {
  switch (String(field.type).toLowerCase()) {
    case 'boolean':
      return value === true || value === 'true' || value === 1;
    case 'double':
    case 'currency':
    case 'percent':
    case 'int': {
      const number = Number(value);
      return Number.isNaN(number) ? value : number;
    }
    case 'date':
      return String(value).slice(0, 10);
    default:
      return typeof value === 'string' ? value : String(value);
  }
}
