// The store shared by processes, against the local org (issue 14): a worker process killed at
// each point of a batch (before its first write, after each write, before it records the
// result), then started again, applies every accepted event exactly once and leaves no person
// without its Event, for bookings with an email, with a phone only, and with neither; so does a
// `sync` killed and run again on the same file; two worker processes on one store at the same
// time apply each event once, and so do serve and a concurrent `sync --replay`.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from '@salesforce/core';
import { MAX_API_VERSION } from '../../../tooling/local-org/rest.ts';
import type { LocalOrg } from '../../../tooling/local-org/server.ts';
import { bookingEvent } from '../../../tooling/test-kit/fixtures.ts';
import { orgWithPackage } from '../../../tooling/test-kit/org.ts';
import { projectRoot } from '../../project.ts';
import type { BookingEvent } from '../events.ts';
import { openSyncStore, syncStorePath } from '../store.ts';
import type { WorkerArgs } from './fixtures/worker-process.ts';

jest.setTimeout(240_000);

let org: LocalOrg;
let admin: Connection;
let apiToken: string;
let dir: string;

beforeAll(async () => {
  ({ org, admin, apiToken } = await orgWithPackage());
  dir = mkdtempSync(join(tmpdir(), 'sync-processes-'));
}, 120_000);
afterAll(async () => {
  await org.close();
  rmSync(dir, { recursive: true, force: true });
});

const node = join(projectRoot(), 'node_modules', '.bin', 'node');
const script = join(__dirname, 'fixtures', 'worker-process.ts');

interface WorkerRun {
  code: number | null;
  signal: string | null;
  writes?: number;
  stdout: string;
  stderr: string;
}

/** Runs one worker process on the store until its queue is empty (or its crash point). */
function worker(
  storePath: string,
  crash: WorkerArgs['crash'] = null,
  events?: BookingEvent[],
  replay = false
): Promise<WorkerRun> {
  const args: WorkerArgs = {
    instanceUrl: org.instanceUrl,
    accessToken: apiToken,
    apiVersion: MAX_API_VERSION,
    storePath,
    crash,
    events,
    replay
  };
  return new Promise((resolve) => {
    // NODE_NO_WARNINGS: the local org's plain http draws a warning from core on every start.
    const child = execFile(node, [script, JSON.stringify(args)], {
      encoding: 'utf8',
      env: { ...process.env, NODE_NO_WARNINGS: '1' }
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code, signal) => {
      const last = stdout.trim().split('\n').pop();
      const parsed = last?.startsWith('{') ? (JSON.parse(last) as { writes: number }) : undefined;
      resolve({ code, signal, writes: parsed?.writes, stderr, stdout });
    });
  });
}

/** A booking of a new person of this name, with the contact details given. */
function newPerson(lastName: string, contact: { email?: string; phone?: string }): BookingEvent {
  return bookingEvent({
    booking: { person: { firstName: 'Ana', lastName, company: `${lastName} Co`, ...contact } }
  });
}

/** Three bookings of new people: with an email, with a phone only, with neither. */
function threeKinds(tag: string): BookingEvent[] {
  return [
    newPerson(`${tag}Email`, { email: `${tag.toLowerCase()}@crash.example` }),
    // A phone of its own: phone is a match key, and other tests' people must not match.
    newPerson(`${tag}Phone`, { phone: `+1 555 ${String(Math.random()).slice(2, 9)}` }),
    newPerson(`${tag}Neither`, {})
  ];
}

function enqueue(storePath: string, events: BookingEvent[]): void {
  const store = openSyncStore(storePath);
  store.enqueue(events);
  store.close();
}

/** What the org holds for the bookings: Events per booking id, Leads per last name, orphans. */
async function orgState(events: BookingEvent[]) {
  const ids = events.map((event) => `'${event.bookingId}'`).join(',');
  const names = events.map((event) => `'${event.booking.person.lastName}'`).join(',');
  const eventRows = (
    await admin.query<{ Booking_Id__c: string; WhoId: string }>(
      `SELECT Booking_Id__c, WhoId FROM Event WHERE Booking_Id__c IN (${ids})`
    )
  ).records;
  const leads = (
    await admin.query<{ Id: string; LastName: string }>(
      `SELECT Id, LastName FROM Lead WHERE LastName IN (${names})`
    )
  ).records;
  const whoIds = new Set(eventRows.map((row) => row.WhoId));
  return {
    eventsPerBooking: events.map(
      (event) => eventRows.filter((row) => row.Booking_Id__c === event.bookingId).length
    ),
    leadsPerPerson: events.map(
      (event) => leads.filter((lead) => lead.LastName === event.booking.person.lastName).length
    ),
    leadsWithoutEvent: leads.filter((lead) => !whoIds.has(lead.Id)).length
  };
}

