// Every command against the local org, success and failure, through the same entry point a
// shell uses (runCli), reading the --json envelope. One local org for the whole file: the sf
// auth files are keyed by username, and every local org seeds the same usernames.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalOrg, type LocalOrg } from '../../../tooling/local-org/server.ts';
import { ADVANCED_REQUIREMENTS, SEEDED_USERS } from '../../../tooling/local-org/seed.ts';
import { cli, loginAlias, recordsOf, sfQuery } from '../../../tooling/test-kit/cli.ts';

jest.setTimeout(120_000);

let org: LocalOrg;

beforeAll(async () => {
  org = await startLocalOrg({ dataDir: null });
  await loginAlias(org, 'local');
});

afterAll(async () => {
  await org?.close();
});

function assignmentsOf(username: string): Record<string, unknown>[] {
  const user = recordsOf(org, 'User').find((record) => record.Username === username);
  return recordsOf(org, 'PermissionSetAssignment').filter(
    (record) => record.AssigneeId === user?.Id
  );
}

function brokenSource(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bkconn-broken-'));
  const classes = join(dir, 'main', 'default', 'classes');
  mkdirSync(classes, { recursive: true });
  writeFileSync(
    join(classes, 'Broken.cls'),
    'public class Broken {\n  public void run() {\n    Integer x = ;\n  }\n}\n'
  );
  writeFileSync(
    join(classes, 'Broken.cls-meta.xml'),
    '<?xml version="1.0" encoding="UTF-8"?>\n<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata"><apiVersion>66.0</apiVersion><status>Active</status></ApexClass>\n'
  );
  return dir;
}

describe('target org resolution', () => {
  it('refuses an unknown alias and says how to log in', async () => {
    const run = await cli([
      'api-user',
      'check',
      '-o',
      'nowhere',
      '--api-user',
      SEEDED_USERS.apiUser,
      '--json'
    ]);
    expect(run.code).toBe(1);
    expect(run.json).toMatchObject({ status: 1, name: 'UnknownTargetOrg' });
    expect(run.json.actions?.join(' ')).toContain('sf org login web --alias nowhere');
  });

  it('refuses a command without a target org when none is configured', async () => {
    const run = await cli(['deploy', '--json']);
    expect(run.json).toMatchObject({ status: 1, name: 'NoTargetOrg' });
  });

  it('says when a session has expired', async () => {
    const token = await loginAlias(org, 'expiring', SEEDED_USERS.standardUser);
    org.faults.expireSession(token);
    const run = await cli([
      'api-user',
      'check',
      '-o',
      'expiring',
      '--api-user',
      SEEDED_USERS.apiUser,
      '--json'
    ]);
    expect(run.code).toBe(1);
    expect(run.json.name).toBe('ExpiredSession');
    expect(run.json.actions?.join(' ')).toContain('sf org login web --alias expiring');
  });

  it('rejects unknown flags as every sf command does (exit code 2, a pointer to --help)', async () => {
    const run = await cli(['deploy', '--colour']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Nonexistent flag: --colour');
    expect(run.stderr).toContain('See more help with --help');
  });

  it('prints human errors with their name and what to do', async () => {
    const run = await cli(['deploy', '-o', 'no-such-alias']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Error (UnknownTargetOrg): No org is known under the alias');
    expect(run.stderr).toContain('Try this:');
    expect(run.stderr).toContain('sf org login web --alias no-such-alias');
  });
});

describe('before the package is deployed', () => {
  it('permset:assign says to deploy first', async () => {
    const run = await cli([
      'permset',
      'assign',
      '-o',
      'local',
      '--api-user',
      SEEDED_USERS.apiUser,
      '--json'
    ]);
    expect(run.json).toMatchObject({ status: 1, name: 'PermissionSetMissing' });
    expect(run.json.actions?.[0]).toContain('npx bkconn deploy');
  });

  it('deploy --dry-run validates without saving anything', async () => {
    const run = await cli(['deploy', '-o', 'local', '--dry-run', '--json']);
    expect(run.json.status).toBe(0);
    expect(run.json.result).toMatchObject({ success: true, dryRun: true });
    expect(
      recordsOf(org, 'PermissionSet').some((set) => set.Name === 'BookingConnectorApiUser')
    ).toBe(false);
  });

  it('deploy of broken metadata fails with the file and line of each failure and changes nothing', async () => {
    const run = await cli(['deploy', '-o', 'local', '--source-dir', brokenSource(), '--json']);
    expect(run.code).toBe(1);
    expect(run.json.name).toBe('DeployFailed');
    const failures = run.json.data?.failures as {
      type: string;
      name: string;
      file: string;
      line: number | null;
      problem: string;
    }[];
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ type: 'ApexClass', name: 'Broken', line: 3 });
    expect(failures[0].file).toMatch(/Broken\.cls$/);
    const human = await cli(['deploy', '-o', 'local', '--source-dir', brokenSource()]);
    expect(human.stdout).toMatch(/ApexClass\s+Broken\s+\S*Broken\.cls:3/);
  });

  it('refuses an unknown test level', async () => {
    const run = await cli(['deploy', '-o', 'local', '--test-level', 'Everything', '--json']);
    expect(run.json).toMatchObject({ name: 'InvalidFlag' });
    expect(run.json.actions?.[0]).toContain('RunLocalTests');
  });
});

