// The sync engine against the local org, as the API user, with the package deployed.
import type { Connection } from '@salesforce/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalOrg } from '../../../tooling/local-org/server.ts';
import { syncEvents } from '../engine.ts';
import { openSyncStore, syncStorePath } from '../store.ts';
import { SalesforceApi } from '../salesforce.ts';
import { loadConfig, type SyncConfig } from '../config.ts';
import { bookingEvent, syncOrg } from '../../../tooling/test-kit/fixtures.ts';
import { loginAs } from '../../../tooling/test-kit/login.ts';
import { SEEDED_USERS } from '../../../tooling/local-org/seed.ts';
import { assignApiUserPermissionSet } from '../../org/permset.ts';

jest.setTimeout(60_000);
let org: LocalOrg;
let admin: Connection;
let api: SalesforceApi;
let config: SyncConfig;
let dir: string;

beforeAll(async () => {
  ({ org, admin, api, config } = await syncOrg());
  dir = mkdtempSync(join(tmpdir(), 'sync-'));
}, 90_000);
afterAll(async () => {
  await org.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => org.faults.reset());

const options = (extra: Partial<Parameters<typeof syncEvents>[2]> = {}) => ({
  store: openSyncStore(null),
  config,
  ...extra
});

async function eventOf(bookingId: string) {
  const rows = await admin.query<Record<string, unknown>>(
    `SELECT Id, WhoId, WhatId, OwnerId, StartDateTime, Booking_Status__c, Cancel_Reschedule_Reason__c FROM Event WHERE Booking_Id__c = '${bookingId}'`
  );
  return rows.records;
}

test('a new person becomes a Lead with the booking Event', async () => {
  const event = bookingEvent();
  const report = await syncEvents(api, [event], options());
  expect(report).toMatchObject({ applied: 1, failed: 0 });
  const [record] = await eventOf(event.bookingId);
  expect(String(record.WhoId)).toMatch(/^00Q/);
  expect(record.Booking_Status__c).toBe('Scheduled');
  const leads = await admin.query(
    `SELECT Id, LastName FROM Lead WHERE Email = '${event.booking.person.email}'`
  );
  expect(leads.records).toHaveLength(1);
});

test('an existing Contact wins over a Lead with the same email', async () => {
  const email = 'both@example.org';
  await admin.sobject('Lead').create({ LastName: 'Lead', Company: 'X', Email: email });
  const contact = (await admin
    .sobject('Contact')
    .create({ LastName: 'Contact', Email: email })) as { id: string };
  const event = bookingEvent({ booking: { person: { lastName: 'Contact', email } } });
  await syncEvents(api, [event], options());
  const [record] = await eventOf(event.bookingId);
  expect(record.WhoId).toBe(contact.id);
});

test('an existing Lead whose email has a backslash is matched: no second Lead', async () => {
  // SOQL reads \\ as one backslash (Quoted String Escape Sequences); a literal the org did not
  // unescape would never match, and every sync would make another Lead.
  const email = "back\\slash.o'neil@example.org";
  const lead = (await admin
    .sobject('Lead')
    .create({ LastName: "O'Neil", Company: 'Slash', Email: email })) as { id: string };
  const event = bookingEvent({ booking: { person: { lastName: "O'Neil", email } } });
  expect(await syncEvents(api, [event], options())).toMatchObject({ applied: 1, failed: 0 });
  const [record] = await eventOf(event.bookingId);
  expect(record.WhoId).toBe(lead.id);
  const leads = await admin.query<{ Id: string }>(
    "SELECT Id FROM Lead WHERE LastName = 'O\\'Neil'"
  );
  expect(leads.records.map((row) => row.Id)).toEqual([lead.id]);
});

test('a full batch of 200 bookings with phones stays under the URI limit (its lookups go in a body)', async () => {
  // 200 emails and 400 phone patterns on two fields make a lookup URL far over the 16,384 bytes
  // Salesforce accepts in a GET (a 414); the engine sends such a query through /composite.
  const events = Array.from({ length: 200 }, (_, index) =>
    bookingEvent({
      booking: {
        person: {
          firstName: 'Long',
          lastName: `Url${index}`,
          email: `a.rather.long.address.number.${index}@bookings.example.org`,
          company: 'Url Co',
          phone: `+49 30 5555 ${String(1000 + index)}`,
          mobile: `+49 170 555 ${String(2000 + index)}`
        }
      }
    })
  );
  const report = await syncEvents(api, events, options());
  expect(report).toMatchObject({ applied: 200, failed: 0 });
  const again = await syncEvents(
    api,
    events.map((event) => ({ ...event, sequence: 2 })),
    options()
  );
  expect(again.failed).toBe(0);
  const leads = await admin.query<{ Id: string }>("SELECT Id FROM Lead WHERE Company = 'Url Co'");
  expect(leads.totalSize).toBe(200);
});

test('the same event twice applies once; sending it again through the store file applies nothing', async () => {
  const path = syncStorePath(mkdtempSync(join(dir, 'store-')));
  const event = bookingEvent();
  const first = openSyncStore(path);
  expect((await syncEvents(api, [event, event], options({ store: first }))).applied).toBe(1);
  first.close();
  const second = openSyncStore(path);
  const again = await syncEvents(api, [event], options({ store: second }));
  second.close();
  expect(again).toMatchObject({ applied: 0, skipped: 1, apiCalls: 0 });
  expect(await eventOf(event.bookingId)).toHaveLength(1);
});

test('cancel keeps the Event with status and reason; an older event after it changes nothing', async () => {
  const store = openSyncStore(null);
  const booked = bookingEvent();
  await syncEvents(api, [booked], options({ store }));
  const canceled = {
    ...booked,
    type: 'canceled' as const,
    sequence: 3,
    booking: { ...booked.booking, reason: 'Sick' }
  };
  const rescheduledLate = {
    ...booked,
    type: 'rescheduled' as const,
    sequence: 2,
    booking: { ...booked.booking, start: '2026-04-01T10:00:00Z', end: '2026-04-01T10:30:00Z' }
  };
  await syncEvents(api, [canceled], options({ store }));
  const late = await syncEvents(api, [rescheduledLate], options({ store }));
  expect(late.skipped).toBe(1);
  const rows = await eventOf(booked.bookingId);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    Booking_Status__c: 'Canceled',
    Cancel_Reschedule_Reason__c: 'Sick'
  });
});

