// What the sync log relies on in the local org, over HTTP as a client sees it: SOQL aggregates
// with GROUP BY, datetime comparisons, date literals and ORDER BY CreatedDate (platform rules
// api.soql.aggregate, api.soql.dateLiterals); sObject Collections upsert by a unique
// case-sensitive or case-insensitive external id (api.upsert.externalIdCase) and delete of at
// most 200 Ids (api.collections.limit); test records with a CreatedDate of the test's choosing
// (test-records.ts).
import { startLocalOrg, type LocalOrg } from '../server.ts';
import { restAs } from '../../test-kit/login.ts';
import { field, object } from '../schema.ts';
import { insertTestRecords } from '../test-records.ts';

jest.setTimeout(30_000);
let org: LocalOrg;

const LOG = 'SyncLogTest__c';

beforeAll(async () => {
  org = await startLocalOrg();
  // An object shaped like BookingSyncLog__c: a unique case-sensitive key, a unique
  // case-insensitive one, an external id that is not unique, a picklist and a datetime.
  const definition = object(
    LOG,
    'a0L',
    [
      {
        ...field('Name', 'string', { length: 80, createable: false, updateable: false }),
        nillable: false,
        autoNumberFormat: 'BSL-{0000000}'
      },
      field('Log_Key__c', 'string', {
        length: 80,
        externalId: true,
        unique: true,
        caseSensitive: true
      }),
      field('Loose_Key__c', 'string', { length: 80, externalId: true, unique: true }),
      field('Booking_Id__c', 'string', { length: 255, externalId: true }),
      field('Outcome__c', 'picklist', {
        picklist: ['Applied', 'Skipped', 'Failed'],
        restricted: true
      }),
      field('Processed_At__c', 'datetime')
    ],
    { label: 'Sync Log Test' }
  );
  org.store.state.schema[LOG.toLowerCase()] = definition;
});
afterAll(() => org.close());
beforeEach(() => {
  org.store.state.records[LOG.toLowerCase()] = {};
});

const query = async (soql: string) => {
  const answer = await restAs(
    org,
    org.adminAccessToken,
    'GET',
    `/query?q=${encodeURIComponent(soql)}`
  );
  if (answer.status !== 200) throw new Error(JSON.stringify(answer.body));
  return answer.body as { totalSize: number; done: boolean; records: Record<string, unknown>[] };
};

describe('test records with a CreatedDate', () => {
  it('are stored with the given CreatedDate, stamps and Ids, and queried like others', async () => {
    const [old] = insertTestRecords(org, LOG, [{ Name: 'old', Outcome__c: 'Applied' }], {
      createdDate: '2026-01-02T03:04:05Z'
    });
    expect(old.Id).toMatch(/^a0L/);
    expect(old.CreatedDate).toBe('2026-01-02T03:04:05.000+0000');
    expect(old.LastModifiedDate).toBe(old.CreatedDate);
    expect(old.CreatedById).toBe(org.adminUserId);
    const answer = await query(`SELECT Id, CreatedDate FROM ${LOG}`);
    expect(answer.records).toEqual([
      expect.objectContaining({ Id: old.Id, CreatedDate: old.CreatedDate })
    ]);
  });

  it('refuses an object the org does not have and a date that is not one', () => {
    expect(() => insertTestRecords(org, 'Nope__c', [{}])).toThrow(/no object Nope__c/);
    expect(() => insertTestRecords(org, LOG, [{}], { createdDate: 'soon' })).toThrow(
      /Not a datetime/
    );
  });
});

