// The plan of a batch, without an org: what is to be written for each booking from its events,
// the looked-up facts and the config. Pure: its inputs stay as they were, and the plan is frozen.
import { planBatch, planBooking, plannedWrites, type BookingPlan } from '../plan.ts';
import type { SObject } from '../rules.ts';
import { bookingEvent } from '../../../tooling/test-kit/fixtures.ts';
import { API_USER_ID, facts, offlineConfig } from './plan-fixtures.ts';

const NOW = '2026-03-01T12:00:00.000Z';
const config = offlineConfig();
const withSettings = (settings: Partial<ReturnType<typeof offlineConfig>['settings']>) =>
  offlineConfig({ settings: { ...config.settings, ...settings } });

test('a new person: a Lead with the mapped values, and the Event with the package fields', () => {
  const event = bookingEvent({
    booking: {
      person: { firstName: 'Ana', lastName: 'New', email: 'ana@new.example', company: 'New Co' }
    }
  });
  const plan = planBooking(event, facts(), config, NOW);
  expect(plan.person).toEqual({
    kind: 'Lead',
    created: true,
    updates: {},
    record: {
      attributes: { type: 'Lead' },
      FirstName: 'Ana',
      LastName: 'New',
      Email: 'ana@new.example',
      Company: 'New Co'
    }
  });
  expect(plan.eventRecord).toEqual({
    attributes: { type: 'Event' },
    Subject: 'Intro call',
    Booking_Id__c: event.bookingId,
    Last_Synced__c: NOW,
    Booking_Sequence__c: 1,
    OwnerId: API_USER_ID,
    Booking_Status__c: 'Scheduled',
    Booking_Page__c: 'Intro Call',
    Customer_Time_Zone__c: 'Europe/Berlin',
    StartDateTime: event.booking.start,
    EndDateTime: event.booking.end
  });
  expect(plan.newAccount).toBeUndefined();
  expect(plan.newCase).toBeUndefined();
});

test('pure: the inputs are left as they were, the plan is frozen, the same inputs plan the same', () => {
  const contact: SObject = {
    attributes: { type: 'Contact' },
    Id: '003000000000001AAA',
    Email: 'kept@pure.example',
    LastModifiedDate: '2026-01-01T00:00:00Z'
  };
  const found = facts({ contacts: [contact] });
  const events = [
    bookingEvent({
      booking: { person: { lastName: 'Kept', email: 'kept@pure.example', phone: '030 1234567' } }
    }),
    bookingEvent()
  ];
  const before = structuredClone({
    events,
    contact,
    settings: config.settings,
    mappings: config.mappings
  });
  const first = planBatch(events, found, config, NOW);
  expect({ events, contact, settings: config.settings, mappings: config.mappings }).toEqual(before);
  expect(Object.isFrozen(first)).toBe(true);
  expect(Object.isFrozen(first.plans)).toBe(true);
  for (const plan of first.plans) {
    expect(Object.isFrozen(plan)).toBe(true);
    expect(Object.isFrozen(plan.person.record)).toBe(true);
    expect(Object.isFrozen(plan.person.updates)).toBe(true);
    expect(Object.isFrozen(plan.eventRecord)).toBe(true);
  }
  // The existing person's record is the plan's copy, not the looked-up row.
  expect(first.plans[0].person.record).not.toBe(contact);
  expect(Object.isFrozen(contact)).toBe(false);
  expect(() => {
    (first.plans[0].eventRecord as SObject).WhoId = 'changed';
  }).toThrow(TypeError);
  expect(planBatch(events, found, config, NOW)).toEqual(first);
});

