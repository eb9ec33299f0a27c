// The sync engine: booking events in, Salesforce records out, through the API user.
//
// A run keeps the newest unapplied event of each booking (the ledger skips the rest) and
// applies them in batches of up to 200 bookings (the sObject Collections limit). Each batch is
// looked up (lookups.ts: a fixed set of grouped queries), planned (plan.ts: pure, every decision
// from the rules in creationRules.js) and written (writes.ts: each booking's records in one
// all-or-nothing composite graph, a lost answer read back before anything is sent again,
// recovery.ts). So API calls grow with the number of batches, not bookings. This module
// runs those steps and turns their result into outcomes, the ledger and the dead letter.
import { loadConfig, type SyncConfig } from './config.ts';
import type { BookingEvent } from './events.ts';
import type { DeadLetterFile, Ledger } from './ledger.ts';
import { lookUp } from './lookups.ts';
import { planBatch, plannedWrites, type BookingPlan, type PlannedWrite } from './plan.ts';
import { failUnfinished, startProgress, type BookingProgress } from './recovery.ts';
import { SessionExpiredError, type SalesforceApi } from './salesforce.ts';
import { writePlans } from './writes.ts';

export type { PlannedWrite } from './plan.ts';

export const MAX_BATCH_SIZE = 200;

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
        const run = await runBatch(api, config, batch, Boolean(options.dryRun));
        results = run.outcomes;
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

/** One batch: look up, plan, then (unless a dry run) write and recover. */
async function runBatch(
  api: SalesforceApi,
  config: SyncConfig,
  batch: BookingEvent[],
  dryRun: boolean
): Promise<{ outcomes: BookingOutcome[]; sessionExpired?: string }> {
  const outcomes: BookingOutcome[] = [];
  let progress: BookingProgress[] = [];
  let sessionExpired: string | undefined;
  try {
    const facts = await lookUp(api, config, batch);
    const { plans, rejected } = planBatch(batch, facts, config, new Date().toISOString());
    outcomes.push(...rejected.map(({ event, error }) => failed(event, error)));
    if (dryRun) return { outcomes: [...outcomes, ...plans.map(plannedOutcome)] };
    progress = startProgress(plans);
    await writePlans(api, config, progress);
  } catch (error) {
    // A call that failed beyond its retries (or an expired session) fails every booking of the
    // batch not yet decided. Nothing of theirs is half written (a booking's records are one
    // all-or-nothing graph); one whose graph committed unseen is found by its Event's
    // Booking_Id__c on replay and updated, not created again.
    const expired = error instanceof SessionExpiredError;
    const message = expired ? error.message : `Salesforce call failed: ${(error as Error).message}`;
    failUnfinished(progress, message);
    if (expired) sessionExpired = message;
    const decided = new Set([
      ...outcomes.map((o) => o.bookingId),
      ...progress.map((p) => p.plan.event.bookingId)
    ]);
    for (const event of batch)
      if (!decided.has(event.bookingId)) outcomes.push(failed(event, message));
  }
  outcomes.push(...progress.map(writtenOutcome));
  return { outcomes, ...(sessionExpired ? { sessionExpired } : {}) };
}

function failed(event: BookingEvent, error: string): BookingOutcome {
  return { bookingId: event.bookingId, sequence: event.sequence, status: 'failed', error };
}

function plannedOutcome(plan: BookingPlan): BookingOutcome {
  return {
    bookingId: plan.event.bookingId,
    sequence: plan.event.sequence,
    status: 'planned',
    writes: plannedWrites(plan)
  };
}

function writtenOutcome(booking: BookingProgress): BookingOutcome {
  const { event, person } = booking.plan;
  if (booking.error) return failed(event, booking.error);
  if (!booking.eventId) return failed(event, 'not written: no Event was saved for it');
  return {
    bookingId: event.bookingId,
    sequence: event.sequence,
    status: 'applied',
    eventRecordId: booking.eventId,
    person: { kind: person.kind, id: booking.personId, created: booking.personCreated }
  };
}
