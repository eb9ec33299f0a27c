import { Flags } from '@salesforce/sf-plugins-core';
import { requireTargetOrg } from '../../org/target.ts';
import { SalesforceApi } from '../../sync/salesforce.ts';
import { serve } from '../../sync/serve.ts';
import { importLegacyState } from '../../sync/legacy-state.ts';
import { openSyncStore, syncStorePath } from '../../sync/store.ts';
import { productMessages } from '../../messages.ts';
import { BkconnCommand } from '../base.ts';
import { stateDirFlag, targetOrgFlag } from '../flags.ts';

const messages = productMessages('bkconn.serve');
const syncMessages = productMessages('bkconn.sync');

export interface ServeResult {
  url: string;
  /** What stopped it: SIGINT (Ctrl+C) or SIGTERM. */
  stoppedBy: NodeJS.Signals;
  /** Bookings that could not be applied while it ran, with Salesforce's error. */
  deadLetters: number;
}

export default class Serve extends BkconnCommand<ServeResult> {
  static readonly summary = messages.getMessage('summary');
  static readonly description = messages.getMessage('description');
  static readonly examples = messages.getMessages('examples');
  static readonly flags = {
    'target-org': targetOrgFlag,
    port: Flags.integer({
      summary: messages.getMessage('flags.port.summary'),
      default: 8787,
      min: 0,
      max: 65535
    }),
    'state-dir': stateDirFlag
  };

  async run(): Promise<ServeResult> {
    const { flags } = await this.parse(Serve);
    const stopped = this.untilStopped();
    // serve() refuses a missing or short secret with the fix in its message.
    const secret = process.env.BOOKING_WEBHOOK_SECRET ?? '';
    const stateDir = flags['state-dir'];
    const target = await requireTargetOrg(flags['target-org']);
    // State files of an earlier version move into the store before anything is served.
    const store = openSyncStore(syncStorePath(stateDir));
    try {
      const imported = importLegacyState(stateDir, store);
      if (imported)
        this.log(
          syncMessages.getMessage('imported', [
            imported.applied,
            imported.deadLetters,
            imported.queued
          ])
        );
    } finally {
      store.close();
    }
    const server = await serve({
      api: new SalesforceApi(target.connection),
      secret,
      port: flags.port,
      storePath: syncStorePath(stateDir),
      onApplied: (report) => {
        this.log(
          `applied ${report.applied}, skipped ${report.skipped}, failed ${report.failed} (${report.apiCalls} API calls)`
        );
        // What the engine decided on its own is said in the log (issue 14 point 17).
        for (const outcome of report.outcomes)
          for (const warning of outcome.warnings ?? [])
            this.logToStderr(`warning: ${outcome.bookingId}#${outcome.sequence}: ${warning}`);
      }
    });
    this.announce(messages.getMessage('listening', [server.url]));
    const stoppedBy = await stopped;
    // Events already queued are applied before it closes; the store keeps any it could not.
    await server.idle();
    const deadLetters = server.deadLetters().length;
    await server.close();
    return { url: server.url, stoppedBy, deadLetters };
  }
}
