// The real Salesforce CLI, run as a process against the local org: what it prints must be what
// it prints against a real org (its tables, its success lines, its error text).
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startLocalOrg, type LocalOrg } from '../server.ts';
import { SEEDED_USERS } from '../seed.ts';
import { API_VERSION } from '../../test-kit/login.ts';
import { SF_QUIET_ENV, withoutCi } from '../../sf-env.ts';

jest.setTimeout(180_000);
const run = promisify(execFile);

let org: LocalOrg;
let home: string;

/** Runs `sf` (the dev dependency) with its own HOME; never throws, returns output and exit code. */
async function sf(
  args: string[],
  env: Record<string, string> = {}
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(join(process.cwd(), 'node_modules/.bin/sf'), args, {
      env: {
        // These tests assert the output a person sees at a terminal, wherever they run.
        ...withoutCi(process.env),
        HOME: home,
        ...SF_QUIET_ENV,
        NO_COLOR: '1',
        ...env
      },
      maxBuffer: 16 * 1024 * 1024
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failure.code === 'number' ? failure.code : 1,
      stdout: failure.stdout ?? '',
      stderr: failure.stderr ?? ''
    };
  }
}

beforeAll(async () => {
  org = await startLocalOrg();
  home = mkdtempSync(join(tmpdir(), 'sf-cli-home-'));
  const login = await sf(
    [
      'org',
      'login',
      'access-token',
      '--instance-url',
      org.instanceUrl,
      '--no-prompt',
      '--alias',
      'local'
    ],
    { SF_ACCESS_TOKEN: org.adminAccessToken }
  );
  expect(login.stdout).toContain(`Successfully authorized ${org.adminUsername} with org ID`);
});
afterAll(async () => {
  await org.close();
  rmSync(home, { recursive: true, force: true });
});

test('sf data query prints its table and count', async () => {
  const result = await sf([
    'data',
    'query',
    '--query',
    `SELECT Username, Profile.Name FROM User WHERE Username = '${SEEDED_USERS.apiUser}'`,
    '--target-org',
    'local'
  ]);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/USERNAME\s+│\s+PROFILE\.NAME/);
  expect(result.stdout).toMatch(/api\.user@bookingconnector\.local\s+│\s+System Administrator/);
  expect(result.stdout).toContain('Total number of records retrieved: 1.');
});

test("sf data create record succeeds, and reports Salesforce's error when a field is missing", async () => {
  const created = await sf([
    'data',
    'create',
    'record',
    '--sobject',
    'Lead',
    '--values',
    "LastName=Smith Company='Smith and Co'",
    '--target-org',
    'local'
  ]);
  expect(created.code).toBe(0);
  expect(created.stdout).toMatch(/Successfully created record: 00Q\w{15}\./);
  const refused = await sf([
    'data',
    'create',
    'record',
    '--sobject',
    'Lead',
    '--values',
    'LastName=Smith',
    '--target-org',
    'local'
  ]);
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toContain('Required fields are missing: [Company]');
});

test('sf project deploy start deploys force-app and prints its component table', async () => {
  const result = await sf([
    'project',
    'deploy',
    'start',
    '--source-dir',
    'force-app',
    '--target-org',
    'local'
  ]);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('Deployed Source');
  expect(result.stdout).toMatch(/Created\s+│\s+BookingConnectorApiUser\s+│\s+PermissionSet/);
  expect(result.stdout).toMatch(/Created\s+│\s+Activity\.Booking_Id__c\s+│\s+CustomField/);
  expect(result.stdout + result.stderr).not.toContain('not found in the local project');
});