describe('an auto number Name', () => {
  it('numbers each new record in its display format, API or test record, and cannot be written', async () => {
    const created = await restAs(org, org.adminAccessToken, 'POST', '/composite/sobjects', {
      allOrNone: false,
      records: [{ attributes: { type: LOG } }, { attributes: { type: LOG } }]
    });
    const ids = (created.body as { id: string }[]).map((result) => result.id);
    const [fixture] = insertTestRecords(org, LOG, [{}]);
    const rows = org.store.state.records[LOG.toLowerCase()];
    const names = [rows[ids[0]].Name, rows[ids[1]].Name, fixture.Name] as string[];
    expect(names.every((name) => /^BSL-\d{7}$/.test(name))).toBe(true);
    const numbers = names.map((name) => Number(name.slice(4)));
    expect(numbers).toEqual([numbers[0], numbers[0] + 1, numbers[0] + 2]);
    const written = await restAs(org, org.adminAccessToken, 'POST', `/sobjects/${LOG}`, {
      Name: 'mine'
    });
    expect(written.status).toBe(400);
    const described = await restAs(org, org.adminAccessToken, 'GET', `/sobjects/${LOG}/describe`);
    const nameField = (
      described.body as { fields: { name: string; autoNumber: boolean }[] }
    ).fields.find((candidate) => candidate.name === 'Name');
    expect(nameField?.autoNumber).toBe(true);
  });
});