test('an existing booking keeps its person: the Event’s Lead, though a Contact has the email', () => {
  const event = bookingEvent({
    booking: { person: { lastName: 'Moved', email: 'shared@keep.example' } }
  });
  const lead = { Id: '00Q000000000001AAA', LastName: 'Moved', Company: 'K' };
  const plan = planBooking(
    event,
    facts({
      eventsByBooking: new Map([[event.bookingId, { Id: '00U1', WhoId: lead.Id }]]),
      contacts: [{ Id: '003000000000009AAA', Email: 'shared@keep.example' }],
      leads: [lead]
    }),
    config,
    NOW
  );
  expect(plan.person).toMatchObject({ kind: 'Lead', created: false, record: { Id: lead.Id } });
});

test('an existing Contact is filled in (fill-empty) and given the booking owner', () => {
  const event = bookingEvent({
    booking: {
      ownerEmail: 'Owner@Example.org',
      person: {
        firstName: 'Filled',
        lastName: 'Known',
        email: 'known@fill.example',
        phone: '+49 30 1234567'
      }
    }
  });
  const contact = {
    Id: '003000000000002AAA',
    LastName: 'Known',
    Email: 'known@fill.example',
    Phone: '030 7654321',
    OwnerId: API_USER_ID
  };
  const plan = planBooking(
    event,
    facts({ contacts: [contact], usersByEmail: new Map([['owner@example.org', '005OWNER']]) }),
    withSettings({ ownerPolicy: 'BookingOwner' }),
    NOW
  );
  expect(plan.person).toMatchObject({ kind: 'Contact', created: false });
  expect(plan.person.updates).toEqual({ FirstName: 'Filled', OwnerId: '005OWNER' });
  expect(plan.eventRecord.OwnerId).toBe('005OWNER');
  expect(plannedWrites(plan)[0]).toEqual({
    operation: 'update',
    object: 'Contact',
    fields: { Id: contact.Id, FirstName: 'Filled', OwnerId: '005OWNER' }
  });
});

describe('a new Contact’s Account', () => {
  const contactSettings = {
    noMatchAction: 'Contact' as const,
    accountMatching: ['EmailDomain', 'CompanyName']
  };
  const event = () =>
    bookingEvent({
      booking: { person: { lastName: 'Joiner', email: 'j@acme.example', company: 'Acme Ltd' } }
    });

  test('an Account whose Website holds the email domain is used', () => {
    const plan = planBooking(
      event(),
      facts({ accounts: [{ Id: '001WEB', Name: 'Other', Website: 'https://www.ACME.example' }] }),
      withSettings(contactSettings),
      NOW
    );
    expect(plan.person.record).toMatchObject({
      attributes: { type: 'Contact' },
      AccountId: '001WEB'
    });
    expect(plan.newAccount).toBeUndefined();
  });

  test('none matches: one is created from the company when the settings say so', () => {
    const plan = planBooking(
      event(),
      facts(),
      withSettings({ ...contactSettings, createAccount: true }),
      NOW
    );
    expect(plan.newAccount).toEqual({ attributes: { type: 'Account' }, Name: 'Acme Ltd' });
    expect(plan.person.record.AccountId).toBeUndefined();
    expect(plannedWrites(plan).map((w) => `${w.operation} ${w.object}`)).toEqual([
      'create Account',
      'create Contact',
      'upsert Event'
    ]);
  });
});

