// The local org's Lead assignment rule on the wire: Salesforce runs the active rule on a REST
// create unless the request sends Sforce-Auto-Assign: FALSE (absent means TRUE), in
// single-record REST and in sObject Collections; other objects and orgs without the rule keep
// the owner sent.
import { assignedOwner, autoAssignRequested } from '../assignment-rules.ts';
import { startLocalOrg, type LocalOrg } from '../server.ts';
import { restAs, tokenFor } from '../../test-kit/login.ts';

let org: LocalOrg;
let plain: LocalOrg;
let queueId: string;
let adminId: string;
beforeAll(async () => {
  org = await startLocalOrg({ assignmentRules: true });
  plain = await startLocalOrg();
  queueId = String(
    Object.values(org.store.state.records.group ?? {}).find(
      (group) => group.DeveloperName === 'Booking_Leads'
    )?.Id
  );
  adminId = org.store.state.sessions[org.adminAccessToken].userId;
});
afterAll(async () => {
  await org.close();
  await plain.close();
});

const call = (
  target: LocalOrg,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {}
) => restAs(target, tokenFor(target), method, path, body, headers);

async function ownerOf(target: LocalOrg, type: string, id: string): Promise<string> {
  const read = await call(target, 'GET', `/sobjects/${type}/${id}`);
  return (read.body as { OwnerId: string }).OwnerId;
}

async function createLead(target: LocalOrg, headers: Record<string, string> = {}): Promise<string> {
  const created = await call(
    target,
    'POST',
    '/sobjects/Lead',
    { LastName: 'Rule', Company: 'Assign Co' },
    headers
  );
  expect(created.status).toBe(201);
  return (created.body as { id: string }).id;
}

test('a REST create without the header runs the rule (Salesforce default TRUE)', async () => {
  expect(await ownerOf(org, 'Lead', await createLead(org))).toBe(queueId);
});

test('Sforce-Auto-Assign: TRUE runs the rule even over an OwnerId sent', async () => {
  const created = await call(
    org,
    'POST',
    '/sobjects/Lead',
    { LastName: 'Rule', Company: 'Assign Co', OwnerId: adminId },
    { 'Sforce-Auto-Assign': 'TRUE' }
  );
  expect(await ownerOf(org, 'Lead', (created.body as { id: string }).id)).toBe(queueId);
});

test('Sforce-Auto-Assign: FALSE keeps the creating user as owner', async () => {
  const id = await createLead(org, { 'Sforce-Auto-Assign': 'FALSE' });
  expect(await ownerOf(org, 'Lead', id)).toBe(adminId);
});

test('sObject Collections obey the header for every record', async () => {
  const records = [1, 2].map((n) => ({
    attributes: { type: 'Lead' },
    LastName: `Batch ${n}`,
    Company: 'Assign Co'
  }));
  const assigned = await call(org, 'POST', '/composite/sobjects', { allOrNone: false, records });
  const kept = await call(
    org,
    'POST',
    '/composite/sobjects',
    { allOrNone: false, records },
    { 'Sforce-Auto-Assign': 'false' }
  );
  const ids = (body: unknown): string[] => (body as { id: string }[]).map((result) => result.id);
  for (const id of ids(assigned.body)) expect(await ownerOf(org, 'Lead', id)).toBe(queueId);
  for (const id of ids(kept.body)) expect(await ownerOf(org, 'Lead', id)).toBe(adminId);
});

test('objects without an active rule and orgs started without rules keep the owner', async () => {
  const contact = await call(org, 'POST', '/sobjects/Contact', { LastName: 'No Rule' });
  expect(await ownerOf(org, 'Contact', (contact.body as { id: string }).id)).toBe(adminId);
  expect(await ownerOf(plain, 'Lead', await createLead(plain))).toBe(
    plain.store.state.sessions[plain.adminAccessToken].userId
  );
});

test('the header values and entry criteria Salesforce accepts', () => {
  expect(autoAssignRequested(undefined)).toBe(true);
  expect(autoAssignRequested({ 'sforce-auto-assign': 'False' })).toBe(false);
  expect(autoAssignRequested({ 'sforce-auto-assign': '01Q000000000001' })).toBe(true);
  const state = {
    assignmentRules: [
      {
        object: 'Case' as const,
        name: 'Cases',
        active: true,
        entries: [
          { criteria: { Origin: 'Web' }, assignedTo: '00G000000000001' },
          { criteria: {}, assignedTo: '005000000000001' }
        ]
      }
    ]
  } as unknown as Parameters<typeof assignedOwner>[0];
  // The first entry whose criteria match wins; later entries catch the rest.
  expect(assignedOwner(state, 'Case', { Origin: 'web' }, undefined)).toBe('00G000000000001');
  expect(assignedOwner(state, 'Case', { Origin: 'Phone' }, undefined)).toBe('005000000000001');
  expect(assignedOwner(state, 'Lead', {}, undefined)).toBeNull();
});
