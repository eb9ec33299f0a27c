// npm run bench:sync — API calls and wall time of the batched engine beside the one-by-one
// baseline, for 1, 10, 200 and 2,000 bookings, against the local org (started in-process with
// the package deployed). Each size runs on fresh bookings so both sides create their people.
// `npm run bench:sync -- --write-readme` also writes the figures into the README's table.
import { rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { deploySource } from '../../product/org/deploy.ts';
import { connectionFor, startEmbeddedOrg } from '../local-org/embedded.ts';
import { assignApiUserPermissionSet } from '../../product/org/permset.ts';
import { syncOneByOne } from './sync-baseline.ts';
import { loadConfig } from '../../product/sync/config.ts';
import { syncEvents } from '../../product/sync/engine.ts';
import type { BookingEvent } from '../../product/sync/events.ts';
import { openSyncStore } from '../../product/sync/store.ts';
import { BURST, HISTORY, TRICKLE, benchDir, history, trickle } from './sync-store-figures.ts';
import { SalesforceApi } from '../../product/sync/salesforce.ts';
import { markdownTable, writeReadmeSection } from '../readme-sections.ts';
import { SF_QUIET_ENV } from '../sf-env.ts';

Object.assign(process.env, SF_QUIET_ENV);

const SIZES = [1, 10, 200, 2000];

/**
 * A store for one measured run. Retention looks for old sync log records at most once an hour per
 * store (one query when there are none); a fresh store would count that look in every run, so
 * the runs start as if it had just been made, and the figures are the bookings' and the log's.
 */
function runStore() {
  const store = openSyncStore(null);
  store.setMeta('log_pruned_at', String(Date.now()));
  return store;
}

function events(prefix: string, count: number): BookingEvent[] {
  return Array.from({ length: count }, (_, index) => ({
    schemaVersion: 1 as const,
    type: 'booked' as const,
    bookingId: `${prefix}-${index}`,
    sequence: 1,
    booking: {
      start: '2026-03-02T09:00:00Z',
      end: '2026-03-02T09:30:00Z',
      subject: 'Intro call',
      bookingPage: 'Intro Call',
      person: {
        firstName: 'Bench',
        lastName: `Person ${index}`,
        email: `${prefix}-${index}@bench.example.org`,
        company: 'Bench Co'
      }
    }
  }));
}

export const BENCH_SYNC_SECTION = {
  name: 'BENCH-SYNC',
  generator: 'npm run bench:sync -- --write-readme'
};

export const BENCH_SYNC_LOG_SECTION = {
  name: 'BENCH-SYNC-LOG',
  generator: 'npm run bench:sync -- --write-readme'
};

/** API calls of the same bookings with the sync log on and off. */
async function logFigures(
  api: SalesforceApi,
  config: Awaited<ReturnType<typeof loadConfig>>,
  calls: () => number
): Promise<string[][]> {
  const rows = [['bookings', 'calls, log on', 'calls, log off', 'log calls', 'log calls/batch']];
  for (const size of [200, 2000]) {
    const run = async (prefix: string, syncLogEnabled: boolean) => {
      const before = calls();
      const report = await syncEvents(api, events(prefix, size), {
        store: runStore(),
        config: { ...config, settings: { ...config.settings, syncLogEnabled } }
      });
      if (report.failed)
        throw new Error(`log bench run failed: ${report.outcomes.find((o) => o.error)?.error}`);
      return calls() - before;
    };
    const on = await run(`logon${size}`, true);
    const off = await run(`logoff${size}`, false);
    rows.push([
      String(size),
      String(on),
      String(off),
      String(on - off),
      ((on - off) / Math.ceil(size / 200)).toFixed(1)
    ]);
  }
  return rows;
}

export const BENCH_SYNC_STORE_SECTION = {
  name: 'BENCH-SYNC-STORE',
  generator: 'npm run bench:sync -- --write-readme'
};

/** The README's table: the printed rows as markdown, with where and when they were measured. */
function readmeBody(rows: string[][]): string {
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}`;
  return `${markdownTable(rows)}\n\nMeasured on ${new Date().toISOString().slice(0, 10)}, ${machine}, one run.`;
}

/** The store's figures: a trickle through serve, and the cost of 200,000 events of history. */
async function storeFigures(
  local: Parameters<typeof trickle>[0],
  api: SalesforceApi
): Promise<string[][]> {
  const dir = benchDir();
  try {
    const slow = await trickle(local, api, events, dir);
    const past = history(events);
    return [
      ['figure', 'value'],
      [
        `serve, one event per batch (${TRICKLE} events): API calls per booking`,
        slow.callsPerBooking.toFixed(1)
      ],
      ['serve: configuration read once, API calls', slow.configCalls.toFixed(0)],
      [
        `opening a store with ${HISTORY.toLocaleString('en')} applied events (ms)`,
        past.openMs.toFixed(1)
      ],
      [
        `store's work for a ${BURST.toLocaleString('en')}-event burst on that store (ms)`,
        past.burstMs.toFixed(0)
      ],
      ["store's work for the same burst on an empty store (ms)", past.emptyBurstMs.toFixed(0)]
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function printTable(rows: string[][]): void {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  for (const row of rows)
    console.log(row.map((cell, column) => cell.padStart(widths[column])).join('  '));
}

