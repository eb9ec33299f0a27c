// org:create through a Dev Hub, end to end: the local org started as a Dev Hub signs up a
// scratch org (another local org) for core's scratchOrgCreate, which logs in to it with the
// signup's auth code and deploys the definition's settings. Then the scratch-org job of the
// CI workflow runs against it, step by step, and `sf org delete scratch` deletes it.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalOrg, type LocalOrg } from '../../local-org/server.ts';
import { cli, keyPair, loginAlias, recordsOf, run } from './harness.ts';

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

    // Each step of the workflow's scratch-org job, in its order, on the new org.
    const onScratch = (command: string, ...flags: string[]) =>
      cli([command, '--target-org', 'scratch-ci', ...flags, '--json']);
    const deploy = await onScratch('deploy');
    expect(deploy.json.status).toBe(0);
    const apiUser = `booking-api.ci@${username.split('@')[0]}.bookingconnector.dev`;
    const user = await onScratch('api-user:create', '--username', apiUser);
    expect(user.json).toMatchObject({ status: 0, result: { username: apiUser, created: true } });
    const assign = await onScratch('permset:assign', '--api-user', apiUser);
    expect(assign.json.status).toBe(0);
    const check = await onScratch('api-user:check', '--api-user', apiUser);
    expect(check.json.status).toBe(0);
    const setup = await onScratch('setup', '--skip-deploy', '--api-user', apiUser);
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
    const after = await onScratch('api-user:check', '--api-user', apiUser);
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

  it('works with a Dev Hub logged in by JWT, as the workflow’s JWT secrets do', async () => {
    // The hub's connected app with the certificate; the workflow logs in with sf org login jwt.
    const { key, certificate } = keyPair(mkdtempSync(join(tmpdir(), 'bkconn-hub-jwt-')), 'hub');
    hub.oauth.registerApp({
      name: 'Booking Connector CI',
      consumerKey: 'BookingConnectorCI',
      consumerSecret: 'not-used-by-jwt',
      certificatePem: readFileSync(certificate, 'utf8'),
      callbackUrls: []
    });
    const login = await run([
      sf,
      'org',
      'login',
      'jwt',
      '--client-id',
      'BookingConnectorCI',
      '--jwt-key-file',
      key,
      '--username',
      hub.adminUsername,
      '--instance-url',
      hub.instanceUrl,
      '--alias',
      'devhub-jwt',
      '--json'
    ]);
    expect(`${login.code} ${login.stdout}`).toMatch(/^0 /);

    // The signup copies the hub's app (and its certificate) into the scratch org, and core logs
    // in to it by JWT with the hub's key instead of an auth code.
    const created = await cli([
      'org:create',
      '--target-dev-hub',
      'devhub-jwt',
      '--alias',
      'scratch-jwt',
      '--duration-days',
      '1',
      '--json'
    ]);
    expect(created.json).toMatchObject({ status: 0 });
    const info = recordsOf(hub, 'ScratchOrgInfo').find(
      (row) => row.SignupUsername === created.json.result?.username
    );
    expect(info).toMatchObject({ ConnectedAppConsumerKey: 'BookingConnectorCI', Status: 'Active' });
    const organization = await sfJson([
      'data',
      'query',
      '--query',
      'SELECT NamespacePrefix FROM Organization',
      '--target-org',
      'scratch-jwt'
    ]);
    expect(organization.code).toBe(0);
  });
});