describe('after deploying the package', () => {
  beforeAll(async () => {
    const run = await cli(['deploy', '-o', 'local', '--test-level', 'RunLocalTests', '--json']);
    expect(run.json.status).toBe(0);
  });

  it('deployed the package permission set', () => {
    expect(
      recordsOf(org, 'PermissionSet').some((set) => set.Name === 'BookingConnectorApiUser')
    ).toBe(true);
  });

  it('permset:assign assigns once, and a second run succeeds without a second assignment', async () => {
    const first = await cli([
      'permset',
      'assign',
      '-o',
      'local',
      '--api-user',
      SEEDED_USERS.apiUser,
      '--json'
    ]);
    expect(first.json.result).toMatchObject({
      assigned: true,
      alreadyAssigned: false,
      permissionSet: 'BookingConnectorApiUser',
      namespace: null
    });
    const second = await cli([
      'permset',
      'assign',
      '-o',
      'local',
      '-u',
      SEEDED_USERS.apiUser,
      '--json'
    ]);
    expect(second.json.status).toBe(0);
    expect(second.json.result).toMatchObject({ assigned: false, alreadyAssigned: true });
    expect(assignmentsOf(SEEDED_USERS.apiUser)).toHaveLength(1);
  });

  it.each([
    [SEEDED_USERS.chatterUser, 'ApiUserLicense'],
    [SEEDED_USERS.inactiveUser, 'ApiUserInactive'],
    ['nobody@bookingconnector.local', 'ApiUserNotFound']
  ])('permset:assign refuses %s (%s) and assigns nothing', async (username, name) => {
    const run = await cli(['permset', 'assign', '-o', 'local', '--api-user', username, '--json']);
    expect(run.json).toMatchObject({ status: 1, name });
    expect(assignmentsOf(username)).toHaveLength(0);
  });

  it('api-user:check passes a System Administrator API user', async () => {
    const run = await cli([
      'api-user',
      'check',
      '-o',
      'local',
      '--api-user',
      SEEDED_USERS.apiUser,
      '--json'
    ]);
    expect(run.code).toBe(0);
    expect(run.json.result).toMatchObject({ passed: true, mode: 'Standard' });
  });

  it('api-user:check fails a user without a Salesforce license, exits non-zero, and prints the table', async () => {
    const run = await cli([
      'api-user',
      'check',
      '-o',
      'local',
      '--api-user',
      SEEDED_USERS.chatterUser
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/FAIL\s+User License is Salesforce/);
    expect(run.stdout).toMatch(/FAIL\s+Profile is System Administrator/);
    expect(run.stderr).toContain('fails');
  });

  it('api-user:check standard mode names the missing Modify All Data of a Standard User', async () => {
    const run = await cli([
      'api-user',
      'check',
      '-o',
      'local',
      '--api-user',
      SEEDED_USERS.standardUser,
      '--json'
    ]);
    const failed = (run.json.data?.checks as { id: string; passed: boolean }[])
      .filter((row) => !row.passed)
      .map((row) => row.id);
    expect(failed).toEqual(['profile', 'modifyAllData']);
  });

  it('api-user:check passes the advanced-secure profile in advanced mode', async () => {
    const run = await cli([
      'api-user',
      'check',
      '-o',
      'local',
      '--api-user',
      SEEDED_USERS.secureApiUser,
      '--mode',
      'advanced',
      '--json'
    ]);
    expect(run.json.result).toMatchObject({ passed: true, mode: 'Advanced' });
    // The record type row is judged from the profile's metadata, not left to "verify".
    const recordTypes = (run.json.result?.checks as { id: string; unverified?: boolean }[]).find(
      (row) => row.id === 'recordTypes'
    );
    expect(recordTypes).toMatchObject({ passed: true });
    expect(recordTypes?.unverified).toBeFalsy();
  });

  it('api-user:check in advanced mode fails a profile missing each requirement in turn, and only that one', async () => {
    const runs = await Promise.all(
      ADVANCED_REQUIREMENTS.map((missing) =>
        cli([
          'api-user',
          'check',
          '-o',
          'local',
          '--api-user',
          SEEDED_USERS.secureMissing(missing),
          '--mode',
          'advanced',
          '--json'
        ])
      )
    );
    ADVANCED_REQUIREMENTS.forEach((missing, index) => {
      const run = runs[index];
      expect(run.code).toBe(1);
      const failed = (
        run.json.data?.checks as { id: string; passed: boolean; fix: string }[]
      ).filter((row) => !row.passed);
      expect(failed).toHaveLength(1);
      const [objectName, permission] = missing.split(' ');
      const expectedId =
        missing === 'API Enabled'
          ? 'apiEnabled'
          : missing === 'Edit Events'
            ? 'editEvents'
            : missing === 'Access Activities'
              ? 'accessActivities'
              : missing === 'Case Record Types'
                ? 'recordTypes'
                : `object.${objectName}`;
      expect(failed[0].id).toBe(expectedId);
      if (expectedId.startsWith('object.'))
        expect(failed[0].fix).toContain(`check ${permission} on ${objectName}`);
      if (expectedId === 'recordTypes') expect(failed[0].fix).toContain('Case: Support');
    });
    // Twenty CLI runs at once: on a shared two-core machine they need more than the default.
  }, 240_000);

  // Salesforce has no object permissions for events: the check reads Edit Events and Access
  // Activities from the profile and tells the admin to check those, never an Event checkbox.
  it('api-user:check in advanced mode reads events from Edit Events and Access Activities', async () => {
    const secure = await cli([
      'api-user',
      'check',
      '-o',
      'local',
      '--api-user',
      SEEDED_USERS.secureApiUser,
      '--mode',
      'advanced',
      '--json'
    ]);
    const facts = secure.json.result?.facts as {
      profilePermissions: Record<string, boolean>;
      profileObjectPermissions: Record<string, unknown>;
    };
    expect(facts.profilePermissions).toMatchObject({ editEvent: true, activitiesAccess: true });
    expect(Object.keys(facts.profileObjectPermissions).sort()).toEqual([
      'Account',
      'Case',
      'Contact',
      'Lead'
    ]);
    const ids = (secure.json.result?.checks as { id: string }[]).map((row) => row.id);
    expect(ids).toEqual(expect.arrayContaining(['editEvents', 'accessActivities']));
    expect(ids).not.toContain('object.Event');
    expect(secure.json.result?.objectAccess).toContain('Edit Events and Access Activities');

    const noEdit = await cli([
      'api-user',
      'check',
      '-o',
      'local',
      '--api-user',
      SEEDED_USERS.secureMissing('Edit Events'),
      '--mode',
      'advanced',
      '--json'
    ]);
    expect(noEdit.json.actions).toEqual([
      'Check "Edit Events" under General User Permissions of the profile "Booking API Secure - no Edit Events". Events have no object permissions in Salesforce: Edit Events is what lets the API user create, edit and delete them.'
    ]);
  });

  it('api-user:check in standard mode says the profile, not the permission set, gives object access', async () => {
    const run = await cli([
      'api-user',
      'check',
      '-o',
      'local',
      '--api-user',
      SEEDED_USERS.apiUser,
      '--json'
    ]);
    expect(run.json.result?.objectAccess).toBe(
      "Access to Lead, Contact, Account, Case and Event comes from the System Administrator profile (Modify All Data). The permission set grants only the package's own fields, settings and field mappings: a managed package cannot grant object permissions on standard objects."
    );
  });

  it('api-user:check refuses an unknown mode', async () => {
    const run = await cli([
      'api-user',
      'check',
      '-o',
      'local',
      '--api-user',
      SEEDED_USERS.apiUser,
      '--mode',
      'strict',
      '--json'
    ]);
    expect(run.json).toMatchObject({ name: 'InvalidFlag' });
  });

  it('api-user:create creates a user that passes the check, and a second run changes nothing', async () => {
    const username = 'created.api@bookingconnector.local';
    const first = await cli([
      'api-user',
      'create',
      '-o',
      'local',
      '--username',
      username,
      '--json'
    ]);
    expect(first.json.result).toMatchObject({
      username,
      created: true,
      profile: 'System Administrator'
    });
    const second = await cli([
      'api-user',
      'create',
      '-o',
      'local',
      '--username',
      username,
      '--json'
    ]);
    expect(second.json.result).toMatchObject({ created: false });
    expect(recordsOf(org, 'User').filter((user) => user.Username === username)).toHaveLength(1);
    const check = await cli(['api-user', 'check', '-o', 'local', '--api-user', username, '--json']);
    expect(check.json.result).toMatchObject({ passed: true });
  });

  it('api-user:create refuses a profile of another license', async () => {
    const run = await cli([
      'api-user',
      'create',
      '-o',
      'local',
      '--username',
      'x@bookingconnector.local',
      '--profile',
      'Chatter Free User',
      '--json'
    ]);
    expect(run.json).toMatchObject({ name: 'ProfileLicense' });
  });

  it('setup against the alias deploys, assigns and reports the five phases', async () => {
    const run = await cli(['setup', '-o', 'local', '--api-user', SEEDED_USERS.apiUser, '--json']);
    expect(run.json.status).toBe(0);
    const result = run.json.result as {
      phases: { phase: number; status: string }[];
      permissionSet: { alreadyAssigned: boolean };
    };
    expect(result.phases.map((phase) => phase.status)).toEqual([
      'done',
      'done',
      'done',
      'done',
      'in the setup page'
    ]);
    expect(result.permissionSet.alreadyAssigned).toBe(true);
    expect((result.phases[0] as unknown as { left: string[] }).left[0]).toContain(
      'npx bkconn connect --api-user'
    );
    expect(assignmentsOf(SEEDED_USERS.apiUser)).toHaveLength(1);
    // The Event layout the profiles use (the org's standard one, not the package's own) now
    // has the package fields, in a Booking section, read-only where the connector owns them.
    expect(run.json.result).toMatchObject({
      layoutsByAssignment: true,
      layoutsUpdated: ['Event-Event Layout'],
      layouts: [
        {
          layoutName: 'Event-Event Layout',
          profiles: ['System Administrator'],
          readable: true,
          missingFields: []
        }
      ]
    });
    const layout = Object.values(org.store.state.components['Layout:Event-Event Layout'].files)[0];
    expect(layout).toMatch(
      /<label>Booking<\/label>[\s\S]*<behavior>Readonly<\/behavior>\s*<field>Booking_Id__c<\/field>/
    );
    expect(layout).toContain('<field>Meeting_Link__c</field>');
    const again = await cli([
      'setup',
      '-o',
      'local',
      '--skip-deploy',
      '--api-user',
      SEEDED_USERS.apiUser,
      '--json'
    ]);
    expect(again.json.result).toMatchObject({ layoutsUpdated: [] });
  });

  it('setup names a universally required field that has no value (phase 3)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bkconn-required-'));
    const fields = join(dir, 'main', 'default', 'objects', 'Lead', 'fields');
    mkdirSync(fields, { recursive: true });
    writeFileSync(
      join(fields, 'Region__c.field-meta.xml'),
      '<?xml version="1.0" encoding="UTF-8"?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata"><fullName>Region__c</fullName><label>Region</label><type>Text</type><length>40</length><required>true</required></CustomField>\n'
    );
    expect((await cli(['deploy', '-o', 'local', '--source-dir', dir, '--json'])).json.status).toBe(
      0
    );
    const run = await cli([
      'setup',
      '-o',
      'local',
      '--skip-deploy',
      '--api-user',
      SEEDED_USERS.apiUser,
      '--json'
    ]);
    const phases = (
      run.json.result as { phases: { phase: number; status: string; left: string[] }[] }
    ).phases;
    expect(phases[2]).toMatchObject({ status: 'attention' });
    expect(phases[2].left[0]).toContain('Give Lead.Region__c a value');
  });

  it('setup reports what is left for a user that fails, and exits non-zero', async () => {
    const run = await cli([
      'setup',
      '-o',
      'local',
      '--skip-deploy',
      '--api-user',
      SEEDED_USERS.secureMissing('Case Delete'),
      '--mode',
      'advanced',
      '--json'
    ]);
    expect(run.json).toMatchObject({ status: 1, name: 'SetupIncomplete' });
    expect(run.json.actions).toEqual([
      'Under Standard Object Permissions of the profile "Booking API Secure - no Case Delete", check Delete on Case.'
    ]);
  });
});