async function main(): Promise<void> {
  const embedded = await startEmbeddedOrg();
  // The baseline alone makes more requests than a day's allowance of a fresh org; the API
  // budget would (rightly) stop the engine there.
  embedded.local.setApiUsage({ used: 0, max: 10_000_000 });
  try {
    const deployed = await deploySource(embedded.connection, {});
    if (!deployed.success) throw new Error('deploying force-app to the local org failed');
    // As setup does: the API user sees the package's fields through its permission set.
    await assignApiUserPermissionSet(embedded.connection, embedded.apiUsername, null);
    const connection = await connectionFor(
      embedded.local,
      embedded.local.accessTokenFor(embedded.apiUsername)
    );
    const api = new SalesforceApi(connection);
    const config = await loadConfig(api);
    const rows: string[][] = [
      [
        'bookings',
        'batched calls',
        'calls/booking',
        'batched ms',
        'baseline calls',
        'calls/booking',
        'baseline ms',
        'call ratio'
      ]
    ];
    for (const size of SIZES) {
      let before = embedded.local.apiCallCount;
      let started = performance.now();
      const report = await syncEvents(api, events(`batched${size}`, size), {
        store: runStore(),
        config
      });
      if (report.failed)
        throw new Error(`batched run failed: ${report.outcomes.find((o) => o.error)?.error}`);
      const batchedCalls = embedded.local.apiCallCount - before;
      const batchedMs = performance.now() - started;
      before = embedded.local.apiCallCount;
      started = performance.now();
      await syncOneByOne(api, events(`baseline${size}`, size));
      const baselineCalls = embedded.local.apiCallCount - before;
      const baselineMs = performance.now() - started;
      rows.push([
        String(size),
        String(batchedCalls),
        (batchedCalls / size).toFixed(3),
        batchedMs.toFixed(0),
        String(baselineCalls),
        (baselineCalls / size).toFixed(2),
        baselineMs.toFixed(0),
        `1/${(baselineCalls / batchedCalls).toFixed(1)}`
      ]);
    }
    printTable(rows);
    console.log(
      '\nConfig (describes, settings, mappings) is loaded once per run and not counted above.'
    );
    const logRows = await logFigures(api, config, () => embedded.local.apiCallCount);
    console.log('');
    printTable(logRows);
    const storeRows = await storeFigures(embedded.local, api);
    console.log('');
    const storeWidths = storeRows[0].map((_, column) =>
      Math.max(...storeRows.map((row) => row[column].length))
    );
    for (const row of storeRows)
      console.log(row.map((cell, column) => cell.padEnd(storeWidths[column])).join('  '));
    if (process.argv.includes('--write-readme')) {
      await writeReadmeSection(BENCH_SYNC_SECTION, readmeBody(rows));
      await writeReadmeSection(BENCH_SYNC_STORE_SECTION, readmeBody(storeRows));
      await writeReadmeSection(BENCH_SYNC_LOG_SECTION, readmeBody(logRows));
      console.log('README.md: bench:sync tables written.');
    }
  } finally {
    await embedded.local.close();
  }
}

await main();
