// BookingSyncLog__c as the package deploys it, through the local org's wire: one sObject
// Collections upsert by Log_Key__c, the health counts (GROUP BY Outcome__c since a datetime),
// the recent failures (ORDER BY CreatedDate DESC LIMIT 5) and a retention delete of old records
// inserted with test-records.ts.
import type { Connection } from '@salesforce/core';
import { orgWithPackage } from '../../test-kit/org.ts';
import { restAs } from '../../test-kit/login.ts';
import { insertTestRecords } from '../test-records.ts';
import type { LocalOrg } from '../server.ts';

jest.setTimeout(60_000);
let org: LocalOrg;
let admin: Connection;

beforeAll(async () => {
  ({ org, admin } = await orgWithPackage());
});
afterAll(() => org.close());

const LOG = 'BookingSyncLog__c';

it('upserts, counts, lists and deletes sync log records', async () => {
  const upsert = await restAs(
    org,
    org.adminAccessToken,
    'PATCH',
    `/composite/sobjects/${LOG}/Log_Key__c`,
    {
      allOrNone: false,
      records: [
        { Log_Key__c: 'b-1#1', Outcome__c: 'Applied', Booking_Id__c: 'b-1' },
        { Log_Key__c: 'b-2#1', Outcome__c: 'Failed', Error__c: 'refused' },
        { Log_Key__c: 'b-3#1', Outcome__c: 'Skipped' }
      ].map((record) => ({ attributes: { type: LOG }, ...record }))
    }
  );
  expect(upsert.status).toBe(200);
  expect((upsert.body as { success: boolean; created: boolean }[]).map((r) => r.created)).toEqual([
    true,
    true,
    true
  ]);
  const old = insertTestRecords(org, LOG, [{ Log_Key__c: 'old#1', Outcome__c: 'Failed' }], {
    createdDate: new Date(Date.now() - 40 * 24 * 60 * 60 * 1000)
  });

  const since = new Date(Date.now() - 24 * 60 * 60 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const counts = await admin.query<{ Outcome__c: string; expr0: number }>(
    `SELECT Outcome__c, COUNT(Id) FROM ${LOG} WHERE CreatedDate >= ${since} GROUP BY Outcome__c`
  );
  expect(
    Object.fromEntries(counts.records.map((record) => [record.Outcome__c, record.expr0]))
  ).toEqual({ Applied: 1, Failed: 1, Skipped: 1 });

  const failures = await admin.query<{ Log_Key__c: string; Name: string }>(
    `SELECT Id, Name, Log_Key__c FROM ${LOG} WHERE Outcome__c = 'Failed' ORDER BY CreatedDate DESC LIMIT 5`
  );
  expect(failures.records.map((record) => record.Log_Key__c)).toEqual(['b-2#1', 'old#1']);

  const retention = await admin.query<{ Id: string }>(
    `SELECT Id FROM ${LOG} WHERE CreatedDate < LAST_N_DAYS:30`
  );
  expect(retention.records.map((record) => record.Id)).toEqual([old[0].Id]);
  const deleted = await restAs(
    org,
    org.adminAccessToken,
    'DELETE',
    `/composite/sobjects?ids=${old[0].Id}&allOrNone=false`
  );
  expect(deleted.body).toEqual([{ id: old[0].Id, success: true, errors: [] }]);
  expect((await admin.query(`SELECT COUNT() FROM ${LOG}`)).totalSize).toBe(3);
});

it('numbers each record BSL-0000000 and matches Log_Key__c (unique, case-sensitive) exactly', async () => {
  const answer = await restAs(
    org,
    org.adminAccessToken,
    'PATCH',
    `/composite/sobjects/${LOG}/Log_Key__c`,
    {
      allOrNone: false,
      records: [
        { Log_Key__c: 'case#1', Outcome__c: 'Applied' },
        { Log_Key__c: 'CASE#1', Outcome__c: 'Applied' }
      ].map((record) => ({ attributes: { type: LOG }, ...record }))
    }
  );
  expect((answer.body as { created: boolean }[]).map((result) => result.created)).toEqual([
    true,
    true
  ]);
  const rows = await admin.query<{ Name: string }>(
    `SELECT Name FROM ${LOG} WHERE Log_Key__c IN ('case#1', 'CASE#1')`
  );
  expect(rows.records.map((record) => record.Name)).toEqual([
    expect.stringMatching(/^BSL-\d{7}$/),
    expect.stringMatching(/^BSL-\d{7}$/)
  ]);
});
