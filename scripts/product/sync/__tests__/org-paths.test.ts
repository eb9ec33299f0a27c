// Engine paths that only an org can prove: Account matching and creation, the update policy on
// an existing person, a picklist value the org lacks, an expired session, and the lifecycle
// event types. Against the local org, as the API user, with the package deployed.
import type { Connection } from '@salesforce/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STATUS_BY_TYPE } from '../../../../force-app/main/default/lwc/bookingRules/creationRules.js';
import type { LocalOrg } from '../../../tooling/local-org/server.ts';
import type { SyncConfig } from '../config.ts';
import { replayQueue, syncEvents } from '../engine.ts';
import { openSyncStore, type SyncStore } from '../store.ts';
import { SalesforceApi } from '../salesforce.ts';
import { SEEDED_USERS } from '../../../tooling/local-org/seed.ts';
import { bookingEvent, syncOrg } from '../../../tooling/test-kit/fixtures.ts';

jest.setTimeout(60_000);
let org: LocalOrg;
let admin: Connection;
let api: SalesforceApi;
let apiToken: string;
let config: SyncConfig;
let dir: string;

beforeAll(async () => {
  ({ org, admin, apiToken, api, config } = await syncOrg());
  dir = mkdtempSync(join(tmpdir(), 'sync-org-'));
}, 90_000);
afterAll(async () => {
  await org.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => org.faults.reset());

const withSettings = (settings: Partial<SyncConfig['settings']>): SyncConfig => ({
  ...config,
  settings: { ...config.settings, ...settings }
});

async function sync(events: ReturnType<typeof bookingEvent>[], syncConfig = config) {
  return syncEvents(api, events, { store: openSyncStore(null), config: syncConfig });
}

async function bookingEventRow(bookingId: string) {
  const rows = await admin.query<Record<string, unknown>>(
    `SELECT Id, WhoId, WhatId, StartDateTime, Booking_Status__c, Cancel_Reschedule_Reason__c FROM Event WHERE Booking_Id__c = '${bookingId}'`
  );
  return rows.records;
}

async function create(object: string, fields: Record<string, unknown>): Promise<string> {
  const result = (await admin.sobject(object).create(fields)) as { id: string };
  return result.id;
}

async function contactOf(bookingId: string) {
  const [event] = await bookingEventRow(bookingId);
  expect(String(event?.WhoId)).toMatch(/^003/);
  const contact = (await admin.sobject('Contact').retrieve(String(event.WhoId))) as Record<
    string,
    unknown
  >;
  return { event, contact };
}

describe('the Account of a new Contact', () => {
  test('found by the email domain in its website', async () => {
    const accountId = await create('Account', {
      Name: 'Domain Holder',
      Website: 'https://www.domain-holder.example'
    });
    const event = bookingEvent({
      booking: {
        person: { lastName: 'ByDomain', email: 'ana@domain-holder.example', company: 'Other' }
      }
    });
    const report = await sync(
      [event],
      withSettings({ noMatchAction: 'Contact', accountMatching: ['EmailDomain'] })
    );
    expect(report.outcomes.map((o) => o.error ?? o.status)).toEqual(['applied']);
    const { event: row, contact } = await contactOf(event.bookingId);
    expect(contact.AccountId).toBe(accountId);
    expect(row.WhatId).toBe(accountId);
  });

  test('found by the company name', async () => {
    const accountId = await create('Account', { Name: 'Named Company Ltd' });
    const event = bookingEvent({
      booking: {
        person: { lastName: 'ByName', email: 'b@named.example', company: 'Named Company Ltd' }
      }
    });
    await sync(
      [event],
      withSettings({ noMatchAction: 'Contact', accountMatching: ['CompanyName'] })
    );
    const { contact } = await contactOf(event.bookingId);
    expect(contact.AccountId).toBe(accountId);
  });

  test('created from the company name when none matches, and only then', async () => {
    const company = `Fresh Company ${Date.now()}`;
    const event = bookingEvent({
      booking: { person: { lastName: 'New', email: 'n@fresh-company.example', company } }
    });
    const settings = withSettings({
      noMatchAction: 'Contact',
      accountMatching: ['EmailDomain', 'CompanyName'],
      createAccount: true
    });
    expect((await sync([event], settings)).applied).toBe(1);
    const { contact, event: row } = await contactOf(event.bookingId);
    const accounts = await admin.query<{ Id: string }>(
      `SELECT Id FROM Account WHERE Name = '${company}'`
    );
    expect(accounts.records.map((a) => a.Id)).toEqual([contact.AccountId]);
    expect(row.WhatId).toBe(contact.AccountId);
    // A second new person of the same company joins that Account instead of making another.
    const colleague = bookingEvent({
      booking: { person: { lastName: 'Colleague', email: 'c@fresh-company.example', company } }
    });
    await sync([colleague], settings);
    expect((await contactOf(colleague.bookingId)).contact.AccountId).toBe(contact.AccountId);
    expect(
      (await admin.query(`SELECT Id FROM Account WHERE Name = '${company}'`)).records
    ).toHaveLength(1);
  });
});

describe.each(['Contact', 'Lead'])('the update policy on an existing %s', (object) => {
  async function existing(email: string) {
    return create(object, {
      LastName: 'Existing',
      Email: email,
      Phone: '111 000',
      ...(object === 'Lead' ? { Company: 'Existing Co' } : {})
    });
  }
  const booking = (email: string) =>
    bookingEvent({
      booking: {
        person: {
          firstName: 'Filled',
          lastName: 'Existing',
          email,
          phone: '222 000',
          company: 'Booked Co'
        }
      }
    });

  test('fill-empty writes only the fields empty in Salesforce', async () => {
    const email = `fill-${object}@policy.example`.toLowerCase();
    const id = await existing(email);
    await sync([booking(email)], withSettings({ updatePolicy: 'FillEmpty' }));
    const record = (await admin.sobject(object).retrieve(id)) as Record<string, unknown>;
    expect(record).toMatchObject({ FirstName: 'Filled', Phone: '111 000' });
    if (object === 'Lead') expect(record.Company).toBe('Existing Co');
  });

  test('overwrite replaces every mapped value', async () => {
    const email = `over-${object}@policy.example`.toLowerCase();
    const id = await existing(email);
    await sync([booking(email)], withSettings({ updatePolicy: 'Overwrite' }));
    const record = (await admin.sobject(object).retrieve(id)) as Record<string, unknown>;
    expect(record).toMatchObject({ FirstName: 'Filled', Phone: '222 000' });
    if (object === 'Lead') expect(record.Company).toBe('Booked Co');
  });
});

test('a picklist value the org lacks: refused before any write (issue 14 point 18), dead-lettered, nothing written', async () => {
  const store = openSyncStore(null);
  const stageMapping = {
    targetObject: 'Lead',
    targetField: 'Status',
    sourceType: 'BookingField',
    sourceValue: 'form.stage',
    isActive: true
  };
  const mapped = { ...config, mappings: [...config.mappings, stageMapping] };
  const bad = bookingEvent({
    booking: {
      form: { stage: 'Hot' },
      person: { lastName: 'Pick', email: 'pick@list.example', company: 'Pick Co' }
    }
  });
  const good = bookingEvent({ booking: { form: { stage: 'Working - Contacted' } } });
  const report = await syncEvents(api, [bad, good], { store, config: mapped });
  const byId = new Map(report.outcomes.map((o) => [o.bookingId, o]));
  expect(byId.get(good.bookingId)?.status).toBe('applied');
  expect(byId.get(bad.bookingId)).toMatchObject({ status: 'failed' });
  expect(byId.get(bad.bookingId)?.error).toMatch(
    /^Lead\.Status cannot take the value "Hot": "Hot" is not an active value of the field's restricted picklist .*; nothing was written for this booking$/
  );
  expect(store.deadLetters().map((entry) => entry.event.bookingId)).toEqual([bad.bookingId]);
  expect(await bookingEventRow(bad.bookingId)).toHaveLength(0);
  expect(
    (await admin.query(`SELECT Id FROM Lead WHERE Email = 'pick@list.example'`)).records
  ).toHaveLength(0);
});

/** The bookings still waiting in the store's queue. */
const queuedBookings = (store: SyncStore, events: { bookingId: string }[]) =>
  events.filter((event) => store.appliedSequence(event.bookingId) === undefined).length;

test('an expired session that cannot be refreshed stops the run; every unapplied booking stays queued', async () => {
  const store = openSyncStore(join(dir, 'expired.db'));
  const events = Array.from({ length: 5 }, () => bookingEvent());
  org.faults.expireSession(apiToken);
  const report = await syncEvents(api, events, { store, config, batchSize: 2 });
  expect(report).toMatchObject({ applied: 0, failed: 5 });
  expect(report.stoppedBy).toMatch(/session expired.*log the API user in again.*sync --replay/i);
  // One batch tried (its first call), the other two were never sent.
  expect(report.apiCalls).toBe(1);
  // Nothing failed for good: all five wait in the queue, none is a dead letter.
  expect(store.backlog()).toEqual({ queued: 5, claimed: 0 });
  expect(store.deadLetters()).toEqual([]);
  expect(queuedBookings(store, events)).toBe(5);

  // Logged in again: the replay applies every booking once.
  org.faults.reset();
  const replay = await replayQueue(api, { store, config });
  expect(replay).toMatchObject({ applied: 5, failed: 0 });
  expect(store.backlog()).toEqual({ queued: 0, claimed: 0 });
  store.close();
  for (const event of events) expect(await bookingEventRow(event.bookingId)).toHaveLength(1);
});

test('completed and no-show set the lifecycle status on the same Event', async () => {
  const booked = bookingEvent();
  const noShow = bookingEvent();
  await sync([booked, noShow]);
  await sync([
    { ...booked, type: 'completed', sequence: 2 },
    { ...noShow, type: 'no_show', sequence: 2 }
  ]);
  const [completedRow] = await bookingEventRow(booked.bookingId);
  const [noShowRow] = await bookingEventRow(noShow.bookingId);
  expect(completedRow.Booking_Status__c).toBe(EVENT_STATUS_BY_TYPE.completed);
  expect(noShowRow.Booking_Status__c).toBe(EVENT_STATUS_BY_TYPE.no_show);
  expect(await bookingEventRow(booked.bookingId)).toHaveLength(1);
});

test('cancel with a reason keeps the Event, the person and the times', async () => {
  const booked = bookingEvent();
  await sync([booked]);
  const [before] = await bookingEventRow(booked.bookingId);
  await sync([
    { ...booked, type: 'canceled', sequence: 2, booking: { ...booked.booking, reason: 'Ill' } }
  ]);
  const rows = await bookingEventRow(booked.bookingId);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    Id: before.Id,
    WhoId: before.WhoId,
    Booking_Status__c: 'Canceled',
    Cancel_Reschedule_Reason__c: 'Ill'
  });
});

