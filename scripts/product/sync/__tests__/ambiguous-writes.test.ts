// Issue 14, "Ambiguous failures" (points 5, 6 and 7), against the local org as the API user:
// a write that Salesforce committed but whose answer was lost (the local org's fault: commit,
// then close the connection unanswered), at each write call of a batch; the retry layer
// counted as the org counts calls; and a deadline per logical call.
import type { Connection } from '@salesforce/core';
import type { LocalOrg } from '../../../tooling/local-org/server.ts';
import type { SyncConfig } from '../config.ts';
import { syncEvents, type SyncReport } from '../engine.ts';
import type { BookingEvent } from '../events.ts';
import { openSyncStore } from '../store.ts';
import { SalesforceApi } from '../salesforce.ts';
import { bookingEvent, syncOrg } from '../../../tooling/test-kit/fixtures.ts';

jest.setTimeout(120_000);
let org: LocalOrg;
let admin: Connection;
let api: SalesforceApi;
let config: SyncConfig;

beforeAll(async () => {
  ({ org, admin, api, config } = await syncOrg());
  // The calls counted here are the bookings' own: the sync log's call is tested in sync-log.test.
  config = { ...config, settings: { ...config.settings, syncLogEnabled: false } };
}, 90_000);
afterAll(() => org.close());
afterEach(() => org.faults.reset());

let runs = 0;
/**
 * A batch of the three kinds of new people (email, phone only, neither), and one existing
 * Contact whose empty phone the booking fills in (so the batch also updates a person).
 */
async function mixedBatch(perKind: number): Promise<BookingEvent[]> {
  const run = ++runs;
  const person = (kind: string, i: number) => ({
    firstName: 'Amb',
    lastName: `R${run}-${kind}-${i}`,
    company: `Ambiguous ${run}`
  });
  const events: BookingEvent[] = [];
  for (let i = 0; i < perKind; i++) {
    events.push(
      bookingEvent({
        booking: {
          person: { ...person('email', i), email: `amb-${run}-${i}@ambiguous.example` }
        }
      }),
      bookingEvent({
        booking: {
          person: { ...person('phone', i), phone: `+1 212 ${300 + run} ${String(1000 + i)}` }
        }
      }),
      bookingEvent({ booking: { person: person('neither', i) } })
    );
  }
  const email = `existing-${run}@ambiguous.example`;
  await admin.sobject('Contact').create({ LastName: `R${run}-existing`, Email: email });
  events.push(
    bookingEvent({
      booking: {
        person: { lastName: `R${run}-existing`, email, phone: '+1 212 555 0199', company: 'X' }
      }
    })
  );
  return events;
}

/** Every booking has exactly one Event whose person exists, and each new person is one Lead. */
/**
 * Every booking in the org exactly once. A run after one that applied bookings unseen (a fresh
 * state) finds those bookings' Events carrying their sequence and skips them as applied.
 */
