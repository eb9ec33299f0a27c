// What the writes of a booking have done, and how an answer that never came is recovered.
//
// A booking's records (new Account, new person, a person account's Contact id, new Case, the
// Event) are written in one composite graph (writes.ts), and a graph is all or nothing: either
// every record of it was saved or none was, so a person is never left without its Event and
// nothing has to be deleted again when a later write fails.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_graph_introduction.htm
//
// A graph request whose answer is lost (timeout, dropped connection, a 5xx after sending) may or
// may not have been committed. Before anything is written again, readBack queries the Events of
// that request's bookings by Booking_Id__c: the Event a committed graph upserted carries the
// batch's Last_Synced__c stamp (plan.ts), so an Event with that stamp means its booking's graph
// committed, whole; any other answer means nothing of that graph was saved, and it is sent again.
// Bookings with neither email nor phone, which no query could find again, are recovered the same
// way: by their Booking_Id__c.
import type { SyncConfig } from './config.ts';
import { withNamespace } from '../../../force-app/main/default/lwc/bookingRules/metadataNames.js';
import type { BookingPlan } from './plan.ts';
import type { SObject } from './rules.ts';
import { soqlList } from '../soql.ts';
import type { SalesforceApi } from './salesforce.ts';

/** One record's answer in an sObject Collections response. */
export interface CollectionResult {
  id?: string;
  success: boolean;
  created?: boolean;
  errors: {
    statusCode: string;
    message: string;
    fields?: string[];
    duplicateResult?: { matchResults?: { matchRecords?: { record?: { Id?: string } }[] }[] };
  }[];
}

/**
 * What the writes have done for one booking so far: the ids Salesforce gave its records, and
 * the error that stopped it. The plan itself stays as it was decided.
 */
export interface BookingProgress {
  readonly plan: BookingPlan;
  accountId?: string;
  personId?: string;
  /** A person account's Contact (the Event's WhoId). */
  personContactId?: string;
  /** False when the duplicate rules matched an existing record instead of a new person. */
  personCreated: boolean;
  caseId?: string;
  eventId?: string;
  /** Graph requests of this booking whose answer was lost (each one read back). */
  unanswered: number;
  /** How the booking's graph was known to be saved: its answer, or reading the org back. */
  confirmedBy?: 'answer' | 'read-back';
  error?: string;
  /** What to write on the record the duplicate rules matched instead of the new person. */
  reusedUpdates?: Record<string, unknown>;
  /** Decisions the writes made (a record reused after DUPLICATES_DETECTED), as text. */
  warnings?: string[];
}

/** The progress of each plan before anything is written. */
export function startProgress(plans: readonly BookingPlan[]): BookingProgress[] {
  return plans.map((plan) => ({
    plan,
    personId: plan.person.created ? undefined : plan.person.record.Id,
    personContactId: plan.person.created
      ? undefined
      : (plan.person.record.PersonContactId as string | undefined),
    personCreated: plan.person.created,
    unanswered: 0
  }));
}

/** A record's outcome: saved under an id (created by this call, or not), or refused. */
export type RecordOutcome = { id: string | undefined; created: boolean } | { error: string };

/**
 * Reads one record's answer. A create that succeeded created the record. A create refused with
 * DUPLICATES_DETECTED naming a match is saved as that match (a duplicate rule found the person,
 * Account or Case, as the engine's own matching would have): it is the customer's record, not
 * created. Updates and upserts create nothing.
 */
export function readResult(
  result: CollectionResult | undefined,
  method: 'POST' | 'PATCH',
  type: string
): RecordOutcome {
  if (result?.success) return { id: result.id, created: method === 'POST' };
  const matchId = duplicateMatch(result?.errors);
  if (matchId && method === 'POST') return { id: matchId, created: false };
  return {
    error: `${type} write rejected by Salesforce: ${result ? describeError(result) : 'no result'}`
  };
}

/** The record a DUPLICATES_DETECTED refusal names as the match, if it names one. */
export function duplicateMatch(errors: CollectionResult['errors'] | undefined): string | undefined {
  const duplicate = errors?.find((e) => e.statusCode === 'DUPLICATES_DETECTED');
  return duplicate?.duplicateResult?.matchResults?.[0]?.matchRecords?.[0]?.record?.Id;
}

