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
import { lookUp } from './lookups.ts';
import { checkPlanValues } from './mapped-fields.ts';
import { planBatch, plannedWrites, type BookingPlan, type PlannedWrite } from './plan.ts';
import { failUnfinished, startProgress, type BookingProgress } from './recovery.ts';
import { SessionExpiredError, isTransient, type SalesforceApi } from './salesforce.ts';
import {
  workerName,
  type ClaimedEvent,
  type EventResult,
  type LogDetails,
  type SyncStore
} from './store.ts';
import { writePlans } from './writes.ts';
import { pruneSyncLog, writeSyncLog } from './sync-log.ts';
import {
  apiBudget,
  BATCH_REQUEST_RESERVE
} from '../../../force-app/main/default/lwc/bookingRules/syncRules.js';
import { productMessages } from '../messages.ts';

const budgetMessages = productMessages('sync.budget');

/** How often the sync log's old records are looked for (each look is at least one API call). */
export const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

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
  /** What the engine decided on its own for this booking: a value cut to length, an owner
   * fallback, a shared or reused person, a late event skipped. */
  warnings?: string[];
  /** Why the booking landed where it did, one line per rule (the sync log's Decisions). */
  decisions?: string[];
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
  /** Sync log records Salesforce refused, or that waited for a later batch. */
  logWarnings?: string[];
}

export interface SyncOptions {
  /** The durable state (store.ts); an in-memory one for dry runs and benchmarks. */
  store: SyncStore;
  dryRun?: boolean;
  batchSize?: number;
  /** Loaded once per run when not given. */
  config?: SyncConfig;
  /** The claims' holder; one is made for the run when not given. */
  worker?: string;
  /** How long to wait between looks at events another process holds. */
  pollMs?: number;
}

/**
 * Why writing must stop for the API budget now, or null: the org's usage (the last answer's
 * Sforce-Limit-Info header) within BATCH_REQUEST_RESERVE of the share the settings allow.
 */
export function budgetStop(api: SalesforceApi, config: SyncConfig): string | null {
  const budget = apiBudget(api.usage, config.settings.apiBudgetPercent);
  if (!budget?.reached) return null;
  const n = (value: number) => value.toLocaleString('en-US');
  return budgetMessages.getMessage('budget.reached', [
    n(budget.used),
    n(budget.max),
    String(budget.percent),
    n(budget.cap),
    String(BATCH_REQUEST_RESERVE)
  ]);
}

/**
 * Deletes sync log records past their retention when the store has not looked for an hour
 * (PRUNE_INTERVAL_MS). Returns how many went; a failure is left for the next look.
 */
export async function pruneWhenDue(
  api: SalesforceApi,
  config: SyncConfig,
  store: SyncStore,
  now: Date = new Date()
): Promise<number> {
  const last = Number(store.meta('log_pruned_at') ?? 0);
  // With the log off nothing new is written, and no call is spent on it either.
  if (!config.settings.syncLogEnabled) return 0;
  if (now.getTime() - last < PRUNE_INTERVAL_MS || budgetStop(api, config)) return 0;
  store.setMeta('log_pruned_at', String(now.getTime()));
  try {
    return await pruneSyncLog(api, config, now);
  } catch {
    return 0;
  }
}

/** The newest event of each booking not applied yet; the rest are skipped. (Dry runs.) */
export function newestUnapplied(
  events: BookingEvent[],
  appliedSequence: (bookingId: string) => number | undefined
): { toApply: BookingEvent[]; skipped: BookingOutcome[] } {
  const newest = new Map<string, BookingEvent>();
  const skipped: BookingOutcome[] = [];
  const skip = (event: BookingEvent, reason: string) =>
    skipped.push({
      bookingId: event.bookingId,
      sequence: event.sequence,
      status: 'skipped',
      reason
    });
  for (const event of events) {
    const applied = appliedSequence(event.bookingId);
    if (applied !== undefined && event.sequence <= applied) {
      skip(event, `already applied (sequence ${applied} or later)`);
      continue;
    }
    const current = newest.get(event.bookingId);
    if (current && current.sequence >= event.sequence) {
      skip(event, `superseded by sequence ${current.sequence}`);
      continue;
    }
    if (current) skip(current, `superseded by sequence ${event.sequence}`);
    newest.set(event.bookingId, event);
  }
  return { toApply: [...newest.values()], skipped };
}

