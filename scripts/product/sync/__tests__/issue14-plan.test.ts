// Issue 14 points 4, 16, 17 and 19 without an org: the plan refuses an event its Event in the
// org has already passed; two bookings of one new person in a batch plan one record; a record
// reused after DUPLICATES_DETECTED gets the booking's values by the update policy; and the
// silent decisions are warnings. The writes of both are tested against the local org
// (issue14-sync.test.ts, issue14-duplicates.test.ts).
import type { SyncConfig } from '../config.ts';
import { planBatch, planBooking, plannedWrites, reusedPersonUpdates } from '../plan.ts';
import type { SObject } from '../rules.ts';
import { bookingEvent } from '../../../tooling/test-kit/fixtures.ts';
import { API_USER_ID, facts, offlineConfig } from './plan-fixtures.ts';

const NOW = '2026-03-01T12:00:00.000Z';
const config = offlineConfig();
const withSettings = (settings: Partial<SyncConfig['settings']>) =>
  offlineConfig({ settings: { ...config.settings, ...settings } });
describe('issue 14 point 4: order kept by the Event in the org', () => {
  const rescheduledEvent = (bookingId: string) =>
    facts({
      eventsByBooking: new Map([
        [bookingId, { Id: '00U000000000001AAA', WhoId: null, Booking_Sequence__c: 2 }]
      ])
    });

  test('the Event carries the sequence of the event applied to it', () => {
    const event = bookingEvent({ type: 'rescheduled', sequence: 7 });
    expect(planBooking(event, facts(), config, NOW).eventRecord.Booking_Sequence__c).toBe(7);
  });

  test('an event older than the Event’s sequence is skipped, with the reason and a warning', () => {
    const late = bookingEvent({ type: 'booked', sequence: 1 });
    const batch = planBatch([late], rescheduledEvent(late.bookingId), config, NOW);
    expect(batch.plans).toEqual([]);
    expect(batch.skipped).toEqual([
      {
        event: late,
        reason: "older than the Event's sequence 2",
        warnings: [
          "booked event sequence 1 not applied: older than the Event's sequence 2 in Salesforce"
        ]
      }
    ]);
  });

  test('the same sequence is already applied; a newer one is planned', () => {
    const again = bookingEvent({ type: 'rescheduled', sequence: 2 });
    const newer = bookingEvent({ type: 'canceled', sequence: 3 });
    const found = facts({
      eventsByBooking: new Map([
        [again.bookingId, { Id: '00U1', Booking_Sequence__c: 2 }],
        [newer.bookingId, { Id: '00U2', Booking_Sequence__c: 2 }]
      ])
    });
    const batch = planBatch([again, newer], found, config, NOW);
    expect(batch.skipped.map((s) => s.reason)).toEqual([
      'already applied (the Event carries sequence 2)'
    ]);
    expect(batch.plans.map((p) => p.event)).toEqual([newer]);
  });

  test('in a namespaced org the namespaced field is read and written', () => {
    const namespaced = offlineConfig({ namespace: 'bkconn' });
    const late = bookingEvent({ sequence: 1 });
    const found = facts({
      eventsByBooking: new Map([[late.bookingId, { Id: '00U1', bkconn__Booking_Sequence__c: 5 }]])
    });
    expect(planBatch([late], found, namespaced, NOW).skipped).toHaveLength(1);
    const fresh = bookingEvent({ sequence: 4 });
    expect(
      planBooking(fresh, facts(), namespaced, NOW).eventRecord.bkconn__Booking_Sequence__c
    ).toBe(4);
  });
});

