// oclif.manifest.json is what `bkconn --help` reads instead of loading every command, and
// command-snapshot.json is the commands' public face (ids and flags). Both are committed, so
// both must match the command classes: `npm run cli:manifest -- --check` says when they do not.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../../product/project.ts';

jest.setTimeout(60_000);

const root = projectRoot();

function check(...args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      join(root, 'node_modules', '.bin', 'node'),
      [join(root, 'scripts', 'tooling', 'cli', 'manifest.ts'), '--check', ...args],
      { cwd: root, encoding: 'utf8' },
      (error, _stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr })
    );
  });
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bkconn-manifest-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('the committed manifest and command snapshot match the commands (npm run cli:manifest)', async () => {
  const result = await check();
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
});

it('a manifest with a stale summary fails the check and names the fix', async () => {
  const manifest = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8'));
  manifest.commands['bkconn:setup'].summary = 'An old summary.';
  const stale = join(dir, 'oclif.manifest.json');
  writeFileSync(stale, JSON.stringify(manifest, null, 2));
  const result = await check('--manifest', stale);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('is out of date. Run `npm run cli:manifest`');
});

it('a flag missing from the snapshot fails the check until the snapshot is rewritten on purpose', async () => {
  const snapshot = JSON.parse(readFileSync(join(root, 'command-snapshot.json'), 'utf8')) as {
    command: string;
    flags: string[];
  }[];
  const setup = snapshot.find((entry) => entry.command === 'bkconn:setup')!;
  setup.flags = setup.flags.filter((flag) => flag !== 'skip-deploy');
  const changed = join(dir, 'command-snapshot.json');
  writeFileSync(changed, JSON.stringify(snapshot, null, 2));
  const result = await check('--snapshot', changed);
  expect(result.code).toBe(1);
  expect(result.stderr).toContain('--write-snapshot');
});

it('the snapshot lists every command a user types as sf bkconn ... and the tooling as bkdev ...', () => {
  const snapshot = JSON.parse(readFileSync(join(root, 'command-snapshot.json'), 'utf8')) as {
    command: string;
  }[];
  expect(snapshot.map((entry) => entry.command)).toEqual([
    'bkconn:api-user:check',
    'bkconn:api-user:create',
    'bkconn:config:export',
    'bkconn:config:import',
    'bkconn:connect',
    'bkconn:deploy',
    'bkconn:org:create',
    'bkconn:permset:assign',
    'bkconn:serve',
    'bkconn:setup',
    'bkconn:sync',
    'bkdev:local-org:start',
    'bkdev:package:create',
    'bkdev:package:version:create',
    'bkdev:package:version:promote',
    'bkdev:validate',
    'bkdev:workflows:check'
  ]);
});
