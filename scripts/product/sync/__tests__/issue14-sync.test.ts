// Issue 14 points 4, 16 and 17 against the local org, as the API user with the package
// deployed: the order of a booking's events survives a lost local state (the Event carries the
// last applied sequence), two bookings of one new person make one Lead whether they come in one
// batch or one after the other, and the silent decisions reach the outcome as warnings.
import type { Connection } from '@salesforce/core';
import type { LocalOrg } from '../../../tooling/local-org/server.ts';
import type { SyncConfig } from '../config.ts';
import { syncEvents } from '../engine.ts';
import { openSyncStore } from '../store.ts';
import type { SalesforceApi } from '../salesforce.ts';
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

const eventsOf = async (bookingIds: string[]) =>
  (
    await admin.query<{
      Booking_Id__c: string;
      WhoId: string;
      StartDateTime: string;
      EndDateTime: string;
      Booking_Status__c: string;
      Booking_Sequence__c: number;
    }>(
      `SELECT Booking_Id__c, WhoId, StartDateTime, EndDateTime, Booking_Status__c, Booking_Sequence__c FROM Event WHERE Booking_Id__c IN (${bookingIds.map((id) => `'${id}'`).join(', ')})`
    )
  ).records;
const leadsWith = async (email: string) =>
  (
    await admin.query<{ Id: string; Phone: string | null }>(
      `SELECT Id, Phone FROM Lead WHERE Email = '${email}'`
    )
  ).records;

test('issue 14 point 4: with the local state lost, a late booked does not move a rescheduled Event back', async () => {
  const booked = bookingEvent({ type: 'booked', sequence: 1 });
  const rescheduled = {
    ...booked,
    type: 'rescheduled' as const,
    sequence: 2,
    booking: { ...booked.booking, start: '2026-03-09T14:00:00Z', end: '2026-03-09T14:30:00Z' }
  };
  expect(
    await syncEvents(api, [rescheduled], { store: openSyncStore(null), config })
  ).toMatchObject({
    applied: 1
  });
  // A new, empty state: only the Event in the org knows sequence 2 was applied.
  const report = await syncEvents(api, [booked], { store: openSyncStore(null), config });
  expect(report).toMatchObject({ applied: 0, skipped: 1, failed: 0 });
  expect(report.outcomes[0]).toMatchObject({
    bookingId: booked.bookingId,
    sequence: 1,
    status: 'skipped',
    reason: "older than the Event's sequence 2",
    warnings: [
      "booked event sequence 1 not applied: older than the Event's sequence 2 in Salesforce"
    ]
  });
  const [event] = await eventsOf([booked.bookingId]);
  expect(new Date(event.StartDateTime).toISOString()).toBe('2026-03-09T14:00:00.000Z');
  expect(new Date(event.EndDateTime).toISOString()).toBe('2026-03-09T14:30:00.000Z');
  expect(event.Booking_Status__c).toBe('Rescheduled');
  expect(event.Booking_Sequence__c).toBe(2);
  // A newer event still applies, and the Event carries its sequence.
  const canceled = { ...rescheduled, type: 'canceled' as const, sequence: 3 };
  expect(await syncEvents(api, [canceled], { store: openSyncStore(null), config })).toMatchObject({
    applied: 1
  });
  expect((await eventsOf([booked.bookingId]))[0]).toMatchObject({
    Booking_Status__c: 'Canceled',
    Booking_Sequence__c: 3
  });
});

describe('issue 14 point 16: two bookings of the same new person', () => {
  const twoBookings = (email: string | undefined, phone?: string) => {
    const person = { firstName: 'Pat', lastName: `Twice${Math.random().toString(36).slice(2, 7)}` };
    return [
      bookingEvent({ booking: { person: { ...person, email, company: 'Twice Co' } } }),
      bookingEvent({
        booking: {
          start: '2026-03-05T10:00:00Z',
          end: '2026-03-05T10:30:00Z',
          person: { ...person, email, phone, company: 'Twice Co' }
        }
      })
    ];
  };
  const oneLeadTwoEvents = async (bookings: ReturnType<typeof twoBookings>, email: string) => {
    const leads = await leadsWith(email);
    expect(leads).toHaveLength(1);
    const events = await eventsOf(bookings.map((b) => b.bookingId));
    expect(events).toHaveLength(2);
    expect(events.map((e) => e.WhoId)).toEqual([leads[0].Id, leads[0].Id]);
    return leads[0];
  };

  test('in one batch: one Lead, two Events, the second booking’s phone filled in, a warning', async () => {
    const email = `pat.${Date.now()}@once.example`;
    const bookings = twoBookings(email, '+1 415 555 0123');
    const report = await syncEvents(api, bookings, { store: openSyncStore(null), config });
    expect(report).toMatchObject({ applied: 2, failed: 0 });
    const lead = await oneLeadTwoEvents(bookings, email);
    expect(lead.Phone).toBe('+1 415 555 0123');
    expect(report.outcomes.map((o) => o.person)).toEqual([
      { kind: 'Lead', id: lead.Id, created: true },
      { kind: 'Lead', id: lead.Id, created: false }
    ]);
    expect(report.outcomes[1].warnings).toEqual([
      `same person (by Email) as booking ${bookings[0].bookingId} of this batch: its new Lead is used, not a second one`
    ]);
  });

  test('queued one after the other (two batches): one Lead, two Events', async () => {
    const email = `pat.${Date.now()}@queued.example`;
    const bookings = twoBookings(email);
    const store = openSyncStore(null);
    for (const booking of bookings)
      expect(await syncEvents(api, [booking], { store, config })).toMatchObject({ applied: 1 });
    await oneLeadTwoEvents(bookings, email);
  });

  test('in one batch by phone when there is no email: one Lead', async () => {
    const phone = `+1 650 555 ${String(Date.now()).slice(-4)}`;
    const bookings = twoBookings(undefined, phone).map((b) => ({
      ...b,
      booking: { ...b.booking, person: { ...b.booking.person, email: undefined, phone } }
    }));
    expect(await syncEvents(api, bookings, { store: openSyncStore(null), config })).toMatchObject({
      applied: 2
    });
    const leads = (
      await admin.query<{ Id: string }>(
        `SELECT Id FROM Lead WHERE LastName = '${bookings[0].booking.person.lastName}'`
      )
    ).records;
    expect(leads).toHaveLength(1);
    expect((await eventsOf(bookings.map((b) => b.bookingId))).map((e) => e.WhoId)).toEqual([
      leads[0].Id,
      leads[0].Id
    ]);
  });
});

test('issue 14 point 17: an owner with no active user is a warning in the outcome, also in a dry run', async () => {
  const event = bookingEvent({ booking: { ownerEmail: 'nobody.here@example.org' } });
  const warning =
    'booking owner nobody.here@example.org is no active Salesforce user: the Event is owned by the API user';
  const dry = await syncEvents(api, [event], { store: openSyncStore(null), config, dryRun: true });
  expect(dry.outcomes[0]).toMatchObject({ status: 'planned', warnings: [warning] });
  const report = await syncEvents(api, [event], { store: openSyncStore(null), config });
  expect(report.outcomes[0]).toMatchObject({ status: 'applied', warnings: [warning] });
});
