// The one error type commands throw: a message that says what went wrong and `actions` that
// say what to do about it, like the sf CLI's SfError. Anything else that escapes a command is
// an unexpected failure and is reported as such.
export interface CliErrorOptions {
  /** What to do next, one sentence each. */
  actions?: string[];
  /** Stable name for scripts reading `--json` output, e.g. ApiUserCheckFailed. */
  name?: string;
  exitCode?: number;
  /** Details for `--json` readers (e.g. the failed check rows). */
  data?: unknown;
  cause?: unknown;
}

export class CliError extends Error {
  readonly actions: string[];
  readonly exitCode: number;
  readonly data: unknown;

  constructor(message: string, options: CliErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = options.name ?? 'CliError';
    this.actions = options.actions ?? [];
    this.exitCode = options.exitCode ?? 1;
    this.data = options.data;
  }
}

/** A CliError for anything thrown, keeping a CliError as it is. */
export function asCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error && error.name !== 'Error' ? error.name : 'UnexpectedError';
  return new CliError(message, {
    name,
    cause: error,
    actions: [
      'Run the command again with BKCONN_DEBUG=1 to see the stack trace, and report it if it persists.'
    ]
  });
}