test('a booking that leaves a required field empty is rejected by name and writes nothing', async () => {
  const store = openSyncStore(null);
  const event = bookingEvent({ booking: { person: { email: 'nolastname@example.org' } } });
  const report = await syncEvents(api, [event], options({ store }));
  expect(report.failed).toBe(1);
  expect(report.outcomes[0].error).toMatch(/Lead\.LastName is required/);
  expect(await eventOf(event.bookingId)).toHaveLength(0);
  expect(
    (await admin.query(`SELECT Id FROM Lead WHERE Email = 'nolastname@example.org'`)).records
  ).toHaveLength(0);
  expect(store.deadLetters()[0].event.bookingId).toBe(event.bookingId);
});

test('API calls per batch do not grow with the batch size', async () => {
  const small = await syncEvents(
    api,
    Array.from({ length: 5 }, () => bookingEvent()),
    options()
  );
  const large = await syncEvents(
    api,
    Array.from({ length: 150 }, () => bookingEvent()),
    options()
  );
  expect(large.applied).toBe(150);
  expect(large.apiCalls).toBe(small.apiCalls);
});

test('faults injected mid-batch are retried: no duplicates, no losses', async () => {
  const events = Array.from({ length: 20 }, () => bookingEvent());
  org.faults.failNext(2, 503);
  const first = syncEvents(api, events, options());
  const report = await first;
  expect(report.applied).toBe(20);
  org.faults.requestLimitNext(1);
  const replay = await syncEvents(api, events, options());
  // A fresh ledger: each Event carries the sequence applied to it (issue 14 point 4), so the
  // same events again are skipped, not written twice.
  expect(replay).toMatchObject({ applied: 0, skipped: 20, failed: 0 });
  for (const event of events) expect(await eventOf(event.bookingId)).toHaveLength(1);
  const leads = await admin.query(
    `SELECT Id FROM Lead WHERE Email IN (${events.map((e) => `'${e.booking.person.email}'`).join(',')})`
  );
  expect(leads.records).toHaveLength(20);
});

test('a dry run plans the writes and writes nothing', async () => {
  const event = bookingEvent();
  const report = await syncEvents(api, [event], options({ dryRun: true }));
  expect(report.planned).toBe(1);
  expect(report.outcomes[0].writes?.map((w) => `${w.operation} ${w.object}`)).toEqual([
    'create Lead',
    'upsert Event'
  ]);
  expect(await eventOf(event.bookingId)).toHaveLength(0);
});

