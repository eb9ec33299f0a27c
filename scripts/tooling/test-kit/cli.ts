// Test harness: runs the CLI as a user does from a shell, in a child process on the project's
// Node (`node scripts/bin.js <command> ... --json`, the bkconn bin), with the test HOME that
// jest-global-setup.cjs made, and reads the --json envelope. (The sf libraries' auth-file
// locks do not work inside Jest's module sandbox, so anything that saves an auth runs outside.)
// The local org stays in the test process and answers the child over HTTP, so calls are async.
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OrgStore } from '../local-org/model.ts';
import type { LocalOrg } from '../local-org/server.ts';
import { projectRoot } from '../../product/project.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The --json envelope (when --json was passed). */
  json: {
    status: number;
    result?: Record<string, unknown>;
    name?: string;
    message?: string;
    actions?: string[];
    data?: Record<string, unknown>;
    warnings: string[];
  };
}

const root = projectRoot();

/**
 * A home folder for the CLI processes of one test file. Every local org seeds the same
 * usernames, so test files running in parallel must not share the auth files the CLI saves.
 */
const home = (() => {
  const dir = mkdtempSync(join(tmpdir(), 'bkconn-cli-home-'));
  mkdirSync(join(dir, '.sfdx'));
  mkdirSync(join(dir, '.sf'));
  writeFileSync(join(dir, '.sfdx', 'alias.json'), JSON.stringify({ orgs: {} }));
  return dir;
})();
const node = join(root, 'node_modules', '.bin', 'node');
/** The bkconn bin (package.json "bin"). */
export const BIN = join(root, 'scripts', 'bin.js');
/** The HOME of this file's CLI processes, for tests that spawn one themselves (oauth.test.ts). */
export const cliHome = home;

/** Runs the project's Node (or another program) with this file's HOME, in `cwd`. */
export function run(
  args: string[],
  env: Record<string, string> = {},
  cwd = root,
  program = node
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      program,
      args,
      {
        cwd,
        // Plain text: under CI=true the terminal libraries turn colour on even into a pipe.
        env: { ...process.env, HOME: home, FORCE_COLOR: '0', NO_COLOR: '1', ...env },
        encoding: 'utf8',
        maxBuffer: 16 * 1024 * 1024
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      }
    );
  });
}

/**
 * Runs `bkconn <argv>` (`['api-user', 'check', ...]` is `sf bkconn api-user check`); `cwd` is
 * the project it works in (a copy, for commands that edit it).
 */
export async function cli(
  argv: string[],
  env: Record<string, string> = {},
  cwd = root
): Promise<CliRun> {
  const result = await run([BIN, ...argv], env, cwd);
  let json: CliRun['json'] = { status: -1, warnings: [] };
  if (argv.includes('--json')) {
    try {
      json = JSON.parse(result.stdout) as CliRun['json'];
    } catch {
      throw new Error(`No JSON from bkconn ${argv.join(' ')}:\n${result.stdout}\n${result.stderr}`);
    }
  }
  return { ...result, json };
}

/** Logs `username` of the local org in under `alias` with the CLI's own `connect`. */
export async function loginAlias(
  org: LocalOrg,
  alias: string,
  username = org.adminUsername
): Promise<string> {
  const accessToken = org.accessTokenFor(username);
  const result = await cli(
    [
      'connect',
      '--api-user',
      username,
      '--instance-url',
      org.instanceUrl,
      '--alias',
      alias,
      '--json'
    ],
    { SF_ACCESS_TOKEN: accessToken }
  );
  if (result.code !== 0)
    throw new Error(`Could not log in ${alias}: ${result.stdout} ${result.stderr}`);
  return accessToken;
}

/**
 * The records of one object, read straight from a local org's store (not through the CLI): of
 * a local org, or of the store of a scratch org its Dev Hub runs.
 */
export function recordsOf(org: LocalOrg | OrgStore, objectName: string): Record<string, unknown>[] {
  const store = 'store' in org ? org.store : org;
  return Object.values(store.state.records[objectName.toLowerCase()] ?? {});
}

/** The real sf CLI of node_modules. */
export const SF_BIN = join(root, 'node_modules', '@salesforce', 'cli', 'bin', 'run.js');

/** Runs `sf <argv> --json` with this file's HOME (in `cwd`) and reads its JSON. */
export async function sf(
  argv: string[],
  { cwd = root, env = {} }: { cwd?: string; env?: Record<string, string> } = {}
): Promise<{ code: number; stdout: string; stderr: string; json: Record<string, unknown> }> {
  const result = await run([SF_BIN, ...argv, '--json'], env, cwd);
  try {
    return { ...result, json: JSON.parse(result.stdout) as Record<string, unknown> };
  } catch {
    throw new Error(`No JSON from sf ${argv.join(' ')}:\n${result.stdout}\n${result.stderr}`);
  }
}

/** `sf data query` records (the query must succeed). */
export async function sfQuery(
  alias: string,
  soql: string,
  options: { cwd?: string; env?: Record<string, string>; tooling?: boolean } = {}
): Promise<Record<string, unknown>[]> {
  const result = await sf(
    [
      'data',
      'query',
      '--query',
      soql,
      '--target-org',
      alias,
      ...(options.tooling ? ['--use-tooling-api'] : [])
    ],
    options
  );
  if (result.code !== 0) throw new Error(`Query failed: ${result.stdout}`);
  return (result.json.result as { records: Record<string, unknown>[] }).records;
}

/**
 * A copy of the project's source (sfdx-project.json, force-app, config, .forceignore) in a new
 * temporary folder, for commands that edit sfdx-project.json (package create and versions).
 */
export function projectCopy(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const entry of ['sfdx-project.json', 'force-app', 'config', '.forceignore'])
    cpSync(join(root, entry), join(dir, entry), { recursive: true });
  return dir;
}

/** A private key and its self-signed certificate, as an admin makes them for a JWT app. */
export function keyPair(dir: string, name: string): { key: string; certificate: string } {
  const key = join(dir, `${name}.key`);
  const certificate = join(dir, `${name}.crt`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      certificate,
      '-days',
      '2',
      '-subj',
      '/CN=booking-connector-test'
    ],
    { stdio: 'ignore' }
  );
  return { key, certificate };
}
