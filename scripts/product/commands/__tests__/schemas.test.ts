// The --json result of every command is a contract for the scripts that read it: each has a
// JSON Schema (scripts/product/schemas/<id>.json, the tooling's in scripts/tooling/schemas/),
// and here every command runs for real, against the local org (and the local org as a Dev
// Hub), and its actual result must match its schema. The two servers print theirs when they
// are stopped. A command without a schema fails the last test, so none ships without one.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { projectRoot } from '../../project.ts';
import { startLocalOrg, type LocalOrg } from '../../../tooling/local-org/server.ts';
import { SEEDED_USERS } from '../../../tooling/local-org/seed.ts';
import { spawn } from 'node:child_process';
import {
  BIN,
  cli,
  cliHome,
  loginAlias,
  projectCopy,
  type CliRun
} from '../../../tooling/test-kit/cli.ts';
import { bookingEvent } from '../../../tooling/test-kit/fixtures.ts';

jest.setTimeout(240_000);

const root = projectRoot();

function schemaFile(id: string): string {
  const [topic] = id.split(':');
  const folder = topic === 'bkdev' ? 'tooling' : 'product';
  return join(root, 'scripts', folder, 'schemas', `${id.replaceAll(':', '.')}.json`);
}

const ajv = new Ajv({ allErrors: true, strict: true });
const checked = new Set<string>();

/** The compiled schema of a command (compiled once: ajv keeps each schema under its $id). */
function validatorOf(id: string) {
  return (
    ajv.getSchema(`${id.replaceAll(':', '.')}.json`) ??
    ajv.compile(JSON.parse(readFileSync(schemaFile(id), 'utf8')))
  );
}

/** Checks the --json result of a run of the command `id` against the command's schema. */
function expectMatchesSchema(id: string, run: CliRun): void {
  expect({ id, status: run.json.status, message: run.json.message }).toEqual({
    id,
    status: 0,
    message: undefined
  });
  const validate = validatorOf(id);
  const valid = validate(run.json.result);
  expect({ id, errors: valid ? null : validate.errors }).toEqual({ id, errors: null });
  checked.add(id);
}

/** Runs `bkconn <argv> --json` (`id` is the command's oclif id) and checks its result. */
async function expectValid(id: string, argv: string[], cwd = root): Promise<CliRun> {
  const run = await cli([...argv, '--json'], {}, cwd);
  expectMatchesSchema(id, run);
  return run;
}

/**
 * Starts a server command with --json, waits for the line that says where it listens (stderr
 * in --json mode), stops it with SIGTERM and returns what it printed.
 */
function runUntilListening(argv: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(root, 'node_modules', '.bin', 'node'), [BIN, ...argv, '--json'], {
      cwd: root,
      env: { ...process.env, HOME: cliHome, ...env }
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/listening (at|on) http/i.test(stderr)) child.kill('SIGTERM');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        resolve({ code: code ?? 1, stdout, stderr, json: JSON.parse(stdout) });
      } catch {
        reject(new Error(`No JSON from ${argv.join(' ')}:\n${stdout}\n${stderr}`));
      }
    });
  });
}

let org: LocalOrg;
let hub: LocalOrg;
let project: string;
let dir: string;

beforeAll(async () => {
  [org, hub] = await Promise.all([
    startLocalOrg({ dataDir: null }),
    startLocalOrg({ dataDir: null, devHub: { namespaces: ['bkconn'], apexCoveragePercent: 91 } })
  ]);
  await loginAlias(org, 'local');
  await loginAlias(hub, 'devhub');
  dir = mkdtempSync(join(tmpdir(), 'bkconn-schemas-'));
  // The packaging commands edit sfdx-project.json: they run in a copy of the project.
  project = projectCopy('bkconn-schemas-project-');
});

afterAll(async () => {
  await Promise.all([org?.close(), hub?.close()]);
  rmSync(dir, { recursive: true, force: true });
  rmSync(project, { recursive: true, force: true });
});

