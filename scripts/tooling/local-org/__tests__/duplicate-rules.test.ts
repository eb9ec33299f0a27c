// The local org's duplicate rules on the wire: what a create that matches an existing record
// answers (single-record REST and sObject Collections), the header that lets an alerting rule's
// save through, a blocking rule, and an org without rules.
import { startLocalOrg, type LocalOrg } from '../server.ts';
import { restAs, tokenFor } from '../../test-kit/login.ts';

let org: LocalOrg;
let plain: LocalOrg;
beforeAll(async () => {
  org = await startLocalOrg({ duplicateRules: true });
  plain = await startLocalOrg();
});
afterAll(async () => {
  await org.close();
  await plain.close();
});

const post = (
  target: LocalOrg,
  path: string,
  body: unknown,
  headers: Record<string, string> = {}
) => restAs(target, tokenFor(target), 'POST', path, body, headers);

const lead = {
  FirstName: 'Ada',
  LastName: 'Lovelace',
  Company: 'Engines Ltd',
  Email: 'ada@engines.example'
};

describe('duplicate rules', () => {
  let existingId: string;
  beforeAll(async () => {
    const created = await post(org, '/sobjects/Lead', lead);
    expect(created.status).toBe(201);
    existingId = (created.body as { id: string }).id;
  });

  it('refuses a Lead with the same email, naming the record it matched', async () => {
    const refused = await post(org, '/sobjects/Lead', { ...lead, FirstName: 'Augusta' });
    expect(refused.status).toBe(400);
    const [error] = refused.body as {
      errorCode: string;
      duplicateResult: {
        duplicateRule: string;
        allowSave: boolean;
        matchResults: { matchRecords: { record: { Id: string } }[] }[];
      };
    }[];
    expect(error.errorCode).toBe('DUPLICATES_DETECTED');
    expect(error.duplicateResult).toMatchObject({
      duplicateRule: 'Standard_Lead_Duplicate_Rule',
      allowSave: true
    });
    expect(error.duplicateResult.matchResults[0].matchRecords[0].record.Id).toBe(existingId);
  });

  it('matches first name, last name and company when the email differs', async () => {
    const refused = await post(org, '/sobjects/Lead', { ...lead, Email: 'ada@elsewhere.example' });
    expect(refused.status).toBe(400);
  });

  it('reports the duplicate per record in sObject Collections, saving the others', async () => {
    const result = await post(org, '/composite/sobjects', {
      allOrNone: false,
      records: [
        { attributes: { type: 'Lead' }, ...lead, FirstName: 'A.' },
        { attributes: { type: 'Lead' }, LastName: 'Babbage', Company: 'Engines Ltd' }
      ]
    });
    const [duplicate, created] = result.body as {
      success: boolean;
      errors: { statusCode: string; duplicateResult?: unknown }[];
    }[];
    expect(duplicate.success).toBe(false);
    expect(duplicate.errors[0]).toMatchObject({
      statusCode: 'DUPLICATES_DETECTED',
      duplicateResult: { duplicateRuleEntityType: 'Lead' }
    });
    expect(created.success).toBe(true);
  });

  it('saves a duplicate when the header allows it, unless the rule blocks', async () => {
    const header = { 'Sforce-Duplicate-Rule-Header': 'allowSave=true; includeRecordDetails=false' };
    expect((await post(org, '/sobjects/Lead', { ...lead, FirstName: 'Ada2' }, header)).status).toBe(
      201
    );
    const rule = org.store.state.duplicateRules?.find((entry) => entry.object === 'Lead');
    if (!rule) throw new Error('no Lead rule');
    rule.action = 'Block';
    try {
      const blocked = await post(org, '/sobjects/Lead', { ...lead, FirstName: 'Ada3' }, header);
      expect(blocked.status).toBe(400);
      expect(
        (blocked.body as { duplicateResult: { allowSave: boolean } }[])[0].duplicateResult.allowSave
      ).toBe(false);
    } finally {
      rule.action = 'Allow';
    }
  });

  it('runs on edit too: a record that matches another is refused unless the header allows', async () => {
    // By now a second Lead with the same email exists (saved with the header above).
    const patch = (body: unknown, headers: Record<string, string> = {}) =>
      restAs(org, tokenFor(org), 'PATCH', `/sobjects/Lead/${existingId}`, body, headers);
    const refused = await patch({ Phone: '+1 555 0100' });
    expect(refused.status).toBe(400);
    expect((refused.body as { errorCode: string }[])[0].errorCode).toBe('DUPLICATES_DETECTED');
    const allowed = await patch(
      { Phone: '+1 555 0100' },
      { 'Sforce-Duplicate-Rule-Header': 'allowSave=true' }
    );
    expect(allowed.status).toBe(204);
  });

  it('an edit of a record without duplicates is not matched against itself', async () => {
    const created = await post(org, '/sobjects/Lead', {
      LastName: 'Unique',
      Company: 'Solo',
      Email: 'solo@unique.example'
    });
    const id = (created.body as { id: string }).id;
    const response = await restAs(org, tokenFor(org), 'PATCH', `/sobjects/Lead/${id}`, {
      Phone: '+1 555 0101'
    });
    expect(response.status).toBe(204);
  });

  it('an org started without duplicate rules saves duplicates', async () => {
    expect((await post(plain, '/sobjects/Lead', lead)).status).toBe(201);
    expect((await post(plain, '/sobjects/Lead', lead)).status).toBe(201);
  });
});
