// What the local org refuses or reads the way Salesforce does, where it used to trust too much:
// API Enabled, SOQL string escapes, polymorphic Name fields, URI length.
// Each rule is in scripts/tooling/platform/ with its documentation URL.
import type { Connection } from '@salesforce/core';
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
});
afterAll(() => org.close());

const query = (soql: string): string => `/query?q=${encodeURIComponent(soql)}`;

describe('API Enabled (api.user.apiEnabled)', () => {
  const noApi = (): string => org.accessTokenFor(SEEDED_USERS.secureMissing('API Enabled'));

  test('a user without API Enabled gets API_CURRENTLY_DISABLED on REST, Tooling and describe', async () => {
    const refused = {
      status: 403,
      body: [{ message: 'API is disabled for this User', errorCode: 'API_CURRENTLY_DISABLED' }]
    };
    const token = noApi();
    expect(await restAs(org, token, 'GET', query('SELECT Id FROM Lead'))).toEqual(refused);
    expect(await restAs(org, token, 'GET', '/sobjects/Lead/describe')).toEqual(refused);
    expect(await restAs(org, token, 'GET', `/tooling${query('SELECT Id FROM ApexClass')}`)).toEqual(
      refused
    );
    expect(
      await restAs(org, token, 'POST', '/sobjects/Lead', { LastName: 'x', Company: 'y' })
    ).toEqual(refused);
    // Nothing was written by the refused create.
    const leads = await admin.query<{ Id: string }>("SELECT Id FROM Lead WHERE LastName = 'x'");
    expect(leads.totalSize).toBe(0);
  });

  test('the same user is refused by the Metadata API (SOAP fault)', async () => {
    const response = await fetch(`${org.instanceUrl}/services/Soap/m/${API_VERSION}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml', SOAPAction: 'listMetadata' },
      body: `<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Header><SessionHeader xmlns="http://soap.sforce.com/2006/04/metadata"><sessionId>${noApi()}</sessionId></SessionHeader></env:Header><env:Body><listMetadata xmlns="http://soap.sforce.com/2006/04/metadata"><queries><type>ApexClass</type></queries><asOfVersion>${API_VERSION}</asOfVersion></listMetadata></env:Body></env:Envelope>`
    });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).toContain('<faultcode>sf:API_CURRENTLY_DISABLED</faultcode>');
    expect(text).toContain('API is disabled for this User');
  });

  test('the identity endpoint still answers (the OAuth service is not the API)', async () => {
    const response = await fetch(`${org.instanceUrl}/services/oauth2/userinfo`, {
      headers: { Authorization: `Bearer ${noApi()}` }
    });
    expect(response.status).toBe(200);
  });

  test('every other seeded active user has API Enabled, so only that one is refused', async () => {
    for (const username of [
      SEEDED_USERS.apiUser,
      SEEDED_USERS.secureApiUser,
      SEEDED_USERS.standardUser,
      SEEDED_USERS.chatterUser,
      SEEDED_USERS.secureMissing('Edit Events')
    ]) {
      const answer = await restAs(org, org.accessTokenFor(username), 'GET', '/sobjects');
      expect({ username, status: answer.status }).toEqual({ username, status: 200 });
    }
  });

  test('API Enabled from a permission set is enough', async () => {
    const user = await admin.query<{ Id: string }>(
      `SELECT Id FROM User WHERE Username = '${SEEDED_USERS.secureMissing('API Enabled')}'`
    );
    const set = await admin.sobject('PermissionSet').create({
      Name: 'Api_Enabled_Only',
      Label: 'API Enabled only',
      PermissionsApiEnabled: true
    });
    const assignment = await admin.sobject('PermissionSetAssignment').create({
      AssigneeId: user.records[0].Id,
      PermissionSetId: (set as { id: string }).id
    });
    try {
      expect((await restAs(org, noApi(), 'GET', '/sobjects')).status).toBe(200);
    } finally {
      await admin.sobject('PermissionSetAssignment').destroy((assignment as { id: string }).id);
    }
    expect((await restAs(org, noApi(), 'GET', '/sobjects')).status).toBe(403);
  });
});

describe('SOQL string escapes (api.soql.stringEscapes)', () => {
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    const rows = {
      backslash: { LastName: 'Back', Company: 'Slash', Email: 'back\\slash@example.com' },
      quote: { LastName: "O'Brien", Company: 'Quote Co' },
      percent: { LastName: '100% Sure', Company: 'Percent Co' },
      percentless: { LastName: '100 Sure', Company: 'Percent Co' },
      underscore: { LastName: 'snake_case', Company: 'Under Co' },
      underscoreless: { LastName: 'snakeXcase', Company: 'Under Co' },
      newline: { LastName: 'Two\nLines', Company: 'Newline Co' }
    };
    for (const [key, values] of Object.entries(rows)) {
      ids[key] = ((await admin.sobject('Lead').create(values)) as { id: string }).id;
    }
  });
  const idsOf = async (soql: string): Promise<string[]> =>
    (await admin.query<{ Id: string }>(soql)).records.map((record) => record.Id);

  test('\\\\ is one backslash: an email with a backslash matches', async () => {
    expect(await idsOf("SELECT Id FROM Lead WHERE Email = 'back\\\\slash@example.com'")).toEqual([
      ids.backslash
    ]);
    expect(await idsOf("SELECT Id FROM Lead WHERE Email IN ('back\\\\slash@example.com')")).toEqual(
      [ids.backslash]
    );
  });

  test("\\' is a quote, \\n a new line, \\u a code point", async () => {
    expect(await idsOf("SELECT Id FROM Lead WHERE LastName = 'O\\'Brien'")).toEqual([ids.quote]);
    expect(await idsOf("SELECT Id FROM Lead WHERE LastName = 'Two\\nLines'")).toEqual([
      ids.newline
    ]);
    expect(await idsOf("SELECT Id FROM Lead WHERE LastName = 'Two\\NLines'")).toEqual([
      ids.newline
    ]);
    expect(await idsOf("SELECT Id FROM Lead WHERE LastName = 'O\\u0027Brien'")).toEqual([
      ids.quote
    ]);
  });

  test('in LIKE, \\% and \\_ are the characters themselves, % and _ stay wildcards', async () => {
    expect(await idsOf("SELECT Id FROM Lead WHERE LastName LIKE '100\\% Sure'")).toEqual([
      ids.percent
    ]);
    expect((await idsOf("SELECT Id FROM Lead WHERE LastName LIKE '100% Sure'")).sort()).toEqual(
      [ids.percent, ids.percentless].sort()
    );
    expect(await idsOf("SELECT Id FROM Lead WHERE LastName LIKE 'snake\\_case'")).toEqual([
      ids.underscore
    ]);
    expect((await idsOf("SELECT Id FROM Lead WHERE LastName LIKE 'snake_case'")).sort()).toEqual(
      [ids.underscore, ids.underscoreless].sort()
    );
  });

  test('an invalid escape, or \\% outside LIKE, is a MALFORMED_QUERY naming the sequence', async () => {
    for (const [soql, sequence] of [
      ["SELECT Id FROM Lead WHERE LastName = 'a\\qb'", '\\q'],
      ["SELECT Id FROM Lead WHERE LastName = '100\\%'", '\\%'],
      ["SELECT Id FROM Lead WHERE LastName = 'x\\u00zz'", '\\u00zz']
    ]) {
      const answer = await restAs(org, org.adminAccessToken, 'GET', query(soql));
      expect(answer.status).toBe(400);
      const [error] = answer.body as { errorCode: string; message: string }[];
      expect(error.errorCode).toBe('MALFORMED_QUERY');
      expect(error.message).toContain(`Illegal character sequence '${sequence}'`);
    }
  });
});

describe('polymorphic fields (api.soql.polymorphicName)', () => {
  test('Who.Type, Who.Name and What.Type read the related record through Name', async () => {
    // A Contact as the Who: a Lead's Event may have no What (api.Activity.leadHasNoWhat).
    const contact = (await admin
      .sobject('Contact')
      .create({ FirstName: 'Poly', LastName: 'Morph' })) as { id: string };
    const account = (await admin.sobject('Account').create({ Name: 'What Co' })) as {
      id: string;
    };
    const event = (await admin.sobject('Event').create({
      Subject: 'Polymorphic',
      WhoId: contact.id,
      WhatId: account.id,
      StartDateTime: '2026-01-01T10:00:00.000Z',
      EndDateTime: '2026-01-01T11:00:00.000Z'
    })) as { id: string };
    const result = await admin.query<Record<string, unknown>>(
      `SELECT Who.Type, Who.Name, Who.FirstName, What.Type, What.Name FROM Event WHERE Id = '${event.id}'`
    );
    expect(result.records[0]).toMatchObject({
      Who: {
        attributes: {
          type: 'Name',
          url: expect.stringContaining(`/sobjects/Contact/${contact.id}`)
        },
        Type: 'Contact',
        Name: 'Poly Morph',
        FirstName: 'Poly'
      },
      What: { Type: 'Account', Name: 'What Co' }
    });
    const filtered = await admin.query<{ Id: string }>(
      `SELECT Id FROM Event WHERE Who.Type = 'Contact' AND What.Type IN ('Account', 'Case') AND Id = '${event.id}'`
    );
    expect(filtered.totalSize).toBe(1);
  });

  test('a field that only one target object has is not a Name field', async () => {
    const answer = await restAs(
      org,
      org.adminAccessToken,
      'GET',
      query('SELECT Who.Company FROM Event')
    );
    expect(answer.status).toBe(400);
    expect((answer.body as { message: string }[])[0].message).toContain(
      "No such column 'Company' on entity 'Name'"
    );
  });
});

describe('request URI length (api.rest.uriLength)', () => {
  const soqlOfLength = (bytes: number): string => {
    const head = "SELECT Id FROM Lead WHERE LastName = '";
    return `${head}${'x'.repeat(Math.max(0, bytes - head.length - 1))}'`;
  };

  test('a URI over 16,384 bytes is refused with 414, as Salesforce does', async () => {
    const answer = await restAs(org, org.adminAccessToken, 'GET', query(soqlOfLength(16_400)));
    expect(answer.status).toBe(414);
    expect(answer.body).toEqual([
      expect.objectContaining({
        errorCode: 'URI_TOO_LONG',
        message: expect.stringContaining('16384 bytes')
      })
    ]);
  });

  test('URI and headers together over the limit are refused with 431', async () => {
    const path = `${dataPath(query(soqlOfLength(15_000)))}`;
    const response = await fetch(`${org.instanceUrl}${path}`, {
      headers: {
        Authorization: `Bearer ${org.adminAccessToken}`,
        'X-Padding': 'p'.repeat(2_000)
      }
    });
    expect(response.status).toBe(431);
  });

  test('a long URI under the limit is answered', async () => {
    const answer = await restAs(org, org.adminAccessToken, 'GET', query(soqlOfLength(12_000)));
    expect(answer.status).toBe(200);
  });
});

describe('field-level security applies to administrators (permission.fls.appliesToAdmins)', () => {
  test('Modify All Data does not show a deployed field until a permission set grants it', async () => {
    const fresh = await startLocalOrg();
    try {
      const owner = await loginAs(fresh);
      const deployed = await deploySource(owner, 'force-app');
      expect(deployed.response.success).toBe(true);
      // The admin (System Administrator: Modify All Data, View All Data) sees Event, not the field.
      const before = await restAs(
        fresh,
        fresh.adminAccessToken,
        'GET',
        query('SELECT Booking_Id__c FROM Event')
      );
      expect(before.status).toBe(400);
      expect(before.body).toEqual([expect.objectContaining({ errorCode: 'INVALID_FIELD' })]);
      const described = await owner.sobject('Event').describe();
      expect(described.fields.map((entry) => entry.name)).not.toContain('Booking_Id__c');
      const created = await restAs(fresh, fresh.adminAccessToken, 'POST', '/sobjects/Event', {
        Subject: 'x',
        StartDateTime: '2026-01-01T10:00:00Z',
        EndDateTime: '2026-01-01T11:00:00Z',
        Booking_Id__c: 'bk-admin'
      });
      expect(created.status).toBe(400);
      expect(created.body).toEqual([expect.objectContaining({ errorCode: 'INVALID_FIELD' })]);
      // (View All Fields is an object permission, and Event has none: only field permissions help.)
      // Granted by the package's admin permission set, it is readable.
      await assignPermissionSet(owner, fresh.adminUsername, 'BookingConnectorAdmin');
      const after = await restAs(
        fresh,
        fresh.adminAccessToken,
        'GET',
        query('SELECT Booking_Id__c FROM Event')
      );
      expect(after.status).toBe(200);
    } finally {
      await fresh.close();
    }
  });
});
