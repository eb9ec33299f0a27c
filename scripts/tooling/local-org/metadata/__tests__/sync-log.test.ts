// The package's sync log after a deploy of force-app to the local org: the object and its fields
// exist for describe, REST and SOQL (an AutoNumber name, a restricted picklist, long text areas,
// a unique case-sensitive external id), its list views, tab, layout and report type deploy, and
// the package's permission sets decide who may write it: a user whose profile grants nothing on
// it creates, upserts and deletes records once the API user permission set is assigned; a user
// with the admin permission set reads them and cannot create one. Also under a managed install
// (namespace bkconn).
import type { Connection } from '@salesforce/core';
import {
  orgWithPackage,
  installPackageSource,
  type OrgWithPackage
} from '../../../test-kit/org.ts';
import { assignPermissionSet } from '../../../test-kit/fixtures.ts';
import { loginAs, restAs, tokenFor } from '../../../test-kit/login.ts';
import { SEEDED_USERS } from '../../seed.ts';
import { startLocalOrg, type LocalOrg } from '../../server.ts';

jest.setTimeout(60_000);

let org: OrgWithPackage;
beforeAll(async () => {
  org = await orgWithPackage();
});
afterAll(() => org.org.close());

const logRecord = (key: string) => ({
  Booking_Id__c: 'bk-1',
  Booking_Sequence__c: 1,
  Event_Type__c: 'booked',
  Outcome__c: 'Failed',
  Person_Object__c: 'Contact',
  Person_Created__c: false,
  Decisions__c: 'matched Contact by email, most recently modified of 2\nowner: API user',
  Warnings__c: 'owner not found: API user',
  Error__c: 'REQUIRED_FIELD_MISSING: Required fields are missing: [LastName]',
  Processed_At__c: '2026-03-02T09:00:00.000Z',
  Api_Requests_Used__c: 120,
  Api_Requests_Limit__c: 15000,
  Worker__c: 'host:1234',
  Log_Key__c: key
});

