// What every bkconn command shares on top of SfCommand: `out` (progress and tables beside
// SfCommand's log and warn), the rule that anything unexpected is reported as a BkconnError
// with an action, never as a bare stack trace, and no warning about the local org's http.
import { SfCommand } from '@salesforce/sf-plugins-core';
import { BkconnError, asBkconnError } from '../errors.ts';
import { Output } from './output.ts';

/** @salesforce/core warns about http:// URLs; the local org is http on 127.0.0.1 by design. */
const LOCAL_ORG_HTTP_WARNING = /insecure protocol: http: on url: http:\/\/127\.0\.0\.1[:/]/;

export abstract class BkconnCommand<T> extends SfCommand<T> {
  private output: Output | undefined;

  public warn(input: SfCommand.Warning): SfCommand.Warning {
    const message = typeof input === 'string' ? input : input.message;
    if (LOCAL_ORG_HTTP_WARNING.test(message)) return input;
    return super.warn(input);
  }

  protected get out(): Output {
    this.output ??= new Output({
      json: this.jsonEnabled(),
      log: (message) => this.log(message),
      warn: (message) => {
        this.warn(message);
      }
    });
    return this.output;
  }

  /**
   * For the commands that serve until stopped: resolves on Ctrl+C or SIGTERM. SfCommand's own
   * handlers exit at once (code 130, thrown from the signal handler, with a stack on stderr),
   * which would skip closing the server; a server command closes it and returns its result.
   * Call it before the server starts and await it once it is listening. Replacing the handlers
   * closes the signal watchers they had, and a signal already delivered to one of them but not
   * yet dispatched is dropped with it: a SIGTERM sent right after the "listening" line (as a
   * supervisor or a test does) was lost that way and left the server running. Replaced before
   * anything is announced, no signal can be in flight.
   */
  protected untilStopped(): Promise<NodeJS.Signals> {
    return new Promise((resolve) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.removeAllListeners(signal);
        process.once(signal, () => resolve(signal));
      }
    });
  }

  /**
   * Where a server says it is listening: stdout for a person; stderr with --json, which keeps
   * stdout for the result printed when it stops, so a script can still find the address.
   */
  protected announce(message: string): void {
    if (this.jsonEnabled()) this.out.instruct(message);
    else this.log(message);
  }

  protected async catch(error: Error & { oclif?: unknown }): Promise<never> {
    // oclif's own errors (unknown flag, bad value: exit code 2) and SfErrors pass as they are.
    const known = error instanceof BkconnError || 'oclif' in error || 'actions' in error;
    return super.catch(known ? error : asBkconnError(error));
  }
}
