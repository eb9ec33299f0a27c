// The one error type the product throws: an SfError (the sf CLI's error, so `sf bkconn ...`
// prints it as every sf command does: "Error (Name): message" and "Try this:" with the
// actions), built from named options so a call site reads as what went wrong and what to do.
// Anything else that escapes a command is an unexpected failure and is reported as such.
import { SfError } from '@salesforce/core';
import type { AnyJson } from '@salesforce/ts-types';

export interface BkconnErrorOptions {
  /** What to do next, one sentence each. */
  actions?: string[];
  /** Stable name for scripts reading `--json` output, e.g. ApiUserCheckFailed. */
  name?: string;
  exitCode?: number;
  /** Details for `--json` readers (e.g. the failed check rows). */
  data?: unknown;
  cause?: unknown;
}

export class BkconnError extends SfError {
  constructor(message: string, options: BkconnErrorOptions = {}) {
    super(message, options.name ?? 'BkconnError', options.actions ?? [], options.exitCode ?? 1);
    if (options.cause !== undefined) this.cause = options.cause;
    // The data is what --json prints: plain JSON (reports, rows) by construction.
    if (options.data !== undefined) this.setData(options.data as AnyJson);
  }
}

/** A BkconnError for anything thrown, keeping a BkconnError as it is. */
export function asBkconnError(error: unknown): BkconnError {
  if (error instanceof BkconnError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error && error.name !== 'Error' ? error.name : 'UnexpectedError';
  return new BkconnError(message, {
    name,
    cause: error,
    actions: [
      'Run the command again with SF_ENV=development to see the internal diagnostic, and report it if it persists.'
    ]
  });
}
