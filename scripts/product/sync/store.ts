// The sync's one durable state: the queue of accepted booking events, what has been applied per
// booking, the dead letters and each event's outcome, in one SQLite database (Node's built-in
// node:sqlite, no native add-on). `serve`, `sync` and `sync --replay` may use one store at the
// same time, from several processes:
//  - every state change is one transaction; writers take the lock up front (BEGIN IMMEDIATE)
//    and wait for each other (busy_timeout) instead of failing;
//  - WAL journaling, so readers never block the writer and a crash leaves the last committed
//    transaction (https://www.sqlite.org/wal.html, https://www.sqlite.org/lang_transaction.html);
//  - a worker claims a batch: for each booking, its newest queued event, and only when no other
//    worker holds a claim on that booking (order per booking); a claim is a lease, so the events
//    of a worker that died return to the queue (at once when its process is gone from this host);
//  - an applied event leaves the queue in the same transaction that records it as applied, so
//    the queue holds only what is left to do (a restart reads nothing of the history) and an
//    event is never both applied and queued.
// The file holds people's names, emails and notes: it and its folder are private to the user.
//
// Everything the engine and serve need goes through the SyncStore interface, so that a server
// database can stand behind it when several machines share one queue (README: "Scaling out").
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { BookingEvent } from './events.ts';

/** How long a claim holds before its events return to the queue. */
export const CLAIM_LEASE_MS = 10 * 60 * 1000;
/** Outcomes are kept this long, for `sync` runs and operators to read. */
export const OUTCOME_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export type OutcomeStatus = 'applied' | 'skipped' | 'failed';

export interface StoredOutcome {
  eventId: number;
  bookingId: string;
  sequence: number;
  status: OutcomeStatus;
  /** Why it was skipped, or what failed. */
  detail: string | null;
  eventRecordId: string | null;
  /** What the engine reports beside the status (the person written, warnings), as it gave it. */
  facts: Record<string, unknown> | null;
  at: string;
}

/**
 * One sync log record to send to the org (sync-log.ts), kept in the store's outbox from the
 * transaction that records its outcome until Salesforce has it: a crash between the two loses
 * no log record, and the key (unique per store and row) lets a resend upsert instead of double.
 */
export interface LogEntry {
  key: string;
  bookingId: string;
  sequence: number;
  eventType: string | null;
  outcome: 'Applied' | 'Skipped' | 'Failed';
  personObject?: string | null;
  personId?: string | null;
  personCreated?: boolean;
  eventRecordId?: string | null;
  decisions: string[];
  warnings: string[];
  error?: string | null;
  processedAt: string;
  apiUsage?: { used: number; max: number } | null;
  worker: string;
}

/** What the worker adds to an outcome's log record beyond what the store knows. */
export type LogDetails = Partial<
  Pick<
    LogEntry,
    'personObject' | 'personId' | 'personCreated' | 'decisions' | 'warnings' | 'apiUsage'
  >
>;

export interface ClaimedEvent {
  /** The event's row in the store. */
  id: number;
  event: BookingEvent;
}

export interface DeadLetter {
  id: number;
  event: BookingEvent;
  error: string;
  failedAt: string;
}

/** The result of one claimed event, as the worker hands it back. */
export type EventResult =
  | {
      id: number;
      status: 'applied';
      eventRecordId?: string | null;
      detail?: string | null;
      facts?: Record<string, unknown> | null;
      log?: LogDetails;
    }
  | { id: number; status: 'failed'; error: string; log?: LogDetails }
  /**
   * Not applied, and never to be: the org already holds this state of the booking or a later
   * one (its Event carries the sequence), which the store then records as applied too.
   */
  | {
      id: number;
      status: 'skipped';
      reason: string;
      facts?: Record<string, unknown> | null;
      log?: LogDetails;
    }
  /** Not attempted, or interrupted by a failure of the whole batch: back to the queue. */
  | { id: number; status: 'released' };

export interface EnqueueResult {
  /** The row of each event given, in order, or null when it was not queued. */
  ids: (number | null)[];
  /**
   * Events refused as duplicates, with why: already applied, or already in the store (its row
   * and state, so a run sent the same events again after a crash can finish them).
   */
  duplicates: {
    event: BookingEvent;
    reason: string;
    id?: number;
    state?: 'queued' | 'claimed' | 'dead';
  }[];
}