async function expectExactlyOnce(events: BookingEvent[], report: SyncReport): Promise<void> {
  const appliedBefore = (o: SyncReport['outcomes'][number]) =>
    o.status === 'skipped' && /^already applied \(the Event carries sequence/.test(o.reason ?? '');
  expect(report.outcomes.filter((o) => o.status !== 'applied' && !appliedBefore(o))).toEqual([]);
  expect(report.applied + report.skipped).toBe(events.length);
  expect(report.failed).toBe(0);
  const rows = await admin.query<{ Id: string; WhoId: string; Booking_Id__c: string }>(
    `SELECT Id, WhoId, Booking_Id__c FROM Event WHERE Booking_Id__c IN (${events.map((e) => `'${e.bookingId}'`).join(',')})`
  );
  expect(rows.records.map((r) => r.Booking_Id__c).sort()).toEqual(
    events.map((e) => e.bookingId).sort()
  );
  const run = String(events[0].booking.person.lastName).split('-')[0];
  const leads = await admin.query<{ Id: string; LastName: string }>(
    `SELECT Id, LastName FROM Lead WHERE LastName LIKE '${run}-%'`
  );
  const newPeople = events.filter((e) => !String(e.booking.person.lastName).endsWith('-existing'));
  // One Lead per new person (no duplicate), and each is an Event's person (no Lead without one).
  expect(leads.records.map((l) => l.LastName).sort()).toEqual(
    newPeople.map((e) => String(e.booking.person.lastName)).sort()
  );
  const whoIds = new Set(rows.records.map((r) => r.WhoId));
  for (const lead of leads.records) expect(whoIds.has(lead.Id)).toBe(true);
  // The outcome names the person the org holds.
  for (const outcome of report.outcomes.filter((o) => o.status === 'applied')) {
    const row = rows.records.find((r) => r.Booking_Id__c === outcome.bookingId);
    expect(outcome.eventRecordId).toBe(row?.Id);
    expect(outcome.person?.id).toBe(row?.WhoId);
  }
}

describe('issue 14 points 5 and 6: a committed write whose answer is lost, at each write call', () => {
  // The write calls of the batch: the update of the existing Contact, then the graph request.
  test.each([
    ['the update of existing people', '/composite/sobjects'],
    ['the composite graph of new people and Events', '/composite/graph']
  ])(
    '%s: every booking applied exactly once, for email, phone only and neither',
    async (_name, path) => {
      const events = await mixedBatch(3);
      org.faults.dropResponse(1, path);
      const before = org.apiCallCount;
      const report = await syncEvents(api, events, { store: openSyncStore(null), config });
      expect(report.apiCalls).toBe(org.apiCallCount - before);
      expect(org.faults.droppedResponses).toBe(1);
      await expectExactlyOnce(events, report);
    }
  );

  test('a full batch of 200 new Contacts under new Accounts (two graph requests): each request’s answer lost in turn', async () => {
    const contacts: SyncConfig = {
      ...config,
      settings: {
        ...config.settings,
        noMatchAction: 'Contact',
        accountMatching: ['CompanyName'],
        createAccount: true
      }
    };
    for (const call of [1, 2]) {
      const run = ++runs;
      const events = Array.from({ length: 200 }, (_, i) =>
        bookingEvent({
          booking: {
            person: {
              lastName: `C${run}-${i}`,
              company: `Graph ${run}-${i}`,
              // A third with neither email nor phone.
              ...(i % 3 === 0 ? {} : { email: `c${run}-${i}@graphs.example` })
            }
          }
        })
      );
      org.faults.dropResponse(call, '/composite/graph');
      const before = org.apiCallCount;
      const report = await syncEvents(api, events, {
        store: openSyncStore(null),
        config: contacts
      });
      expect(org.faults.droppedResponses).toBe(1);
      expect(report).toMatchObject({ applied: 200, failed: 0 });
      expect(report.apiCalls).toBe(org.apiCallCount - before);
      const created = await admin.query<{ Id: string; AccountId: string }>(
        `SELECT Id, AccountId FROM Contact WHERE LastName LIKE 'C${run}-%'`
      );
      expect(created.totalSize).toBe(200);
      const accounts = await admin.query(`SELECT Id FROM Account WHERE Name LIKE 'Graph ${run}-%'`);
      expect(accounts.totalSize).toBe(200);
      const eventRows = await admin.query<{ WhoId: string }>(
        `SELECT WhoId FROM Event WHERE Booking_Id__c IN (${events.map((e) => `'${e.bookingId}'`).join(',')})`
      );
      expect(eventRows.totalSize).toBe(200);
      expect(new Set(eventRows.records.map((r) => r.WhoId))).toEqual(
        new Set(created.records.map((r) => r.Id))
      );
      org.faults.reset();
    }
  });

  test('a 503 answered before anything was done: read back, nothing found, sent once more', async () => {
    const events = await mixedBatch(1);
    // The lookups pass; the first update call and the first graph request meet a 503 each.
    const failed = new Set<string>();
    const failing = new (class extends SalesforceApi {
      override async request<T>(...args: Parameters<SalesforceApi['request']>): Promise<T> {
        if (!failed.has(args[1])) {
          failed.add(args[1]);
          org.faults.failNext(1, 503);
        }
        return super.request<T>(...args);
      }
    })(api.connection, { retry: { baseDelayMs: 5, maxDelayMs: 20 } });
    const report = await syncEvents(failing, events, { store: openSyncStore(null), config });
    expect([...failed]).toEqual(['/composite/sobjects', '/composite/graph']);
    await expectExactlyOnce(events, report);
  });
});

describe('issue 14 point 6: a run that dies after its graph committed unseen', () => {
  test('the next run finds each booking by its Event and writes no second person, for email, phone only and neither', async () => {
    const events = await mixedBatch(2);
    org.faults.dropResponse(1, '/composite/graph');
    // The run dies right after the lost answer, before it can read back or record anything.
    const dying = new (class extends SalesforceApi {
      override async query<T>(soql: string): Promise<T[]> {
        if (org.faults.droppedResponses) throw new Error('the process was killed');
        return super.query<T>(soql);
      }
    })(api.connection, { retry: { baseDelayMs: 5, maxDelayMs: 20 } });
    const died = await syncEvents(dying, events, { store: openSyncStore(null), config });
    expect(died).toMatchObject({ applied: 0, failed: events.length });
    // A new process, nothing of the first run's state: every booking exactly once.
    const report = await syncEvents(api, events, { store: openSyncStore(null), config });
    await expectExactlyOnce(events, report);
  });
});

describe('issue 14 point 5: a reschedule whose answer is lost (the Event existed before)', () => {
  async function booked(): Promise<BookingEvent> {
    const event = bookingEvent();
    expect(await syncEvents(api, [event], { store: openSyncStore(null), config })).toMatchObject({
      applied: 1
    });
    return {
      ...event,
      sequence: 2,
      type: 'rescheduled',
      booking: { ...event.booking, start: '2026-03-09T09:00:00Z', end: '2026-03-09T09:30:00Z' }
    };
  }
  const startOf = async (bookingId: string) =>
    (
      await admin.query<{ StartDateTime: string }>(
        `SELECT StartDateTime FROM Event WHERE Booking_Id__c = '${bookingId}'`
      )
    ).records.map((r) => r.StartDateTime);

  test('committed: the read-back finds this run’s stamp on the Event and sends nothing again', async () => {
    const moved = await booked();
    org.faults.dropResponse(1, '/composite/graph');
    const report = await syncEvents(api, [moved], { store: openSyncStore(null), config });
    expect(org.faults.droppedResponses).toBe(1);
    expect(report).toMatchObject({ applied: 1, failed: 0 });
    // Lookups (Events, Contacts, Leads), the graph, the read-back: no second graph request.
    expect(report.apiCalls).toBe(5);
    expect(await startOf(moved.bookingId)).toEqual(['2026-03-09T09:00:00.000+0000']);
  });

  test('not committed (a 503): the Event still has the earlier run’s stamp, so it is sent again', async () => {
    const moved = await booked();
    let graphs = 0;
    const failing = new (class extends SalesforceApi {
      override async request<T>(...args: Parameters<SalesforceApi['request']>): Promise<T> {
        if (args[1] === '/composite/graph' && ++graphs === 1) org.faults.failNext(1, 503);
        return super.request<T>(...args);
      }
    })(api.connection, { retry: { baseDelayMs: 5, maxDelayMs: 20 } });
    const report = await syncEvents(failing, [moved], { store: openSyncStore(null), config });
    expect(report).toMatchObject({ applied: 1, failed: 0 });
    expect(graphs).toBe(2);
    expect(await startOf(moved.bookingId)).toEqual(['2026-03-09T09:00:00.000+0000']);
  });
});

describe('issue 14 point 7: one retry layer, counted as the org counts, with a deadline', () => {
  test('a query met by three 503s is four requests, and the engine counts four', async () => {
    org.faults.failNext(3, 503);
    const before = org.apiCallCount;
    const callsBefore = api.calls;
    await api.query('SELECT Id FROM User LIMIT 1');
    expect(org.apiCallCount - before).toBe(4);
    expect(api.calls - callsBefore).toBe(4);
  });

  test('a call that keeps failing stops at the policy’s attempts: 5 requests, not 5 × 6', async () => {
    org.faults.failNext(100, 503);
    const before = org.apiCallCount;
    const callsBefore = api.calls;
    await expect(api.query('SELECT Id FROM User LIMIT 1')).rejects.toThrow(/Service Unavailable/);
    expect(org.apiCallCount - before).toBe(5);
    expect(api.calls - callsBefore).toBe(5);
  });

  test('a slow org: each request times out, and the logical call ends by its deadline', async () => {
    const slow = new SalesforceApi(api.connection, {
      retry: { attempts: 5, baseDelayMs: 5, maxDelayMs: 20, requestTimeoutMs: 150, deadlineMs: 400 }
    });
    org.faults.latency(1_000);
    const before = org.apiCallCount;
    const started = Date.now();
    await expect(slow.query('SELECT Id FROM User LIMIT 1')).rejects.toThrow();
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(1_000);
    expect(slow.calls).toBeGreaterThanOrEqual(2);
    org.faults.latency(0);
    // Every request the engine sent reached the org and was counted there.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(org.apiCallCount - before).toBe(slow.calls);
  });

  test('a run with 503s, a request limit and a lost answer: the report’s calls are the org’s', async () => {
    const events = await mixedBatch(2);
    org.faults.failNext(2, 503);
    org.faults.dropResponse(1, '/composite/graph');
    const before = org.apiCallCount;
    const report = await syncEvents(api, events, { store: openSyncStore(null), config });
    org.faults.requestLimitNext(1);
    const again = await syncEvents(api, events, { store: openSyncStore(null), config });
    expect(report.apiCalls + again.apiCalls).toBe(org.apiCallCount - before);
    await expectExactlyOnce(events, again);
  });
});
