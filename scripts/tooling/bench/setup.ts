// npm run bench:setup: the one-command setup against what an admin would otherwise type with
// the sf CLI (`sf project deploy start`, `sf org assign permset` for the API user and for the
// admin, and one `sf data query` per check), each run against a fresh local org. Setup runs
// twice: through the standalone bin (`npx bkconn setup`, no sf needed) and as the sf plugin
// (`sf bkconn setup`, the plugin linked in the bench's own sf data folder). Prints the median
// wall time of each, their ratio to the sf sequence, and the API calls each made (counted by
// the local org). A script that prints figures, not a test: timings depend on the machine.
//   node scripts/tooling/bench/setup.ts [--runs 5] [--write-readme]
// `--write-readme` also writes the figures into the README's BENCH-SETUP table.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../../product/project.ts';
import { API_USER_PERMISSION_SET } from '../../product/org/rules.ts';
import { startLocalOrg } from '../local-org/server.ts';
import { SEEDED_USERS } from '../local-org/seed.ts';
import { linkAsSfPlugin } from '../cli/sf-link.ts';
import { markdownTable, writeReadmeSection } from '../readme-sections.ts';
import { SF_QUIET_ENV } from '../sf-env.ts';

export const BENCH_SETUP_SECTION = {
  name: 'BENCH-SETUP',
  generator: 'npm run bench:setup -- --write-readme'
};

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, 'write-readme': { type: 'boolean' } }
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`Error: --runs must be a whole number of 1 or more, not "${values.runs}".`);
  process.exit(1);
}

const root = projectRoot();
const node = join(root, 'node_modules', '.bin', 'node');
const sf = join(root, 'node_modules', '@salesforce', 'cli', 'bin', 'run.js');
const bin = join(root, 'scripts', 'bin.js');
const home = mkdtempSync(join(tmpdir(), 'bkconn-bench-home-'));
mkdirSync(join(home, '.sfdx'));
mkdirSync(join(home, '.sf'));
const dataHome = join(home, '.local', 'share');
const env = {
  ...process.env,
  HOME: home,
  // Where the sf CLI keeps its user plugins (see linkAsSfPlugin).
  XDG_DATA_HOME: dataHome,
  ...SF_QUIET_ENV,
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

/** `sf data query` of one check, as the admin would type it. */
const sfQuery = (soql: string): string[] => [
  sf,
  'data',
  'query',
  '--target-org',
  'bench',
  '--json',
  '--query',
  soql
];

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
  sfQuery(
    `SELECT Username, IsActive, Profile.Name, Profile.UserLicense.Name FROM User WHERE Username = '${apiUser}'`
  ),
  // API Enabled and Modify All Data on the profile.
  sfQuery(
    `SELECT PermissionsApiEnabled, PermissionsModifyAllData FROM PermissionSet WHERE IsOwnedByProfile = true AND ProfileId IN (SELECT ProfileId FROM User WHERE Username = '${apiUser}')`
  ),
  // The permission set assignment.
  sfQuery(
    `SELECT PermissionSet.Name FROM PermissionSetAssignment WHERE Assignee.Username = '${apiUser}'`
  )
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
        bin,
        'connect',
        '--api-user',
        org.adminUsername,
        '--instance-url',
        org.instanceUrl,
        '--alias',
        'bench',
        '--json'
      ],
      { SF_ACCESS_TOKEN: org.adminAccessToken }
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

interface Path {
  label: string;
  what: string;
  work: () => Promise<void>;
  measures: Measure[];
}

const setupArgs = ['setup', '--target-org', 'bench', '--api-user', apiUser, '--json'];
const paths: Path[] = [
  {
    label: '`npx bkconn setup` (the bin, no sf)',
    what: 'deploy, user, permission sets, all checks, layouts, fields',
    work: () => exec([bin, ...setupArgs]),
    measures: []
  }
];
if (existsSync(sf)) {
  linkAsSfPlugin(dataHome);
  paths.push({
    label: '`sf bkconn setup` (the sf plugin)',
    what: 'the same command, loaded by the sf CLI',
    work: () => exec([sf, 'bkconn', ...setupArgs]),
    measures: []
  });
} else {
  console.error(
    'The sf CLI is not installed (node_modules/@salesforce/cli): sf bkconn setup is not measured.'
  );
}
const sequence: Path = {
  label: `\`sf\` sequence (${sfSequence.length} commands)`,
  what: `deploy, 2 assigns, ${sfSequence.length - 3} queries; no layout or field checks`,
  work: async () => {
    for (const command of sfSequence) await exec(command);
  },
  measures: []
};

try {
  for (let run = 1; run <= runs; run++) {
    // A different path first each run, so no path always pays for a cold start.
    const all = [...paths, sequence];
    const order = all.map((_, index) => all[(index + run) % all.length]);
    for (const path of order) path.measures.push(await measure(path.work));
    process.stderr.write(
      `run ${run}/${runs}: ${[...paths, sequence].map((path) => `${path.label} ${path.measures.at(-1)?.ms.toFixed(0)} ms`).join(', ')}\n`
    );
  }
} finally {
  rmSync(home, { recursive: true, force: true });
}

const figures = (path: Path) => ({
  ms: median(path.measures.map((m) => m.ms)),
  calls: median(path.measures.map((m) => m.calls))
});
const theirs = figures(sequence);
const rows: string[][] = [['', 'median wall time', 'API calls', 'ratio to the sf sequence']];
let met = true;
for (const path of paths) {
  const ours = figures(path);
  met &&= ours.ms <= theirs.ms / 2 && ours.calls <= theirs.calls;
  rows.push([
    `${path.label}: ${path.what}`,
    `${(ours.ms / 1000).toFixed(2)} s`,
    String(ours.calls),
    `${(ours.ms / theirs.ms).toFixed(2)} (target: at most 0.50); calls ${ours.calls} vs ${theirs.calls} (target: no more)`
  ]);
}
rows.push([
  `${sequence.label}: ${sequence.what}`,
  `${(theirs.ms / 1000).toFixed(2)} s`,
  String(theirs.calls),
  '1'
]);

console.log(
  `Benchmark: one-command setup vs the sf CLI sequence, ${runs} run(s) each, fresh local org every run`
);
const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
for (const row of rows)
  console.log(`  ${row.map((cell, column) => cell.padEnd(widths[column])).join('  ')}`);
console.log(met ? '  Both targets met on every path.' : '  Target NOT met.');

if (values['write-readme']) {
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}`;
  await writeReadmeSection(
    BENCH_SETUP_SECTION,
    `${markdownTable(rows)}\n\nMeasured on ${new Date().toISOString().slice(0, 10)}, ${machine}, median of ${runs} run(s).`
  );
  console.log('README.md: bench:setup table written.');
}