function report(outcomes: BookingOutcome[], apiCalls: number, stoppedBy?: string): SyncReport {
  const count = (status: BookingOutcome['status']) =>
    outcomes.filter((o) => o.status === status).length;
  return {
    applied: count('applied'),
    skipped: count('skipped'),
    failed: count('failed'),
    planned: count('planned'),
    apiCalls,
    outcomes,
    ...(stoppedBy ? { stoppedBy } : {})
  };
}

/**
 * Applies events through the store: they are queued (durably, duplicates refused), then claimed
 * and applied batch by batch until each has an outcome. Another process on the same store
 * (`serve`, a second `sync`) may apply some of them; their outcomes are read from the store. A
 * failure of the whole batch that may pass (expired session, API limit, Salesforce
 * unreachable) stops the run and leaves the rest queued for `sync --replay` or `serve`.
 */
export async function syncEvents(
  api: SalesforceApi,
  events: BookingEvent[],
  options: SyncOptions
): Promise<SyncReport> {
  const callsBefore = api.calls;
  const batchSize = Math.min(MAX_BATCH_SIZE, Math.max(1, options.batchSize ?? MAX_BATCH_SIZE));
  if (options.dryRun) return dryRun(api, events, options, batchSize);
  const { store } = options;
  const { ids, duplicates } = store.enqueue(events);
  // Events already waiting in the store (a run sent again after a crash) are this run's to
  // finish; the applied and the dead-lettered are reported as they are.
  const waiting = duplicates.filter((d) => d.state === 'queued' || d.state === 'claimed');
  const outcomes: BookingOutcome[] = duplicates
    .filter((d) => !waiting.includes(d))
    .map(({ event, reason }) => ({
      bookingId: event.bookingId,
      sequence: event.sequence,
      status: 'skipped',
      reason
    }));
  const mine = new Set([
    ...ids.filter((id): id is number => id !== null),
    ...waiting.map((d) => d.id!)
  ]);
  const logWarnings: string[] = [];
  const stoppedBy = await drainUntilDone(api, store, mine, { ...options, batchSize }, logWarnings);
  return {
    ...report(
      [...outcomes, ...outcomesOf(store, mine, stoppedBy)],
      api.calls - callsBefore,
      stoppedBy
    ),
    ...(logWarnings.length ? { logWarnings } : {})
  };
}

/** Puts every dead letter back in the queue and applies the whole queue (`sync --replay`). */
export async function replayQueue(
  api: SalesforceApi,
  options: SyncOptions
): Promise<SyncReport & { replayed: number }> {
  const callsBefore = api.calls;
  const { store } = options;
  const replayed = store.requeueDeadLetters();
  const batchSize = Math.min(MAX_BATCH_SIZE, Math.max(1, options.batchSize ?? MAX_BATCH_SIZE));
  const all = new Set<number>(replayed);
  const worker = options.worker ?? workerName('replay');
  let stoppedBy: string | undefined;
  // Read before anything is claimed: a configuration that cannot load leaves no claim behind.
  const config = store.backlog().queued ? (options.config ?? (await loadConfig(api))) : null;
  const logWarnings: string[] = [];
  while (config) {
    const overBudget = budgetStop(api, config);
    if (overBudget) {
      stoppedBy = overBudget;
      break;
    }
    const claimed = store.claim(worker, batchSize);
    if (!claimed.length) break;
    for (const { id } of claimed) all.add(id);
    const batch = await applyClaimed(api, config, store, worker, claimed);
    logWarnings.push(...(batch.logWarnings ?? []));
    stoppedBy = batch.interruptedBy;
    if (stoppedBy) break;
  }
  if (config && !stoppedBy) await pruneWhenDue(api, config, store);
  return {
    ...report(outcomesOf(store, all, stoppedBy), api.calls - callsBefore, stoppedBy),
    ...(logWarnings.length ? { logWarnings } : {}),
    replayed: replayed.length
  };
}

