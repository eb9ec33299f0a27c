// What ships runs without what develops it: the package is copied to a temporary folder and
// installed there with `npm ci --omit=dev` (no Apex parser, no @salesforce/packaging, no sf
// CLI), and the commands that need no local org run from that install. This is the one npm
// install of the tests; it never touches the project's own node_modules.
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../../product/project.ts';

jest.setTimeout(300_000);

const root = projectRoot();
let installed: string;
let home: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  json: { status?: number; name?: string; message?: string; actions?: string[] };
}

/** `bkconn <argv>` from the install, on the project's Node (the install ran no scripts). */
function bkconn(argv: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      join(root, 'node_modules', '.bin', 'node'),
      [join(installed, 'scripts', 'bin.js'), ...argv],
      { cwd: installed, env: { ...process.env, HOME: home }, encoding: 'utf8' },
      (error, stdout, stderr) => {
        let json = {};
        if (argv.includes('--json')) json = JSON.parse(stdout);
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr, json });
      }
    );
  });
}

beforeAll(() => {
  installed = mkdtempSync(join(tmpdir(), 'bkconn-omit-dev-'));
  home = mkdtempSync(join(tmpdir(), 'bkconn-omit-dev-home-'));
  mkdirSync(join(home, '.sfdx'));
  writeFileSync(join(home, '.sfdx', 'alias.json'), JSON.stringify({ orgs: {} }));
  for (const entry of [
    'package.json',
    'package-lock.json',
    'sfdx-project.json',
    'oclif.manifest.json',
    'force-app',
    'scripts'
  ])
    cpSync(join(root, entry), join(installed, entry), {
      recursive: true,
      filter: (source) => !source.includes('__tests__')
    });
  // --ignore-scripts: the `node` package's download of a Node binary is not what is tested.
  execFileSync(
    'npm',
    ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'],
    { cwd: installed, stdio: 'ignore' }
  );
});

afterAll(() => {
  rmSync(installed, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

it('installs without the development dependencies', () => {
  expect(existsSync(join(installed, 'node_modules', '@salesforce', 'sf-plugins-core'))).toBe(true);
  for (const devOnly of [
    '@apexdevtools/apex-parser',
    '@salesforce/packaging',
    '@salesforce/cli',
    'jest'
  ])
    expect({ devOnly, installed: existsSync(join(installed, 'node_modules', devOnly)) }).toEqual({
      devOnly,
      installed: false
    });
});

it('--help lists the topics', async () => {
  const run = await bkconn(['--help']);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/bkconn\s+The Booking Connector/);
});

it('api-user check against an unknown org says how to log in', async () => {
  const run = await bkconn([
    'api-user',
    'check',
    '-o',
    'no-such-org',
    '-u',
    'api@x.test',
    '--json'
  ]);
  expect(run.code).toBe(1);
  expect(run.json).toMatchObject({ status: 1, name: 'UnknownTargetOrg' });
  expect(run.json.actions?.join(' ')).toContain('sf org login web --alias no-such-org');
});

it('setup without an org says the local org is not installed and what to do', async () => {
  const run = await bkconn(['setup', '--json']);
  expect(run.json).toMatchObject({ status: 1, name: 'NoTargetOrg' });
  expect(run.json.actions?.join(' ')).toContain('npm ci (without --omit=dev)');
});

it('a tooling command says it needs the development dependencies', async () => {
  const run = await bkconn(['bkdev', 'validate', '--json']);
  expect(run.json).toMatchObject({ status: 1, name: 'ToolingNotInstalled' });
  expect(run.json.actions?.[0]).toContain('npm ci (without --omit=dev)');
});
