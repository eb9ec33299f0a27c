// What a command prints, beside what SfCommand gives (log, warn, the --json envelope): progress
// on stderr (a spinner on a terminal, one line per step otherwise, as CI logs want) and plain
// tables on stdout. In --json mode nothing but the final envelope reaches stdout, as with every
// sf command, so scripts can parse it.
import type { Writable } from 'node:stream';

/** The part of SfCommand that Output writes through (so warnings land in the envelope). */
export interface CommandSink {
  json: boolean;
  log(message: string): void;
  warn(message: string): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export class Output {
  readonly json: boolean;
  private readonly sink: CommandSink;
  private readonly stderr: Writable & { isTTY?: boolean };

  constructor(sink: CommandSink, stderr: Writable & { isTTY?: boolean } = process.stderr) {
    this.json = sink.json;
    this.sink = sink;
    this.stderr = stderr;
  }

  log(message = ''): void {
    if (!this.json) this.sink.log(message);
  }

  /**
   * Something the user must do for the command to go on (open a login URL): on stderr in every
   * mode, since --json keeps stdout for the envelope and the command waits for the user.
   */
  instruct(message: string): void {
    this.stderr.write(`${message}\n`);
  }

  /** Goes into the envelope's `warnings`; printed at once in human mode. */
  warn(message: string): void {
    this.sink.warn(message);
  }

  table<T extends object>(rows: T[], columns: { key: keyof T & string; header: string }[]): void {
    if (this.json || rows.length === 0) return;
    const cell = (row: T, key: keyof T): string => {
      const value = row[key];
      return value === undefined || value === null ? '' : String(value);
    };
    const widths = columns.map((column) =>
      Math.max(column.header.length, ...rows.map((row) => cell(row, column.key).length))
    );
    const line = (values: string[]): string =>
      values
        .map((value, index) => value.padEnd(widths[index]))
        .join('  ')
        .trimEnd();
    this.log(line(columns.map((column) => column.header)));
    this.log(line(widths.map((width) => '─'.repeat(width))));
    for (const row of rows) this.log(line(columns.map((column) => cell(row, column.key))));
  }

  /**
   * Runs `work` with a progress indicator: an animated spinner on a terminal, one line when the
   * step ends otherwise (CI logs), nothing in --json mode. `update` changes the status text.
   */
  async spin<T>(label: string, work: (update: (status: string) => void) => Promise<T>): Promise<T> {
    if (this.json) return work(() => undefined);
    const stderr = this.stderr;
    const started = Date.now();
    let status = '';
    let timer: NodeJS.Timeout | undefined;
    if (stderr.isTTY) {
      let frame = 0;
      const draw = (): void => {
        stderr.write(
          `\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${label}${status ? ` (${status})` : ''}`
        );
      };
      draw();
      timer = setInterval(draw, 80);
    }
    const finish = (outcome: string): void => {
      if (timer) clearInterval(timer);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      stderr.write(`${stderr.isTTY ? '\r\x1b[2K' : ''}${label}... ${outcome} (${seconds}s)\n`);
    };
    try {
      const result = await work((next) => {
        status = next;
      });
      finish('done');
      return result;
    } catch (error) {
      finish('failed');
      throw error;
    }
  }
}
