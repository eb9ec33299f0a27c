// State folders of earlier versions kept three files: ledger.json (booking id -> highest sequence
// applied), dead-letter.jsonl (event + Salesforce's error) and journal.jsonl (serve's accepted
// events). The first time a store is opened on such a folder, their content moves into it, so an
// upgrade neither forgets what was applied nor loses what failed or waited; each file is then
// renamed *.imported (kept, not deleted, and never read again). A torn last line (a crash in the
// middle of an append) is left out, as its write never finished.
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { eventProblems, type BookingEvent } from './events.ts';
import type { SyncStore } from './store.ts';

export interface LegacyImport {
  applied: number;
  deadLetters: number;
  queued: number;
  /** Lines left out: torn or not an event (file and line). */
  skippedLines: string[];
}

const IMPORTER = 'legacy-import';

function jsonLines(path: string, skipped: string[]): unknown[] {
  const rows: unknown[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (!line.trim()) return;
      try {
        rows.push(JSON.parse(line));
      } catch {
        skipped.push(`${path}:${index + 1}`);
      }
    });
  return rows;
}

/** A minimal event standing for a booking the ledger says was applied up to `sequence`. */
function appliedMarker(bookingId: string, sequence: number): BookingEvent {
  return {
    schemaVersion: 1,
    type: 'booked',
    bookingId,
    sequence,
    booking: { start: '1970-01-01T00:00:00Z', end: '1970-01-01T00:00:00Z', person: {} }
  } as BookingEvent;
}

/** Moves the state files of an earlier version in `stateDir` into the store, once. */
export function importLegacyState(stateDir: string, store: SyncStore): LegacyImport | null {
  const ledgerPath = join(stateDir, 'ledger.json');
  const deadPath = join(stateDir, 'dead-letter.jsonl');
  const journalPath = join(stateDir, 'journal.jsonl');
  if (![ledgerPath, deadPath, journalPath].some((path) => existsSync(path))) return null;
  const result: LegacyImport = { applied: 0, deadLetters: 0, queued: 0, skippedLines: [] };

  if (existsSync(ledgerPath)) {
    const ledger = JSON.parse(readFileSync(ledgerPath, 'utf8')) as {
      bookings?: Record<string, { sequence: number }>;
    };
    const markers = Object.entries(ledger.bookings ?? {}).map(([id, entry]) =>
      appliedMarker(id, entry.sequence)
    );
    for (let start = 0; start < markers.length; start += 5000) {
      const { ids } = store.enqueue(markers.slice(start, start + 5000));
      const rows = new Set(ids.filter((id): id is number => id !== null));
      const claimed = store.claim(IMPORTER, rows.size, rows);
      store.finish(
        IMPORTER,
        claimed.map((entry) => ({ id: entry.id, status: 'applied' as const }))
      );
      result.applied += claimed.length;
    }
  }

  if (existsSync(deadPath)) {
    const letters = jsonLines(deadPath, result.skippedLines).filter(
      (row): row is { event: BookingEvent; error: string } =>
        eventProblems((row as { event?: unknown }).event).length === 0
    );
    const { ids } = store.enqueue(letters.map((letter) => letter.event));
    const errorOf = new Map<number, string>();
    ids.forEach((id, index) => id !== null && errorOf.set(id, String(letters[index].error)));
    const claimed = store.claim(IMPORTER, errorOf.size, new Set(errorOf.keys()));
    store.finish(
      IMPORTER,
      claimed.map((entry) => ({
        id: entry.id,
        status: 'failed' as const,
        error: errorOf.get(entry.id) ?? 'failed before the upgrade'
      }))
    );
    result.deadLetters += claimed.length;
  }

  if (existsSync(journalPath)) {
    // Events already applied or dead-lettered above are refused as duplicates; the rest wait.
    const events = jsonLines(journalPath, result.skippedLines).filter(
      (row): row is BookingEvent => eventProblems(row).length === 0
    );
    result.queued += store.enqueue(events).ids.filter((id) => id !== null).length;
  }

  for (const path of [ledgerPath, deadPath, journalPath])
    if (existsSync(path)) renameSync(path, `${path}.imported`);
  return result;
}
