// The shape of one CLI command. Options use node:util parseArgs's configuration; every command
// also gets --json and --help. `run` returns the result that --json puts in the envelope, and
// prints its human output through `out` (which stays silent in --json mode).
import type { ParseArgsOptionsConfig } from 'node:util';
import type { Output } from './output.ts';

export type FlagValues = Record<string, string | boolean | string[] | undefined>;

export interface CommandContext {
  out: Output;
  flags: FlagValues;
}

export interface Command {
  name: string;
  summary: string;
  /** Shown by --help, one line per flag. */
  usage: string[];
  options: ParseArgsOptionsConfig;
  run(context: CommandContext): Promise<unknown>;
}

export const TARGET_ORG_OPTION: ParseArgsOptionsConfig = {
  'target-org': { type: 'string', short: 'o' }
};

export function stringFlag(flags: FlagValues, name: string): string | undefined {
  const value = flags[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function listFlag(flags: FlagValues, name: string): string[] {
  const value = flags[name];
  const values = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return values
    .flatMap((entry) => entry.split(','))
    .map((entry) => entry.trim())
    .filter(Boolean);
}
