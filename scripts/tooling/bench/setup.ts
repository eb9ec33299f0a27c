// npm run bench:setup: the one-command `setup` against what an admin would otherwise type with
// the sf CLI (`sf project deploy start`, `sf org assign permset` for the API user and for the
// admin, and one `sf data query` per check), each run against a fresh local org. Prints the median wall time of each, their ratio,
// and the API calls each made (counted by the local org). A script that prints figures, not a
// test: timings depend on the machine.
//   node scripts/tooling/bench/setup.ts [--runs 5]
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../../product/project.ts';
import { API_USER_PERMISSION_SET } from '../../product/org/rules.ts';
import { startLocalOrg } from '../local-org/server.ts';
import { SEEDED_USERS } from '../local-org/seed.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`Error: --runs must be a whole number of 1 or more, not "${values.runs}".`);
  process.exit(1);
}

const root = projectRoot();
const node = join(root, 'node_modules', '.bin', 'node');
const sf = join(root, 'node_modules', '@salesforce', 'cli', 'bin', 'run.js');
const cli = join(root, 'scripts', 'product', 'cli', 'main.ts');
const home = mkdtempSync(join(tmpdir(), 'bkconn-bench-home-'));
mkdirSync(join(home, '.sfdx'));
mkdirSync(join(home, '.sf'));
const env = {
  ...process.env,
  HOME: home,
  SF_DISABLE_TELEMETRY: 'true',
  SF_SKIP_NEW_VERSION_CHECK: 'true',
  SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
  SF_AUTOUPDATE_DISABLE: 'true',
  // The oclif update hook reads only this name (else every sf run spawns an updater).
  SF_DISABLE_AUTOUPDATE: 'true',
  SF_DISABLE_LOG_FILE: 'true'
};
const apiUser = SEEDED_USERS.apiUser;

function exec(args: string[], extraEnv: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      node,
      args,
      { cwd: root, env: { ...env, ...extraEnv }, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${args.slice(0, 3).join(' ')} failed: ${stderr || stdout}`));
        else resolve();
      }
    );
  });
}

/** What an admin types without this tool, in order. */
const sfSequence: string[][] = [
  [
    sf,
    'project',
    'deploy',
    'start',
    '--source-dir',
    'force-app',
    '--target-org',
    'bench',
    '--wait',
    '10',
    '--json'
  ],
  [
    sf,
    'org',
    'assign',
    'permset',
    '--name',
    API_USER_PERMISSION_SET,
    '--on-behalf-of',
    apiUser,
    '--target-org',
    'bench',
    '--json'
  ],
  // The admin's own access to the package's fields: field-level security applies to admins
  // too, so after a source deploy the admin assigns the package's admin set (setup does it).
  [
    sf,
    'org',
    'assign',
    'permset',
    '--name',
    'BookingConnectorAdmin',
    '--target-org',
    'bench',
    '--json'
  ],
  // License and profile of the API user.
  [
    sf,
    'data',
    'query',
    '--target-org',
    'bench',
    '--json',
    '--query',
    `SELECT Username, IsActive, Profile.Name, Profile.UserLicense.Name FROM User WHERE Username = '${apiUser}'`
  ],
  // API Enabled and Modify All Data on the profile.
  [
    sf,
    'data',
    'query',
    '--target-org',
    'bench',
    '--json',
    '--query',
    `SELECT PermissionsApiEnabled, PermissionsModifyAllData FROM PermissionSet WHERE IsOwnedByProfile = true AND ProfileId IN (SELECT ProfileId FROM User WHERE Username = '${apiUser}')`
  ],
  // The permission set assignment.
  [
    sf,
    'data',
    'query',
    '--target-org',
    'bench',
    '--json',
    '--query',
    `SELECT PermissionSet.Name FROM PermissionSetAssignment WHERE Assignee.Username = '${apiUser}'`
  ]
];

interface Measure {
  ms: number;
  calls: number;
}

async function measure(work: () => Promise<void>): Promise<Measure> {
  const org = await startLocalOrg({ dataDir: null });
  try {
    await exec(
      [
        cli,
        'connect',
        '--api-user',
        org.adminUsername,
        '--instance-url',
        org.instanceUrl,
        '--alias',
        'bench',
        '--json'
      ],
      {
        SF_ACCESS_TOKEN: org.adminAccessToken
      }
    );
    const before = org.apiCallCount;
    const started = performance.now();
    await work();
    return { ms: performance.now() - started, calls: org.apiCallCount - before };
  } finally {
    await org.close();
  }
}

const median = (numbers: number[]): number => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const ours: Measure[] = [];
const theirs: Measure[] = [];
try {
  for (let run = 1; run <= runs; run++) {
    ours.push(
      await measure(() =>
        exec([cli, 'setup', '--target-org', 'bench', '--api-user', apiUser, '--json'])
      )
    );
    theirs.push(
      await measure(async () => {
        for (const command of sfSequence) await exec(command);
      })
    );
    process.stderr.write(
      `run ${run}/${runs}: setup ${ours.at(-1)?.ms.toFixed(0)} ms, sf sequence ${theirs.at(-1)?.ms.toFixed(0)} ms\n`
    );
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}

const oursMs = median(ours.map((m) => m.ms));
const theirsMs = median(theirs.map((m) => m.ms));
const oursCalls = median(ours.map((m) => m.calls));
const theirsCalls = median(theirs.map((m) => m.calls));
console.log(
  `Benchmark: one-command setup vs the sf CLI sequence, ${runs} run(s) each, fresh local org every run`
);
console.log(
  `  npm run setup           median ${(oursMs / 1000).toFixed(2)} s, ${oursCalls} API calls (deploy, user, permission set, checks, layout, fields)`
);
console.log(
  `  sf sequence (${sfSequence.length} commands) median ${(theirsMs / 1000).toFixed(2)} s, ${theirsCalls} API calls (deploy, 2 assigns, ${sfSequence.length - 3} queries; no layout or field checks)`
);
console.log(
  `  ratio setup / sf        ${(oursMs / theirsMs).toFixed(2)} (target: at most 0.50); API calls ${oursCalls} vs ${theirsCalls} (target: no more)`
);
const met = oursMs <= theirsMs / 2 && oursCalls <= theirsCalls;
console.log(met ? '  Both targets met.' : '  Target NOT met.');
