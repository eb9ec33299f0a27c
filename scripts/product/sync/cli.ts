// npm run sync -- [file|-] --target-org <alias|username> [--dry-run] [--replay]
// npm run serve -- --target-org <alias|username> [--port 8787]   (secret: BOOKING_WEBHOOK_SECRET)
// The org is one the sf CLI knows (sf org login ... as the API user); sync state lives in
// --state-dir (default .booking-sync/): ledger.json, dead-letter.jsonl, journal.jsonl.
import { Org } from '@salesforce/core';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { syncEvents } from './engine.ts';
import { readEventsFile, type BookingEvent } from './events.ts';
import { DeadLetterFile, Ledger } from './ledger.ts';
import { SalesforceApi } from './salesforce.ts';
import { serve } from './serve.ts';

process.env.SF_DISABLE_TELEMETRY ??= 'true';
process.env.SF_SKIP_NEW_VERSION_CHECK ??= 'true';
process.env.SF_AUTOUPDATE_DISABLE ??= 'true';
process.env.SF_DISABLE_AUTOUPDATE ??= 'true';

const USAGE = `Usage:
  sync [file|-] --target-org <alias|username> [--dry-run] [--state-dir DIR]
  sync --replay --target-org <alias|username> [--state-dir DIR]
  serve --target-org <alias|username> [--port N] [--state-dir DIR]   (BOOKING_WEBHOOK_SECRET must be set)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      'target-org': { type: 'string', short: 'o' },
      'dry-run': { type: 'boolean' },
      replay: { type: 'boolean' },
      'state-dir': { type: 'string', default: '.booking-sync' },
      port: { type: 'string', default: '8787' }
    }
  });
  if (command !== 'sync' && command !== 'serve') {
    console.error(USAGE);
    return 2;
  }
  const stateDir = values['state-dir']!;
  const deadLetter = new DeadLetterFile(join(stateDir, 'dead-letter.jsonl'));
  // The input is read and validated before the login, so a bad file never reaches the org.
  let events: BookingEvent[] = [];
  let replayed: ReturnType<DeadLetterFile['read']> = [];
  if (command === 'sync' && values.replay) {
    if (positionals.length)
      throw new Error(
        `sync --replay reads ${deadLetter.path} and takes no events file; run sync ${positionals[0]} and sync --replay separately.`
      );
    replayed = deadLetter.read();
    events = replayed.map((entry) => entry.event);
    if (!events.length) {
      console.log(`Nothing to replay: ${deadLetter.path} holds no failed bookings.`);
      return 0;
    }
  } else if (command === 'sync') {
    const source = positionals[0] ?? '-';
    if (source === '-' && process.stdin.isTTY)
      throw new Error(`Pass a file of booking events, or pipe them in.\n${USAGE}`);
    events = readEventsFile(source);
  }
  const ledger = new Ledger(values['dry-run'] ? null : join(stateDir, 'ledger.json'));
  const org = await Org.create(
    values['target-org'] ? { aliasOrUsername: values['target-org'] } : {}
  ).catch((error: Error) => {
    throw new Error(
      `${error.message}\nLog the API user in with the sf CLI (or bkconn connect) and pass --target-org <alias>.`
    );
  });
  const connection = org.getConnection();
  // @salesforce/core refreshes sessions of orgs logged in with a refresh token or JWT itself.
  const api = new SalesforceApi(connection);

  if (command === 'serve') {
    const secret = process.env.BOOKING_WEBHOOK_SECRET ?? '';
    const server = await serve({
      api,
      secret,
      port: Number(values.port),
      journalPath: join(stateDir, 'journal.jsonl'),
      ledgerPath: join(stateDir, 'ledger.json'),
      deadLetterPath: deadLetter.path,
      onApplied: (report) =>
        console.log(
          `applied ${report.applied}, skipped ${report.skipped}, failed ${report.failed} (${report.apiCalls} API calls)`
        )
    });
    console.log(`Listening on ${server.url}/events`);
    await new Promise(() => undefined);
    return 0;
  }

  const report = await syncEvents(api, events, {
    ledger,
    deadLetter: values.replay ? null : deadLetter,
    dryRun: values['dry-run']
  });
  if (values.replay) {
    // Only what still fails stays in the dead-letter file, with its newest error.
    const failed = new Map(
      report.outcomes.filter((o) => o.status === 'failed').map((o) => [o.bookingId, o.error ?? ''])
    );
    deadLetter.rewrite(
      replayed
        .filter((entry) => failed.has(entry.event.bookingId))
        .map((entry) => ({
          ...entry,
          error: failed.get(entry.event.bookingId)!,
          failedAt: new Date().toISOString()
        }))
    );
  }
  for (const outcome of report.outcomes) {
    if (outcome.status === 'planned') console.log(JSON.stringify(outcome, null, 2));
    else
      console.log(
        `${outcome.bookingId}#${outcome.sequence}: ${outcome.status}${outcome.error ? ` — ${outcome.error}` : outcome.reason ? ` (${outcome.reason})` : ''}`
      );
  }
  console.log(
    `applied ${report.applied}, skipped ${report.skipped}, failed ${report.failed}, planned ${report.planned}; ${report.apiCalls} API calls`
  );
  if (report.stoppedBy) console.error(`Stopped: ${report.stoppedBy}`);
  if (report.failed)
    console.log(
      `Failed bookings are in ${deadLetter.path}; fix the cause, then run sync --replay.`
    );
  return report.failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`Error: ${error.message}`);
    process.exit(1);
  }
);
