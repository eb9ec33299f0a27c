// The sync store's figures for bench:sync (issue 14): API calls per booking when serve gets one
// event at a time (a trickle: one booking per batch, the configuration read once, not per
// batch), and the cost of history: opening a store that has applied 200,000 events, and the
// store's work for a 2,000-event burst through it, beside the same burst on an empty store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalOrg } from '../local-org/server.ts';
import type { BookingEvent } from '../../product/sync/events.ts';
import type { SalesforceApi } from '../../product/sync/salesforce.ts';
import { serve, signedHeaders } from '../../product/sync/serve.ts';
import { openSyncStore, syncStorePath, type SyncStore } from '../../product/sync/store.ts';

export const HISTORY = 200_000;
export const BURST = 2_000;
export const TRICKLE = 20;

type Events = (prefix: string, count: number) => BookingEvent[];

/** serve given TRICKLE events one by one, each applied before the next is sent. */
export async function trickle(
  local: LocalOrg,
  api: SalesforceApi,
  events: Events,
  dir: string
): Promise<{ callsPerBooking: number; configCalls: number }> {
  const secret = 'bench-trickle-secret-0123';
  const before = local.apiCallCount;
  const server = await serve({
    api,
    secret,
    storePath: syncStorePath(join(dir, 'trickle')),
    pollMs: 5,
    alarm: (line) => console.error(line)
  });
  let firstBatchCalls = 0;
  let firstBatch = true;
  try {
    const all = events('trickle', TRICKLE + 1);
    for (const event of all) {
      const body = JSON.stringify(event);
      const answer = await fetch(`${server.url}/events`, {
        method: 'POST',
        body,
        headers: signedHeaders(body, secret)
      });
      if (answer.status !== 202) throw new Error(`serve answered ${answer.status}`);
      await server.idle();
      // The first batch also reads the configuration (describes, settings, mappings).
      if (firstBatch) firstBatchCalls = local.apiCallCount - before;
      firstBatch = false;
    }
    if (server.deadLetters().length) throw new Error('trickle: a booking failed');
  } finally {
    await server.close();
  }
  const laterCalls = local.apiCallCount - before - firstBatchCalls;
  const perBooking = laterCalls / TRICKLE;
  return { callsPerBooking: perBooking, configCalls: firstBatchCalls - perBooking };
}

/** A store that has applied `count` events: queued, claimed and recorded, in pages. */
function withHistory(store: SyncStore, count: number): void {
  const page = 5_000;
  for (let start = 0; start < count; start += page) {
    const batch = Array.from({ length: Math.min(page, count - start) }, (_, index) => ({
      schemaVersion: 1 as const,
      type: 'booked' as const,
      bookingId: `history-${start + index}`,
      sequence: 1,
      booking: {
        start: '2026-03-02T09:00:00Z',
        end: '2026-03-02T09:30:00Z',
        person: { lastName: 'History', email: `h${start + index}@history.example` }
      }
    }));
    store.enqueue(batch);
    const claimed = store.claim('history', page);
    store.finish(
      'history',
      claimed.map((entry) => ({ id: entry.id, status: 'applied' as const }))
    );
  }
}

export interface HistoryFigures {
  openMs: number;
  burstMs: number;
  emptyBurstMs: number;
}

/**
 * Opening a store with HISTORY applied events, and the store's own work for a BURST through it
 * (queue the events, then claim and record 200 at a time), beside the same on an empty store.
 * Salesforce's part is left out: against the local org it grows with the records the emulator
 * holds, which would hide what the store costs.
 */
export function history(events: Events): HistoryFigures {
  const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
  try {
    const path = syncStorePath(join(dir, 'history'));
    const seeded = openSyncStore(path);
    withHistory(seeded, HISTORY);
    seeded.close();

    const empty = openSyncStore(syncStorePath(join(dir, 'empty')));
    let started = performance.now();
    burstThrough(empty, events('burst-empty', BURST));
    const emptyBurstMs = performance.now() - started;
    empty.close();

    started = performance.now();
    const reopened = openSyncStore(path);
    const openMs = performance.now() - started;
    started = performance.now();
    burstThrough(reopened, events('burst-history', BURST));
    const burstMs = performance.now() - started;
    reopened.close();
    return { openMs, burstMs, emptyBurstMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the store does for a burst: one enqueue, then batches of 200 claimed and recorded. */
function burstThrough(store: SyncStore, events: BookingEvent[]): void {
  store.enqueue(events);
  for (;;) {
    const claimed = store.claim('bench', 200);
    if (!claimed.length) break;
    store.finish(
      'bench',
      claimed.map((entry) => ({ id: entry.id, status: 'applied' as const }))
    );
  }
  if (store.backlog().queued) throw new Error('burst: events left in the queue');
}

/** A fresh folder for the trickle's store. */
export function benchDir(): string {
  return mkdtempSync(join(tmpdir(), 'bench-sync-'));
}