describe('against the local org', () => {
  it('setup', () =>
    expectValid('bkconn:setup', ['setup', '-o', 'local', '--api-user', SEEDED_USERS.apiUser]));
  it('deploy', () => expectValid('bkconn:deploy', ['deploy', '-o', 'local', '--dry-run']));
  it('api-user create', () =>
    expectValid('bkconn:api-user:create', ['api-user', 'create', '-o', 'local']));
  it('api-user check', () =>
    expectValid('bkconn:api-user:check', [
      'api-user',
      'check',
      '-o',
      'local',
      '--api-user',
      SEEDED_USERS.apiUser
    ]));
  it('permset assign', () =>
    expectValid('bkconn:permset:assign', [
      'permset',
      'assign',
      '-o',
      'local',
      '--api-user',
      SEEDED_USERS.apiUser
    ]));
  it('connect', async () => {
    const token = org.accessTokenFor(SEEDED_USERS.apiUser);
    const run = await cli(
      [
        'connect',
        '--api-user',
        SEEDED_USERS.apiUser,
        '--instance-url',
        org.instanceUrl,
        '--alias',
        'api',
        '--json'
      ],
      { SF_ACCESS_TOKEN: token }
    );
    expectMatchesSchema('bkconn:connect', run);
  });
  it('config export and import', async () => {
    const file = join(dir, 'config.json');
    await expectValid('bkconn:config:export', ['config', 'export', '-o', 'local', '--file', file]);
    await expectValid('bkconn:config:import', ['config', 'import', '-o', 'local', '--file', file]);
  });
  it('sync, applied and dry-run', async () => {
    const events = join(dir, 'events.jsonl');
    writeFileSync(events, `${JSON.stringify(bookingEvent())}\n`);
    const state = join(dir, 'state');
    await expectValid('bkconn:sync', ['sync', events, '-o', 'api', '--state-dir', state]);
    writeFileSync(events, `${JSON.stringify(bookingEvent())}\n`);
    await expectValid('bkconn:sync', [
      'sync',
      events,
      '-o',
      'api',
      '--state-dir',
      state,
      '--dry-run'
    ]);
    await expectValid('bkconn:sync', ['sync', '--replay', '-o', 'api', '--state-dir', state]);
  });
});

describe('the servers, stopped with SIGTERM', () => {
  it('serve', async () => {
    const run = await runUntilListening(
      ['serve', '-o', 'api', '--port', '0', '--state-dir', join(dir, 'serve')],
      { BOOKING_WEBHOOK_SECRET: 'a-secret-of-at-least-16-characters' }
    );
    expectMatchesSchema('bkconn:serve', run);
    expect(run.json.result).toMatchObject({ stoppedBy: 'SIGTERM' });
  });
  it('bkdev local-org start', async () => {
    const run = await runUntilListening([
      'bkdev',
      'local-org',
      'start',
      '--port',
      '0',
      '--data-dir',
      join(dir, 'local-org')
    ]);
    expectMatchesSchema('bkdev:local-org:start', run);
  });
});

describe('without an org', () => {
  it('bkdev validate', () =>
    expectValid('bkdev:validate', ['bkdev', 'validate', '--only', 'xml,resolve']));
  it('bkdev workflows check', () =>
    expectValid('bkdev:workflows:check', ['bkdev', 'workflows', 'check']));
});

describe('through the local org as a Dev Hub', () => {
  it('org create', () =>
    expectValid('bkconn:org:create', [
      'org',
      'create',
      '--target-dev-hub',
      'devhub',
      '--alias',
      'schema-scratch',
      '-d',
      '1'
    ]));
  it('bkdev package create, version create and promote', async () => {
    await expectValid(
      'bkdev:package:create',
      ['bkdev', 'package', 'create', '--target-dev-hub', 'devhub'],
      project
    );
    const version = await expectValid(
      'bkdev:package:version:create',
      [
        'bkdev',
        'package',
        'version',
        'create',
        '--target-dev-hub',
        'devhub',
        '--installation-key-bypass'
      ],
      project
    );
    await expectValid(
      'bkdev:package:version:promote',
      [
        'bkdev',
        'package',
        'version',
        'promote',
        '--target-dev-hub',
        'devhub',
        '--package-version',
        String(version.json.result?.SubscriberPackageVersionId)
      ],
      project
    );
  });
});

it('every command has a schema, and each was checked against a real run', () => {
  const snapshot = JSON.parse(readFileSync(join(root, 'command-snapshot.json'), 'utf8')) as {
    command: string;
  }[];
  const commands = snapshot.map((entry) => entry.command);
  expect(commands.filter((id) => !existsSync(schemaFile(id)))).toEqual([]);
  expect([...checked].sort()).toEqual(commands.sort());
  // No schema for a command that is gone.
  const schemas = ['product', 'tooling'].flatMap((folder) =>
    readdirSync(join(root, 'scripts', folder, 'schemas')).map((file) =>
      file.replace(/\.json$/, '').replaceAll('.', ':')
    )
  );
  expect(schemas.sort()).toEqual(commands.sort());
});
