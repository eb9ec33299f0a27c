// `npm run cli:manifest`: writes oclif.manifest.json, the cache of every command's id, flags,
// summary and examples that oclif reads instead of loading the command modules. With it,
// `bkconn --help` (and `sf bkconn --help`) loads no command at all, which cuts the start-up
// from seconds to a fraction of one. `--check` exits non-zero when the committed file is stale,
// so a command changed without `npm run cli:manifest` fails the tests, not a user's help.
//
// It also keeps command-snapshot.json, the public face of the commands (ids and flags, as the
// salesforcecli plugins' snapshots do): `--check` fails when a command or a flag was added,
// renamed or removed without `--write-snapshot`, so such a change is always deliberate.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Plugin } from '@oclif/core';
import { format, resolveConfig } from 'prettier';
import { projectRoot } from '../../product/project.ts';

const root = projectRoot();
export const MANIFEST_FILE = join(root, 'oclif.manifest.json');
export const SNAPSHOT_FILE = join(root, 'command-snapshot.json');

type Manifest = {
  version: string;
  commands: Record<
    string,
    { flags: Record<string, { char?: string; aliases?: string[] }>; aliases: string[] }
  >;
};

export interface CommandSnapshot {
  command: string;
  flags: string[];
  flagChars: string[];
  alias: string[];
}

/** What oclif would cache for the package's commands, built from the command classes. */
export async function buildManifest(): Promise<Manifest> {
  // ignoreManifest: build from the commands themselves, not from the file this writes.
  const plugin = new Plugin({
    root,
    type: 'core',
    ignoreManifest: true,
    errorOnManifestCreate: true
  });
  await plugin.load();
  return plugin.manifest as unknown as Manifest;
}

export function snapshotOf(manifest: Manifest): CommandSnapshot[] {
  return Object.entries(manifest.commands)
    .map(([id, command]) => ({
      command: id,
      flags: Object.keys(command.flags).sort(),
      flagChars: Object.values(command.flags)
        .map((flag) => flag.char)
        .filter((char): char is string => Boolean(char))
        .sort(),
      alias: [...command.aliases].sort()
    }))
    .sort((a, b) => a.command.localeCompare(b.command));
}

/** JSON as the repository keeps it (prettier-formatted, so `npm run prettier:verify` passes). */
async function asText(value: unknown, file: string): Promise<string> {
  const options = (await resolveConfig(file)) ?? {};
  return format(JSON.stringify(value), { ...options, filepath: file });
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      check: { type: 'boolean' },
      'write-snapshot': { type: 'boolean' },
      // Other files to compare with (the tests show that --check fails on a stale copy).
      manifest: { type: 'string', default: MANIFEST_FILE },
      snapshot: { type: 'string', default: SNAPSHOT_FILE }
    }
  });
  const manifestFile = values.manifest!;
  const snapshotFile = values.snapshot!;
  const manifest = await buildManifest();
  const manifestText = await asText(manifest, MANIFEST_FILE);
  const snapshotText = await asText(snapshotOf(manifest), SNAPSHOT_FILE);
  if (values.check) {
    const problems: string[] = [];
    if (readText(manifestFile) !== manifestText)
      problems.push(`${manifestFile} is out of date. Run \`npm run cli:manifest\`.`);
    if (readText(snapshotFile) !== snapshotText)
      problems.push(
        `The commands or their flags differ from ${snapshotFile}. If the change is meant, run \`npm run cli:manifest -- --write-snapshot\` and commit it.`
      );
    for (const problem of problems) console.error(problem);
    return problems.length === 0 ? 0 : 1;
  }
  writeFileSync(manifestFile, manifestText);
  console.log(`Wrote ${manifestFile} (${Object.keys(manifest.commands).length} commands).`);
  if (values['write-snapshot']) {
    writeFileSync(snapshotFile, snapshotText);
    console.log(`Wrote ${snapshotFile}.`);
  }
  return 0;
}

if (/[\\/]tooling[\\/]cli[\\/]manifest\.ts$/.test(process.argv[1] ?? '')) {
  process.exitCode = await main(process.argv.slice(2));
}