/** Salesforce's errors for one record, as the dead letter shows them. */
export function describeError(result: Pick<CollectionResult, 'errors'>): string {
  return result.errors
    .map(
      (e) => `${e.statusCode}: ${e.message}${e.fields?.length ? ` (${e.fields.join(', ')})` : ''}`
    )
    .join('; ');
}

/** A graph node's REST error body ([{ errorCode, message, fields }]) as collection errors. */
export function nodeErrors(body: unknown): CollectionResult['errors'] {
  const entries = Array.isArray(body) ? body : [body];
  return entries.map((entry) => {
    const e = (entry ?? {}) as {
      errorCode?: string;
      statusCode?: string;
      message?: string;
      fields?: string[];
      duplicateResult?: CollectionResult['errors'][number]['duplicateResult'];
    };
    return {
      statusCode: String(e.errorCode ?? e.statusCode ?? 'UNKNOWN_ERROR'),
      message: String(e.message ?? 'no message'),
      ...(e.fields?.length ? { fields: e.fields } : {}),
      ...(e.duplicateResult ? { duplicateResult: e.duplicateResult } : {})
    };
  });
}

/** Fails every booking not failed yet with the message of a call that failed beyond retries. */
export function failUnfinished(progress: readonly BookingProgress[], message: string): void {
  for (const booking of progress) booking.error ??= message;
}

/**
 * Whether two DateTime values are the same instant. Salesforce answers DateTimes as
 * `2026-03-01T12:00:00.000+0000`; whether it keeps the milliseconds it was sent is not
 * documented, so an answer without milliseconds (".000") matches to the second.
 */
export function sameInstant(sent: unknown, stored: unknown): boolean {
  if (typeof sent !== 'string' || typeof stored !== 'string') return false;
  const a = Date.parse(sent);
  const b = Date.parse(stored);
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  if (a === b) return true;
  return b % 1000 === 0 && Math.floor(a / 1000) === Math.floor(b / 1000);
}

/**
 * After a graph request went unanswered: reads the Events of its bookings by Booking_Id__c (one
 * query) and marks each booking whose Event carries this batch's Last_Synced__c as written,
 * with the ids the Event names. The others are left as they were, to be sent again.
 */
export async function readBack(
  api: SalesforceApi,
  config: SyncConfig,
  bookings: readonly BookingProgress[]
): Promise<void> {
  if (!bookings.length) return;
  const bookingIdField = withNamespace('Booking_Id__c', config.namespace);
  const stampField = withNamespace('Last_Synced__c', config.namespace);
  const rows = await api.query<SObject>(
    `SELECT Id, WhoId, WhatId, ${stampField}, ${bookingIdField} FROM Event WHERE ${bookingIdField} IN ${soqlList(bookings.map((b) => b.plan.event.bookingId))}`
  );
  for (const booking of bookings) {
    const row = rows.find((r) => String(r[bookingIdField]) === booking.plan.event.bookingId);
    if (!row || !sameInstant(booking.plan.eventRecord[stampField], row[stampField])) continue;
    committed(booking, row);
  }
}

/** A booking whose graph the read-back found saved: the ids its Event names. */
function committed(booking: BookingProgress, event: SObject): void {
  const { kind } = booking.plan.person;
  booking.eventId = String(event.Id);
  booking.confirmedBy = 'read-back';
  const whoId = event.WhoId ? String(event.WhoId) : undefined;
  const whatId = event.WhatId ? String(event.WhatId) : undefined;
  if (kind === 'PersonAccount') {
    booking.personContactId ??= whoId;
    // A person account's Event is related to the Account itself unless a Case took its place.
    if (whatId?.startsWith('001')) booking.personId ??= whatId;
  } else {
    booking.personId ??= whoId;
  }
  if (booking.plan.newCase && whatId?.startsWith('500')) booking.caseId ??= whatId;
  if (booking.plan.newAccount && kind === 'Contact' && whatId?.startsWith('001'))
    booking.accountId ??= whatId;
}