/** Claims and applies `mine` (waiting for what other workers hold) until all have outcomes. */
async function drainUntilDone(
  api: SalesforceApi,
  store: SyncStore,
  mine: Set<number>,
  options: SyncOptions & { batchSize: number },
  logWarnings: string[]
): Promise<string | undefined> {
  const worker = options.worker ?? workerName('sync');
  const open = new Set(mine);
  if (!open.size) return undefined;
  // Read before anything is claimed: a configuration that cannot load leaves no claim behind.
  const config = options.config ?? (await loadConfig(api));
  while (open.size) {
    const overBudget = budgetStop(api, config);
    if (overBudget) return overBudget;
    const claimed = store.claim(worker, options.batchSize, open);
    if (claimed.length) {
      const batch = await applyClaimed(api, config, store, worker, claimed);
      logWarnings.push(...(batch.logWarnings ?? []));
      if (batch.interruptedBy) return batch.interruptedBy;
    } else {
      // Held by another worker (or its booking is): wait for its outcome.
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 100));
    }
    for (const outcome of store.outcomes([...open])) open.delete(outcome.eventId);
  }
  await pruneWhenDue(api, config, store);
  return undefined;
}

/** The outcomes the store holds for these rows; rows without one are still queued. */
function outcomesOf(store: SyncStore, ids: Set<number>, stoppedBy?: string): BookingOutcome[] {
  const stored = store.outcomes([...ids]);
  const found = new Set(stored.map((outcome) => outcome.eventId));
  const left = [...ids].filter((id) => !found.has(id));
  const waiting = store.eventsOf(left).map((event): BookingOutcome => ({
    bookingId: event.bookingId,
    sequence: event.sequence,
    status: 'failed',
    error: `not applied yet, still queued: ${stoppedBy ?? 'held by another worker'}`
  }));
  return [
    ...stored.map((outcome): BookingOutcome => ({
      bookingId: outcome.bookingId,
      sequence: outcome.sequence,
      status: outcome.status,
      ...(outcome.status === 'skipped' ? { reason: outcome.detail ?? '' } : {}),
      ...(outcome.status === 'failed' ? { error: outcome.detail ?? 'unknown error' } : {}),
      ...(outcome.eventRecordId ? { eventRecordId: outcome.eventRecordId } : {}),
      ...(outcome.facts?.person
        ? { person: outcome.facts.person as BookingOutcome['person'] }
        : {}),
      ...(outcome.facts?.warnings ? { warnings: outcome.facts.warnings as string[] } : {})
    })),
    ...waiting
  ];
}

/** What a booking's log record says beyond what the store knows. */
function logDetails(
  outcome: BookingOutcome,
  apiUsage: { used: number; max: number } | null
): LogDetails {
  const { person } = outcome;
  return {
    ...(person
      ? {
          personObject: person.kind === 'PersonAccount' ? 'Account' : person.kind,
          personId: person.id ?? null,
          personCreated: person.created
        }
      : {}),
    decisions: outcome.decisions ?? [],
    warnings: outcome.warnings ?? [],
    apiUsage
  };
}

/** What an applied outcome reports beside its status, kept with it in the store. */
function outcomeFacts(outcome: BookingOutcome): Record<string, unknown> | null {
  const facts = {
    ...(outcome.person ? { person: outcome.person } : {}),
    ...(outcome.warnings?.length ? { warnings: outcome.warnings } : {})
  };
  return Object.keys(facts).length ? facts : null;
}

