// bkconn: the Booking Connector's command line (`npm run <command>` or the `bkconn` bin).
// Follows the sf CLI's habits: --target-org/-o, --json with a { status, result, warnings }
// envelope, progress while waiting, exit code 0 only on success, errors that name the fix.
import { parseArgs } from 'node:util';
import type { Command } from './command.ts';
import { CliError, asCliError } from './errors.ts';
import { Output, type OutputStreams } from './output.ts';

const COMMON_OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const;

/**
 * The shared rules are plain JavaScript under force-app, where no package.json says "module";
 * Node parses them as ES modules anyway and warns each time. That warning is noise to a user,
 * as is the http warning for the local org.
 */
function silenceTypelessModuleWarning(): void {
  const listeners = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (warning: Error & { code?: string }) => {
    if (warning.code === 'MODULE_TYPELESS_PACKAGE_JSON') return;
    // @salesforce/core warns about http:// URLs; the local org is http on 127.0.0.1 by design.
    if (/insecure protocol: http: on url: http:\/\/127\.0\.0\.1/.test(warning.message)) return;
    for (const listener of listeners) listener(warning);
  });
}

async function loadCommands(): Promise<Command[]> {
  // Loaded after the warning filter is in place (see above), hence dynamic.
  const { COMMANDS } = await import('./commands.ts');
  return COMMANDS;
}

function helpText(commands: Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    'Usage: bkconn <command> [flags]   (or: npm run <command> -- [flags])',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Every command takes --json (machine-readable envelope) and --help.'
  ].join('\n');
}

function commandHelp(command: Command): string {
  return [
    `bkconn ${command.name}: ${command.summary}`,
    '',
    'Flags:',
    ...command.usage.map((line) => `  ${line}`),
    '  --json  Print a { status, result, warnings } envelope.'
  ].join('\n');
}

function printError(out: Output, streams: OutputStreams, error: CliError): void {
  if (out.json) {
    const envelope = {
      status: error.exitCode,
      name: error.name,
      message: error.message,
      exitCode: error.exitCode,
      actions: error.actions,
      ...(error.data === undefined ? {} : { data: error.data }),
      warnings: out.warnings
    };
    streams.stdout.write(`${JSON.stringify(envelope, null, 2)}\n`);
    return;
  }
  const lines = [`Error (${error.name}): ${error.message}`];
  if (error.actions.length > 0)
    lines.push('', 'Try this:', ...error.actions.map((action) => `  - ${action}`));
  if (process.env.BKCONN_DEBUG === '1' && error.cause instanceof Error && error.cause.stack)
    lines.push('', error.cause.stack);
  streams.stderr.write(`${lines.join('\n')}\n`);
}

/** Runs one command line; returns the exit code (0 only on success). */
export async function runCli(
  argv: string[],
  streams: OutputStreams = { stdout: process.stdout, stderr: process.stderr }
): Promise<number> {
  const commands = await loadCommands();
  const [name, ...rest] = argv;
  const wantsJson = rest.includes('--json');
  const out = new Output(wantsJson, streams);
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    streams.stdout.write(`${helpText(commands)}\n`);
    return name ? 0 : 1;
  }
  const command = commands.find((candidate) => candidate.name === name);
  try {
    if (!command) {
      throw new CliError(`Unknown command "${name}".`, {
        name: 'UnknownCommand',
        actions: [`Use one of: ${commands.map((candidate) => candidate.name).join(', ')}.`]
      });
    }
    let flags;
    try {
      flags = parseArgs({
        args: rest,
        options: { ...COMMON_OPTIONS, ...command.options },
        strict: true,
        allowPositionals: false
      }).values;
    } catch (error) {
      throw new CliError((error as Error).message, {
        name: 'InvalidFlag',
        actions: [`Run \`bkconn ${name} --help\` to see its flags.`]
      });
    }
    if (flags.help) {
      streams.stdout.write(`${commandHelp(command)}\n`);
      return 0;
    }
    const result = await command.run({ out, flags });
    if (out.json)
      streams.stdout.write(
        `${JSON.stringify({ status: 0, result, warnings: out.warnings }, null, 2)}\n`
      );
    return 0;
  } catch (error) {
    const failure = asCliError(error);
    printError(out, streams, failure);
    return failure.exitCode;
  }
}

// Run when started as a program (node scripts/product/cli/main.ts ...), not when a test imports it.
if (/[\\/]product[\\/]cli[\\/]main\.ts$/.test(process.argv[1] ?? '')) {
  silenceTypelessModuleWarning();
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
      process.exitCode = 1;
    }
  );
}
