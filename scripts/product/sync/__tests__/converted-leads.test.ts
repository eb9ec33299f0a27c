// Converted Leads, end to end against the local org: a Lead converted through SOAP convertLead
// (as an admin or an integration does it in a real org) is no longer a Lead to the engine. A
// booking that names it, by the link's record id, by email or through its earlier Event, lands
// on the Contact it became (and that Contact's Account), creates no Lead and never tries to
// update the converted one (Salesforce refuses: CANNOT_UPDATE_CONVERTED_LEAD). The decision is
// the rules module's (creationRules.js resolveConvertedLeads); the engine only gathers the
// conversion fields in its Lead query, at no extra API call.
import type { Connection } from '@salesforce/core';
import type { LocalOrg } from '../../../tooling/local-org/server.ts';
import { CONVERTED_LEAD_STATUS } from '../../../tooling/local-org/seed.ts';
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
afterAll(() => org.close());

type Row = Record<string, unknown>;

async function create(object: string, fields: Row): Promise<string> {
  return ((await admin.sobject(object).create(fields)) as { id: string }).id;
}

/** Converts the Lead as Salesforce's SOAP API does, optionally into an existing Contact. */
async function convert(leadId: string, into?: { accountId: string; contactId: string }) {
  const result = await admin.soap.convertLead({
    leadId,
    convertedStatus: CONVERTED_LEAD_STATUS,
    doNotCreateOpportunity: true,
    overwriteLeadSource: false,
    sendNotificationEmail: false,
    ...into
  });
  expect(result.success).toBe(true);
  return { accountId: String(result.accountId), contactId: String(result.contactId) };
}

async function eventOf(bookingId: string): Promise<Row> {
  const rows = await admin.query<Row>(
    `SELECT Id, WhoId, WhatId FROM Event WHERE Booking_Id__c = '${bookingId}'`
  );
  expect(rows.totalSize).toBe(1);
  return rows.records[0];
}

async function leadsWithEmail(email: string): Promise<Row[]> {
  return (
    await admin.query<Row>(
      `SELECT Id, IsConverted, LastModifiedDate FROM Lead WHERE Email = '${email}'`
    )
  ).records;
}

/** A Lead converted into a Contact whose email differs from the Lead's. */
async function leadConvertedIntoOtherContact(leadEmail: string) {
  const accountId = await create('Account', { Name: `Converted Co ${leadEmail}` });
  const contactId = await create('Contact', {
    FirstName: 'Kept',
    LastName: 'Contact',
    Email: leadEmail.replace('@', '.work@'),
    AccountId: accountId
  });
  const leadId = await create('Lead', {
    FirstName: 'Was',
    LastName: 'Lead',
    Company: 'Converted Co',
    Email: leadEmail
  });
  await convert(leadId, { accountId, contactId });
  return { leadId, accountId, contactId };
}

const sync = (events: ReturnType<typeof bookingEvent>[], syncConfig = config) =>
  syncEvents(api, events, { store: openSyncStore(null), config: syncConfig });

test("a booking link with a converted Lead's id books the converted Contact and its Account, no new Lead", async () => {
  const leadId = await create('Lead', {
    FirstName: 'Linked',
    LastName: 'Convert',
    Company: 'Link Co',
    Email: 'linked@convert.example'
  });
  const converted = await convert(leadId);
  const event = bookingEvent({
    booking: {
      salesforceRecordId: leadId,
      person: { firstName: 'Linked', lastName: 'Convert', email: 'someone.else@convert.example' }
    }
  });
  const report = await sync([event]);
  expect(report.outcomes[0]).toMatchObject({
    status: 'applied',
    person: { kind: 'Contact', id: converted.contactId, created: false }
  });
  expect(await eventOf(event.bookingId)).toMatchObject({
    WhoId: converted.contactId,
    WhatId: converted.accountId
  });
  expect(await leadsWithEmail('someone.else@convert.example')).toEqual([]);
});