export interface SyncStore {
  readonly path: string | null;
  /** Queues events durably (one transaction). An event already queued or applied is not. */
  enqueue(events: BookingEvent[]): EnqueueResult;
  /**
   * Claims up to `limit` bookings' newest queued events for `worker`; older queued events of
   * those bookings, and events not above what is applied, are skipped (and given outcomes).
   * `only` limits the claim to these rows.
   */
  claim(worker: string, limit: number, only?: ReadonlySet<number>): ClaimedEvent[];
  /** Records the results of a claim in one transaction. */
  finish(worker: string, results: EventResult[]): void;
  /** The highest sequence applied for a booking (booking ids are compared exactly). */
  appliedSequence(bookingId: string): number | undefined;
  /** Outcomes of the given rows (those that have one). */
  outcomes(ids: readonly number[]): StoredOutcome[];
  /** The events of these rows that are still in the queue (queued or claimed). */
  eventsOf(ids: readonly number[]): BookingEvent[];
  /** Events waiting (queued or claimed). */
  backlog(): { queued: number; claimed: number };
  deadLetters(): DeadLetter[];
  /** Puts every dead letter back in the queue; returns their rows. */
  requeueDeadLetters(): number[];
  /** Sync log records not sent to the org yet, oldest first. */
  pendingLog(limit: number): LogEntry[];
  /** Removes sent (or dropped) log records from the outbox. */
  removeLog(keys: readonly string[]): void;
  /** A small value the engine keeps with the store (when it last pruned the sync log). */
  meta(key: string): string | null;
  setMeta(key: string, value: string): void;
  close(): void;
}

/** The store of a state folder (`--state-dir`). */
export function syncStorePath(stateDir: string): string {
  return join(stateDir, 'sync.db');
}