test('sf project deploy start prints the component failures table (permission set, Apex compile error)', async () => {
  const root = mkdtempSync(join(tmpdir(), 'sf-cli-broken-'));
  cpSync('force-app', join(root, 'force-app'), { recursive: true });
  cpSync('sfdx-project.json', join(root, 'sfdx-project.json'));
  const permset = join(
    root,
    'force-app/main/default/permissionsets/BookingConnectorApiUser.permissionset-meta.xml'
  );
  writeFileSync(
    permset,
    readFileSync(permset, 'utf8').replace(
      '<field>Event.Booking_Page__c</field>',
      '<field>Event.Nope__c</field>'
    )
  );
  writeFileSync(
    join(root, 'force-app/main/default/classes/Broken.cls'),
    'public with sharing class Broken {\n    public void run( {\n    }\n}\n'
  );
  writeFileSync(
    join(root, 'force-app/main/default/classes/Broken.cls-meta.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">\n    <apiVersion>${API_VERSION}</apiVersion>\n    <status>Active</status>\n</ApexClass>\n`
  );
  const result = await sf([
    'project',
    'deploy',
    'start',
    '--source-dir',
    join(root, 'force-app'),
    '--target-org',
    'local'
  ]);
  expect(result.code).not.toBe(0);
  expect(result.stdout + result.stderr).toContain(
    'In field: field - no CustomField named Event.Nope__c found'
  );
  expect(result.stdout).toContain('Component Failures [2]');
  expect(result.stdout).toMatch(/│ Type\s+│ Name\s+│ Problem\s+│ Line:Column │/);
  expect(result.stdout).toMatch(
    /│ PermissionSet\s+│ BookingConnectorApiUser\s+│ In field: field - no CustomField named Event\.Nope__c found \(99:1\)\s+│ 99:1\s+│/
  );
  expect(result.stdout).toMatch(
    /│ ApexClass\s+│ Broken\s+│ Unexpected token '\{'\. \(2:22\)\s+│ 2:22\s+│/
  );
  rmSync(root, { recursive: true, force: true });
});

test('sf project deploy start refuses a permission set description over 255 characters, as Salesforce does', async () => {
  const root = mkdtempSync(join(tmpdir(), 'sf-cli-too-long-'));
  cpSync('force-app', join(root, 'force-app'), { recursive: true });
  cpSync('sfdx-project.json', join(root, 'sfdx-project.json'));
  const permset = join(
    root,
    'force-app/main/default/permissionsets/BookingConnectorAdmin.permissionset-meta.xml'
  );
  const description = 'a'.repeat(256);
  writeFileSync(
    permset,
    readFileSync(permset, 'utf8').replace(
      /<description>[^<]*<\/description>/,
      `<description>${description}</description>`
    )
  );
  const result = await sf([
    'project',
    'deploy',
    'start',
    '--source-dir',
    join(root, 'force-app'),
    '--target-org',
    'local',
    '--json'
  ]);
  expect(result.code).not.toBe(0);
  const failures = [JSON.parse(result.stdout).result.details.componentFailures].flat();
  expect(failures).toEqual([
    expect.objectContaining({
      componentType: 'PermissionSet',
      fullName: 'BookingConnectorAdmin',
      problem: `Description: data value too large: ${description} (max length=255)`
    })
  ]);
  rmSync(root, { recursive: true, force: true });
});

test('sf org assign permset assigns once, and the same state is visible to sf data query', async () => {
  const assigned = await sf([
    'org',
    'assign',
    'permset',
    '--name',
    'BookingConnectorApiUser',
    '--on-behalf-of',
    SEEDED_USERS.apiUser,
    '--target-org',
    'local'
  ]);
  expect(assigned.code).toBe(0);
  expect(assigned.stdout).toMatch(
    /api\.user@bookingconnector\.local\s+│\s+BookingConnectorApiUser/
  );
  const again = await sf([
    'org',
    'assign',
    'permset',
    '--name',
    'BookingConnectorApiUser',
    '--on-behalf-of',
    SEEDED_USERS.apiUser,
    '--target-org',
    'local'
  ]);
  expect(again.stdout + again.stderr).toContain('Duplicate PermissionSetAssignment');
  const query = await sf([
    'data',
    'query',
    '--query',
    "SELECT Assignee.Username FROM PermissionSetAssignment WHERE PermissionSet.Name = 'BookingConnectorApiUser'",
    '--target-org',
    'local',
    '--json'
  ]);
  const rows = (
    JSON.parse(query.stdout) as { result: { records: { Assignee: { Username: string } }[] } }
  ).result.records;
  expect(rows.map((row) => row.Assignee.Username)).toEqual([SEEDED_USERS.apiUser]);
});

test('two local orgs logged in under two aliases both keep working (each has its own admin)', async () => {
  // The sf CLI keys logins by username: with one admin name for every local org, the second
  // login replaced the first one's auth and "local" pointed at the second org.
  const second = await startLocalOrg();
  const dataDir = mkdtempSync(join(tmpdir(), 'local-org-admin-'));
  try {
    expect(second.adminUsername).not.toBe(org.adminUsername);
    expect(org.adminUsername).toMatch(/^admin\+00d\w{12}@bookingconnector\.local$/);
    const login = await sf(
      [
        'org',
        'login',
        'access-token',
        '--instance-url',
        second.instanceUrl,
        '--no-prompt',
        '--alias',
        'second'
      ],
      { SF_ACCESS_TOKEN: second.adminAccessToken }
    );
    expect(login.stdout).toContain(`Successfully authorized ${second.adminUsername} with org ID`);
    for (const [alias, expected] of [
      ['local', org],
      ['second', second]
    ] as const) {
      const result = await sf([
        'data',
        'query',
        '--query',
        'SELECT Id FROM Organization',
        '--target-org',
        alias,
        '--json'
      ]);
      expect(result.code).toBe(0);
      const [row] = (JSON.parse(result.stdout) as { result: { records: { Id: string }[] } }).result
        .records;
      expect({ alias, orgId: row.Id }).toEqual({ alias, orgId: expected.organizationId });
    }
    // A saved org keeps its admin's name across restarts (the stored logins stay valid).
    const saved = await startLocalOrg({ dataDir });
    const savedName = saved.adminUsername;
    await saved.close();
    const restarted = await startLocalOrg({ dataDir });
    expect(restarted.adminUsername).toBe(savedName);
    await restarted.close();
  } finally {
    await second.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