test('phone matching tolerates formatting and the country code, and only confirms real matches', async () => {
  const contactId = await create('Contact', { LastName: 'Dialed', Phone: '(415) 555-0142' });
  const leadId = await create('Lead', {
    LastName: 'Mobile',
    Company: 'M',
    MobilePhone: '030 7654321'
  });
  // Same last seven digits, other area code: found by the query, refused by the rules.
  await create('Contact', { LastName: 'Elsewhere', Phone: '650-555-0143' });
  const byPhone = bookingEvent({
    booking: { person: { lastName: 'Dialed', phone: '+1 415 555 0142', company: 'D' } }
  });
  const byMobile = bookingEvent({
    booking: { person: { lastName: 'Mobile', mobile: '+49 30 765-4321', company: 'M' } }
  });
  const stranger = bookingEvent({
    booking: { person: { lastName: 'Stranger', phone: '+1 415 555 0143', company: 'S' } }
  });
  const report = await sync([byPhone, byMobile, stranger]);
  expect(report.outcomes.map((o) => o.error ?? o.status)).toEqual([
    'applied',
    'applied',
    'applied'
  ]);
  expect((await bookingEventRow(byPhone.bookingId))[0].WhoId).toBe(contactId);
  expect((await bookingEventRow(byMobile.bookingId))[0].WhoId).toBe(leadId);
  const strangerWho = String((await bookingEventRow(stranger.bookingId))[0].WhoId);
  expect(strangerWho).toMatch(/^00Q/);
  expect(strangerWho).not.toBe(leadId);
});