describe('connect', () => {
  it('refuses a login as anyone but the API user and saves nothing', async () => {
    const token = org.accessTokenFor(SEEDED_USERS.standardUser);
    const run = await cli(
      [
        'connect',
        '--api-user',
        SEEDED_USERS.apiUser,
        '--instance-url',
        org.instanceUrl,
        '--alias',
        'wrong',
        '--json'
      ],
      { SF_ACCESS_TOKEN: token }
    );
    expect(run.json).toMatchObject({ status: 1, name: 'WrongUserConnected' });
    expect(run.json.actions).toEqual([
      `Log out of Salesforce and connect as ${SEEDED_USERS.apiUser}.`
    ]);
    const after = await cli([
      'api-user',
      'check',
      '-o',
      'wrong',
      '--api-user',
      SEEDED_USERS.apiUser,
      '--json'
    ]);
    expect(after.json.name).toBe('UnknownTargetOrg');
  });

  it('stores the API user under the alias', async () => {
    const token = org.accessTokenFor(SEEDED_USERS.apiUser);
    const run = await cli(
      [
        'connect',
        '--api-user',
        SEEDED_USERS.apiUser,
        '--instance-url',
        org.instanceUrl,
        '--alias',
        'booking-api',
        '--sandbox',
        '--json'
      ],
      { SF_ACCESS_TOKEN: token }
    );
    expect(run.json.result).toMatchObject({
      username: SEEDED_USERS.apiUser,
      alias: 'booking-api',
      method: 'access-token',
      isSandbox: false
    });
    expect(run.json.warnings).toEqual([
      'You asked for a sandbox, but this org is a production org.'
    ]);
    const check = await cli([
      'api-user',
      'check',
      '-o',
      'booking-api',
      '--api-user',
      SEEDED_USERS.apiUser,
      '--json'
    ]);
    expect(check.json.status).toBe(0);
  });

  it('setup counts phase 1 as connected once the API user is connected', async () => {
    const run = await cli([
      'setup',
      '-o',
      'local',
      '--skip-deploy',
      '--api-user',
      SEEDED_USERS.apiUser,
      '--json'
    ]);
    const phases = (run.json.result as { phases: { done: string[]; left: string[] }[] }).phases;
    expect(phases[0].done).toContain(
      `Connected as ${SEEDED_USERS.apiUser} (auth saved by \`bkconn connect\`)`
    );
    expect(phases[0].left).toEqual([]);
  });

  it('asks for both JWT flags', async () => {
    const run = await cli([
      'connect',
      '--api-user',
      SEEDED_USERS.apiUser,
      '--client-id',
      'abc',
      '--json'
    ]);
    expect(run.json).toMatchObject({ name: 'MissingFlag' });
  });
});

