// org:create through a Dev Hub, end to end: the local org started as a Dev Hub signs up a
// scratch org (another local org) for core's scratchOrgCreate, which logs in to it with the
// signup's auth code and deploys the definition's settings. Then the scratch-org job of the
// CI workflow, read from ci.yml, runs against it line by line, ending with its delete step.
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { interpolate, type Contexts } from '../../../tooling/ci/expressions.ts';
import { projectRoot } from '../../project.ts';
import { startLocalOrg, type LocalOrg } from '../../../tooling/local-org/server.ts';
import { cli, keyPair, loginAlias, recordsOf, run, sf } from '../../../tooling/test-kit/cli.ts';

jest.setTimeout(180_000);

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
  const { code, json } = await sf(argv);
  return { code, result: json.result as Record<string, unknown>, message: json.message as string };
}

describe('org:create through a Dev Hub', () => {
  it('creates a scratch org with the namespace, logs in to it and deploys its settings', async () => {
    const created = await cli([
      'org',
      'create',
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

  it('names the fix when the Dev Hub has not linked the namespace', async () => {
    const linked = hub.store.state.devHub?.namespaces ?? [];
    hub.store.state.devHub = { namespaces: [] };
    try {
      const created = await cli([
        'org',
        'create',
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

describe('the CI workflow’s scratch-org job, as ci.yml writes it', () => {
  // Every run: line of the job, with its ${{ }} expressions evaluated, in a shell, in order:
  // the JWT login from secrets, org:create, deploy, api-user:create, permset:assign,
  // api-user:check, setup and the delete step. Only the Apex test step is left out (the local
  // org runs no Apex), and the steps that install (actions, npm ci).
  const workflow = parse(
    readFileSync(join(projectRoot(), '.github', 'workflows', 'ci.yml'), 'utf8')
  ) as {
    jobs: Record<string, { env?: Record<string, string>; steps: WorkflowStep[] }>;
  };
  const job = workflow.jobs['scratch-org'];
  let secrets: Record<string, string>;
  let checkout: string;

  beforeAll(async () => {
    // The Dev Hub's JWT app, and its secrets as an admin would store them in GitHub.
    const { key, certificate } = keyPair(mkdtempSync(join(tmpdir(), 'bkconn-hub-jwt-')), 'hub');
    hub.oauth.registerApp({
      name: 'Booking Connector CI',
      consumerKey: 'BookingConnectorCI',
      consumerSecret: 'not-used-by-jwt',
      certificatePem: readFileSync(certificate, 'utf8'),
      callbackUrls: []
    });
    secrets = {
      DEVHUB_CLIENT_ID: 'BookingConnectorCI',
      DEVHUB_USERNAME: hub.adminUsername,
      DEVHUB_JWT_KEY: readFileSync(key, 'utf8'),
      DEVHUB_INSTANCE_URL: hub.instanceUrl
    };
    // A checkout of its own, as a runner has: the job's sf logins set the Dev Hub in the
    // project's local config (.sf/), which must not leak into this checkout and other tests.
    checkout = mkdtempSync(join(tmpdir(), 'bkconn-ci-checkout-'));
    const root = projectRoot();
    for (const entry of [
      'package.json',
      'sfdx-project.json',
      '.forceignore',
      'force-app',
      'config'
    ])
      cpSync(join(root, entry), join(checkout, entry), { recursive: true });
    for (const entry of ['scripts', 'node_modules'])
      symlinkSync(join(root, entry), join(checkout, entry));
  });

  afterAll(() => rmSync(checkout, { recursive: true, force: true }));

  it.each([true, false])('runs with namespace %s against the local Dev Hub', async (namespace) => {
    const results = await runJob(
      job,
      { matrix: { namespace }, github: { run_id: `${Date.now()}` }, secrets },
      checkout
    );
    expect(results.filter((result) => result.code !== 0)).toEqual([]);
    expect(results.map((result) => result.name)).toEqual(
      expect.arrayContaining([
        'Authenticate to the Dev Hub',
        'Create the scratch org',
        'Assign the permission set',
        'One-command setup on the deployed org (layouts of the profiles, five phases)',
        'Delete the scratch org'
      ])
    );
    // The job's org was signed up with the JWT app, with or without the namespace, and deleted.
    const info = recordsOf(hub, 'ScratchOrgInfo').at(-1);
    expect(info).toMatchObject({
      ConnectedAppConsumerKey: 'BookingConnectorCI',
      Status: 'Deleted'
    });
    expect(info?.Namespace ?? null).toBe(namespace ? 'bkconn' : null);
    await expect(fetch(`${String(info?.LoginUrl)}/services/data`)).rejects.toThrow();
  });
});

interface WorkflowStep {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
}

/**
 * Runs a job's run: steps as GitHub would (bash -e -o pipefail, the job's env, RUNNER_TEMP, GITHUB_OUTPUT
 * read into steps.<id>.outputs); an `if: always()` step runs after a failure too.
 */
async function runJob(
  job: { env?: Record<string, string>; steps: WorkflowStep[] },
  contexts: Contexts,
  cwd: string
): Promise<{ name: string; code: number; output: string }[]> {
  const temp = mkdtempSync(join(tmpdir(), 'bkconn-runner-'));
  const outputs: Record<string, { outputs: Record<string, string> }> = {};
  const all = { ...contexts, steps: outputs };
  const env = Object.fromEntries(
    Object.entries(job.env ?? {}).map(([name, value]) => [name, interpolate(String(value), all)])
  );
  const results: { name: string; code: number; output: string }[] = [];
  for (const step of job.steps) {
    const failed = results.some((result) => result.code !== 0);
    if (!step.run || /^npm ci\b/.test(step.run) || /Apex/.test(step.name ?? '')) continue;
    if (failed && !/always\(\)/.test(step.if ?? '')) continue;
    const outputFile = join(temp, `output-${results.length}`);
    writeFileSync(outputFile, '');
    const result = await run(
      ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', interpolate(step.run, all)],
      {
        ...env,
        RUNNER_TEMP: temp,
        GITHUB_OUTPUT: outputFile
      },
      cwd,
      'bash'
    );
    results.push({
      name: step.name ?? step.run,
      code: result.code,
      output: result.stdout + result.stderr
    });
    if (step.id) {
      outputs[step.id] = {
        outputs: Object.fromEntries(
          readFileSync(outputFile, 'utf8')
            .split('\n')
            .filter((line) => line.includes('='))
            .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
        )
      };
    }
  }
  return results;
}