test('a session that expires mid-run, at the second batch’s writes: no Lead without its Event, and the replay completes the booking without a second Lead', async () => {
  const store = openSyncStore(join(dir, 'mid-run.db'));
  const events = Array.from({ length: 4 }, () => bookingEvent());
  // The session ends just before the second batch's graph request (its Leads and Events).
  let graphRequests = 0;
  const expiring = new (class extends SalesforceApi {
    override async request<T>(...args: Parameters<SalesforceApi['request']>): Promise<T> {
      if (args[1] === '/composite/graph' && ++graphRequests === 2)
        org.faults.expireSession(apiToken);
      return super.request<T>(...args);
    }
  })(api.connection, { retry: { baseDelayMs: 5, maxDelayMs: 20 } });
  const report = await syncEvents(expiring, events, { store, config, batchSize: 2 });
  expect(report).toMatchObject({ applied: 2, failed: 2 });
  expect(report.stoppedBy).toMatch(/sync --replay/);
  expect(store.backlog().queued).toBe(2);
  expect(events.map((event) => store.appliedSequence(event.bookingId) !== undefined)).toEqual([
    true,
    true,
    false,
    false
  ]);
  for (const event of events.slice(2)) {
    expect(await bookingEventRow(event.bookingId)).toHaveLength(0);
    const leads = await admin.query(
      `SELECT Id FROM Lead WHERE Email = '${event.booking.person.email}'`
    );
    expect(leads.records).toHaveLength(0);
  }

  org.faults.reset();
  const replay = await replayQueue(api, { store, config });
  expect(replay).toMatchObject({ applied: 2, failed: 0 });
  store.close();
  for (const event of events) {
    expect(await bookingEventRow(event.bookingId)).toHaveLength(1);
    const leads = await admin.query(
      `SELECT Id FROM Lead WHERE Email = '${event.booking.person.email}'`
    );
    expect(leads.records).toHaveLength(1);
  }
});

