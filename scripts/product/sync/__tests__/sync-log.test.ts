// Issue 15: the sync log in the org, against the local org as the API user with the package
// deployed. Every outcome writes its BookingSyncLog__c record with the decisions, in one more
// call per batch; a failed booking's record carries the error; records wait in the store when
// the log call fails and are not doubled when its answer is lost; retention removes old log
// records and nothing else.
import type { Connection } from '@salesforce/core';
import type { LocalOrg } from '../../../tooling/local-org/server.ts';
import { insertTestRecords } from '../../../tooling/local-org/test-records.ts';
import type { SyncConfig } from '../config.ts';
import { syncEvents } from '../engine.ts';
import { openSyncStore } from '../store.ts';
import type { SalesforceApi } from '../salesforce.ts';
import { pruneSyncLog } from '../sync-log.ts';
import { bookingEvent, syncOrg } from '../../../tooling/test-kit/fixtures.ts';

jest.setTimeout(60_000);
let org: LocalOrg;
let admin: Connection;
let api: SalesforceApi;
let config: SyncConfig;

beforeAll(async () => {
  ({ org, admin, api, config } = await syncOrg());
}, 90_000);
afterAll(async () => {
  await org.close();
});
afterEach(() => org.faults.reset());

interface LogRow {
  Id: string;
  Booking_Id__c: string;
  Booking_Sequence__c: number;
  Event_Type__c: string;
  Outcome__c: string;
  Person_Object__c: string | null;
  Person_Id__c: string | null;
  Person_Created__c: boolean;
  Event_Record_Id__c: string | null;
  Decisions__c: string | null;
  Warnings__c: string | null;
  Error__c: string | null;
  Api_Requests_Used__c: number | null;
  Api_Requests_Limit__c: number | null;
  Log_Key__c: string;
}
const logOf = async (bookingId: string) =>
  (
    await admin.query<LogRow>(
      `SELECT Id, Booking_Id__c, Booking_Sequence__c, Event_Type__c, Outcome__c, Person_Object__c, Person_Id__c, Person_Created__c, Event_Record_Id__c, Decisions__c, Warnings__c, Error__c, Api_Requests_Used__c, Api_Requests_Limit__c, Log_Key__c FROM BookingSyncLog__c WHERE Booking_Id__c = '${bookingId}' ORDER BY Booking_Sequence__c`
    )
  ).records;

test('an applied booking logs the person and Event it wrote and why, in one more call per batch', async () => {
  const event = bookingEvent();
  // Stores that pruned the log a moment ago: the calls compared are the log's alone.
  const justPruned = () => {
    const store = openSyncStore(null);
    store.setMeta('log_pruned_at', String(Date.now()));
    return store;
  };
  const withLog = await syncEvents(api, [event], { store: justPruned(), config });
  expect(withLog).toMatchObject({ applied: 1 });
  const [log] = await logOf(event.bookingId);
  expect(log).toMatchObject({
    Booking_Sequence__c: 1,
    Event_Type__c: 'booked',
    Outcome__c: 'Applied',
    Person_Object__c: 'Lead',
    Person_Id__c: withLog.outcomes[0].person!.id,
    Person_Created__c: true,
    Event_Record_Id__c: withLog.outcomes[0].eventRecordId,
    Error__c: null
  });
  expect(log.Decisions__c!.split('\n')).toEqual([
    'person: no Lead or Contact matched by email: a new Lead (When No Match: Lead)',
    'owner: the API user (Owner Policy: Keep)',
    'Event: a new one, upserted by Booking Id, owner: the API user'
  ]);
  expect(log.Api_Requests_Used__c).toBeGreaterThan(0);
  expect(log.Api_Requests_Limit__c).toBe(org.apiUsage().max);

  // The same booking with the log turned off: one call fewer, and no record.
  const quiet = bookingEvent();
  const withoutLog = await syncEvents(api, [quiet], {
    store: justPruned(),
    config: { ...config, settings: { ...config.settings, syncLogEnabled: false } }
  });
  expect(withoutLog).toMatchObject({ applied: 1 });
  expect(withoutLog.apiCalls).toBe(withLog.apiCalls - 1);
  expect(await logOf(quiet.bookingId)).toEqual([]);
});

test('a matched Contact is named with the key it matched by and among how many', async () => {
  const event = bookingEvent();
  const email = event.booking.person.email!;
  const older = await admin.sobject('Contact').create({ LastName: 'Older', Email: email });
  await new Promise((resolve) => setTimeout(resolve, 20));
  const newer = await admin.sobject('Contact').create({ LastName: 'Newer', Email: email });
  expect(older.success && newer.success).toBe(true);
  await syncEvents(api, [event], { store: openSyncStore(null), config });
  const [log] = await logOf(event.bookingId);
  expect(log).toMatchObject({ Person_Object__c: 'Contact', Person_Created__c: false });
  expect(log.Person_Id__c).toBe(newer.id);
  expect(log.Decisions__c).toContain(
    `person: matched Contact ${newer.id} by email, most recently modified of 2`
  );
});

