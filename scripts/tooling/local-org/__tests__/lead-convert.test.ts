// Lead conversion in the local org, over HTTP as the tooling calls it: SOAP convertLead through
// @salesforce/core's Connection (jsforce's conn.soap.convertLead, the partner endpoint), the
// converted fields in describe and SOQL, and what the API refuses on a converted Lead. The rules
// and their Salesforce URLs: scripts/tooling/platform/api.ts (api.convertLead.*, api.Lead.converted*).
import type { Connection } from '@salesforce/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { platformRule } from '../../platform/catalogue.ts';
import { LEAD_CONVERSION_RULES } from '../lead-convert.ts';
import { startLocalOrg, type LocalOrg } from '../server.ts';
import { CONVERTED_LEAD_STATUS, SEEDED_USERS } from '../seed.ts';
import { API_VERSION, loginAs, restAs } from '../../test-kit/login.ts';

jest.setTimeout(30_000);
let org: LocalOrg;
let admin: Connection;

beforeAll(async () => {
  org = await startLocalOrg();
  admin = await loginAs(org);
});
afterAll(() => org.close());

type Row = Record<string, unknown>;

async function newLead(fields: Row = {}): Promise<string> {
  const result = (await admin.sobject('Lead').create({
    FirstName: 'Grace',
    LastName: `Hopper${Math.random().toString(36).slice(2, 8)}`,
    Company: 'Compilers Inc',
    Email: 'grace@compilers.example',
    Phone: '+1 555 0100',
    LeadSource: 'Web',
    ...fields
  })) as { id: string };
  return result.id;
}

async function retrieve(object: string, id: string): Promise<Row> {
  return (await admin.sobject(object).retrieve(id)) as Row;
}

async function failure(
  promise: PromiseLike<unknown>
): Promise<{ errorCode?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { errorCode?: string; message: string };
  }
  throw new Error('expected the call to fail');
}

