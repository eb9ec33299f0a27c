import { existsSync } from 'node:fs';
import { Args } from '@oclif/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { BkconnError } from '../../errors.ts';
import { requireTargetOrg } from '../../org/target.ts';
import { replayQueue, syncEvents, type SyncReport } from '../../sync/engine.ts';
import { EventFormatError, readEventsFile, type BookingEvent } from '../../sync/events.ts';
import { importLegacyState, type LegacyImport } from '../../sync/legacy-state.ts';
import { openSyncStore, syncStorePath } from '../../sync/store.ts';
import { SalesforceApi } from '../../sync/salesforce.ts';
import { productMessages } from '../../messages.ts';
import { BkconnCommand } from '../base.ts';
import { stateDirFlag, targetOrgFlag } from '../flags.ts';

const messages = productMessages('bkconn.sync');

export type SyncResult = SyncReport | { replayed: number };

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
    const storePath = syncStorePath(flags['state-dir']);
    // The input is read and validated before the login, so a bad file never reaches the org.
    let events: BookingEvent[] = [];
    if (flags.replay) {
      if (args.file)
        throw new BkconnError(messages.getMessage('error.replay-file', [storePath, args.file]), {
          name: 'InvalidFlag',
          actions: [messages.getMessage('action.replay-file')]
        });
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
    // A dry run reads what was applied and writes nothing: no store is made for it.
    const dryRun = Boolean(flags['dry-run']);
    const store = openSyncStore(dryRun && !existsSync(storePath) ? null : storePath);
    try {
      if (!dryRun) this.reportImport(importLegacyState(flags['state-dir'], store));
      if (flags.replay) {
        const { queued } = store.backlog();
        if (!store.deadLetters().length && !queued) {
          this.log(messages.getMessage('nothing-to-replay', [storePath]));
          return { replayed: 0 };
        }
      }
      const target = await requireTargetOrg(flags['target-org']);
      // @salesforce/core refreshes sessions of orgs logged in with a refresh token or JWT itself.
      const api = new SalesforceApi(target.connection);
      const report = flags.replay
        ? await replayQueue(api, { store })
        : await syncEvents(api, events, { store, dryRun: flags['dry-run'] });
      this.print(report, storePath);
      return report;
    } finally {
      store.close();
    }
  }

  private reportImport(imported: LegacyImport | null): void {
    if (!imported) return;
    this.log(
      messages.getMessage('imported', [imported.applied, imported.deadLetters, imported.queued])
    );
    for (const line of imported.skippedLines)
      this.warn(messages.getMessage('import-skipped', [line]));
  }

  private print(report: SyncReport, storePath: string): void {
    for (const outcome of report.outcomes) {
      if (outcome.status === 'planned') this.log(JSON.stringify(outcome, null, 2));
      else
        this.log(
          `${outcome.bookingId}#${outcome.sequence}: ${outcome.status}${outcome.error ? ` — ${outcome.error}` : outcome.reason ? ` (${outcome.reason})` : ''}`
        );
      // What the engine decided on its own is said, never only kept (issue 14 point 17).
      if (outcome.status !== 'planned')
        for (const warning of outcome.warnings ?? []) this.warn(`${outcome.bookingId}: ${warning}`);
    }
    this.log(
      `applied ${report.applied}, skipped ${report.skipped}, failed ${report.failed}, planned ${report.planned}; ${report.apiCalls} API calls`
    );
    for (const warning of report.logWarnings ?? []) this.warn(warning);
    if (report.stoppedBy) this.logToStderr(`Stopped: ${report.stoppedBy}`);
    if (report.failed) {
      this.log(messages.getMessage('failed', [storePath]));
      // A run with failed bookings is not a success, for scripts as for people.
      process.exitCode = 1;
    }
  }
}