test('the record id from the booking link wins over an email that matches someone else', async () => {
  const linked = await create('Lead', { LastName: 'Linked', Company: 'L' });
  await create('Contact', { LastName: 'Other', Email: 'shared@record-id.example' });
  const event = bookingEvent({
    booking: {
      salesforceRecordId: linked.slice(0, 15),
      person: { lastName: 'Linked', email: 'shared@record-id.example', company: 'L' }
    }
  });
  await sync([event]);
  expect((await bookingEventRow(event.bookingId))[0].WhoId).toBe(linked);
});

test('the keep owner policy: an existing Lead keeps its owner, a new one is owned by the API user', async () => {
  const users = await admin.query<{ Id: string; Username: string }>(
    'SELECT Id, Username FROM User WHERE IsActive = true'
  );
  const apiUserId = config.apiUserId;
  const otherOwner = users.records.find((user) => user.Id !== apiUserId)!.Id;
  const existing = await create('Lead', {
    LastName: 'Owned',
    Company: 'O',
    Email: 'owned@keep.example',
    OwnerId: otherOwner
  });
  const known = bookingEvent({
    booking: {
      ownerEmail: users.records.find((user) => user.Id === apiUserId)!.Username,
      person: { lastName: 'Owned', email: 'owned@keep.example', company: 'O' }
    }
  });
  const fresh = bookingEvent();
  await sync([known, fresh], withSettings({ ownerPolicy: 'Keep' }));
  const owner = async (id: string) =>
    ((await admin.sobject('Lead').retrieve(id)) as { OwnerId: string }).OwnerId;
  expect(await owner(existing)).toBe(otherOwner);
  const freshLead = String((await bookingEventRow(fresh.bookingId))[0].WhoId);
  expect(await owner(freshLead)).toBe(apiUserId);
});

test('a session that expires mid-run and can be refreshed: the run completes, nothing twice', async () => {
  const events = Array.from({ length: 4 }, () => bookingEvent());
  // The suite's own connection (a second AuthInfo for the same user waits on a file lock).
  const connection = api.connection;
  let refreshes = 0;
  const refreshing = new SalesforceApi(connection, {
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    // As a refresh-token login would: a new session for the same user.
    refreshSession: async () => {
      refreshes++;
      return org.accessTokenFor(SEEDED_USERS.apiUser);
    }
  });
  let upserts = 0;
  const original = refreshing.request.bind(refreshing);
  refreshing.request = async <T>(...args: Parameters<SalesforceApi['request']>): Promise<T> => {
    if (args[1] === '/composite/graph' && ++upserts === 1)
      org.faults.expireSession(String(connection.accessToken));
    return original<T>(...args);
  };
  const report = await syncEvents(refreshing, events, {
    store: openSyncStore(null),
    config,
    batchSize: 2
  });
  expect(report).toMatchObject({ applied: 4, failed: 0 });
  expect(report.stoppedBy).toBeUndefined();
  expect(refreshes).toBe(1);
  for (const event of events) {
    expect(await bookingEventRow(event.bookingId)).toHaveLength(1);
    const leads = await admin.query(
      `SELECT Id FROM Lead WHERE Email = '${event.booking.person.email}'`
    );
    expect(leads.records).toHaveLength(1);
  }
});

test('a reschedule keeps a Contact’s Event on its Case, not on the Contact’s Account', async () => {
  // The spec relates the Event to the Case its booking page created; the Account is the What
  // only when there is no Case. A reschedule creates no second Case and must not move the Event.
  const accountId = await create('Account', { Name: 'Case Keeper' });
  await create('Contact', {
    LastName: 'Rebooked',
    Email: 'rebooked@case-keeper.example',
    AccountId: accountId
  });
  const booked = bookingEvent({
    booking: {
      bookingPage: 'Support',
      person: { lastName: 'Rebooked', email: 'rebooked@case-keeper.example' }
    }
  });
  const settings = withSettings({ caseBookingPages: ['Support'] });
  await sync([booked], settings);
  const [first] = await bookingEventRow(booked.bookingId);
  expect(String(first.WhatId)).toMatch(/^500/);
  const moved = {
    ...booked,
    type: 'rescheduled' as const,
    sequence: 2,
    booking: { ...booked.booking, start: '2026-03-03T10:00:00Z', end: '2026-03-03T10:30:00Z' }
  };
  expect((await sync([moved], settings)).applied).toBe(1);
  const rows = await bookingEventRow(booked.bookingId);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ Id: first.Id, WhatId: first.WhatId });
  expect(String(rows[0].StartDateTime)).toMatch(/^2026-03-03T10:00/);
  const cases = await admin.query(`SELECT Id FROM Case WHERE Id = '${String(first.WhatId)}'`);
  expect(cases.records).toHaveLength(1);
});