describe('issue 14 point 16: one new person, two bookings in one batch', () => {
  const person = { firstName: 'Sam', lastName: 'Twice', email: 'sam@twice.example' };
  const first = bookingEvent({ booking: { person: { ...person, company: 'Twice Co' } } });
  const second = bookingEvent({
    booking: {
      start: '2026-03-03T09:00:00Z',
      end: '2026-03-03T09:30:00Z',
      person: { ...person, email: 'SAM@twice.example', phone: '+1 415 555 0100', company: 'Other' }
    }
  });

  test('the first creates the Lead; the second uses it, its values in by the update policy', () => {
    const { plans } = planBatch([first, second], facts(), config, NOW);
    expect(plans[0].person).toMatchObject({ kind: 'Lead', created: true });
    // FillEmpty: the second booking fills the phone the first left empty, not the company.
    expect(plans[0].person.record).toMatchObject({ Company: 'Twice Co', Phone: '+1 415 555 0100' });
    expect(plans[1].person).toMatchObject({
      kind: 'Lead',
      created: false,
      updates: {},
      samePersonAs: first.bookingId
    });
    expect(plans[1].warnings).toEqual([
      `same person (by Email) as booking ${first.bookingId} of this batch: its new Lead is used, not a second one`
    ]);
    // A dry run shows one Lead created, and two Events.
    expect(plans.flatMap(plannedWrites).map((w) => `${w.operation} ${w.object}`)).toEqual([
      'create Lead',
      'upsert Event',
      'upsert Event'
    ]);
  });

  test('under Overwrite the later booking’s values win', () => {
    const { plans } = planBatch(
      [first, second],
      facts(),
      withSettings({ updatePolicy: 'Overwrite' }),
      NOW
    );
    expect(plans[0].person.record).toMatchObject({
      Email: 'SAM@twice.example',
      Company: 'Other',
      Phone: '+1 415 555 0100'
    });
  });

  test('same phone when there is no email; other people stay apart', () => {
    const byPhone = [
      bookingEvent({
        booking: { person: { lastName: 'Ph', phone: '(415) 555-0100', company: 'C' } }
      }),
      bookingEvent({ booking: { person: { lastName: 'Ph', phone: '4155550100', company: 'C' } } }),
      bookingEvent({
        booking: { person: { lastName: 'Other', email: 'other@x.example', company: 'C' } }
      })
    ];
    const { plans } = planBatch(byPhone, facts(), config, NOW);
    expect(plans.map((p) => p.person.created)).toEqual([true, false, true]);
    expect(plans[1].person.samePersonAs).toBe(byPhone[0].bookingId);
  });

  test('a person the org already has is still matched there, not linked', () => {
    const found = facts({
      leads: [{ Id: '00Q000000000001AAA', Email: 'sam@twice.example', LastModifiedDate: NOW }]
    });
    const { plans } = planBatch([first, second], found, config, NOW);
    expect(plans.map((p) => [p.person.created, p.person.record.Id, p.person.samePersonAs])).toEqual(
      [
        [false, '00Q000000000001AAA', undefined],
        [false, '00Q000000000001AAA', undefined]
      ]
    );
  });
});

describe('issue 14 point 19: a record reused after DUPLICATES_DETECTED', () => {
  const event = bookingEvent({
    booking: {
      person: {
        firstName: 'Grace',
        lastName: 'Hopper',
        email: 'grace@new.example',
        phone: '+1 202 555 0199',
        company: 'Navy Labs'
      }
    }
  });
  const matched: SObject = {
    Id: '00QCUSTOMER',
    OwnerId: '005OWNER',
    FirstName: 'Grace',
    LastName: 'Hopper',
    Email: 'grace@old.example',
    Phone: null,
    Company: 'Navy Labs'
  };

  test('the update policy decides, as for a matched record (pure)', () => {
    const { person } = planBooking(event, facts(), config, NOW);
    expect(reusedPersonUpdates(person, matched, config.settings)).toEqual({
      Phone: '+1 202 555 0199'
    });
    expect(
      reusedPersonUpdates(person, matched, withSettings({ updatePolicy: 'Overwrite' }).settings)
    ).toEqual({ Email: 'grace@new.example', Phone: '+1 202 555 0199' });
  });

  test('the BookingOwner policy moves the reused record to the booking owner', () => {
    const owned = bookingEvent({ booking: { ...event.booking, ownerEmail: 'owner@x.example' } });
    const found = facts({ usersByEmail: new Map([['owner@x.example', '005BOOKING']]) });
    const settings = withSettings({ ownerPolicy: 'BookingOwner' });
    const { person } = planBooking(owned, found, settings, NOW);
    expect(reusedPersonUpdates(person, matched, settings.settings)).toMatchObject({
      OwnerId: '005BOOKING'
    });
  });
});

describe('issue 14 point 17: warnings on the plan', () => {
  test('an owner with no active user: the Event falls back to the API user, with a warning', () => {
    const event = bookingEvent({ booking: { ownerEmail: 'gone@x.example' } });
    const plan = planBooking(event, facts(), config, NOW);
    expect(plan.eventRecord.OwnerId).toBe(API_USER_ID);
    expect(plan.warnings).toEqual([
      'booking owner gone@x.example is no active Salesforce user: the Event is owned by the API user'
    ]);
  });

  test('an owner found, a new person: no warning', () => {
    const event = bookingEvent({ booking: { ownerEmail: 'here@x.example' } });
    const found = facts({ usersByEmail: new Map([['here@x.example', '005HERE']]) });
    expect(planBooking(event, found, config, NOW).warnings).toEqual([]);
  });
});
