// org:create through a Dev Hub, end to end: the local org started as a Dev Hub signs up a
// scratch org (another local org) for core's scratchOrgCreate, which logs in to it with the
// signup's auth code and deploys the definition's settings. Then the scratch-org job of the
// CI workflow runs against it, step by step, and `sf org delete scratch` deletes it.
import { join } from 'node:path';
import { startLocalOrg, type LocalOrg } from '../../local-org/server.ts';
import { cli, loginAlias, recordsOf, run } from './harness.ts';

jest.setTimeout(180_000);

const sf = join('node_modules', '@salesforce', 'cli', 'bin', 'run.js');

let hub: LocalOrg;

beforeAll(async () => {
  hub = await startLocalOrg({ dataDir: null, devHub: { namespaces: ['bkconn'] } });
  await loginAlias(hub, 'devhub');
});

afterAll(async () => {
  await hub.close();
});

async function sfJson(
  argv: string[]
): Promise<{ code: number; result: Record<string, unknown>; message?: string }> {
  const result = await run([sf, ...argv, '--json']);
  const parsed = JSON.parse(result.stdout) as {
    result: Record<string, unknown>;
    message?: string;
  };
  return { code: result.code, result: parsed.result, message: parsed.message };
}

describe('org:create through a Dev Hub', () => {
  it('creates a scratch org with the namespace, logs in to it and deploys its settings', async () => {
    const created = await cli([
      'org:create',
      '--target-dev-hub',
      'devhub',
      '--alias',
      'scratch-ns',
      '--duration-days',
      '1',
      '--json'
    ]);
    expect(created.json).toMatchObject({
      status: 0,
      result: { alias: 'scratch-ns', namespace: true, durationDays: 1 }
    });
    const username = String(created.json.result?.username);
    expect(username).toMatch(/^test-\w+@example\.com$/);

    const [info] = recordsOf(hub, 'ScratchOrgInfo');
    expect(info).toMatchObject({
      Status: 'Active',
      Namespace: 'bkconn',
      Edition: 'Developer',
      OrgName: 'Booking Connector Dev',
      DurationDays: 1,
      SignupUsername: username
    });
    expect(recordsOf(hub, 'ActiveScratchOrg')).toEqual([
      expect.objectContaining({ SignupUsername: username, ScratchOrg: info.ScratchOrg })
    ]);

    // The real sf CLI uses the login org:create saved: the org is a scratch org with the namespace.
    const organization = await sfJson([
      'data',
      'query',
      '--query',
      'SELECT Id, NamespacePrefix, IsSandbox, TrialExpirationDate FROM Organization',
      '--target-org',
      'scratch-ns'
    ]);
    expect(organization.code).toBe(0);
    expect((organization.result.records as Record<string, unknown>[])[0]).toMatchObject({
      NamespacePrefix: 'bkconn',
      IsSandbox: true
    });
    // The definition's settings were deployed to it, as scratchOrgCreate does after the login.
    const settings = await sfJson([
      'org',
      'list',
      'metadata',
      '--metadata-type',
      'Settings',
      '--target-org',
      'scratch-ns'
    ]);
    expect(
      (settings.result as unknown as { fullName: string }[]).map((entry) => entry.fullName).sort()
    ).toEqual([
      'Activities',
      'LeadConvert',
      'LightningExperience',
      'Mobile',
      'Security',
      'UserManagement'
    ]);
    // sf org list reads each scratch org's status from the Dev Hub's ScratchOrgInfo.
    const listed = await sfJson(['org', 'list']);
    expect(listed.result.scratchOrgs).toEqual([
      expect.objectContaining({
        alias: 'scratch-ns',
        username,
        status: 'Active',
        namespace: 'bkconn',
        devHubUsername: hub.adminUsername
      })
    ]);
  });

  it('runs the CI scratch-org job against it and deletes it with sf org delete scratch', async () => {
    const created = await cli([
      'org:create',
      '--target-dev-hub',
      'devhub',
      '--alias',
      'scratch-ci',
      '--duration-days',
      '1',
      '--no-namespace',
      '--json'
    ]);
    expect(created.json).toMatchObject({ status: 0, result: { namespace: false } });
    const username = String(created.json.result?.username);

    const deploy = await cli(['deploy', '--target-org', 'scratch-ci', '--json']);
    expect(deploy.json.status).toBe(0);
    const apiUser = `booking-api.ci@${username.split('@')[0]}.bookingconnector.dev`;
    const user = await cli([
      'api-user:create',
      '--target-org',
      'scratch-ci',
      '--username',
      apiUser,
      '--json'
    ]);
    expect(user.json).toMatchObject({ status: 0, result: { username: apiUser, created: true } });
    const assign = await cli([
      'permset:assign',
      '--target-org',
      'scratch-ci',
      '--api-user',
      apiUser,
      '--json'
    ]);
    expect(assign.json.status).toBe(0);
    const check = await cli([
      'api-user:check',
      '--target-org',
      'scratch-ci',
      '--api-user',
      apiUser,
      '--json'
    ]);
    expect(check.json.status).toBe(0);
    const setup = await cli([
      'setup',
      '--target-org',
      'scratch-ci',
      '--skip-deploy',
      '--api-user',
      apiUser,
      '--json'
    ]);
    expect(setup.json).toMatchObject({ status: 0, result: { success: true } });

    const deleted = await run([
      sf,
      'org',
      'delete',
      'scratch',
      '--target-org',
      'scratch-ci',
      '--no-prompt',
      '--json'
    ]);
    expect(`${deleted.code} ${deleted.stdout}`).toMatch(/^0 /);
    expect(recordsOf(hub, 'ActiveScratchOrg').map((row) => row.SignupUsername)).not.toContain(
      username
    );
    const info = recordsOf(hub, 'ScratchOrgInfo').find((row) => row.SignupUsername === username);
    expect(info?.Status).toBe('Deleted');
    // The org itself is gone: its login no longer answers.
    const after = await cli([
      'api-user:check',
      '--target-org',
      'scratch-ci',
      '--api-user',
      apiUser,
      '--json'
    ]);
    expect(after.json.status).toBe(1);
  });

  it('names the fix when the Dev Hub has not linked the namespace', async () => {
    const linked = hub.store.state.devHub?.namespaces ?? [];
    hub.store.state.devHub = { namespaces: [] };
    try {
      const created = await cli([
        'org:create',
        '--target-dev-hub',
        'devhub',
        '--alias',
        'scratch-unlinked',
        '--json'
      ]);
      expect(created.json).toMatchObject({ status: 1 });
      expect(created.json.message).toContain('namespace');
      expect(created.json.actions?.join(' ')).toContain('S-1017');
      const failed = recordsOf(hub, 'ScratchOrgInfo').find((row) => row.Status === 'Error');
      expect(failed).toMatchObject({ ErrorCode: 'S-1017' });
    } finally {
      hub.store.state.devHub = { namespaces: linked };
    }
  });
});