describe('the Case of a booking page', () => {
  // A new person becomes a Contact here: a Lead gets no Case (its Event cannot be related to one).
  const caseSettings = {
    caseBookingPages: ['support'],
    ownerPolicy: 'BookingOwner' as const,
    noMatchAction: 'Contact' as const
  };
  const supportBooking = () =>
    bookingEvent({
      booking: { bookingPage: 'Support', ownerEmail: 'owner@example.org', subject: 'Help' }
    });
  const owners = new Map([['owner@example.org', '005OWNER']]);

  test('a new booking on a Case page plans a Case, owned by the booking owner', () => {
    const plan = planBooking(
      supportBooking(),
      facts({ usersByEmail: owners }),
      withSettings(caseSettings),
      NOW
    );
    expect(plan.newCase).toEqual({
      attributes: { type: 'Case' },
      Subject: 'Help',
      OwnerId: '005OWNER'
    });
  });

  test('a new Lead on a Case page gets no Case', () => {
    const plan = planBooking(
      supportBooking(),
      facts({ usersByEmail: owners }),
      withSettings({ ...caseSettings, noMatchAction: 'Lead' }),
      NOW
    );
    expect(plan.person.kind).toBe('Lead');
    expect(plan.newCase).toBeUndefined();
  });

  test('an Event that has its Case already gets no second one, and the plan keeps that Case', () => {
    const event = { ...supportBooking(), type: 'rescheduled' as const, sequence: 2 };
    const plan = planBooking(
      event,
      facts({
        usersByEmail: owners,
        eventsByBooking: new Map([[event.bookingId, { Id: '00U1', WhatId: '500000000000001AAA' }]])
      }),
      withSettings(caseSettings),
      NOW
    );
    expect(plan.newCase).toBeUndefined();
    expect(plan.existingWhatId).toBe('500000000000001AAA');
    expect(plan.eventRecord).toMatchObject({ Booking_Status__c: 'Rescheduled' });
  });
});

test('a reschedule moves the Event: the times follow the newest booking', () => {
  const booked = bookingEvent({
    booking: { start: '2026-05-01T08:00:00Z', end: '2026-05-01T08:45:00Z' }
  });
  const moved = { ...booked, type: 'rescheduled' as const, sequence: 2 };
  const existing = facts({ eventsByBooking: new Map([[booked.bookingId, { Id: '00U1' }]]) });
  const withStart = offlineConfig({
    mappings: [
      ...config.mappings,
      {
        targetObject: 'Event',
        targetField: 'StartDateTime',
        sourceType: 'Constant',
        sourceValue: '2020-01-01T00:00:00Z',
        isActive: true
      }
    ]
  });
  const plan = planBooking(moved, existing, withStart, NOW);
  expect(plan.eventRecord).toMatchObject({
    StartDateTime: '2026-05-01T08:00:00Z',
    EndDateTime: '2026-05-01T08:45:00Z'
  });
});

test('a booking that leaves a required field empty is rejected by name; the others are planned', () => {
  const noCompany = bookingEvent({
    booking: { person: { lastName: 'Nameless', email: 'n@x.example' } }
  });
  const fine = bookingEvent();
  const { plans, rejected } = planBatch([noCompany, fine], facts(), config, NOW);
  expect(plans.map((plan: BookingPlan) => plan.event.bookingId)).toEqual([fine.bookingId]);
  expect(rejected).toHaveLength(1);
  expect(rejected[0].event).toBe(noCompany);
  expect(rejected[0].error).toMatch(
    /^Lead\.Company is required and would be left empty \(mapped from company/
  );
});

test('a Person Account is planned when the settings create them and the org has the record type', () => {
  const personConfig = offlineConfig({
    settings: { ...config.settings, createPersonAccounts: true },
    personAccounts: { enabled: true, recordTypeId: '012PERSON' },
    describes: {
      ...config.describes,
      Account: {
        fields: [
          ...config.describes.Account.fields,
          ...['FirstName', 'LastName', 'PersonEmail', 'PersonPhone'].map((name) => ({
            name,
            type: 'string',
            nillable: true,
            createable: true,
            updateable: true,
            defaultedOnCreate: false
          }))
        ]
      }
    }
  });
  const event = bookingEvent({
    booking: { person: { firstName: 'Pia', lastName: 'Person', email: 'pia@pa.example' } }
  });
  const plan = planBooking(event, facts(), personConfig, NOW);
  expect(plan.person).toEqual({
    kind: 'PersonAccount',
    created: true,
    updates: {},
    record: {
      attributes: { type: 'Account' },
      RecordTypeId: '012PERSON',
      FirstName: 'Pia',
      LastName: 'Person',
      PersonEmail: 'pia@pa.example'
    }
  });
  expect(plannedWrites(plan)[0]).toMatchObject({ operation: 'create', object: 'Account' });
});
