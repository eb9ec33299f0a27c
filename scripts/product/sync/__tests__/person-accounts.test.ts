// Person Accounts: the local org's Person Accounts variant, and the engine matching and creating
// them (WhoId is the person account's Contact, WhatId the Account).
import type { Connection } from '@salesforce/core';
import type { LocalOrg } from '../../../tooling/local-org/server.ts';
import { PERSON_ACCOUNT_RECORD_TYPE } from '../../../tooling/local-org/seed.ts';
import { loadConfig, type SyncConfig } from '../config.ts';
import { syncEvents } from '../engine.ts';
import { openSyncStore } from '../store.ts';
import type { SalesforceApi } from '../salesforce.ts';
import { bookingEvent, syncOrg } from '../../../tooling/test-kit/fixtures.ts';

jest.setTimeout(60_000);
let org: LocalOrg;
let admin: Connection;
let api: SalesforceApi;
let config: SyncConfig;
let recordTypeId: string;

beforeAll(async () => {
  ({ org, admin, api, config } = await syncOrg({ personAccounts: true }));
  const recordTypes = await admin.query<{ Id: string }>(
    `SELECT Id FROM RecordType WHERE SobjectType = 'Account' AND DeveloperName = '${PERSON_ACCOUNT_RECORD_TYPE}'`
  );
  recordTypeId = recordTypes.records[0].Id;
}, 90_000);
afterAll(async () => {
  await org.close();
});

async function personAccount(fields: Record<string, unknown>) {
  const { id } = (await admin
    .sobject('Account')
    .create({ RecordTypeId: recordTypeId, ...fields })) as { id: string };
  const account = (await admin.sobject('Account').retrieve(id)) as Record<string, unknown>;
  return { id, contactId: String(account.PersonContactId), account };
}

async function eventRow(bookingId: string) {
  const rows = await admin.query<Record<string, unknown>>(
    `SELECT Id, WhoId, WhatId FROM Event WHERE Booking_Id__c = '${bookingId}'`
  );
  expect(rows.records).toHaveLength(1);
  return rows.records[0];
}

describe('the local org with Person Accounts', () => {
  test('Account has the person fields and a person-account record type', async () => {
    const describe = await admin.sobject('Account').describe();
    const names = describe.fields.map((field) => field.name);
    expect(names).toEqual(
      expect.arrayContaining(['IsPersonAccount', 'PersonEmail', 'PersonContactId', 'LastName'])
    );
    expect(config.personAccounts.enabled).toBe(true);
  });

  test('creating a person account creates its Contact; deleting it deletes both', async () => {
    const { id, contactId, account } = await personAccount({
      FirstName: 'Pia',
      LastName: 'Person',
      PersonEmail: 'pia@person.example'
    });
    expect(account).toMatchObject({ Name: 'Pia Person', IsPersonAccount: true });
    const contact = (await admin.sobject('Contact').retrieve(contactId)) as Record<string, unknown>;
    expect(contact).toMatchObject({
      AccountId: id,
      Email: 'pia@person.example',
      LastName: 'Person',
      IsPersonAccount: true
    });
    await admin.sobject('Account').update({ Id: id, PersonEmail: 'pia@new.example' });
    expect(
      ((await admin.sobject('Contact').retrieve(contactId)) as Record<string, unknown>).Email
    ).toBe('pia@new.example');
    await admin.sobject('Account').destroy(id);
    const left = await admin.query(`SELECT Id FROM Contact WHERE Id = '${contactId}'`);
    expect(left.records).toHaveLength(0);
  });

  test('a business account may not carry person fields, and a person account needs a last name', async () => {
    await expect(
      admin.sobject('Account').create({ Name: 'Business', PersonEmail: 'x@business.example' })
    ).rejects.toThrow(/Business Account may not use Person Account field: PersonEmail/);
    await expect(
      admin.sobject('Account').create({ RecordTypeId: recordTypeId, FirstName: 'No' })
    ).rejects.toThrow(/Required fields are missing: \[LastName\]/);
  });
});

