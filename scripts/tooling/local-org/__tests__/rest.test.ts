// Contract tests of the local org's REST side through @salesforce/core, as the tooling uses it:
// every endpoint the product relies on, with Salesforce's answers on success and on failure.
import { Org, type Connection } from '@salesforce/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalOrg, type LocalOrg } from '../server.ts';
import { SEEDED_USERS } from '../seed.ts';
import { assignPermissionSet } from '../../test-kit/fixtures.ts';
import { API_VERSION, dataPath, loginAs, restAs } from '../../test-kit/login.ts';
import { deploySource } from '../../test-kit/org.ts';

jest.setTimeout(30_000);
let org: LocalOrg;
let admin: Connection;

beforeAll(async () => {
  org = await startLocalOrg();
  admin = await loginAs(org);
  const deployed = await deploySource(admin, 'force-app');
  expect(deployed.response.success).toBe(true);
  await assignPermissionSet(admin, org.adminUsername, 'BookingConnectorAdmin');
}, 60_000);
afterAll(() => org.close());

async function failure(
  promise: PromiseLike<unknown>
): Promise<{ errorCode?: string; name?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { errorCode?: string; name?: string; message: string };
  }
  throw new Error('expected the call to fail');
}

describe('identity, versions and limits', () => {
  test('user info names the session user and the org', async () => {
    const info = await admin.request<{ preferred_username: string; organization_id: string }>(
      `${org.instanceUrl}/services/oauth2/userinfo`
    );
    expect(info.preferred_username).toBe(org.adminUsername);
    expect(info.organization_id).toMatch(/^00D/);
  });

  test('the versions list ends at the project API version', async () => {
    const versions = await admin.request<{ version: string }[]>(`${org.instanceUrl}/services/data`);
    expect(versions.at(-1)?.version).toBe(API_VERSION);
  });

  test('limits report the API calls counted (not the versions resource nor OAuth), this one too', async () => {
    const before = org.apiUsage().used;
    const limits = await admin.request<{ DailyApiRequests: { Max: number; Remaining: number } }>(
      '/limits'
    );
    expect(limits.DailyApiRequests.Max - limits.DailyApiRequests.Remaining).toBe(before + 1);
    expect(org.apiUsage().used).toBe(before + 1);
    // The benchmarks' count of every request served is at least as high.
    expect(org.apiCallCount).toBeGreaterThanOrEqual(before + 1);
  });

  test('Org reads the org type, and request() reaches any REST URL', async () => {
    const handle = await Org.create({ connection: admin });
    expect(handle.getOrgId()).toMatch(/^00D/);
    expect(await handle.determineIfSandbox()).toBe(false);
    // Connection in @salesforce/core 9 has no requestRaw; request() is its raw REST call.
    const described = await admin.request<{ name: string }>({
      method: 'GET',
      url: `${org.instanceUrl}${dataPath('/sobjects/Account/describe')}`
    });
    expect(described.name).toBe('Account');
  });

  test('an unknown token gets INVALID_SESSION_ID', async () => {
    const response = await fetch(`${org.instanceUrl}${dataPath('/sobjects')}`, {
      headers: { Authorization: 'Bearer nope' }
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual([
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }
    ]);
  });
});

describe('describe', () => {
  test('Lead describes its universally required fields and picklists as Salesforce does', async () => {
    const lead = await admin.sobject('Lead').describe();
    const byName = Object.fromEntries(lead.fields.map((field) => [field.name, field]));
    expect(byName.LastName).toMatchObject({
      nillable: false,
      createable: true,
      defaultedOnCreate: false,
      type: 'string',
      length: 80
    });
    expect(byName.Company).toMatchObject({
      nillable: false,
      createable: true,
      defaultedOnCreate: false
    });
    expect(byName.Status).toMatchObject({
      nillable: false,
      defaultedOnCreate: true,
      restrictedPicklist: true,
      type: 'picklist'
    });
    expect(byName.OwnerId).toMatchObject({
      type: 'reference',
      referenceTo: ['Group', 'User'],
      relationshipName: 'Owner'
    });
  });

  test('deployed Activity fields appear on Event and Task', async () => {
    for (const objectName of ['Event', 'Task']) {
      const described = await admin.sobject(objectName).describe();
      const bookingId = described.fields.find((field) => field.name === 'Booking_Id__c');
      expect(bookingId).toMatchObject({
        externalId: true,
        custom: true,
        type: 'string',
        length: 255,
        idLookup: true
      });
    }
  });

  test('describeGlobal lists the standard and the deployed objects', async () => {
    const names = (await admin.describeGlobal()).sobjects.map((entry) => entry.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'User',
        'Profile',
        'UserLicense',
        'PermissionSet',
        'PermissionSetAssignment',
        'ObjectPermissions',
        'FieldPermissions',
        'Organization',
        'RecordType',
        'Lead',
        'Contact',
        'Account',
        'Case',
        'Event',
        'Task',
        'Group',
        'BookingConnectorSettings__c',
        'BookingFieldMapping__mdt'
      ])
    );
  });

  test('an unknown object is NOT_FOUND', async () => {
    expect((await failure(admin.sobject('Nope__c').describe())).errorCode).toBe('NOT_FOUND');
  });
});

