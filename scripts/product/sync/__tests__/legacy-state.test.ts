// A state folder of an earlier version (ledger.json, dead-letter.jsonl, journal.jsonl) moves into
// the store once: what was applied stays applied (a replayed event is skipped), what failed is a
// dead letter with its error, what waited is queued; a torn last line is left out and named; the
// old files are renamed *.imported and a second open imports nothing.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bookingEvent } from '../../../tooling/test-kit/fixtures.ts';
import { importLegacyState } from '../legacy-state.ts';
import { openSyncStore, syncStorePath } from '../store.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'legacy-state-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('ledger, dead letters and journal move into the store, once', () => {
  const applied = bookingEvent({ sequence: 2 });
  const failed = bookingEvent();
  const waiting = bookingEvent();
  writeFileSync(
    join(dir, 'ledger.json'),
    JSON.stringify({
      version: 1,
      bookings: { [applied.bookingId]: { sequence: 2, appliedAt: '2026-11-01T00:00:00Z' } }
    })
  );
  writeFileSync(
    join(dir, 'dead-letter.jsonl'),
    `${JSON.stringify({ event: failed, error: 'REQUIRED_FIELD_MISSING', failedAt: 'x' })}\n`
  );
  // The journal holds the applied event again, the waiting one, and a torn last line.
  writeFileSync(
    join(dir, 'journal.jsonl'),
    `${JSON.stringify(applied)}\n${JSON.stringify(waiting)}\n{"schemaVersion": 1, "ty`
  );
  const store = openSyncStore(syncStorePath(dir));
  try {
    expect(importLegacyState(dir, store)).toEqual({
      applied: 1,
      deadLetters: 1,
      queued: 1,
      skippedLines: [`${join(dir, 'journal.jsonl')}:3`]
    });
    expect(store.appliedSequence(applied.bookingId)).toBe(2);
    expect(store.deadLetters().map((d) => [d.event.bookingId, d.error])).toEqual([
      [failed.bookingId, 'REQUIRED_FIELD_MISSING']
    ]);
    expect(store.backlog()).toEqual({ queued: 1, claimed: 0 });
    expect(store.enqueue([applied]).duplicates[0].reason).toMatch(/already applied/);
    for (const name of ['ledger.json', 'dead-letter.jsonl', 'journal.jsonl']) {
      expect(existsSync(join(dir, name))).toBe(false);
      expect(existsSync(join(dir, `${name}.imported`))).toBe(true);
    }
    expect(importLegacyState(dir, store)).toBeNull();
  } finally {
    store.close();
  }
});

test('a folder without old files imports nothing', () => {
  const store = openSyncStore(syncStorePath(dir));
  try {
    expect(importLegacyState(dir, store)).toBeNull();
  } finally {
    store.close();
  }
});
