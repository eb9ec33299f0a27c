// Durable state of the sync: the ledger of applied events (booking id -> highest sequence
// applied), so replaying a file applies nothing new, and the dead-letter file of bookings that
// could not be applied, with Salesforce's error, for `sync --replay`.
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync
} from 'node:fs';
import { dirname } from 'node:path';
import { productMessages } from '../messages.ts';
import { eventProblems, type BookingEvent } from './events.ts';

const messages = productMessages('sync.ledger');

interface LedgerFile {
  version: 1;
  bookings: Record<string, { sequence: number; appliedAt: string }>;
}

/** Appends text and fsyncs it before returning: the text survives a crash once this returns. */
export function appendDurably(path: string, text: string): void {
  writeDurably(path, text, true);
}

function writeDurably(path: string, text: string, append = false): void {
  mkdirSync(dirname(path), { recursive: true });
  const target = append ? path : `${path}.tmp`;
  const fd = openSync(target, append ? 'a' : 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  // A rename is atomic: a crash leaves the old ledger or the new one, never half of one.
  if (!append) renameSync(target, path);
}

export class Ledger {
  private readonly path: string | null;
  private readonly data: LedgerFile;

  /** path null keeps the ledger in memory (dry runs, benchmarks). */
  constructor(path: string | null) {
    this.path = path;
    this.data = { version: 1, bookings: {} };
    if (path && existsSync(path)) {
      let parsed: LedgerFile;
      try {
        parsed = JSON.parse(readFileSync(path, 'utf8')) as LedgerFile;
      } catch (error) {
        throw new Error(
          messages.getMessage('error.ledger-not-json', [path, (error as Error).message])
        );
      }
      if (parsed?.version !== 1 || typeof parsed.bookings !== 'object') {
        throw new Error(messages.getMessage('error.not-a-ledger', [path]));
      }
      this.data.bookings = parsed.bookings;
    }
  }

  appliedSequence(bookingId: string): number | undefined {
    return this.data.bookings[bookingId]?.sequence;
  }

  /** True when the event is new: its sequence is above everything applied for its booking. */
  isNew(event: BookingEvent): boolean {
    const applied = this.appliedSequence(event.bookingId);
    return applied === undefined || event.sequence > applied;
  }

  record(events: BookingEvent[]): void {
    const appliedAt = new Date().toISOString();
    for (const event of events) {
      if (this.isNew(event))
        this.data.bookings[event.bookingId] = { sequence: event.sequence, appliedAt };
    }
    if (this.path) writeDurably(this.path, `${JSON.stringify(this.data)}\n`);
  }
}

export interface DeadLetter {
  event: BookingEvent;
  error: string;
  failedAt: string;
}

export class DeadLetterFile {
  readonly path: string;
  constructor(path: string) {
    this.path = path;
  }

  append(entries: { event: BookingEvent; error: string }[]): void {
    if (!entries.length) return;
    const failedAt = new Date().toISOString();
    const text = entries.map((entry) => JSON.stringify({ ...entry, failedAt })).join('\n') + '\n';
    writeDurably(this.path, text, true);
  }

  read(): DeadLetter[] {
    if (!existsSync(this.path)) return [];
    const entries: DeadLetter[] = [];
    readFileSync(this.path, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (!line.trim()) return;
        let entry: DeadLetter;
        try {
          entry = JSON.parse(line) as DeadLetter;
        } catch (error) {
          throw new Error(
            messages.getMessage('error.dead-letter-not-json', [
              this.path,
              index + 1,
              (error as Error).message
            ])
          );
        }
        const problems = eventProblems(entry?.event);
        if (problems.length)
          throw new Error(
            messages.getMessage('error.dead-letter-invalid', [
              this.path,
              index + 1,
              problems.join('; ')
            ])
          );
        entries.push(entry);
      });
    return entries;
  }

  /** Replaces the file's content (after a replay: only what still fails stays). */
  rewrite(entries: DeadLetter[]): void {
    writeDurably(this.path, entries.map((entry) => JSON.stringify(entry) + '\n').join(''));
  }
}