describe('records', () => {
  test('create, read, update and delete a Lead', async () => {
    const created = await admin.sobject('Lead').create({
      FirstName: 'Ada',
      LastName: 'Lovelace',
      Company: 'Analytical Engines',
      Email: 'ada@example.com'
    });
    expect(created).toMatchObject({ success: true });
    const read = (await admin.sobject('Lead').retrieve(created.id as string)) as Record<
      string,
      unknown
    >;
    expect(read).toMatchObject({
      Name: 'Ada Lovelace',
      Status: 'Open - Not Contacted',
      OwnerId: expect.stringMatching(/^005/)
    });
    await admin.sobject('Lead').update({ Id: created.id as string, Title: 'Countess' });
    expect(
      ((await admin.sobject('Lead').retrieve(created.id as string)) as Record<string, unknown>)
        .Title
    ).toBe('Countess');
    await admin.sobject('Lead').destroy(created.id as string);
    expect((await failure(admin.sobject('Lead').retrieve(created.id as string))).errorCode).toBe(
      'NOT_FOUND'
    );
  });

  test.each([
    [{ LastName: 'NoCompany' }, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [Company]'],
    [
      { LastName: 'X', Company: 'Y', Nope__c: 1 },
      'INVALID_FIELD',
      "No such column 'Nope__c' on sobject of type Lead"
    ],
    [
      { LastName: 'X', Company: 'Y', Status: 'Dreaming' },
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      'Lead Status: bad value for restricted picklist field: Dreaming'.replace(
        'Lead Status',
        'Status'
      )
    ],
    [
      { LastName: 'X', Company: 'Y'.repeat(256) },
      'STRING_TOO_LONG',
      'Company: data value too large'
    ],
    [
      { LastName: 'X', Company: 'Y', IsConverted: true },
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      'Unable to create/update fields: IsConverted'
    ]
  ])('a bad Lead %j is refused with %s', async (values, errorCode, message) => {
    const error = await failure(admin.sobject('Lead').create(values));
    expect(error.errorCode).toBe(errorCode);
    expect(error.message).toContain(message);
  });

  test('upsert by Booking Id creates once, then updates the same Event', async () => {
    // The admin's permission set reads the package fields; the API user's edits them.
    const granted = await assignPermissionSet(
      admin,
      SEEDED_USERS.apiUser,
      'BookingConnectorApiUser'
    );
    const writer = await loginAs(org, SEEDED_USERS.apiUser);
    const base = {
      Subject: 'Intro call',
      StartDateTime: '2026-12-01T10:00:00Z',
      EndDateTime: '2026-12-01T10:30:00Z'
    };
    const first = await writer
      .sobject('Event')
      .upsert({ ...base, Booking_Id__c: 'bk-1' }, 'Booking_Id__c');
    const second = await writer
      .sobject('Event')
      .upsert({ ...base, Booking_Id__c: 'bk-1', Subject: 'Moved call' }, 'Booking_Id__c');
    expect(first).toMatchObject({ success: true, created: true });
    expect(second).toMatchObject({ success: true, created: false, id: first.id });
    const rows = await admin.query<{ Subject: string; DurationInMinutes: number }>(
      "SELECT Subject, DurationInMinutes FROM Event WHERE Booking_Id__c = 'bk-1'"
    );
    expect(rows.records).toEqual([
      expect.objectContaining({ Subject: 'Moved call', DurationInMinutes: 30 })
    ]);
    await admin.sobject('PermissionSetAssignment').destroy(granted);
  });

  test('an Event without its end is REQUIRED_FIELD_MISSING', async () => {
    expect(
      (
        await failure(
          admin.sobject('Event').create({ Subject: 'x', StartDateTime: '2026-12-01T10:00:00Z' })
        )
      ).errorCode
    ).toBe('REQUIRED_FIELD_MISSING');
  });

  // Platform rule api.Activity.leadHasNoWhat: a Lead's activity has an empty WhatId.
  test('an Event whose WhoId is a Lead refuses a WhatId, on create and on update', async () => {
    const lead = await admin.sobject('Lead').create({ LastName: 'Who', Company: 'Co' });
    const contact = await admin.sobject('Contact').create({ LastName: 'Who' });
    const account = await admin.sobject('Account').create({ Name: 'What' });
    const times = { StartDateTime: '2026-12-01T10:00:00Z', EndDateTime: '2026-12-01T10:30:00Z' };
    const refused = await failure(
      admin.sobject('Event').create({ ...times, Subject: 'x', WhoId: lead.id, WhatId: account.id })
    );
    expect(refused.errorCode).toBe('FIELD_INTEGRITY_EXCEPTION');
    const onContact = await admin
      .sobject('Event')
      .create({ ...times, Subject: 'x', WhoId: contact.id, WhatId: account.id });
    expect(onContact.success).toBe(true);
    // Moving the Event to the Lead while it keeps its WhatId is refused too.
    const moved = await failure(
      admin.sobject('Event').update({ Id: onContact.id!, WhoId: lead.id })
    );
    expect(moved.errorCode).toBe('FIELD_INTEGRITY_EXCEPTION');
    const leadOnly = await admin
      .sobject('Event')
      .update({ Id: onContact.id!, WhoId: lead.id, WhatId: null });
    expect(leadOnly.success).toBe(true);
    // Other tests here count the org's rows.
    await admin.sobject('Event').destroy(onContact.id!);
    for (const [type, id] of [
      ['Lead', lead.id],
      ['Contact', contact.id],
      ['Account', account.id]
    ] as const)
      await admin.sobject(type).destroy(id!);
  });

  test('a unique field refuses a value another record has, with DUPLICATE_VALUE', async () => {
    const profile = await admin.query<{ Id: string }>(
      "SELECT Id FROM Profile WHERE Name = 'System Administrator'"
    );
    const user = {
      Username: SEEDED_USERS.apiUser,
      LastName: 'Again',
      Email: 'again@example.com',
      Alias: 'again',
      ProfileId: profile.records[0].Id,
      TimeZoneSidKey: 'GMT',
      LocaleSidKey: 'en_US',
      EmailEncodingKey: 'UTF-8',
      LanguageLocaleKey: 'en_US'
    };
    const error = await failure(admin.sobject('User').create(user));
    expect(error.errorCode).toBe('DUPLICATE_VALUE');
    expect(error.message).toMatch(
      /^duplicate value found: Username duplicates value on record with id: 005/
    );
  });

  test('a second assignment of the same permission set is DUPLICATE_VALUE', async () => {
    const user = await admin.query<{ Id: string }>(
      `SELECT Id FROM User WHERE Username = '${SEEDED_USERS.apiUser}'`
    );
    const set = await admin.query<{ Id: string }>(
      "SELECT Id FROM PermissionSet WHERE Name = 'BookingConnectorApiUser'"
    );
    const assignment = { AssigneeId: user.records[0].Id, PermissionSetId: set.records[0].Id };
    expect(await admin.sobject('PermissionSetAssignment').create(assignment)).toMatchObject({
      success: true
    });
    const error = await failure(admin.sobject('PermissionSetAssignment').create(assignment));
    expect(error.errorCode).toBe('DUPLICATE_VALUE');
    expect(error.message).toMatch(/^Duplicate PermissionSetAssignment/);
  });
});

describe('SOQL', () => {
  beforeAll(async () => {
    await admin
      .sobject('Account')
      .create([{ Name: 'Acme' }, { Name: 'Globex' }, { Name: 'Initech' }], { allOrNone: true });
  });

  test('relationship fields across two levels', async () => {
    const result = await admin.query<{ Profile: { Name: string; UserLicense: { Name: string } } }>(
      `SELECT Profile.Name, Profile.UserLicense.Name FROM User WHERE Username = '${SEEDED_USERS.chatterUser}'`
    );
    expect(result.records[0].Profile).toMatchObject({
      Name: 'Chatter Free User',
      UserLicense: { Name: 'Chatter Free' }
    });
  });

  test('AND, OR, NOT, IN, LIKE, NULL, ORDER BY, LIMIT and OFFSET', async () => {
    const names = async (where: string, tail = 'ORDER BY Name'): Promise<string[]> =>
      (
        await admin.query<{ Name: string }>(`SELECT Name FROM Account WHERE ${where} ${tail}`)
      ).records.map((row) => row.Name);
    expect(await names("Name LIKE 'a%' OR Name IN ('Globex')")).toEqual(['Acme', 'Globex']);
    expect(await names("NOT Name = 'Acme' AND (Name != 'Globex' OR Phone = null)")).toEqual([
      'Globex',
      'Initech'
    ]);
    expect(await names('Phone = null', 'ORDER BY Name DESC LIMIT 2 OFFSET 1')).toEqual([
      'Globex',
      'Acme'
    ]);
    expect(await names("Name > 'B'")).toEqual(['Globex', 'Initech']);
  });

  test('COUNT() and semi-joins', async () => {
    expect((await admin.query('SELECT COUNT() FROM Account')).totalSize).toBe(3);
    const assigned = await admin.query<{ Username: string }>(
      "SELECT Username FROM User WHERE Id IN (SELECT AssigneeId FROM PermissionSetAssignment WHERE PermissionSet.Name = 'BookingConnectorApiUser')"
    );
    expect(assigned.records.map((row) => row.Username)).toEqual([SEEDED_USERS.apiUser]);
  });

  test('large results page with nextRecordsUrl', async () => {
    const records = Array.from({ length: 200 }, (_, index) => ({
      attributes: { type: 'Contact' },
      LastName: `Page ${index}`
    }));
    for (let batch = 0; batch < 3; batch++) {
      await admin.requestPost('/composite/sobjects', { allOrNone: true, records });
    }
    const first = await admin.request<{
      done: boolean;
      nextRecordsUrl?: string;
      records: unknown[];
      totalSize: number;
    }>({
      method: 'GET',
      url: `/query?q=${encodeURIComponent('SELECT Id FROM Contact')}`,
      headers: { 'Sforce-Query-Options': 'batchSize=250' }
    });
    expect(first).toMatchObject({ done: false, totalSize: 600 });
    expect(first.records).toHaveLength(250);
    const all = await admin.query('SELECT Id FROM Contact', { autoFetch: true, maxFetch: 10_000 });
    expect(all.records).toHaveLength(600);
  });

  test('a malformed query is MALFORMED_QUERY, an unknown column INVALID_FIELD', async () => {
    expect((await failure(admin.query('SELECT FROM Account'))).errorCode).toBe('MALFORMED_QUERY');
    expect((await failure(admin.query('SELECT Nope FROM Account'))).errorCode).toBe(
      'INVALID_FIELD'
    );
  });
});

describe('composite and collections', () => {
  test('allOrNone collections roll back every record when one fails', async () => {
    const before = (await admin.query('SELECT COUNT() FROM Lead')).totalSize;
    const results = await admin.requestPost<
      { success: boolean; errors: { statusCode: string }[] }[]
    >('/composite/sobjects', {
      allOrNone: true,
      records: [
        { attributes: { type: 'Lead' }, LastName: 'Fine', Company: 'Fine Co' },
        { attributes: { type: 'Lead' }, LastName: 'Broken' }
      ]
    });
    expect(results.map((result) => result.errors[0]?.statusCode)).toEqual([
      'ALL_OR_NONE_OPERATION_ROLLED_BACK',
      'REQUIRED_FIELD_MISSING'
    ]);
    expect((await admin.query('SELECT COUNT() FROM Lead')).totalSize).toBe(before);
  });

  test('without allOrNone each record succeeds or fails on its own', async () => {
    const results = await admin.requestPost<{ success: boolean }[]>('/composite/sobjects', {
      allOrNone: false,
      records: [
        { attributes: { type: 'Lead' }, LastName: 'Kept', Company: 'Kept Co' },
        { attributes: { type: 'Lead' }, LastName: 'Broken' }
      ]
    });
    expect(results.map((result) => result.success)).toEqual([true, false]);
  });

  test('more than 200 records are refused', async () => {
    const records = Array.from({ length: 201 }, () => ({
      attributes: { type: 'Lead' },
      LastName: 'x',
      Company: 'y'
    }));
    expect(
      (await failure(admin.requestPost('/composite/sobjects', { allOrNone: false, records })))
        .errorCode
    ).toBe('EXCEEDED_ID_LIMIT');
  });

  test('composite requests reference earlier results', async () => {
    const response = await admin.requestPost<{
      compositeResponse: { httpStatusCode: number; body: { id?: string } }[];
    }>('/composite', {
      allOrNone: true,
      compositeRequest: [
        {
          method: 'POST',
          url: dataPath('/sobjects/Account'),
          referenceId: 'account',
          body: { Name: 'Composite Co' }
        },
        {
          method: 'POST',
          url: dataPath('/sobjects/Contact'),
          referenceId: 'contact',
          body: { LastName: 'Ref', AccountId: '@{account.id}' }
        }
      ]
    });
    expect(response.compositeResponse.map((entry) => entry.httpStatusCode)).toEqual([201, 201]);
    const contact = await admin.query<{ Account: { Name: string } }>(
      `SELECT Account.Name FROM Contact WHERE Id = '${response.compositeResponse[1].body.id}'`
    );
    expect(contact.records[0].Account.Name).toBe('Composite Co');
  });
});

describe('access', () => {
  const query = (soql: string): string => `/query?q=${encodeURIComponent(soql)}`;

  test('a user without access to an object is told it is not supported', async () => {
    const token = org.accessTokenFor(SEEDED_USERS.chatterUser);
    expect(await restAs(org, token, 'GET', query('SELECT Id FROM Lead'))).toEqual({
      status: 400,
      body: [{ message: "sObject type 'Lead' is not supported.", errorCode: 'INVALID_TYPE' }]
    });
  });

  test('a profile without Create on Lead gets INSUFFICIENT_ACCESS_OR_READONLY', async () => {
    const token = org.accessTokenFor(SEEDED_USERS.secureMissing('Lead Create'));
    const answer = await restAs(org, token, 'POST', '/sobjects/Lead', {
      LastName: 'x',
      Company: 'y'
    });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual([
      expect.objectContaining({ errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY' })
    ]);
  });

  // Events have no object permissions: the user permissions Access Activities and Edit Events
  // decide (platform rules permission.Event.noObjectPermissions, permission.Activities.access).
  describe('events, governed by user permissions', () => {
    const event = {
      Subject: 'Intro call',
      StartDateTime: '2026-12-01T10:00:00Z',
      EndDateTime: '2026-12-01T10:30:00Z'
    };

    test('no profile holds an ObjectPermissions row for Event', async () => {
      const rows = await admin.query<{ Parent: { Profile: { Name: string } | null } }>(
        "SELECT Parent.Profile.Name FROM ObjectPermissions WHERE SobjectType = 'Event'"
      );
      expect(rows.records).toEqual([]);
      const secure = await admin.query<{ SobjectType: string }>(
        "SELECT SobjectType FROM ObjectPermissions WHERE Parent.Profile.Name = 'Booking API Secure' ORDER BY SobjectType"
      );
      expect(secure.records.map((row) => row.SobjectType)).toEqual([
        'Account',
        'Case',
        'Contact',
        'Lead'
      ]);
    });

    test('an ObjectPermissions row for Event or Task is refused as outside the picklist', async () => {
      const set = await admin.sobject('PermissionSet').create({ Name: 'Event_Grant', Label: 'x' });
      for (const type of ['Event', 'Task']) {
        const error = await failure(
          admin.sobject('ObjectPermissions').create({
            ParentId: set.id,
            SobjectType: type,
            PermissionsRead: true,
            PermissionsCreate: true
          })
        );
        expect(error.errorCode).toBe('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
        expect(error.message).toBe(
          `SObject Type Name: bad value for restricted picklist field: ${type}`
        );
      }
      // Lead has object permissions, so the same row for Lead is accepted.
      expect(
        await admin.sobject('ObjectPermissions').create({
          ParentId: set.id,
          SobjectType: 'Lead',
          PermissionsRead: true
        })
      ).toMatchObject({ success: true });
    });

    test('Edit Events and Access Activities let the secure API user create an Event', async () => {
      const token = org.accessTokenFor(SEEDED_USERS.secureApiUser);
      const created = await restAs(org, token, 'POST', '/sobjects/Event', event);
      expect(created.status).toBe(201);
      const read = await restAs(org, token, 'GET', query('SELECT Subject FROM Event'));
      expect(read.status).toBe(200);
    });

    test('without Edit Events the user reads Events but cannot create one', async () => {
      const token = org.accessTokenFor(SEEDED_USERS.secureMissing('Edit Events'));
      expect((await restAs(org, token, 'GET', query('SELECT Id FROM Event'))).status).toBe(200);
      const answer = await restAs(org, token, 'POST', '/sobjects/Event', event);
      expect(answer.status).toBe(403);
      expect(answer.body).toEqual([
        expect.objectContaining({ errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY' })
      ]);
    });

    test('without Access Activities the user cannot see Events at all', async () => {
      const token = org.accessTokenFor(SEEDED_USERS.secureMissing('Access Activities'));
      expect(await restAs(org, token, 'GET', query('SELECT Id FROM Event'))).toEqual({
        status: 400,
        body: [{ message: "sObject type 'Event' is not supported.", errorCode: 'INVALID_TYPE' }]
      });
    });
  });

  test('package fields are invisible until the permission set grants them', async () => {
    const token = org.accessTokenFor(SEEDED_USERS.secureApiUser);
    const before = await restAs(org, token, 'GET', query('SELECT Booking_Id__c FROM Event'));
    expect(before.body).toEqual([expect.objectContaining({ errorCode: 'INVALID_FIELD' })]);
    const user = await admin.query<{ Id: string }>(
      `SELECT Id FROM User WHERE Username = '${SEEDED_USERS.secureApiUser}'`
    );
    const set = await admin.query<{ Id: string }>(
      "SELECT Id FROM PermissionSet WHERE Name = 'BookingConnectorApiUser'"
    );
    await admin
      .sobject('PermissionSetAssignment')
      .create({ AssigneeId: user.records[0].Id, PermissionSetId: set.records[0].Id });
    expect((await restAs(org, token, 'GET', query('SELECT Booking_Id__c FROM Event'))).status).toBe(
      200
    );
  });
});

describe('faults', () => {
  afterEach(() => org.faults.reset());

  test('the next calls fail with 503, then the org answers again', async () => {
    org.faults.failNext(2, 503);
    const response = await fetch(`${org.instanceUrl}${dataPath('/limits')}`, {
      headers: { Authorization: `Bearer ${org.adminAccessToken}` }
    });
    expect(response.status).toBe(503);
    await fetch(`${org.instanceUrl}${dataPath('/limits')}`, {
      headers: { Authorization: `Bearer ${org.adminAccessToken}` }
    });
    expect(
      (
        await fetch(`${org.instanceUrl}${dataPath('/limits')}`, {
          headers: { Authorization: `Bearer ${org.adminAccessToken}` }
        })
      ).status
    ).toBe(200);
  });

  test('REQUEST_LIMIT_EXCEEDED answers 403', async () => {
    org.faults.requestLimitNext(1);
    const error = await failure(admin.query('SELECT Id FROM Account'));
    expect(error.errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
  });

  test('an expired session is INVALID_SESSION_ID; faults can be set over HTTP', async () => {
    const token = org.accessTokenFor(SEEDED_USERS.apiUser);
    await fetch(`${org.instanceUrl}/__local/faults`, {
      method: 'POST',
      body: JSON.stringify({ expireSessions: [token], latencyMs: 20 })
    });
    const started = Date.now();
    const response = await fetch(`${org.instanceUrl}${dataPath('/limits')}`, {
      headers: { Authorization: `Bearer ${token}` }
    });
    expect(response.status).toBe(401);
    expect(Date.now() - started).toBeGreaterThanOrEqual(20);
  });
});

describe('persistence', () => {
  test('the org survives a restart from its data folder, and --reset starts clean', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'local-org-data-'));
    try {
      const count = async (running: LocalOrg): Promise<unknown> =>
        (
          (
            await restAs(
              running,
              running.adminAccessToken,
              'GET',
              `/query?q=${encodeURIComponent('SELECT COUNT() FROM Account')}`
            )
          ).body as { totalSize: number }
        ).totalSize;
      const first = await startLocalOrg({ dataDir });
      expect(
        (
          await restAs(first, first.adminAccessToken, 'POST', '/sobjects/Account', {
            Name: 'Persistent'
          })
        ).status
      ).toBe(201);
      await first.close();
      const second = await startLocalOrg({ dataDir });
      expect(await count(second)).toBe(1);
      await second.close();
      const third = await startLocalOrg({ dataDir, reset: true });
      expect(await count(third)).toBe(0);
      await third.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