describe('SOQL for the sync health', () => {
  beforeEach(() => {
    insertTestRecords(org, LOG, [{ Outcome__c: 'Applied' }, { Outcome__c: 'Failed' }], {
      createdDate: '2026-11-20T10:00:00Z'
    });
    insertTestRecords(
      org,
      LOG,
      [{ Outcome__c: 'Applied' }, { Outcome__c: 'Applied' }, { Outcome__c: 'Skipped' }],
      { createdDate: '2026-12-01T00:00:00Z' }
    );
    insertTestRecords(org, LOG, [{ Outcome__c: 'Failed', Name: 'newest' }], {
      createdDate: '2026-12-02T08:30:00+01:00'
    });
  });

  it('counts by Outcome__c since a datetime, as AggregateResult records with expr0', async () => {
    const answer = await query(
      `SELECT Outcome__c, COUNT(Id) FROM ${LOG} WHERE CreatedDate >= 2026-12-01T00:00:00Z GROUP BY Outcome__c`
    );
    expect(answer.totalSize).toBe(3);
    expect(answer.done).toBe(true);
    const byOutcome = Object.fromEntries(
      answer.records.map((record) => [record.Outcome__c, record.expr0])
    );
    expect(byOutcome).toEqual({ Applied: 2, Skipped: 1, Failed: 1 });
    for (const record of answer.records)
      expect(record.attributes).toEqual({ type: 'AggregateResult' });
  });

  it('names an aggregate by its alias, and counts the unaliased ones from expr0', async () => {
    const answer = await query(
      `SELECT Outcome__c, COUNT(Id) total, MAX(CreatedDate), MIN(CreatedDate) FROM ${LOG} GROUP BY Outcome__c ORDER BY Outcome__c`
    );
    expect(answer.records.map((record) => record.Outcome__c)).toEqual([
      'Applied',
      'Failed',
      'Skipped'
    ]);
    expect(answer.records[1]).toEqual({
      attributes: { type: 'AggregateResult' },
      Outcome__c: 'Failed',
      total: 2,
      expr0: '2026-12-02T07:30:00.000+0000',
      expr1: '2026-11-20T10:00:00.000+0000'
    });
  });

  it('aggregates without GROUP BY into one row, even when nothing matches', async () => {
    const none = await query(
      `SELECT COUNT(Id) FROM ${LOG} WHERE CreatedDate > 2030-01-01T00:00:00Z`
    );
    expect(none.records).toEqual([{ attributes: { type: 'AggregateResult' }, expr0: 0 }]);
  });

  it('refuses a selected field that is neither grouped nor aggregated', async () => {
    const answer = await restAs(
      org,
      org.adminAccessToken,
      'GET',
      `/query?q=${encodeURIComponent(`SELECT Name, COUNT(Id) FROM ${LOG} GROUP BY Outcome__c`)}`
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual([expect.objectContaining({ errorCode: 'MALFORMED_QUERY' })]);
  });

  it('compares datetimes as instants, whatever offset they are written in', async () => {
    const after = await query(
      `SELECT Name FROM ${LOG} WHERE CreatedDate > 2026-12-02T07:29:59Z AND CreatedDate < 2026-12-02T09:30:01+01:00`
    );
    expect(after.records.map((record) => record.Name)).toEqual(['newest']);
    const exactly = await query(
      `SELECT COUNT() FROM ${LOG} WHERE CreatedDate = 2026-12-01T01:00:00+01:00`
    );
    expect(exactly.totalSize).toBe(3);
  });

  it('orders by CreatedDate DESC with a LIMIT (the recent failures)', async () => {
    const answer = await query(
      `SELECT Name, Outcome__c FROM ${LOG} WHERE Outcome__c = 'Failed' ORDER BY CreatedDate DESC LIMIT 5`
    );
    expect(answer.records.map((record) => record.Name)).toEqual([
      'newest',
      expect.stringMatching(/^BSL-/)
    ]);
    const one = await query(`SELECT Id FROM ${LOG} ORDER BY CreatedDate DESC LIMIT 1`);
    expect(one.totalSize).toBe(1);
  });

  it('counts with COUNT() and a LIMIT', async () => {
    const answer = await query(`SELECT COUNT() FROM ${LOG} LIMIT 4`);
    expect(answer).toMatchObject({ totalSize: 4, records: [] });
  });

  it('reads LAST_N_DAYS:n as today and the n days before it', async () => {
    org.store.state.records[LOG.toLowerCase()] = {};
    const day = 24 * 60 * 60 * 1000;
    const midnight = Math.floor(Date.now() / day) * day;
    insertTestRecords(org, LOG, [{ Name: 'today' }], { createdDate: new Date(midnight + 1000) });
    insertTestRecords(org, LOG, [{ Name: 'seven days ago' }], {
      createdDate: new Date(midnight - 7 * day + 1000)
    });
    insertTestRecords(org, LOG, [{ Name: 'eight days ago' }], {
      createdDate: new Date(midnight - 7 * day - 1000)
    });
    const names = async (where: string) =>
      (await query(`SELECT Name FROM ${LOG} WHERE ${where} ORDER BY CreatedDate DESC`)).records.map(
        (record) => record.Name
      );
    expect(await names('CreatedDate = LAST_N_DAYS:7')).toEqual(['today', 'seven days ago']);
    expect(await names('CreatedDate < LAST_N_DAYS:7')).toEqual(['eight days ago']);
    expect(await names('CreatedDate = TODAY')).toEqual(['today']);
    expect(await names('CreatedDate = LAST_N_DAYS:1')).toEqual(['today']);
  });
});

describe('sObject Collections for the sync log', () => {
  const upsert = (keyField: string, records: Record<string, unknown>[], allOrNone = false) =>
    restAs(org, org.adminAccessToken, 'PATCH', `/composite/sobjects/${LOG}/${keyField}`, {
      allOrNone,
      records: records.map((record) => ({ attributes: { type: LOG }, ...record }))
    });

  it('upserts by a unique case-sensitive external id exactly: keys that differ in case are two records', async () => {
    const first = await upsert('Log_Key__c', [
      { Log_Key__c: 'abc-1', Outcome__c: 'Applied' },
      { Log_Key__c: 'ABC-1', Outcome__c: 'Failed' }
    ]);
    expect(first.status).toBe(200);
    expect(first.body).toEqual([
      expect.objectContaining({ success: true, created: true }),
      expect.objectContaining({ success: true, created: true })
    ]);
    const again = await upsert('Log_Key__c', [{ Log_Key__c: 'ABC-1', Outcome__c: 'Skipped' }]);
    const ids = (first.body as { id: string }[]).map((result) => result.id);
    expect(again.body).toEqual([{ id: ids[1], success: true, errors: [], created: false }]);
    const rows = org.store.state.records[LOG.toLowerCase()];
    expect(rows[ids[0]].Outcome__c).toBe('Applied');
    expect(rows[ids[1]].Outcome__c).toBe('Skipped');
  });

  it('queries a unique case-sensitive field by its exact case, others without case', async () => {
    await upsert('Log_Key__c', [
      { Log_Key__c: 'q-1', Loose_Key__c: 'l-1' },
      { Log_Key__c: 'Q-1', Loose_Key__c: 'l-2' }
    ]);
    const exact = await query(`SELECT Loose_Key__c FROM ${LOG} WHERE Log_Key__c = 'Q-1'`);
    expect(exact.records.map((record) => record.Loose_Key__c)).toEqual(['l-2']);
    const inList = await query(`SELECT Loose_Key__c FROM ${LOG} WHERE Log_Key__c IN ('q-1')`);
    expect(inList.records.map((record) => record.Loose_Key__c)).toEqual(['l-1']);
    const loose = await query(`SELECT Log_Key__c FROM ${LOG} WHERE Loose_Key__c = 'L-1'`);
    expect(loose.records.map((record) => record.Log_Key__c)).toEqual(['q-1']);
  });

  it('upserts by a unique case-insensitive external id regardless of case', async () => {
    const first = await upsert('Loose_Key__c', [{ Loose_Key__c: 'key-9', Outcome__c: 'Applied' }]);
    const id = (first.body as { id: string }[])[0].id;
    const again = await upsert('Loose_Key__c', [{ Loose_Key__c: 'KEY-9', Outcome__c: 'Failed' }]);
    expect(again.body).toEqual([{ id, success: true, errors: [], created: false }]);
    expect(Object.keys(org.store.state.records[LOG.toLowerCase()])).toEqual([id]);
  });

  it('refuses a second value of a case-insensitive unique field that differs only in case', async () => {
    const created = await restAs(org, org.adminAccessToken, 'POST', '/composite/sobjects', {
      allOrNone: false,
      records: [
        { attributes: { type: LOG }, Loose_Key__c: 'same' },
        { attributes: { type: LOG }, Loose_Key__c: 'SAME' },
        { attributes: { type: LOG }, Log_Key__c: 'same' },
        { attributes: { type: LOG }, Log_Key__c: 'SAME' }
      ]
    });
    expect((created.body as { success: boolean }[]).map((result) => result.success)).toEqual([
      true,
      false,
      true,
      true
    ]);
    expect((created.body as { errors: { statusCode: string }[] }[])[1].errors[0].statusCode).toBe(
      'DUPLICATE_VALUE'
    );
  });

  it('with allOrNone false, keeps the records that succeed beside one that fails', async () => {
    const answer = await upsert('Log_Key__c', [
      { Log_Key__c: 'good', Outcome__c: 'Applied' },
      { Log_Key__c: 'bad', Outcome__c: 'Maybe' }
    ]);
    const results = answer.body as { success: boolean }[];
    expect(results.map((result) => result.success)).toEqual([true, false]);
    expect(
      Object.values(org.store.state.records[LOG.toLowerCase()]).map((row) => row.Log_Key__c)
    ).toEqual(['good']);
  });

  it('deletes up to 200 records by Id with allOrNone false, one result per Id in order', async () => {
    const rows = insertTestRecords(
      org,
      LOG,
      Array.from({ length: 200 }, (_, index) => ({ Name: `old ${index}` })),
      { createdDate: '2026-01-01T00:00:00Z' }
    );
    const ids = rows.map((row) => row.Id);
    const missing = `${ids[0].slice(0, 3)}000000000000ZZZ`;
    const answer = await restAs(
      org,
      org.adminAccessToken,
      'DELETE',
      `/composite/sobjects?ids=${[...ids.slice(0, 199), missing].join(',')}&allOrNone=false`
    );
    expect(answer.status).toBe(200);
    const results = answer.body as { id: string; success: boolean }[];
    expect(results).toHaveLength(200);
    expect(results.slice(0, 199).every((result) => result.success)).toBe(true);
    expect(results[0].id).toBe(ids[0]);
    expect(results[199].success).toBe(false);
    expect(Object.keys(org.store.state.records[LOG.toLowerCase()])).toEqual([ids[199]]);
  });

  it('refuses more than 200 Ids and deletes none of them', async () => {
    const rows = insertTestRecords(
      org,
      LOG,
      Array.from({ length: 201 }, () => ({})),
      { createdDate: '2026-01-01T00:00:00Z' }
    );
    const answer = await restAs(
      org,
      org.adminAccessToken,
      'DELETE',
      `/composite/sobjects?ids=${rows.map((row) => row.Id).join(',')}&allOrNone=false`
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual([expect.objectContaining({ errorCode: 'EXCEEDED_ID_LIMIT' })]);
    expect(Object.keys(org.store.state.records[LOG.toLowerCase()])).toHaveLength(201);
  });
});