test('a failed booking logs its error; a superseded event logs that it was skipped', async () => {
  const rejected = bookingEvent();
  const strict: SyncConfig = {
    ...config,
    required: [
      ...config.required,
      { object: 'Lead', field: 'Title', mapping: null, unsupportedReason: null }
    ]
  };
  const store = openSyncStore(null);
  const first = bookingEvent();
  const second = { ...first, type: 'rescheduled' as const, sequence: 2 };
  expect(await syncEvents(api, [rejected], { store, config: strict })).toMatchObject({
    failed: 1
  });
  expect(await syncEvents(api, [first, second], { store, config })).toMatchObject({
    applied: 1,
    skipped: 1
  });
  const [failure] = await logOf(rejected.bookingId);
  expect(failure).toMatchObject({ Outcome__c: 'Failed', Person_Id__c: null });
  expect(failure.Error__c).toContain('Lead.Title is required and would be left empty');
  const logs = await logOf(first.bookingId);
  expect(logs.map((log) => [log.Booking_Sequence__c, log.Outcome__c])).toEqual([
    [1, 'Skipped'],
    [2, 'Applied']
  ]);
  expect(logs[0].Decisions__c).toBe('skipped: superseded by sequence 2');
});

test('log records wait in the store when their call fails, and a lost answer does not double them', async () => {
  const store = openSyncStore(null);
  const first = bookingEvent();
  // The log call of the first batch fails as a whole (Salesforce unavailable).
  const request = api.request.bind(api);
  api.request = (async (method, path, ...rest) => {
    if (path.startsWith('/composite/sobjects/BookingSyncLog__c'))
      throw Object.assign(new Error('Service Unavailable'), { errorCode: 'SERVER_UNAVAILABLE' });
    return request(method, path, ...rest);
  }) as SalesforceApi['request'];
  let report;
  try {
    report = await syncEvents(api, [first], { store, config });
  } finally {
    delete (api as { request?: unknown }).request;
  }
  expect(report).toMatchObject({ applied: 1 });
  expect(report.logWarnings).toEqual([
    expect.stringContaining('sync log records wait for the next batch')
  ]);
  expect(await logOf(first.bookingId)).toEqual([]);
  expect(store.pendingLog(10)).toHaveLength(1);

  // The next batch sends both; its answer is lost, and the resend upserts the same records.
  const second = bookingEvent();
  org.faults.dropResponse(1, '/composite/sobjects/BookingSyncLog__c');
  await syncEvents(api, [second], { store, config });
  expect(org.faults.droppedResponses).toBe(1);
  expect(await logOf(first.bookingId)).toHaveLength(1);
  expect(await logOf(second.bookingId)).toHaveLength(1);
  expect(store.pendingLog(10)).toEqual([]);
});

test('retention deletes log records older than the setting, and nothing else', async () => {
  const day = 86_400_000;
  const now = new Date();
  const old = insertTestRecords(
    org,
    'BookingSyncLog__c',
    Array.from({ length: 230 }, (_, i) => ({
      Booking_Id__c: `old-${i}`,
      Outcome__c: 'Applied',
      Log_Key__c: `retention-old-${i}`
    })),
    { createdDate: new Date(now.getTime() - 31 * day) }
  );
  const kept = insertTestRecords(
    org,
    'BookingSyncLog__c',
    [{ Booking_Id__c: 'recent', Outcome__c: 'Failed', Log_Key__c: 'retention-recent' }],
    { createdDate: new Date(now.getTime() - 29 * day) }
  );
  const oldLead = insertTestRecords(org, 'Lead', [{ LastName: 'Old', Company: 'Kept' }], {
    createdDate: new Date(now.getTime() - 400 * day)
  });
  const deleted = await pruneSyncLog(
    api,
    { ...config, settings: { ...config.settings, syncLogRetentionDays: 30 } },
    now
  );
  expect(deleted).toBe(230);
  const ids = (records: { Id?: string }[]) => records.map((r) => `'${r.Id}'`).join(', ');
  expect(
    (await admin.query(`SELECT Id FROM BookingSyncLog__c WHERE Id IN (${ids(old)})`)).totalSize
  ).toBe(0);
  expect(
    (await admin.query(`SELECT Id FROM BookingSyncLog__c WHERE Id IN (${ids(kept)})`)).totalSize
  ).toBe(1);
  expect((await admin.query(`SELECT Id FROM Lead WHERE Id IN (${ids(oldLead)})`)).totalSize).toBe(
    1
  );
});