describe('the engine with Person Accounts', () => {
  const withSettings = (settings: Partial<SyncConfig['settings']>) => ({
    ...config,
    settings: { ...config.settings, ...settings }
  });

  test('an existing person account is matched by PersonEmail: Who is its Contact, What the Account', async () => {
    const { id, contactId } = await personAccount({
      LastName: 'Matched',
      PersonEmail: 'matched@person.example'
    });
    const event = bookingEvent({
      booking: {
        person: {
          firstName: 'Mia',
          lastName: 'Matched',
          email: 'matched@person.example',
          phone: '+1 415 555 0199'
        }
      }
    });
    const report = await syncEvents(api, [event], { store: openSyncStore(null), config });
    expect(report.outcomes.map((o) => o.error ?? o.status)).toEqual(['applied']);
    expect(report.outcomes[0].person).toMatchObject({ kind: 'PersonAccount', id, created: false });
    expect(await eventRow(event.bookingId)).toMatchObject({ WhoId: contactId, WhatId: id });
    // Fill-empty updates go to the Account's person fields.
    const account = (await admin.sobject('Account').retrieve(id)) as Record<string, unknown>;
    expect(account).toMatchObject({ FirstName: 'Mia', PersonPhone: '+1 415 555 0199' });
    const leads = await admin.query(`SELECT Id FROM Lead WHERE Email = 'matched@person.example'`);
    expect(leads.records).toHaveLength(0);
    // A reschedule finds the same person through the Event's WhoId.
    await syncEvents(
      api,
      [{ ...event, type: 'rescheduled', sequence: 2, booking: { ...event.booking, person: {} } }],
      { store: openSyncStore(null), config }
    );
    expect(await eventRow(event.bookingId)).toMatchObject({ WhoId: contactId, WhatId: id });
  });

  test('a person account is matched by its phone in another format', async () => {
    const { id, contactId } = await personAccount({
      LastName: 'Phoned',
      PersonPhone: '(415) 555-0177'
    });
    const event = bookingEvent({
      booking: { person: { lastName: 'Phoned', phone: '4155550177', company: 'P' } }
    });
    await syncEvents(api, [event], { store: openSyncStore(null), config });
    expect(await eventRow(event.bookingId)).toMatchObject({ WhoId: contactId, WhatId: id });
  });

  test('with the setting on, a new person becomes a Person Account, never a Lead', async () => {
    const event = bookingEvent({
      booking: { person: { firstName: 'Neu', lastName: 'Person', email: 'neu@person.example' } }
    });
    const settings = withSettings({ createPersonAccounts: true });
    settings.personAccounts = { enabled: true, recordTypeId };
    const report = await syncEvents(api, [event], { store: openSyncStore(null), config: settings });
    expect(report.outcomes.map((o) => o.error ?? o.status)).toEqual(['applied']);
    const accounts = await admin.query<Record<string, unknown>>(
      `SELECT Id, Name, IsPersonAccount, PersonContactId FROM Account WHERE PersonEmail = 'neu@person.example'`
    );
    expect(accounts.records).toHaveLength(1);
    const [account] = accounts.records;
    expect(account).toMatchObject({ Name: 'Neu Person', IsPersonAccount: true });
    expect(await eventRow(event.bookingId)).toMatchObject({
      WhoId: account.PersonContactId,
      WhatId: account.Id
    });
    const leads = await admin.query(`SELECT Id FROM Lead WHERE Email = 'neu@person.example'`);
    expect(leads.records).toHaveLength(0);
  });

  test('loadConfig reads the person-account record type when the setting is on', async () => {
    const orgId = (await admin.query<{ Id: string }>('SELECT Id FROM Organization')).records[0].Id;
    await admin
      .sobject('BookingConnectorSettings__c')
      .create({ SetupOwnerId: orgId, CreatePersonAccounts__c: true });
    const loaded = await loadConfig(api);
    expect(loaded.personAccounts).toEqual({ enabled: true, recordTypeId });
  });

  test('with the setting off, a new person is still a Lead', async () => {
    const event = bookingEvent();
    const report = await syncEvents(api, [event], {
      store: openSyncStore(null),
      config: withSettings({ createPersonAccounts: false })
    });
    expect(report.outcomes[0].person).toMatchObject({ kind: 'Lead', created: true });
  });
});

test('a new Contact is never put under a person account with the company name', async () => {
  const businessId = (
    (await admin.sobject('Account').create({ Name: 'Acme Person' })) as { id: string }
  ).id;
  // The person account is the more recently modified: only the rule keeps it out.
  await new Promise((resolve) => setTimeout(resolve, 5));
  await personAccount({ FirstName: 'Acme', LastName: 'Person' });
  const event = bookingEvent({
    booking: { person: { lastName: 'Employee', email: 'e@acme.example', company: 'Acme Person' } }
  });
  const settings = {
    ...config,
    settings: {
      ...config.settings,
      noMatchAction: 'Contact' as const,
      accountMatching: ['CompanyName']
    }
  };
  await syncEvents(api, [event], { store: openSyncStore(null), config: settings });
  const row = await eventRow(event.bookingId);
  const contact = (await admin.sobject('Contact').retrieve(String(row.WhoId))) as {
    AccountId: string;
  };
  expect(contact.AccountId).toBe(businessId);
});
