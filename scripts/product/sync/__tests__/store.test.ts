// The sync store on its own (no org): queueing refuses duplicates, a claim takes each booking's
// newest event and never a booking another worker holds, results are recorded in one step, an
// applied event leaves the queue, a dead worker's claims come back, booking ids are exact
// strings (case, __proto__), and the file is private and survives reopening. Two processes on
// one file are tested in store-processes.test.ts.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { bookingEvent } from '../../../tooling/test-kit/fixtures.ts';
import type { BookingEvent } from '../events.ts';
import { CLAIM_LEASE_MS, openSyncStore, syncStorePath, type SyncStore } from '../store.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sync-store-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function event(bookingId: string, sequence: number): BookingEvent {
  return { ...bookingEvent(), bookingId, sequence };
}

const ids = (claimed: { id: number }[]) => claimed.map((entry) => entry.id);

describe('queue and claims', () => {
  let store: SyncStore;
  beforeEach(() => {
    store = openSyncStore(null);
  });
  afterEach(() => store.close());

  test('the same event twice is queued once; the second is a duplicate with its reason', () => {
    const result = store.enqueue([event('b1', 1), event('b1', 1)]);
    expect(result.ids[0]).toEqual(expect.any(Number));
    expect(result.ids[1]).toBeNull();
    expect(result.duplicates.map((d) => d.reason)).toEqual(['already queued']);
    expect(store.backlog()).toEqual({ queued: 1, claimed: 0 });
  });

  test("a claim takes a booking's newest event and skips the older ones with a reason", () => {
    const { ids: rows } = store.enqueue([event('b1', 1), event('b1', 3), event('b1', 2)]);
    const claimed = store.claim('w1', 10);
    expect(claimed.map((c) => c.event.sequence)).toEqual([3]);
    expect(
      store
        .outcomes(rows as number[])
        .map((o) => `${o.sequence}:${o.status}:${o.detail}`)
        .sort()
    ).toEqual(['1:skipped:superseded by sequence 3', '2:skipped:superseded by sequence 3']);
  });

  test('a booking one worker holds is not claimed by another, even for a newer event', () => {
    store.enqueue([event('b1', 1), event('b2', 1)]);
    const first = store.claim('w1', 1);
    expect(first.map((c) => c.event.bookingId)).toEqual(['b1']);
    store.enqueue([event('b1', 2)]);
    const second = store.claim('w2', 10);
    expect(second.map((c) => c.event.bookingId)).toEqual(['b2']);
    store.finish('w1', [{ id: first[0].id, status: 'applied', eventRecordId: '00U1' }]);
    expect(store.claim('w2', 10).map((c) => `${c.event.bookingId}#${c.event.sequence}`)).toEqual([
      'b1#2'
    ]);
  });

  test('applied: out of the queue, its sequence recorded; a later older event is skipped', () => {
    store.enqueue([event('b1', 2)]);
    const [claimed] = store.claim('w1', 10);
    store.finish('w1', [{ id: claimed.id, status: 'applied', eventRecordId: '00U1' }]);
    expect(store.backlog()).toEqual({ queued: 0, claimed: 0 });
    expect(store.appliedSequence('b1')).toBe(2);
    const late = store.enqueue([event('b1', 1)]);
    expect(late.duplicates[0].reason).toBe('already applied (sequence 2 or later)');
    expect(store.outcomes([claimed.id])[0]).toMatchObject({
      status: 'applied',
      eventRecordId: '00U1'
    });
  });

  test('failed: a dead letter with its error, put back in the queue by a replay', () => {
    store.enqueue([event('b1', 1)]);
    const [claimed] = store.claim('w1', 10);
    store.finish('w1', [{ id: claimed.id, status: 'failed', error: 'REQUIRED_FIELD_MISSING' }]);
    expect(store.deadLetters().map((d) => d.error)).toEqual(['REQUIRED_FIELD_MISSING']);
    expect(store.claim('w1', 10)).toEqual([]);
    expect(store.requeueDeadLetters()).toEqual([claimed.id]);
    expect(ids(store.claim('w1', 10))).toEqual([claimed.id]);
  });

  test('released: back in the queue, claimable again', () => {
    store.enqueue([event('b1', 1)]);
    const [claimed] = store.claim('w1', 10);
    store.finish('w1', [{ id: claimed.id, status: 'released' }]);
    expect(store.backlog()).toEqual({ queued: 1, claimed: 0 });
    expect(ids(store.claim('w2', 10))).toEqual([claimed.id]);
  });

  test('a result from a worker whose claim ran out changes nothing', () => {
    let now = 1_000_000;
    const timed = openSyncStore(null, () => now);
    try {
      timed.enqueue([event('b1', 1)]);
      const [claimed] = timed.claim('w1', 10);
      now += CLAIM_LEASE_MS + 1;
      expect(ids(timed.claim('w2', 10))).toEqual([claimed.id]);
      timed.finish('w1', [{ id: claimed.id, status: 'failed', error: 'late' }]);
      expect(timed.deadLetters()).toEqual([]);
      timed.finish('w2', [{ id: claimed.id, status: 'applied' }]);
      expect(timed.appliedSequence('b1')).toBe(1);
    } finally {
      timed.close();
    }
  });

  test('claims of a process that is gone come back at once', () => {
    store.enqueue([event('b1', 1)]);
    // A holder name as workerName() makes it, for a process id no process has.
    const gone = `${hostname()}:999999999:serve:dead`;
    const [claimed] = store.claim(gone, 10);
    expect(ids(store.claim('w2', 10))).toEqual([claimed.id]);
  });

  test('booking ids are exact: case differs, __proto__ and constructor are ordinary ids', () => {
    store.enqueue([
      event('ABC', 1),
      event('abc', 1),
      event('__proto__', 1),
      event('constructor', 1)
    ]);
    const claimed = store.claim('w1', 10);
    expect(claimed.map((c) => c.event.bookingId).sort()).toEqual(
      ['ABC', 'abc', '__proto__', 'constructor'].sort()
    );
    store.finish(
      'w1',
      claimed.map((c) => ({ id: c.id, status: 'applied' as const }))
    );
    expect(store.appliedSequence('__proto__')).toBe(1);
    expect(store.appliedSequence('ABC')).toBe(1);
    expect(store.appliedSequence('Abc')).toBeUndefined();
  });

  test('`only` claims those rows and passes over the rest', () => {
    const { ids: rows } = store.enqueue([event('b1', 1), event('b2', 1), event('b3', 1)]);
    const mine = new Set([rows[2] as number]);
    expect(ids(store.claim('w1', 10, mine))).toEqual([rows[2]]);
    expect(store.backlog()).toEqual({ queued: 2, claimed: 1 });
  });
});

describe('the store file', () => {
  test('is readable by its user alone, and so is its folder', () => {
    const folder = join(dir, 'private');
    const path = syncStorePath(folder);
    const store = openSyncStore(path);
    store.enqueue([event('b1', 1)]);
    store.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
  });

  test('keeps the queue, the applied sequences and the dead letters across reopening', () => {
    const path = syncStorePath(join(dir, 'reopen'));
    const first = openSyncStore(path);
    first.enqueue([event('b1', 1), event('b2', 1), event('b3', 1)]);
    const claimed = first.claim('w1', 2);
    first.finish('w1', [
      { id: claimed[0].id, status: 'applied' },
      { id: claimed[1].id, status: 'failed', error: 'no' }
    ]);
    first.close();
    const second = openSyncStore(path);
    expect(second.appliedSequence(claimed[0].event.bookingId)).toBe(1);
    expect(second.deadLetters()).toHaveLength(1);
    expect(second.backlog()).toEqual({ queued: 1, claimed: 0 });
    second.close();
  });
});