/** One claimed batch's result, as `serve` logs it. */
export interface BatchReport extends SyncReport {
  /** Why the batch stopped as a whole (its unfinished events are back in the queue). */
  interruptedBy?: string;
}

/**
 * Applies claimed events as one batch and records the results in the store, in one
 * transaction. Events the batch did not finish because it stopped as a whole go back to the
 * queue.
 */
export async function applyClaimed(
  api: SalesforceApi,
  config: SyncConfig,
  store: SyncStore,
  worker: string,
  claimed: ClaimedEvent[]
): Promise<BatchReport> {
  const callsBefore = api.calls;
  const run = await runBatch(
    api,
    config,
    claimed.map((entry) => entry.event),
    false
  );
  const rowOf = new Map(claimed.map((entry) => [entry.event.bookingId, entry.id]));
  const usage = api.usage ? { used: api.usage.used, max: api.usage.max } : null;
  const results: EventResult[] = run.outcomes.map((outcome) => {
    const id = rowOf.get(outcome.bookingId)!;
    const log = logDetails(outcome, usage);
    if (outcome.status === 'applied')
      return {
        id,
        status: 'applied',
        eventRecordId: outcome.eventRecordId ?? null,
        facts: outcomeFacts(outcome),
        log
      };
    if (outcome.status === 'skipped')
      return {
        id,
        status: 'skipped',
        reason: outcome.reason ?? '',
        facts: outcomeFacts(outcome),
        log
      };
    return { id, status: 'failed', error: outcome.error ?? 'unknown error', log };
  });
  for (const bookingId of run.released)
    results.push({ id: rowOf.get(bookingId)!, status: 'released' });
  store.finish(worker, results);
  // The batch's log records (and any an earlier batch left), in one more call.
  const logWarnings: string[] = [];
  if (!run.interruptedBy) {
    const written = await writeSyncLog(api, config, store);
    logWarnings.push(...written.dropped.map((drop) => drop.error));
    if (written.deferred)
      logWarnings.push(`sync log records wait for the next batch: ${written.deferred}`);
  }
  return {
    ...report(run.outcomes, api.calls - callsBefore),
    ...(run.interruptedBy ? { interruptedBy: run.interruptedBy } : {}),
    ...(logWarnings.length ? { logWarnings } : {})
  };
}

async function dryRun(
  api: SalesforceApi,
  events: BookingEvent[],
  options: SyncOptions,
  batchSize: number
): Promise<SyncReport> {
  const callsBefore = api.calls;
  const { toApply, skipped } = newestUnapplied(events, (id) => options.store.appliedSequence(id));
  const outcomes: BookingOutcome[] = [...skipped];
  if (toApply.length) {
    const config = options.config ?? (await loadConfig(api));
    for (let start = 0; start < toApply.length; start += batchSize) {
      const run = await runBatch(api, config, toApply.slice(start, start + batchSize), true);
      outcomes.push(...run.outcomes);
      if (run.interruptedBy) return report(outcomes, api.calls - callsBefore, run.interruptedBy);
    }
  }
  return report(outcomes, api.calls - callsBefore);
}

interface BatchRun {
  outcomes: BookingOutcome[];
  /** Bookings not finished when the batch stopped as a whole: back to the queue. */
  released: string[];
  /** Why the batch stopped as a whole. */
  interruptedBy?: string;
}

/** Whether a failure stops the whole batch for a while rather than its bookings for good. */
function stopsTheBatch(error: unknown): boolean {
  return error instanceof SessionExpiredError || isTransient(error);
}