/** A SOAP call straight over HTTP, for the raw envelope and faults. */
async function soap(path: string, body: string, sessionId = org.adminAccessToken) {
  const response = await fetch(`${org.instanceUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/xml', SOAPAction: '""' },
    body:
      '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
      `<soapenv:Header xmlns="urn:partner.soap.sforce.com"><SessionHeader><sessionId>${sessionId}</sessionId></SessionHeader></soapenv:Header>` +
      `<soapenv:Body xmlns="urn:partner.soap.sforce.com">${body}</soapenv:Body></soapenv:Envelope>`
  });
  return { status: response.status, text: await response.text() };
}

describe('the converted fields and LeadStatus', () => {
  test('Lead describes the conversion fields as read-only, with their references', async () => {
    const lead = await admin.sobject('Lead').describe();
    const byName = new Map(lead.fields.map((f) => [f.name, f]));
    for (const name of [
      'IsConverted',
      'ConvertedDate',
      'ConvertedAccountId',
      'ConvertedContactId',
      'ConvertedOpportunityId'
    ]) {
      expect(byName.get(name)).toMatchObject({ createable: false, updateable: false });
    }
    expect(byName.get('ConvertedDate')?.type).toBe('date');
    expect(byName.get('ConvertedContactId')).toMatchObject({
      type: 'reference',
      referenceTo: ['Contact'],
      relationshipName: 'ConvertedContact'
    });
    expect(byName.get('ConvertedAccountId')?.referenceTo).toEqual(['Account']);
    expect(byName.get('ConvertedOpportunityId')?.referenceTo).toEqual(['Opportunity']);
  });

  test('LeadStatus lists the Status values, one of them converted, and is query-only', async () => {
    const rows = await admin.query<Row>(
      'SELECT ApiName, MasterLabel, IsConverted, IsDefault FROM LeadStatus WHERE IsConverted = true'
    );
    expect(rows.records.map((row) => row.ApiName)).toEqual([CONVERTED_LEAD_STATUS]);
    const all = await admin.query<Row>('SELECT ApiName FROM LeadStatus');
    const picklist = (await admin.sobject('Lead').describe()).fields.find(
      (f) => f.name === 'Status'
    )?.picklistValues;
    expect(all.records.map((row) => row.ApiName)).toEqual(picklist?.map((entry) => entry.value));
    const error = await failure(
      admin.sobject('LeadStatus').create({ ApiName: 'Mine', MasterLabel: 'Mine' })
    );
    expect(error.errorCode).toBe('INSUFFICIENT_ACCESS_OR_READONLY');
  });

  test('IsConverted and the converted references cannot be written directly', async () => {
    const leadId = await newLead();
    const contact = (await admin.sobject('Contact').create({ LastName: 'Someone' })) as {
      id: string;
    };
    for (const fields of [{ IsConverted: true }, { ConvertedContactId: contact.id }]) {
      const error = await failure(admin.sobject('Lead').update({ Id: leadId, ...fields }));
      expect(error.errorCode).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
    }
    expect((await retrieve('Lead', leadId)).IsConverted).toBe(false);
  });
});

describe('SOAP convertLead', () => {
  test('creates the Account, Contact and Opportunity and marks the Lead converted', async () => {
    const leadId = await newLead({ Title: 'Rear Admiral', Website: 'https://compilers.example' });
    const result = await admin.soap.convertLead({
      leadId,
      convertedStatus: CONVERTED_LEAD_STATUS,
      doNotCreateOpportunity: false,
      overwriteLeadSource: false,
      sendNotificationEmail: false
    });
    expect(result).toMatchObject({
      success: true,
      leadId,
      accountId: expect.stringMatching(/^001/),
      contactId: expect.stringMatching(/^003/),
      opportunityId: expect.stringMatching(/^006/)
    });
    const lead = await retrieve('Lead', leadId);
    expect(lead).toMatchObject({
      IsConverted: true,
      Status: CONVERTED_LEAD_STATUS,
      ConvertedAccountId: result.accountId,
      ConvertedContactId: result.contactId,
      ConvertedOpportunityId: result.opportunityId,
      ConvertedDate: new Date().toISOString().slice(0, 10)
    });
    const contact = await retrieve('Contact', String(result.contactId));
    expect(contact).toMatchObject({
      FirstName: 'Grace',
      LastName: lead.LastName,
      Email: 'grace@compilers.example',
      Title: 'Rear Admiral',
      LeadSource: 'Web',
      AccountId: result.accountId,
      OwnerId: lead.OwnerId
    });
    expect(await retrieve('Account', String(result.accountId))).toMatchObject({
      Name: 'Compilers Inc',
      Website: 'https://compilers.example'
    });
    expect(await retrieve('Opportunity', String(result.opportunityId))).toMatchObject({
      Name: 'Compilers Inc-',
      AccountId: result.accountId
    });
  });

  test('doNotCreateOpportunity creates none', async () => {
    const leadId = await newLead();
    const result = await admin.soap.convertLead({
      leadId,
      convertedStatus: CONVERTED_LEAD_STATUS,
      doNotCreateOpportunity: true,
      overwriteLeadSource: false,
      sendNotificationEmail: false
    });
    expect(result.success).toBe(true);
    expect(result.opportunityId ?? null).toBeNull();
    expect((await retrieve('Lead', leadId)).ConvertedOpportunityId).toBeNull();
  });

  test('merges into a given Account and Contact, filling only their empty fields', async () => {
    const account = (await admin.sobject('Account').create({ Name: 'Existing Co' })) as {
      id: string;
    };
    const contact = (await admin.sobject('Contact').create({
      LastName: 'Existing',
      Email: 'existing@compilers.example',
      AccountId: account.id,
      LeadSource: 'Other'
    })) as { id: string };
    const leadId = await newLead({ Title: 'Engineer' });
    const result = await admin.soap.convertLead({
      leadId,
      convertedStatus: CONVERTED_LEAD_STATUS,
      accountId: account.id,
      contactId: contact.id,
      doNotCreateOpportunity: true,
      overwriteLeadSource: true,
      sendNotificationEmail: false
    });
    expect(result).toMatchObject({ success: true, accountId: account.id, contactId: contact.id });
    expect(await retrieve('Contact', contact.id)).toMatchObject({
      LastName: 'Existing',
      Email: 'existing@compilers.example',
      Title: 'Engineer',
      Phone: '+1 555 0100',
      LeadSource: 'Web'
    });
    expect((await retrieve('Account', account.id)).Name).toBe('Existing Co');
    const contacts = await admin.query<Row>(
      `SELECT Id FROM Contact WHERE AccountId = '${account.id}'`
    );
    expect(contacts.totalSize).toBe(1);
  });

  test('each Lead of a call is converted on its own: a refused one leaves nothing behind', async () => {
    const good = await newLead();
    const bad = await newLead({ Company: 'Nothing Left Behind' });
    const results = await admin.soap.convertLead([
      {
        leadId: good,
        convertedStatus: CONVERTED_LEAD_STATUS,
        doNotCreateOpportunity: false,
        overwriteLeadSource: false,
        sendNotificationEmail: false
      },
      {
        leadId: bad,
        convertedStatus: 'Working - Contacted',
        doNotCreateOpportunity: false,
        overwriteLeadSource: false,
        sendNotificationEmail: false
      }
    ]);
    expect(results.map((r) => r.success)).toEqual([true, false]);
    expect(results[1].errors[0]).toMatchObject({ statusCode: 'INVALID_STATUS' });
    expect(results[1].errors[0].message).toContain('invalid convertedStatus: Working - Contacted');
    expect((await retrieve('Lead', bad)).IsConverted).toBe(false);
    const left = await admin.query<Row>(
      "SELECT Id FROM Account WHERE Name = 'Nothing Left Behind'"
    );
    expect(left.totalSize).toBe(0);
  });

  test.each([
    [
      'a Lead converted already',
      async () => {
        const leadId = await newLead();
        await admin.soap.convertLead({
          leadId,
          convertedStatus: CONVERTED_LEAD_STATUS,
          doNotCreateOpportunity: true,
          overwriteLeadSource: false,
          sendNotificationEmail: false
        });
        return { leadId };
      },
      'CANNOT_UPDATE_CONVERTED_LEAD'
    ],
    [
      'a contactId without its accountId',
      async () => {
        const contact = (await admin.sobject('Contact').create({ LastName: 'Loose' })) as {
          id: string;
        };
        return { leadId: await newLead(), contactId: contact.id };
      },
      'INVALID_CROSS_REFERENCE_KEY'
    ],
    [
      'a Contact of another Account',
      async () => {
        const mine = (await admin.sobject('Account').create({ Name: 'Mine' })) as { id: string };
        const theirs = (await admin.sobject('Account').create({ Name: 'Theirs' })) as {
          id: string;
        };
        const contact = (await admin.sobject('Contact').create({
          LastName: 'Theirs',
          AccountId: theirs.id
        })) as { id: string };
        return { leadId: await newLead(), accountId: mine.id, contactId: contact.id };
      },
      'INVALID_CROSS_REFERENCE_KEY'
    ],
    [
      'a Lead owned by a queue, without ownerId',
      async () => {
        const queue = await admin.query<Row>("SELECT Id FROM Group WHERE Type = 'Queue' LIMIT 1");
        return { leadId: await newLead({ OwnerId: queue.records[0].Id }) };
      },
      'INVALID_CROSS_REFERENCE_KEY'
    ],
    [
      'a Lead that does not exist',
      async () => ({ leadId: '00Q000000000000AAA' }),
      'INVALID_CROSS_REFERENCE_KEY'
    ]
  ])('%s is refused', async (_name, arrange, statusCode) => {
    const request = await arrange();
    const result = await admin.soap.convertLead({
      convertedStatus: CONVERTED_LEAD_STATUS,
      doNotCreateOpportunity: true,
      overwriteLeadSource: false,
      sendNotificationEmail: false,
      ...request
    });
    expect(result.success).toBe(false);
    expect(result.errors[0].statusCode).toBe(statusCode);
  });

  test('a queue-owned Lead converts once ownerId names a user', async () => {
    const queue = await admin.query<Row>("SELECT Id FROM Group WHERE Type = 'Queue' LIMIT 1");
    const leadId = await newLead({ OwnerId: queue.records[0].Id });
    const result = await admin.soap.convertLead({
      leadId,
      convertedStatus: CONVERTED_LEAD_STATUS,
      ownerId: org.adminUserId,
      doNotCreateOpportunity: true,
      overwriteLeadSource: false,
      sendNotificationEmail: false
    });
    expect(result.success).toBe(true);
    expect((await retrieve('Contact', String(result.contactId))).OwnerId).toBe(org.adminUserId);
  });

  test('a user without access to Opportunities converts only with doNotCreateOpportunity', async () => {
    const standard = await loginAs(org, SEEDED_USERS.standardUser);
    const { id: leadId } = (await standard.sobject('Lead').create({
      LastName: 'Standard',
      Company: 'Std Co'
    })) as { id: string };
    const request = {
      leadId,
      convertedStatus: CONVERTED_LEAD_STATUS,
      overwriteLeadSource: false,
      sendNotificationEmail: false
    };
    const refused = await standard.soap.convertLead({ ...request, doNotCreateOpportunity: false });
    expect(refused.errors[0].statusCode).toBe('INSUFFICIENT_ACCESS_OR_READONLY');
    const converted = await standard.soap.convertLead({ ...request, doNotCreateOpportunity: true });
    expect(converted.success).toBe(true);
  });

  test('the enterprise endpoint converts too; other calls and bad sessions get SOAP faults', async () => {
    const leadId = await newLead();
    const call = `<convertLead><leadConverts><leadId>${leadId}</leadId><convertedStatus>${CONVERTED_LEAD_STATUS}</convertedStatus><doNotCreateOpportunity>true</doNotCreateOpportunity><overwriteLeadSource>false</overwriteLeadSource><sendNotificationEmail>false</sendNotificationEmail></leadConverts></convertLead>`;
    const enterprise = await soap(`/services/Soap/c/${API_VERSION}`, call);
    expect(enterprise.status).toBe(200);
    expect(enterprise.text).toContain('xmlns="urn:enterprise.soap.sforce.com"');
    expect(enterprise.text).toMatch(/<success>true<\/success>/);
    const unknown = await soap(`/services/Soap/u/${API_VERSION}`, '<merge></merge>');
    expect(unknown.status).toBe(500);
    expect(unknown.text).toContain('<faultcode>sf:UNKNOWN_OPERATION</faultcode>');
    const expired = await soap(`/services/Soap/u/${API_VERSION}`, call, 'not-a-session');
    expect(expired.status).toBe(500);
    expect(expired.text).toContain('<faultcode>sf:INVALID_SESSION_ID</faultcode>');
  });
});

describe('a converted Lead afterwards', () => {
  let leadId: string;
  let contactId: string;
  beforeAll(async () => {
    leadId = await newLead({ Email: 'converted@compilers.example' });
    const result = await admin.soap.convertLead({
      leadId,
      convertedStatus: CONVERTED_LEAD_STATUS,
      doNotCreateOpportunity: true,
      overwriteLeadSource: false,
      sendNotificationEmail: false
    });
    contactId = String(result.contactId);
  });

  test('is still returned by SOQL, unless the query filters on IsConverted', async () => {
    const all = await admin.query<Row>(
      "SELECT Id, IsConverted, ConvertedContactId, ConvertedContact.Email FROM Lead WHERE Email = 'converted@compilers.example'"
    );
    expect(all.records).toEqual([
      expect.objectContaining({
        Id: leadId,
        IsConverted: true,
        ConvertedContactId: contactId,
        ConvertedContact: expect.objectContaining({ Email: 'converted@compilers.example' })
      })
    ]);
    const open = await admin.query<Row>(
      "SELECT Id FROM Lead WHERE Email = 'converted@compilers.example' AND IsConverted = false"
    );
    expect(open.totalSize).toBe(0);
  });

  test('an update is refused with CANNOT_UPDATE_CONVERTED_LEAD, alone or in a collection', async () => {
    const single = await restAs(org, org.adminAccessToken, 'PATCH', `/sobjects/Lead/${leadId}`, {
      Title: 'Changed'
    });
    expect(single.status).toBe(400);
    expect(single.body).toEqual([
      { errorCode: 'CANNOT_UPDATE_CONVERTED_LEAD', message: 'cannot reference converted lead' }
    ]);
    const collection = await restAs(org, org.adminAccessToken, 'PATCH', '/composite/sobjects', {
      allOrNone: false,
      records: [{ attributes: { type: 'Lead' }, Id: leadId, Title: 'Changed' }]
    });
    expect(
      (collection.body as { errors: { statusCode: string }[] }[])[0].errors[0].statusCode
    ).toBe('CANNOT_UPDATE_CONVERTED_LEAD');
    expect((await retrieve('Lead', leadId)).Title).toBeNull();
  });

  test('an Event naming it as WhoId is refused; its Contact is accepted', async () => {
    const start = '2027-01-04T10:00:00.000Z';
    const end = '2027-01-04T10:30:00.000Z';
    const refused = await restAs(org, org.adminAccessToken, 'POST', '/sobjects/Event', {
      Subject: 'Meeting',
      StartDateTime: start,
      EndDateTime: end,
      WhoId: leadId
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual([
      expect.objectContaining({ errorCode: 'CANNOT_UPDATE_CONVERTED_LEAD', fields: ['WhoId'] })
    ]);
    const accepted = await restAs(org, org.adminAccessToken, 'POST', '/sobjects/Event', {
      Subject: 'Meeting',
      StartDateTime: start,
      EndDateTime: end,
      WhoId: contactId
    });
    expect(accepted.status).toBe(201);
  });

  test('REST has no convert resource: the local org answers NOT_FOUND', async () => {
    const answer = await restAs(
      org,
      org.adminAccessToken,
      'POST',
      '/actions/standard/convertLead',
      {
        inputs: [{ leadId }]
      }
    );
    expect(answer.status).toBe(404);
  });

  test('can be deleted (the documentation is silent; the product depends on neither reading)', async () => {
    const other = await newLead();
    await admin.soap.convertLead({
      leadId: other,
      convertedStatus: CONVERTED_LEAD_STATUS,
      doNotCreateOpportunity: true,
      overwriteLeadSource: false,
      sendNotificationEmail: false
    });
    const deleted = await restAs(org, org.adminAccessToken, 'DELETE', `/sobjects/Lead/${other}`);
    expect(deleted.status).toBe(204);
  });
});

test('an org saved before Lead conversion existed gains it when it starts again', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'lead-convert-'));
  try {
    const old = await startLocalOrg({ dataDir });
    const state = old.store.state;
    delete state.schema.leadstatus;
    delete state.records.leadstatus;
    delete state.schema.opportunity;
    for (const key of Object.keys(state.schema.lead.fields))
      if (key.startsWith('converted')) delete state.schema.lead.fields[key];
    await old.close();
    const again = await startLocalOrg({ dataDir });
    try {
      const connection = await loginAs(again);
      const { id: leadId } = (await connection
        .sobject('Lead')
        .create({ LastName: 'Saved', Company: 'Saved Co' })) as { id: string };
      const result = await connection.soap.convertLead({
        leadId,
        convertedStatus: CONVERTED_LEAD_STATUS,
        doNotCreateOpportunity: false,
        overwriteLeadSource: false,
        sendNotificationEmail: false
      });
      expect(result).toMatchObject({ success: true, opportunityId: expect.stringMatching(/^006/) });
    } finally {
      await again.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('every rule Lead conversion enforces is in the platform catalogue, with its Salesforce URL', () => {
  for (const id of LEAD_CONVERSION_RULES) {
    const rule = platformRule(id);
    expect(rule.enforcedBy).toContain('local-org');
    expect(rule.source).toMatch(/^https:\/\/(developer|help)\.salesforce\.com\//);
  }
});