describe('the sync log after the package deploys', () => {
  test('the object and its fields describe as their metadata says', async () => {
    const describe = await org.admin.sobject('BookingSyncLog__c').describe();
    const fields = new Map(describe.fields.map((field) => [field.name, field]));
    // AutoNumber name: filled by the platform, nobody writes it.
    expect(fields.get('Name')).toMatchObject({ createable: false, updateable: false });
    expect(fields.get('Log_Key__c')).toMatchObject({
      unique: true,
      externalId: true,
      caseSensitive: true,
      length: 80
    });
    expect(fields.get('Booking_Id__c')).toMatchObject({ externalId: true, unique: false });
    expect(fields.get('Decisions__c')).toMatchObject({ type: 'textarea', length: 32768 });
    expect(fields.get('Outcome__c')).toMatchObject({ type: 'picklist', restrictedPicklist: true });
    expect(fields.get('Outcome__c')?.picklistValues?.map((value) => value.value)).toEqual([
      'Applied',
      'Skipped',
      'Failed'
    ]);
    const types = await org.admin.metadata.list([
      { type: 'ReportType' },
      { type: 'CustomTab' },
      { type: 'Layout' }
    ]);
    expect(
      [types]
        .flat()
        .map((entry) => `${entry.type}:${entry.fullName}`)
        .sort()
    ).toEqual(
      expect.arrayContaining([
        'CustomTab:BookingSyncLog__c',
        'Layout:BookingSyncLog__c-Booking Sync Log Layout',
        'ReportType:Booking_Sync_Logs'
      ])
    );
  });

  test('with the API user permission set a user creates, upserts by Log Key and deletes records; without it, not', async () => {
    const username = SEEDED_USERS.secureApiUser;
    const token = tokenFor(org.org, username);
    const refused = await restAs(
      org.org,
      token,
      'POST',
      '/sobjects/BookingSyncLog__c',
      logRecord('k-0')
    );
    // No access to the object at all: the API answers as if the type did not exist.
    expect(refused).toMatchObject({ status: 400, body: [{ errorCode: 'INVALID_TYPE' }] });

    await assignPermissionSet(org.admin, username, 'BookingConnectorApiUser');
    const created = await restAs(
      org.org,
      token,
      'POST',
      '/sobjects/BookingSyncLog__c',
      logRecord('k-1')
    );
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    // A resend after a lost answer updates the same record (PATCH by external id).
    const resent = await restAs(
      org.org,
      token,
      'PATCH',
      '/sobjects/BookingSyncLog__c/Log_Key__c/k-1',
      { ...logRecord('k-1'), Log_Key__c: undefined, Error__c: 'UNABLE_TO_LOCK_ROW' }
    );
    expect(resent.status).toBeLessThan(300);
    const writer = await loginAs(org.org, username);
    const rows = await writer.query<{ Id: string; Name: string; Error__c: string }>(
      "SELECT Id, Name, Error__c FROM BookingSyncLog__c WHERE Booking_Id__c = 'bk-1'"
    );
    expect(rows.records).toEqual([
      expect.objectContaining({ Id: id, Error__c: 'UNABLE_TO_LOCK_ROW' })
    ]);
    const deleted = await restAs(org.org, token, 'DELETE', `/sobjects/BookingSyncLog__c/${id}`);
    expect(deleted.status).toBe(204);
  });

  test('with the admin permission set a user reads the log and cannot write it', async () => {
    const created = await org.apiUser.sobject('BookingSyncLog__c').create(logRecord('k-2'));
    expect(created.success).toBe(true);
    const username = SEEDED_USERS.standardUser;
    await assignPermissionSet(org.admin, username, 'BookingConnectorAdmin');
    const reader: Connection = await loginAs(org.org, username);
    const rows = await reader.query<{ Outcome__c: string; Decisions__c: string }>(
      "SELECT Outcome__c, Decisions__c FROM BookingSyncLog__c WHERE Log_Key__c = 'k-2'"
    );
    expect(rows.records).toEqual([
      expect.objectContaining({
        Outcome__c: 'Failed',
        Decisions__c: expect.stringContaining('email')
      })
    ]);
    const refused = await restAs(
      org.org,
      tokenFor(org.org, username),
      'POST',
      '/sobjects/BookingSyncLog__c',
      logRecord('k-3')
    );
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(refused.body)).toContain('INSUFFICIENT_ACCESS');
  });
});

describe('the sync log under a managed install (namespace bkconn)', () => {
  let installed: LocalOrg;
  afterAll(() => installed?.close());

  test('the namespaced object is created by the API user with the namespaced permission set', async () => {
    installed = await startLocalOrg();
    await installPackageSource(installed, 'bkconn');
    const admin = await loginAs(installed);
    const username = SEEDED_USERS.secureApiUser;
    const [set] = (
      await admin.query<{ Id: string; NamespacePrefix: string }>(
        "SELECT Id, NamespacePrefix FROM PermissionSet WHERE Name = 'BookingConnectorApiUser'"
      )
    ).records;
    expect(set.NamespacePrefix).toBe('bkconn');
    await assignPermissionSet(admin, username, 'BookingConnectorApiUser');
    const created = await restAs(
      installed,
      tokenFor(installed, username),
      'POST',
      '/sobjects/bkconn__BookingSyncLog__c',
      {
        bkconn__Booking_Id__c: 'bk-9',
        bkconn__Outcome__c: 'Applied',
        bkconn__Log_Key__c: 'k-9'
      }
    );
    expect(created.status).toBe(201);
    const rows = await (
      await loginAs(installed, username)
    ).query<{ bkconn__Outcome__c: string }>(
      "SELECT bkconn__Outcome__c FROM bkconn__BookingSyncLog__c WHERE bkconn__Log_Key__c = 'k-9'"
    );
    expect(rows.records.map((row) => row.bkconn__Outcome__c)).toEqual(['Applied']);
  });
});