describe('the real sf CLI sees the same org state', () => {
  it('sf data query finds the one permission set assignment made by permset:assign', async () => {
    const records = (await sfQuery(
      'local',
      `SELECT PermissionSet.Name, Assignee.Username FROM PermissionSetAssignment WHERE Assignee.Username = '${SEEDED_USERS.apiUser}'`
    )) as { PermissionSet: { Name: string } }[];
    expect(records.map((record) => record.PermissionSet.Name)).toEqual(['BookingConnectorApiUser']);
  });
});

describe('setup without a target org', () => {
  it('starts the local org in-process, says so, and completes', async () => {
    const result = await cli(['setup', '--json']);
    expect(result.json.status).toBe(0);
    expect(result.json.warnings.join(' ')).toContain(
      'running against the local org, started in this process'
    );
    expect(result.json.result).toMatchObject({
      success: true,
      apiUser: { username: SEEDED_USERS.apiUser, chosenBy: 'local org' }
    });
  });
});

const configFile = join(mkdtempSync(join(tmpdir(), 'bkconn-config-')), 'config.json');

describe('config export', () => {
  it('writes the settings and every mapping without namespace', async () => {
    const response = await fetch(
      `${org.instanceUrl}/services/data/v66.0/sobjects/BookingConnectorSettings__c`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${org.adminAccessToken}`,
          'Content-Type': 'application/json'
        },
        body: JSON.stringify({
          SetupOwnerId: org.store.state.org.organizationId,
          ApiUsername__c: SEEDED_USERS.apiUser,
          SecurityMode__c: 'Standard',
          UpdatePolicy__c: 'FillEmpty',
          ApiBudgetPercent__c: 20,
          SyncLogRetentionDays__c: 14
        })
      }
    );
    expect(response.status).toBe(201);
    const run = await cli(['config', 'export', '-o', 'local', '--file', configFile, '--json']);
    expect(run.json.status).toBe(0);
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as {
      settings: Record<string, unknown>;
      mappings: { developerName: string }[];
    };
    expect(config.settings).toMatchObject({
      ApiUsername__c: SEEDED_USERS.apiUser,
      UpdatePolicy__c: 'FillEmpty',
      ApiBudgetPercent__c: 20,
      SyncLogRetentionDays__c: 14
    });
    expect(config.mappings.map((mapping) => mapping.developerName)).toContain('Lead_Email');
  });

  it('config:import refuses a file that is not an export', async () => {
    const bad = join(tmpdir(), `bkconn-bad-${process.pid}.json`);
    writeFileSync(bad, JSON.stringify({ format: 'other', mappings: [{ developerName: 'x__y' }] }));
    const run = await cli(['config', 'import', '-o', 'local', '--file', bad, '--json']);
    expect(run.json).toMatchObject({ name: 'InvalidConfigFile' });
    expect(run.json.message).toContain('"format" must be "booking-connector-config"');
  });
});

describe('an org with the bkconn namespace', () => {
  let namespaced: LocalOrg;
  beforeAll(async () => {
    namespaced = await startLocalOrg({ dataDir: null, namespace: 'bkconn' });
    // The same seeded username as the other org: this alias replaces that auth, so it runs last.
    await loginAlias(namespaced, 'namespaced');
  });
  afterAll(async () => {
    await namespaced?.close();
  });

  it('setup assigns the namespaced permission set, detected from the org', async () => {
    const result = await cli([
      'setup',
      '-o',
      'namespaced',
      '--api-user',
      SEEDED_USERS.apiUser,
      '--json'
    ]);
    expect(result.json.status).toBe(0);
    expect(result.json.result).toMatchObject({
      permissionSet: {
        permissionSet: 'bkconn__BookingConnectorApiUser',
        namespace: 'bkconn',
        assigned: true
      },
      layouts: [{ layoutName: 'Event-Event Layout', readable: true, missingFields: [] }]
    });
  });

  it("config:import applies the exported settings and mappings with this org's prefix", async () => {
    const settingsBefore = recordsOf(namespaced, 'bkconn__BookingConnectorSettings__c');
    expect(settingsBefore).toHaveLength(0);
    const run = await cli(['config', 'import', '-o', 'namespaced', '--file', configFile, '--json']);
    expect(run.json.status).toBe(0);
    expect(run.json.result).toMatchObject({
      settings: 'created',
      apiUsername: SEEDED_USERS.apiUser
    });
    const [settings] = recordsOf(namespaced, 'bkconn__BookingConnectorSettings__c');
    expect(settings).toMatchObject({
      bkconn__ApiUsername__c: SEEDED_USERS.apiUser,
      bkconn__UpdatePolicy__c: 'FillEmpty',
      bkconn__ApiBudgetPercent__c: 20,
      bkconn__SyncLogRetentionDays__c: 14
    });
    const again = await cli([
      'config',
      'import',
      '-o',
      'namespaced',
      '--file',
      configFile,
      '--json'
    ]);
    expect(again.json.result).toMatchObject({ settings: 'updated' });
    expect(recordsOf(namespaced, 'bkconn__BookingConnectorSettings__c')).toHaveLength(1);
  });

  it('config:import refuses a file that does not fit this org, and writes nothing', async () => {
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as {
      settings: Record<string, unknown>;
      mappings: Record<string, unknown>[];
    };
    config.settings.UpdatePolicy__c = 'Sometimes';
    config.settings.ApiBudgetPercent__c = 0;
    const leadSource = config.mappings.find(
      (mapping) => mapping.developerName === 'Lead_LeadSource'
    );
    Object.assign(leadSource ?? {}, { SourceType__c: 'Constant', SourceValue__c: 'Walk-in' });
    config.mappings.push({
      developerName: 'Lead_Favorite_Color',
      label: 'Lead Favorite Color',
      TargetObject__c: 'Lead',
      TargetField__c: 'Favorite_Color__c',
      SourceType__c: 'BookingField',
      SourceValue__c: 'form.color',
      IsActive__c: true
    });
    const misfit = join(tmpdir(), `bkconn-misfit-${process.pid}.json`);
    writeFileSync(misfit, JSON.stringify(config));
    const mappingsBefore = recordsOf(namespaced, 'bkconn__BookingFieldMapping__mdt');
    const run = await cli(['config', 'import', '-o', 'namespaced', '--file', misfit, '--json']);
    expect(run.code).not.toBe(0);
    expect(run.json).toMatchObject({ name: 'ConfigDoesNotFitOrg' });
    const problems = (run.json.data as { problems: string[] }).problems.join('\n');
    expect(problems).toContain('setting UpdatePolicy__c');
    expect(problems).toContain(
      'setting ApiBudgetPercent__c: API Budget Percent "0" is not valid; use a whole number from 1 to 100'
    );
    expect(problems).toContain(
      'mapping Lead_LeadSource (Lead.LeadSource): "Walk-in" is not one of'
    );
    expect(problems).toContain('mapping Lead_Favorite_Color (Lead.Favorite_Color__c)');
    const [settings] = recordsOf(namespaced, 'bkconn__BookingConnectorSettings__c');
    expect(settings).toMatchObject({ bkconn__UpdatePolicy__c: 'FillEmpty' });
    expect(recordsOf(namespaced, 'bkconn__BookingFieldMapping__mdt')).toEqual(mappingsBefore);
  });

  it('config:import refuses an API user this org does not have', async () => {
    const run = await cli([
      'config',
      'import',
      '-o',
      'namespaced',
      '--file',
      configFile,
      '--api-user',
      'api@prod.example.com',
      '--json'
    ]);
    expect(run.json).toMatchObject({ name: 'ApiUserNotFound' });
  });
});
