// The contract between the setup page and its Apex: every answer the setup-page server gives,
// from a local org with the package, has exactly the @AuraEnabled fields of the Apex class the
// controller method returns (read from BookingSetupState.cls with the Apex parser), and the
// check itself catches a missing field, an extra one and a wrong type.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { orgWithPackage, type OrgWithPackage } from '../../../test-kit/org.ts';
import { SEEDED_USERS } from '../../../local-org/seed.ts';
import { contractProblems, readApexShapes } from '../apex-contract.ts';
import { startSetupPageServer, withoutNulls, type SetupPageServer } from '../server.ts';

jest.setTimeout(120_000);

// The server's JSON as the page reads it: whatever the contract check below lets through.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ServerJson = { result: any };

const shapes = readApexShapes();
let local: OrgWithPackage;
let server: SetupPageServer;
let staticDir: string;

async function call(
  method: string,
  params: object = {}
): Promise<{ status: number; body: ServerJson }> {
  const response = await fetch(new URL(`apex/BookingSetupController/${method}`, server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params)
  });
  return { status: response.status, body: (await response.json()) as ServerJson };
}

beforeAll(async () => {
  local = await orgWithPackage();
  staticDir = mkdtempSync(join(tmpdir(), 'setup-page-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>page</title>');
  server = await startSetupPageServer({ connection: local.admin, staticDir });
});
afterAll(async () => {
  await server?.close();
  await local?.org.close();
  rmSync(staticDir, { recursive: true, force: true });
});

it('reads every class the page receives from the Apex source', () => {
  expect([...shapes.keys()].sort()).toEqual(
    [
      'ApiUserFacts',
      'BookingSetupState',
      'FieldFacts',
      'LayoutStatus',
      'Mapping',
      'ObjectAccess',
      'ObjectFacts',
      'OrgFacts',
      'Settings',
      'UserOption',
      'SyncHealth',
      'SyncFailure',
      'ApiUsage'
    ].sort()
  );
  expect(shapes.get('ApiUserFacts')?.get('objectPermissions')).toBe('Map<String,ObjectAccess>');
});

it('answers each method with exactly the fields of its Apex return type', async () => {
  const saved = await call('saveSettings', {
    settings: { apiUsername: SEEDED_USERS.apiUser, securityMode: 'standard' }
  });
  expect(saved.status).toBe(200);
  const answers: [string, string, object][] = [
    ['BookingSetupState', 'getSetupState', {}],
    [
      'Settings',
      'saveSettings',
      { settings: { apiUsername: SEEDED_USERS.apiUser, securityMode: 'standard' } }
    ],
    ['ApiUserFacts', 'getApiUserFacts', { username: SEEDED_USERS.apiUser }],
    ['ApiUserFacts', 'getApiUserFacts', { username: 'nobody@example.invalid' }],
    ['LayoutStatus', 'getLayoutStatus', { layoutName: 'Event-Event Layout' }],
    ['LayoutStatus', 'getLayoutStatus', { layoutName: 'No Such Layout' }],
    ['List<Mapping>', 'getMappings', {}],
    ['List<UserOption>', 'searchUsers', { searchTerm: 'api' }]
  ];
  for (const [type, method, params] of answers) {
    const { status, body } = await call(method, params);
    expect({ method, status }).toEqual({ method, status: 200 });
    expect({ method, problems: contractProblems(shapes, type, body.result) }).toEqual({
      method,
      problems: []
    });
  }
  const state = (await call('getSetupState')).body.result;
  // The state is filled from the org, not empty: the checks above saw real values.
  expect(state.apiUser.found).toBe(true);
  expect(state.mappings.length).toBeGreaterThan(10);
  expect(Object.keys(state.objects).sort()).toEqual([
    'Account',
    'Case',
    'Contact',
    'Event',
    'Lead'
  ]);
});

it('finds a missing field, an extra field and a wrong type', () => {
  const option = {
    id: '005000000000001AAA',
    name: 'A',
    username: 'a@example.com',
    profileName: 'P'
  };
  expect(contractProblems(shapes, 'UserOption', option)).toEqual([]);
  const { profileName: _dropped, ...missing } = option;
  expect(contractProblems(shapes, 'UserOption', missing)).toEqual([
    '$.profileName: missing (UserOption.profileName)'
  ]);
  expect(contractProblems(shapes, 'List<UserOption>', [{ ...option, email: 'x' }])).toEqual([
    '$[0].email: UserOption has no such field'
  ]);
  expect(
    contractProblems(shapes, 'ObjectAccess', {
      read: 'yes',
      create: false,
      edit: false,
      remove: false
    })
  ).toEqual(['$.read: "yes" is not an Apex Boolean']);
});

it('refuses a change without the custom permission, with the Apex message', async () => {
  const readOnly = await startSetupPageServer({
    connection: local.admin,
    staticDir,
    scenario: 'no-permission'
  });
  try {
    const response = await fetch(
      new URL('apex/BookingSetupController/assignPermissionSet', readOnly.url),
      {
        method: 'POST',
        body: '{}'
      }
    );
    expect(response.status).toBe(500);
    expect(((await response.json()) as { body: { message: string } }).body.message).toMatch(
      /Manage Setup custom permission/
    );
    const config = await (await fetch(new URL('page-config.js', readOnly.url))).text();
    expect(config).toContain('"Manage_Booking_Connector":false');
  } finally {
    await readOnly.close();
  }
});

test('withoutNulls leaves out null members at every depth and keeps array elements', () => {
  expect(
    withoutNulls({ a: null, b: 1, c: { d: null, e: [null, { f: null, g: 'x' }] }, h: [] })
  ).toEqual({ b: 1, c: { e: [null, { g: 'x' }] }, h: [] });
});