/** One batch: look up, plan, then (unless a dry run) write and recover. */
async function runBatch(
  api: SalesforceApi,
  config: SyncConfig,
  batch: BookingEvent[],
  dryRun: boolean
): Promise<BatchRun> {
  const outcomes: BookingOutcome[] = [];
  let progress: BookingProgress[] = [];
  let warnings: ReadonlyMap<string, readonly string[]> = new Map();
  const noted = (outcome: BookingOutcome): BookingOutcome => {
    const notes = warnings.get(outcome.bookingId);
    return notes ? { ...outcome, warnings: [...(outcome.warnings ?? []), ...notes] } : outcome;
  };
  try {
    const facts = await lookUp(api, config, batch);
    const readable = batch.filter((event) => !facts.refused.has(event.bookingId));
    for (const event of batch)
      if (facts.refused.has(event.bookingId))
        outcomes.push(failed(event, facts.refused.get(event.bookingId)!));
    const planned = planBatch(readable, facts, config, new Date().toISOString());
    outcomes.push(
      ...planned.skipped.map(({ event, reason, warnings }) => ({
        bookingId: event.bookingId,
        sequence: event.sequence,
        status: 'skipped' as const,
        reason,
        warnings: [...warnings]
      }))
    );
    const checked = checkPlanValues(config, planned.plans);
    const { plans, refused } = checked;
    warnings = checked.warnings;
    outcomes.push(
      ...[...planned.rejected, ...refused].map(({ event, error }) => failed(event, error))
    );
    if (dryRun)
      return { outcomes: [...outcomes, ...plans.map(plannedOutcome).map(noted)], released: [] };
    progress = startProgress(plans);
    await writePlans(api, config, progress);
  } catch (error) {
    // Nothing of a booking is half written (its records are one all-or-nothing graph); one whose
    // graph committed unseen is found by its Event's Booking_Id__c when it is applied again.
    const expired = error instanceof SessionExpiredError;
    const message = expired ? error.message : `Salesforce call failed: ${(error as Error).message}`;
    const decided = new Set(outcomes.map((o) => o.bookingId));
    if (stopsTheBatch(error)) {
      // It may pass (a session to renew, an API limit, Salesforce unreachable): nothing is
      // failed for good; the next claim looks the unfinished bookings up again and completes them.
      const finished = progress.filter((p) => !p.error && p.eventId);
      for (const booking of finished) decided.add(booking.plan.event.bookingId);
      return {
        outcomes: [...outcomes, ...finished.map(writtenOutcome).map(noted)],
        released: batch.map((e) => e.bookingId).filter((id) => !decided.has(id)),
        interruptedBy: message
      };
    }
    // A call refused for good fails every booking of the batch not yet decided.
    failUnfinished(progress, message);
    for (const p of progress) decided.add(p.plan.event.bookingId);
    for (const event of batch)
      if (!decided.has(event.bookingId)) outcomes.push(failed(event, message));
  }
  outcomes.push(...progress.map(writtenOutcome).map(noted));
  return { outcomes, released: [] };
}

function failed(event: BookingEvent, error: string): BookingOutcome {
  return { bookingId: event.bookingId, sequence: event.sequence, status: 'failed', error };
}

function plannedOutcome(plan: BookingPlan): BookingOutcome {
  return {
    bookingId: plan.event.bookingId,
    sequence: plan.event.sequence,
    status: 'planned',
    writes: plannedWrites(plan),
    ...warningsOf(plan.warnings),
    decisions: [...plan.decisions]
  };
}

function writtenOutcome(booking: BookingProgress): BookingOutcome {
  const { event, person } = booking.plan;
  if (booking.error)
    return { ...failed(event, booking.error), decisions: [...booking.plan.decisions] };
  if (!booking.eventId) return failed(event, 'not written: no Event was saved for it');
  return {
    bookingId: event.bookingId,
    sequence: event.sequence,
    status: 'applied',
    eventRecordId: booking.eventId,
    person: { kind: person.kind, id: booking.personId, created: booking.personCreated },
    ...warningsOf([...booking.plan.warnings, ...(booking.warnings ?? [])]),
    decisions: [...booking.plan.decisions]
  };
}

function warningsOf(warnings: readonly string[]): { warnings?: string[] } {
  return warnings.length ? { warnings: [...warnings] } : {};
}
