import { join } from 'node:path';
import { Args } from '@oclif/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { BkconnError } from '../../errors.ts';
import { requireTargetOrg } from '../../org/target.ts';
import { syncEvents } from '../../sync/engine.ts';
import { EventFormatError, readEventsFile, type BookingEvent } from '../../sync/events.ts';
import { DeadLetterFile, Ledger } from '../../sync/ledger.ts';
import { SalesforceApi } from '../../sync/salesforce.ts';
import { productMessages } from '../../messages.ts';
import { BkconnCommand } from '../base.ts';
import { stateDirFlag, targetOrgFlag } from '../flags.ts';

const messages = productMessages('bkconn.sync');

export type SyncResult = Awaited<ReturnType<typeof syncEvents>> | { replayed: 0 };

export default class Sync extends BkconnCommand<SyncResult> {
  static readonly summary = messages.getMessage('summary');
  static readonly description = messages.getMessage('description');
  static readonly examples = messages.getMessages('examples');
  static readonly args = {
    file: Args.string({ description: messages.getMessage('args.file.description') })
  };
  static readonly flags = {
    'target-org': targetOrgFlag,
    'dry-run': Flags.boolean({ summary: messages.getMessage('flags.dry-run.summary') }),
    replay: Flags.boolean({ summary: messages.getMessage('flags.replay.summary') }),
    'state-dir': stateDirFlag
  };

  async run(): Promise<SyncResult> {
    const { flags, args } = await this.parse(Sync);
    const stateDir = flags['state-dir'];
    const deadLetter = new DeadLetterFile(join(stateDir, 'dead-letter.jsonl'));
    // The input is read and validated before the login, so a bad file never reaches the org.
    let events: BookingEvent[];
    let replayed: ReturnType<DeadLetterFile['read']> = [];
    if (flags.replay) {
      if (args.file)
        throw new BkconnError(
          messages.getMessage('error.replay-file', [deadLetter.path, args.file]),
          {
            name: 'InvalidFlag',
            actions: [messages.getMessage('action.replay-file')]
          }
        );
      replayed = deadLetter.read();
      events = replayed.map((entry) => entry.event);
      if (!events.length) {
        this.log(messages.getMessage('nothing-to-replay', [deadLetter.path]));
        return { replayed: 0 };
      }
    } else {
      const source = args.file ?? '-';
      if (source === '-' && process.stdin.isTTY)
        throw new BkconnError(messages.getMessage('error.no-input'), {
          name: 'MissingInput',
          actions: [messages.getMessage('action.no-input')]
        });
      try {
        events = readEventsFile(source);
      } catch (error) {
        // The file's own problems (missing, not JSON, not the format), named by file and line.
        throw new BkconnError((error as Error).message, {
          name: error instanceof EventFormatError ? 'InvalidBookingInput' : 'UnreadableInput',
          cause: error,
          actions: [messages.getMessage('action.input')]
        });
      }
    }
    const ledger = new Ledger(flags['dry-run'] ? null : join(stateDir, 'ledger.json'));
    const target = await requireTargetOrg(flags['target-org']);
    // @salesforce/core refreshes sessions of orgs logged in with a refresh token or JWT itself.
    const report = await syncEvents(new SalesforceApi(target.connection), events, {
      ledger,
      deadLetter: flags.replay ? null : deadLetter,
      dryRun: flags['dry-run']
    });
    if (flags.replay) {
      // Only what still fails stays in the dead-letter file, with its newest error.
      const failed = new Map(
        report.outcomes
          .filter((o) => o.status === 'failed')
          .map((o) => [o.bookingId, o.error ?? ''])
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
      if (outcome.status === 'planned') this.log(JSON.stringify(outcome, null, 2));
      else
        this.log(
          `${outcome.bookingId}#${outcome.sequence}: ${outcome.status}${outcome.error ? ` — ${outcome.error}` : outcome.reason ? ` (${outcome.reason})` : ''}`
        );
    }
    this.log(
      `applied ${report.applied}, skipped ${report.skipped}, failed ${report.failed}, planned ${report.planned}; ${report.apiCalls} API calls`
    );
    if (report.stoppedBy) this.logToStderr(`Stopped: ${report.stoppedBy}`);
    if (report.failed) {
      this.log(messages.getMessage('failed', [deadLetter.path]));
      // A run with failed bookings is not a success, for scripts as for people.
      process.exitCode = 1;
    }
    return report;
  }
}
