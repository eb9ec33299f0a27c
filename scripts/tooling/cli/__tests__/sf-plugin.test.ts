// The same commands as an sf plugin: with the project linked (as `sf plugins link .` records
// it), the real sf CLI lists and runs `sf bkconn ...` with the plugin's flags, help and errors.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../../product/project.ts';
import { run } from '../../test-kit/cli.ts';
import { linkAsSfPlugin } from '../sf-link.ts';
import { SF_QUIET_ENV } from '../../sf-env.ts';

jest.setTimeout(120_000);

const sf = join(projectRoot(), 'node_modules', '@salesforce', 'cli', 'bin', 'run.js');
let dataHome: string;

beforeAll(() => {
  dataHome = mkdtempSync(join(tmpdir(), 'bkconn-sf-data-'));
  linkAsSfPlugin(dataHome);
});
afterAll(() => rmSync(dataHome, { recursive: true, force: true }));

const sfRun = (argv: string[]) =>
  run([sf, ...argv], {
    XDG_DATA_HOME: dataHome,
    ...SF_QUIET_ENV
  });

it('sf plugins lists the linked plugin', async () => {
  const result = await sfRun(['plugins']);
  expect(result.stdout).toMatch(/booking-connector-salesforce 0\.1\.0 \(link\)/);
});

it('sf bkconn setup --help shows the flags from the plugin messages', async () => {
  const result = await sfRun(['bkconn', 'setup', '--help']);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('$ sf bkconn setup');
  expect(result.stdout).toContain('--skip-deploy');
  expect(result.stdout).toContain('Set the connector up in one go');
});

it('sf bkconn api-user check runs the command: an unknown org is refused with what to do', async () => {
  const result = await sfRun([
    'bkconn',
    'api-user',
    'check',
    '-o',
    'no-such-org',
    '-u',
    'a@b.test',
    '--json'
  ]);
  expect(result.code).toBe(1);
  const json = JSON.parse(result.stdout) as { name: string; actions: string[] };
  expect(json.name).toBe('UnknownTargetOrg');
  expect(json.actions.join(' ')).toContain('sf org login web --alias no-such-org');
  // The shared rules' module-type warning is dropped under sf as under the bin.
  expect(result.stderr).not.toContain('MODULE_TYPELESS_PACKAGE_JSON');
});