/** A worker's name: host, process and a random part, so a claim names who holds it. */
export function workerName(role: string): string {
  return `${hostname()}:${process.pid}:${role}:${randomBytes(4).toString('hex')}`;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  booking_id TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  body TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued', 'claimed', 'dead')),
  claimed_by TEXT,
  claim_expires INTEGER,
  error TEXT,
  failed_at INTEGER,
  UNIQUE (booking_id, sequence)
);
CREATE INDEX IF NOT EXISTS events_by_state ON events (state, id);
CREATE INDEX IF NOT EXISTS events_by_booking ON events (booking_id, state);
CREATE TABLE IF NOT EXISTS applied (
  booking_id TEXT PRIMARY KEY,
  sequence INTEGER NOT NULL,
  applied_at INTEGER NOT NULL,
  event_record_id TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS outcomes (
  event_id INTEGER PRIMARY KEY,
  booking_id TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  status TEXT NOT NULL,
  detail TEXT,
  event_record_id TEXT,
  facts TEXT,
  at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS outcomes_by_time ON outcomes (at);
CREATE TABLE IF NOT EXISTS sync_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  entry TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`;

/** Creates the file (and its folder) private to the user before SQLite opens it. */
function createPrivately(path: string): void {
  const dir = dirname(path);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  // SQLite creates its -wal and -shm files with the database file's permissions
  // (https://www.sqlite.org/tempfiles.html names them; os_unix.c copies the mode).
  closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
}

/**
 * Opens (or creates) the store at `path`; null keeps it in memory (dry runs, benchmarks, tests).
 */
export function openSyncStore(path: string | null, now: () => number = Date.now): SyncStore {
  if (path) createPrivately(path);
  const db = new DatabaseSync(path ?? ':memory:');
  // Wait for another process's transaction rather than fail with SQLITE_BUSY
  // (https://www.sqlite.org/pragma.html#pragma_busy_timeout).
  db.exec('PRAGMA busy_timeout = 10000');
  if (path) db.exec('PRAGMA journal_mode = WAL');
  // FULL: a committed transaction survives a power cut, not only a process crash
  // (https://www.sqlite.org/pragma.html#pragma_synchronous).
  db.exec('PRAGMA synchronous = FULL');
  db.exec(SCHEMA);
  return new SqliteSyncStore(db, path, now);
}

function transaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

/** The type of a stored event body, for its log record. */
function eventTypeOf(body: string): string | null {
  try {
    return String((JSON.parse(body) as { type?: unknown }).type ?? '') || null;
  } catch {
    return null;
  }
}

/** Whether a claim's holder is a process of this host that no longer runs. */
function holderIsGone(worker: string): boolean {
  const [host, pid] = worker.split(':');
  if (host !== hostname() || !/^\d+$/.test(pid ?? '')) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

class SqliteSyncStore implements SyncStore {
  readonly path: string | null;
  private readonly db: DatabaseSync;
  private readonly now: () => number;
  private readonly statements: Record<string, StatementSync>;
  private readonly storeId: string;

  constructor(db: DatabaseSync, path: string | null, now: () => number) {
    this.db = db;
    this.path = path;
    this.now = now;
    const prepare = (sql: string) => db.prepare(sql);
    this.statements = {
      applied: prepare('SELECT sequence FROM applied WHERE booking_id = ?'),
      queuedSame: prepare('SELECT id, state FROM events WHERE booking_id = ? AND sequence = ?'),
      insert: prepare(
        `INSERT INTO events (booking_id, sequence, body, received_at, state) VALUES (?, ?, ?, ?, 'queued')`
      ),
      claims: prepare(`SELECT DISTINCT claimed_by FROM events WHERE state = 'claimed'`),
      release: prepare(
        `UPDATE events SET state = 'queued', claimed_by = NULL, claim_expires = NULL WHERE state = 'claimed' AND (claimed_by = ? OR claim_expires < ?)`
      ),
      // Bookings with a queued event and no claimed one, oldest first.
      candidates: prepare(
        `SELECT booking_id, MIN(id) AS first FROM events e WHERE state = 'queued'
           AND NOT EXISTS (SELECT 1 FROM events c WHERE c.booking_id = e.booking_id AND c.state = 'claimed')
         GROUP BY booking_id ORDER BY first LIMIT ?`
      ),
      queuedOf: prepare(
        `SELECT id, sequence, body FROM events WHERE booking_id = ? AND state = 'queued' ORDER BY sequence DESC`
      ),
      claimOne: prepare(
        `UPDATE events SET state = 'claimed', claimed_by = ?, claim_expires = ? WHERE id = ?`
      ),
      remove: prepare('DELETE FROM events WHERE id = ?'),
      outcome: prepare(
        `INSERT OR REPLACE INTO outcomes (event_id, booking_id, sequence, status, detail, event_record_id, facts, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
      ),
      heldBy: prepare(
        `SELECT booking_id, sequence, body FROM events WHERE id = ? AND state = 'claimed' AND claimed_by = ?`
      ),
      recordApplied: prepare(
        `INSERT INTO applied (booking_id, sequence, applied_at, event_record_id) VALUES (?, ?, ?, ?)
         ON CONFLICT (booking_id) DO UPDATE SET sequence = excluded.sequence, applied_at = excluded.applied_at,
           event_record_id = COALESCE(excluded.event_record_id, applied.event_record_id)
         WHERE excluded.sequence > applied.sequence`
      ),
      dead: prepare(
        `UPDATE events SET state = 'dead', claimed_by = NULL, claim_expires = NULL, error = ?, failed_at = ? WHERE id = ?`
      ),
      releaseOne: prepare(
        `UPDATE events SET state = 'queued', claimed_by = NULL, claim_expires = NULL WHERE id = ? AND claimed_by = ?`
      ),
      backlog: prepare(
        `SELECT SUM(state = 'queued') AS queued, SUM(state = 'claimed') AS claimed FROM events`
      ),
      deadLetters: prepare(
        `SELECT id, body, error, failed_at FROM events WHERE state = 'dead' ORDER BY id`
      ),
      requeue: prepare(
        `UPDATE events SET state = 'queued', error = NULL, failed_at = NULL WHERE state = 'dead' RETURNING id`
      ),
      pruneOutcomes: prepare('DELETE FROM outcomes WHERE at < ?'),
      logInsert: prepare('INSERT INTO sync_log (entry) VALUES (?)'),
      logPending: prepare('SELECT id, entry FROM sync_log ORDER BY id LIMIT ?'),
      logRemove: prepare('DELETE FROM sync_log WHERE id = ?')
    };
    this.statements.pruneOutcomes.run(this.now() - OUTCOME_RETENTION_MS);
    // This store's id: with a row id, the key of a log record no other store can give.
    db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run(
      'store_id',
      randomBytes(8).toString('hex')
    );
    this.storeId = (
      db.prepare("SELECT value FROM meta WHERE key = 'store_id'").get() as { value: string }
    ).value;
  }

  appliedSequence(bookingId: string): number | undefined {
    const row = this.statements.applied.get(bookingId) as { sequence: number } | undefined;
    return row?.sequence;
  }

  enqueue(events: BookingEvent[]): EnqueueResult {
    return transaction(this.db, () => {
      const ids: (number | null)[] = [];
      const duplicates: EnqueueResult['duplicates'] = [];
      const at = this.now();
      for (const event of events) {
        const applied = this.appliedSequence(event.bookingId);
        if (applied !== undefined && event.sequence <= applied) {
          duplicates.push({ event, reason: `already applied (sequence ${applied} or later)` });
          ids.push(null);
          continue;
        }
        const same = this.statements.queuedSame.get(event.bookingId, event.sequence) as
          { id: number; state: 'queued' | 'claimed' | 'dead' } | undefined;
        if (same) {
          duplicates.push({
            event,
            reason: same.state === 'dead' ? 'already failed: replay it' : 'already queued',
            id: same.id,
            state: same.state
          });
          ids.push(null);
          continue;
        }
        const inserted = this.statements.insert.run(
          event.bookingId,
          event.sequence,
          JSON.stringify(event),
          at
        );
        ids.push(Number(inserted.lastInsertRowid));
      }
      return { ids, duplicates };
    });
  }

  claim(worker: string, limit: number, only?: ReadonlySet<number>): ClaimedEvent[] {
    return transaction(this.db, () => {
      const at = this.now();
      // Claims that ran out, and claims of processes of this host that have gone.
      for (const { claimed_by: holder } of this.statements.claims.all() as {
        claimed_by: string;
      }[])
        if (holderIsGone(holder)) this.statements.release.run(holder, at);
      this.statements.release.run('', at);
      const claimed: ClaimedEvent[] = [];
      // Candidates are scanned in pages so that `only` can pass over other processes' events.
      const scan = only ? Math.max(limit * 4, 1000) : limit;
      const candidates = this.statements.candidates.all(scan) as { booking_id: string }[];
      for (const { booking_id: bookingId } of candidates) {
        if (claimed.length >= limit) break;
        const queued = this.statements.queuedOf.all(bookingId) as {
          id: number;
          sequence: number;
          body: string;
        }[];
        if (only && !queued.some((row) => only.has(row.id))) continue;
        const applied = this.appliedSequence(bookingId);
        const [newest, ...older] = queued;
        for (const row of older)
          this.skip(row, bookingId, `superseded by sequence ${newest.sequence}`, at, worker);
        if (applied !== undefined && newest.sequence <= applied) {
          this.skip(
            newest,
            bookingId,
            `already applied (sequence ${applied} or later)`,
            at,
            worker
          );
          continue;
        }
        this.statements.claimOne.run(worker, at + CLAIM_LEASE_MS, newest.id);
        claimed.push({ id: newest.id, event: JSON.parse(newest.body) as BookingEvent });
      }
      return claimed;
    });
  }

  private skip(
    row: { id: number; sequence: number; body: string },
    bookingId: string,
    why: string,
    at: number,
    worker: string
  ) {
    this.statements.remove.run(row.id);
    this.statements.outcome.run(row.id, bookingId, row.sequence, 'skipped', why, null, null, at);
    this.log(
      { bookingId, sequence: row.sequence, eventType: eventTypeOf(row.body) },
      { outcome: 'Skipped', decisions: [`skipped: ${why}`], warnings: [] },
      at,
      worker
    );
  }

  /** Puts a log record in the outbox (inside the caller's transaction). */
  private log(
    event: { bookingId: string; sequence: number; eventType: string | null },
    details: LogDetails & Pick<LogEntry, 'outcome'> & Partial<LogEntry>,
    at: number,
    worker: string
  ): void {
    // The key is not stored: it is this store's id and the row's, added when the row is read.
    const entry: Omit<LogEntry, 'key'> = {
      decisions: [],
      warnings: [],
      ...details,
      bookingId: event.bookingId,
      sequence: event.sequence,
      eventType: event.eventType,
      processedAt: new Date(at).toISOString(),
      worker
    };
    this.statements.logInsert.run(JSON.stringify(entry));
  }

  meta(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
      { value: string } | undefined;
    return row?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.db
      .prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'
      )
      .run(key, value);
  }

  pendingLog(limit: number): LogEntry[] {
    return (this.statements.logPending.all(limit) as { id: number; entry: string }[]).map(
      (row) => ({
        ...(JSON.parse(row.entry) as Omit<LogEntry, 'key'>),
        key: `${this.storeId}:${row.id}`
      })
    );
  }

  removeLog(keys: readonly string[]): void {
    transaction(this.db, () => {
      for (const key of keys) {
        const [storeId, id] = key.split(':');
        if (storeId === this.storeId) this.statements.logRemove.run(Number(id));
      }
    });
  }

  finish(worker: string, results: EventResult[]): void {
    transaction(this.db, () => {
      const at = this.now();
      for (const result of results) {
        const held = this.statements.heldBy.get(result.id, worker) as
          { booking_id: string; sequence: number; body: string } | undefined;
        // A claim that ran out belongs to the queue again (another worker may hold it now).
        if (!held) continue;
        if (result.status === 'released') {
          this.statements.releaseOne.run(result.id, worker);
          continue;
        }
        const outcome = (
          detail: string | null,
          eventRecordId: string | null,
          facts?: object | null
        ) =>
          this.statements.outcome.run(
            result.id,
            held.booking_id,
            held.sequence,
            result.status,
            detail,
            eventRecordId,
            facts ? JSON.stringify(facts) : null,
            at
          );
        const event = {
          bookingId: held.booking_id,
          sequence: held.sequence,
          eventType: eventTypeOf(held.body)
        };
        if (result.status === 'failed') {
          this.statements.dead.run(result.error, at, result.id);
          outcome(result.error, null);
          this.log(event, { ...result.log, outcome: 'Failed', error: result.error }, at, worker);
          continue;
        }
        // Applied, or skipped because the org already holds this state: applied either way.
        const eventRecordId = result.status === 'applied' ? (result.eventRecordId ?? null) : null;
        this.statements.recordApplied.run(held.booking_id, held.sequence, at, eventRecordId);
        this.statements.remove.run(result.id);
        outcome(
          result.status === 'applied' ? (result.detail ?? null) : result.reason,
          eventRecordId,
          result.facts
        );
        this.log(
          event,
          result.status === 'applied'
            ? { ...result.log, outcome: 'Applied', eventRecordId }
            : {
                ...result.log,
                outcome: 'Skipped',
                decisions: [`skipped: ${result.reason}`, ...(result.log?.decisions ?? [])]
              },
          at,
          worker
        );
      }
    });
  }

  outcomes(ids: readonly number[]): StoredOutcome[] {
    return this.inPages(
      ids,
      (marks) =>
        `SELECT event_id, booking_id, sequence, status, detail, event_record_id, facts, at FROM outcomes WHERE event_id IN (${marks}) ORDER BY event_id`
    ).map((row) => ({
      eventId: row.event_id as number,
      bookingId: row.booking_id as string,
      sequence: row.sequence as number,
      status: row.status as OutcomeStatus,
      detail: (row.detail as string | null) ?? null,
      eventRecordId: (row.event_record_id as string | null) ?? null,
      facts: row.facts ? (JSON.parse(row.facts as string) as Record<string, unknown>) : null,
      at: new Date(row.at as number).toISOString()
    }));
  }

  eventsOf(ids: readonly number[]): BookingEvent[] {
    return this.inPages(
      ids,
      (marks) => `SELECT body FROM events WHERE state != 'dead' AND id IN (${marks}) ORDER BY id`
    ).map((row) => JSON.parse(row.body as string) as BookingEvent);
  }

  /** Rows selected by id, in pages: SQLite binds at most 32,766 parameters (limits.html). */
  private inPages(ids: readonly number[], sql: (marks: string) => string) {
    const rows: Record<string, unknown>[] = [];
    for (let start = 0; start < ids.length; start += 500) {
      const page = ids.slice(start, start + 500);
      rows.push(
        ...(this.db.prepare(sql(page.map(() => '?').join(','))).all(...page) as Record<
          string,
          unknown
        >[])
      );
    }
    return rows;
  }

  backlog(): { queued: number; claimed: number } {
    const row = this.statements.backlog.get() as { queued: number | null; claimed: number | null };
    return { queued: row.queued ?? 0, claimed: row.claimed ?? 0 };
  }

  deadLetters(): DeadLetter[] {
    return (
      this.statements.deadLetters.all() as {
        id: number;
        body: string;
        error: string;
        failed_at: number;
      }[]
    ).map((row) => ({
      id: row.id,
      event: JSON.parse(row.body) as BookingEvent,
      error: row.error,
      failedAt: new Date(row.failed_at).toISOString()
    }));
  }

  requeueDeadLetters(): number[] {
    return transaction(this.db, () =>
      (this.statements.requeue.all() as { id: number }[]).map((row) => row.id)
    );
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}