describe('serve', () => {
  const secret = 'test-secret-0123456789';
  const reports: { applied: number }[] = [];
  async function started() {
    const { serve } = await import('../serve.ts');
    const sub = mkdtempSync(join(dir, 'serve-'));
    return serve({
      api,
      secret,
      storePath: syncStorePath(sub),
      onApplied: (r) => reports.push(r)
    });
  }
  const post = (url: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${url}/events`, { method: 'POST', body, headers });

  test('a signed event is queued (202) and then applied; bad signature 401, malformed JSON 400', async () => {
    const { signedHeaders } = await import('../serve.ts');
    const server = await started();
    try {
      const event = bookingEvent();
      const body = JSON.stringify(event);
      const unsigned = await post(server.url, body);
      expect(unsigned.status).toBe(401);
      expect(((await unsigned.json()) as { error: string }).error).toMatch(
        /missing header x-booking-signature/i
      );
      expect(
        (await post(server.url, body, signedHeaders(body, 'wrong-secret-0123456789'))).status
      ).toBe(401);
      const malformed = '{"schemaVersion": 1,';
      const bad = await post(server.url, malformed, signedHeaders(malformed, secret));
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toMatch(/not JSON/);
      const invalid = JSON.stringify({ ...event, type: 'moved' });
      expect((await post(server.url, invalid, signedHeaders(invalid, secret))).status).toBe(400);
      expect(await eventOf(event.bookingId)).toHaveLength(0);
      const accepted = await post(server.url, body, signedHeaders(body, secret));
      expect(accepted.status).toBe(202);
      await server.idle();
      expect(server.deadLetters()).toEqual([]);
      expect(reports.map((r) => r.applied)).toEqual([1]);
      const rows = await api.query(
        `SELECT Id FROM Event WHERE Booking_Id__c = '${event.bookingId}'`
      );
      expect(rows).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});

describe('creation rules from the settings', () => {
  const withSettings = (settings: Partial<SyncConfig['settings']>) => ({
    ...config,
    settings: { ...config.settings, ...settings }
  });

  test('settings come from the org default record', async () => {
    const orgId = (await admin.query<{ Id: string }>('SELECT Id FROM Organization')).records[0].Id;
    await admin.sobject('BookingConnectorSettings__c').create({
      SetupOwnerId: orgId,
      UpdatePolicy__c: 'Overwrite',
      CaseBookingPages__c: 'Support\nOnboarding'
    });
    const loaded = await loadConfig(api);
    expect(loaded.settings).toMatchObject({
      updatePolicy: 'Overwrite',
      caseBookingPages: ['Support', 'Onboarding'],
      noMatchAction: 'Lead'
    });
  });

  test('booking owner policy, a Lead on a Case page (no Case), match by phone, and reassignment', async () => {
    const users = await admin.query<{ Id: string; Email: string }>(
      'SELECT Id, Email FROM User WHERE IsActive = true AND Email != null LIMIT 1'
    );
    const owner = users.records[0];
    const lead = (await admin
      .sobject('Lead')
      .create({ LastName: 'Phone', Company: 'P', Phone: '+49 30 1234567' })) as { id: string };
    const event = bookingEvent({
      booking: {
        bookingPage: 'Support',
        ownerEmail: owner.Email,
        person: { lastName: 'Phone', phone: '+49 30 1234567' }
      }
    });
    const settings = withSettings({ ownerPolicy: 'BookingOwner', caseBookingPages: ['support'] });
    const caseCount = async () => (await admin.query('SELECT Id FROM Case')).records.length;
    const casesBefore = await caseCount();
    const report = await syncEvents(api, [event], { store: openSyncStore(null), config: settings });
    expect(report.outcomes.map((o) => o.error ?? o.status)).toEqual(['applied']);
    const [record] = await eventOf(event.bookingId);
    expect(record.WhoId).toBe(lead.id);
    // A Lead's Event has no WhatId (Salesforce's rule), so a Case page makes no Case for a Lead.
    expect(record.WhatId ?? null).toBeNull();
    expect(await caseCount()).toBe(casesBefore);
    expect(record.OwnerId).toBe(owner.Id);
    const updatedLead = (await admin.sobject('Lead').retrieve(lead.id)) as { OwnerId: string };
    expect(updatedLead.OwnerId).toBe(owner.Id);
    // Reassignment: same Event, Reassigned set, still no Case.
    await syncEvents(api, [{ ...event, type: 'reassigned', sequence: 2 }], {
      store: openSyncStore(null),
      config: settings
    });
    const rows = await api.query<Record<string, unknown>>(
      `SELECT Id, WhatId, Reassigned__c FROM Event WHERE Booking_Id__c = '${event.bookingId}'`
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ Reassigned__c: true });
    expect(rows[0].WhatId ?? null).toBeNull();
    expect(await caseCount()).toBe(casesBefore);
  });
});

// A managed package's permission sets lose their standard-object permissions at install, and
// Event has none: an API user outside System Administrator gets Lead, Contact, Account, Case
// and Event access from its profile alone. The permission set adds only the package's fields.
describe('an advanced-secure API user, with the package permission set', () => {
  async function syncAs(username: string) {
    await assignApiUserPermissionSet(admin, username, null);
    const user = new SalesforceApi(await loginAs(org, username), {
      retry: { baseDelayMs: 5, maxDelayMs: 20 }
    });
    const event = bookingEvent();
    return { event, report: await syncEvents(user, [event], options()) };
  }

  test('syncs through its profile: object permissions, Edit Events and Access Activities', async () => {
    const { event, report } = await syncAs(SEEDED_USERS.secureApiUser);
    expect(report).toMatchObject({ applied: 1, failed: 0 });
    expect(await eventOf(event.bookingId)).toHaveLength(1);
  });

  test('cannot create a Lead when its profile lacks Create on Lead: the permission set does not grant it', async () => {
    const { event, report } = await syncAs(SEEDED_USERS.secureMissing('Lead Create'));
    expect(report.failed).toBe(1);
    expect(report.outcomes[0].error).toMatch(/INSUFFICIENT_ACCESS|Lead/);
    expect(await eventOf(event.bookingId)).toHaveLength(0);
  });

  test('cannot write the booking Event without Edit Events, whatever its object permissions', async () => {
    const { event, report } = await syncAs(SEEDED_USERS.secureMissing('Edit Events'));
    expect(report.failed).toBe(1);
    expect(await eventOf(event.bookingId)).toHaveLength(0);
  });
});