async function expectExactlyOnce(storePath: string, events: BookingEvent[]) {
  const store = openSyncStore(storePath);
  try {
    expect(store.deadLetters().map((letter) => letter.error)).toEqual([]);
    expect(store.backlog()).toEqual({ queued: 0, claimed: 0 });
    expect(await orgState(events)).toEqual({
      eventsPerBooking: events.map(() => 1),
      leadsPerPerson: events.map(() => 1),
      leadsWithoutEvent: 0
    });
    for (const event of events) expect(store.appliedSequence(event.bookingId)).toBe(1);
  } finally {
    store.close();
  }
}

test('a worker without a crash applies the three kinds of booking and counts its writes', async () => {
  const storePath = syncStorePath(join(dir, 'clean'));
  const events = threeKinds('Clean');
  enqueue(storePath, events);
  const run = await worker(storePath);
  expect(run).toMatchObject({ code: 0, signal: null });
  await expectExactlyOnce(storePath, events);
  expect(run.writes).toBeGreaterThan(0);
});

describe('a worker killed in the middle of a batch, then started again', () => {
  // The write requests of one batch of the three kinds (a clean run counts them).
  let writesPerBatch = 0;
  beforeAll(async () => {
    const storePath = syncStorePath(join(dir, 'count'));
    enqueue(storePath, threeKinds('Count'));
    writesPerBatch = (await worker(storePath)).writes ?? 0;
  });

  const points = () => [
    { when: 'before' as const, write: 1 },
    ...Array.from({ length: writesPerBatch }, (_, index) => ({
      when: 'after' as const,
      write: index + 1
    }))
  ];

  test('at every point: each booking applied once, no duplicate person, no person without its Event', async () => {
    expect(writesPerBatch).toBeGreaterThan(0);
    for (const [index, crash] of points().entries()) {
      const storePath = syncStorePath(join(dir, `crash-${index}`));
      const events = threeKinds(`Crash${index}`);
      enqueue(storePath, events);
      const crashed = await worker(storePath, crash);
      expect({ crash, signal: crashed.signal }).toEqual({ crash, signal: 'SIGKILL' });
      const restarted = await worker(storePath);
      expect({ crash, code: restarted.code, stderr: restarted.stderr }).toEqual({
        crash,
        code: 0,
        stderr: ''
      });
      await expectExactlyOnce(storePath, events);
    }
  });
});

test('sync killed at every point, then run again on the same file: each booking applied once', async () => {
  const points = [
    { when: 'before' as const, write: 1 },
    { when: 'after' as const, write: 1 }
  ];
  for (const [index, crash] of points.entries()) {
    const storePath = syncStorePath(join(dir, `sync-crash-${index}`));
    const events = threeKinds(`SyncCrash${index}`);
    expect((await worker(storePath, crash, events)).signal).toBe('SIGKILL');
    // The operator runs the same command again: the events waiting in the store are finished.
    const again = await worker(storePath, null, events);
    expect({ crash, code: again.code, stderr: again.stderr }).toEqual({
      crash,
      code: 0,
      stderr: ''
    });
    // It reports the waiting bookings as its own, applied (or applied before, after the crash).
    const { report } = JSON.parse(again.stdout) as { report: { applied: number; failed: number } };
    expect(report.failed).toBe(0);
    await expectExactlyOnce(storePath, events);
  }
});

test('two worker processes on one store at the same time apply each of 300 events once', async () => {
  const storePath = syncStorePath(join(dir, 'two'));
  const events = Array.from({ length: 300 }, (_, index) =>
    newPerson(`Two${index}`, { email: `two${index}@pair.example` })
  );
  enqueue(storePath, events);
  const [first, second] = await Promise.all([worker(storePath), worker(storePath)]);
  expect([first.code, second.code]).toEqual([0, 0]);
  await expectExactlyOnce(storePath, events);
});

test('serve and a concurrent sync --replay on one store apply each of 300 events once', async () => {
  const storePath = syncStorePath(join(dir, 'serve-replay'));
  const events = Array.from({ length: 300 }, (_, index) =>
    newPerson(`Replay${index}`, { email: `replay${index}@pair.example` })
  );
  enqueue(storePath, events);
  const [served, replayed] = await Promise.all([
    worker(storePath),
    worker(storePath, null, undefined, true)
  ]);
  expect([served.code, replayed.code]).toEqual([0, 0]);
  await expectExactlyOnce(storePath, events);
});