test('the 15-character id of a converted Lead in the link resolves the same way', async () => {
  const leadId = await create('Lead', { LastName: 'Short', Company: 'Short Co' });
  const converted = await convert(leadId);
  const event = bookingEvent({
    booking: {
      salesforceRecordId: leadId.slice(0, 15),
      person: { lastName: 'Short', email: 'short.link@convert.example' }
    }
  });
  await sync([event]);
  expect((await eventOf(event.bookingId)).WhoId).toBe(converted.contactId);
  expect(await leadsWithEmail('short.link@convert.example')).toEqual([]);
});

test('a booking by the email of a converted Lead books its Contact and never updates the Lead', async () => {
  const email = 'by.email@convert.example';
  const { leadId, accountId, contactId } = await leadConvertedIntoOtherContact(email);
  const before = await leadsWithEmail(email);
  // Overwrite would write every mapped value to the person chosen: were it the Lead, Salesforce
  // would refuse the update and the booking would fail.
  const overwrite: SyncConfig = {
    ...config,
    settings: { ...config.settings, updatePolicy: 'Overwrite' }
  };
  const event = bookingEvent({
    booking: { person: { firstName: 'Booked', lastName: 'Again', email, company: 'Booked Co' } }
  });
  const report = await sync([event], overwrite);
  expect(report.outcomes[0]).toMatchObject({
    status: 'applied',
    person: { kind: 'Contact', id: contactId, created: false }
  });
  expect(await eventOf(event.bookingId)).toMatchObject({ WhoId: contactId, WhatId: accountId });
  // No second Lead, and the converted one untouched.
  expect(await leadsWithEmail(email)).toEqual(before);
  expect(before).toEqual([expect.objectContaining({ Id: leadId, IsConverted: true })]);
  // The Contact got the booking's values, as the update policy says.
  expect(await admin.sobject('Contact').retrieve(contactId)).toMatchObject({
    FirstName: 'Booked',
    LastName: 'Again'
  });
});

test("a booking whose Event names a Lead converted since then moves to the Lead's Contact", async () => {
  const email = 'rescheduled@convert.example';
  const first = bookingEvent({
    booking: { person: { firstName: 'First', lastName: 'Booking', email, company: 'Res Co' } }
  });
  await sync([first]);
  const leadId = String((await eventOf(first.bookingId)).WhoId);
  expect(leadId).toMatch(/^00Q/);
  const accountId = await create('Account', { Name: 'Res Co' });
  const contactId = await create('Contact', {
    LastName: 'Booking',
    Email: 'other.address@convert.example',
    AccountId: accountId
  });
  await convert(leadId, { accountId, contactId });
  // The local org leaves the Event on the converted Lead (whether a real org moves activities
  // to the Contact is not in the documentation found); either way the booking must follow.
  const rescheduled = {
    ...first,
    type: 'rescheduled' as const,
    sequence: 2,
    booking: { ...first.booking, start: '2026-03-03T09:00:00Z', end: '2026-03-03T09:30:00Z' }
  };
  const report = await sync([rescheduled]);
  expect(report.outcomes[0]).toMatchObject({ status: 'applied', person: { kind: 'Contact' } });
  expect(await eventOf(first.bookingId)).toMatchObject({ WhoId: contactId, WhatId: accountId });
  expect((await leadsWithEmail(email)).map((row) => row.Id)).toEqual([leadId]);
});

test('a converted Lead costs no extra API call: the batch makes as many calls as for a Contact', async () => {
  const contactId = await create('Contact', {
    LastName: 'Plain',
    Email: 'plain.contact@convert.example'
  });
  const plain = await sync([
    bookingEvent({ booking: { salesforceRecordId: contactId, person: { lastName: 'Plain' } } })
  ]);
  const leadId = await create('Lead', { LastName: 'Counted', Company: 'Count Co' });
  await convert(leadId);
  const viaLead = await sync([
    bookingEvent({ booking: { salesforceRecordId: leadId, person: { lastName: 'Counted' } } })
  ]);
  expect(plain.outcomes[0].status).toBe('applied');
  expect(viaLead.outcomes[0]).toMatchObject({ status: 'applied', person: { kind: 'Contact' } });
  expect(viaLead.apiCalls).toBe(plain.apiCalls);
});
