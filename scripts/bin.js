#!/usr/bin/env node
// The `bkconn` bin: the plugin's commands without the sf CLI installed (`npx bkconn setup`,
// `npm start`). `sf plugins link .` makes the same commands `sf bkconn ...`. The bin's first
// word may be left out for the product's topic: `bkconn setup` runs `bkconn:setup`, the same
// command as `sf bkconn setup`; `bkconn bkdev validate` runs the tooling's.
//
// An ES module (scripts/package.json says "type": "module"). The commands are TypeScript run by
// Node's type stripping (Node >= 22.18 without flags); on an older Node this re-runs itself on
// the Node the project installs as a dependency (node_modules/.bin/node), so `npx bkconn`
// works whatever Node comes first on PATH.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
const supported = major > 22 || (major === 22 && minor >= 18);
const TOPICS = ['bkconn', 'bkdev'];

/** argv with the product's topic put in front when the user left it out. */
function withTopic(argv) {
  const [first] = argv;
  if (first === undefined || first.startsWith('-') || first === 'help') return argv;
  if (TOPICS.includes(first) || TOPICS.some((topic) => first.startsWith(`${topic}:`))) return argv;
  return ['bkconn', ...argv];
}

if (supported) {
  // Before oclif loads anything (see the module for the two warnings it drops).
  await import('./product/commands/quiet-warnings.ts');
  process.env.SF_DISABLE_TELEMETRY ??= 'true';
  process.env.SF_SKIP_NEW_VERSION_CHECK ??= 'true';
  process.env.SF_AUTOUPDATE_DISABLE ??= 'true';
  process.env.SF_DISABLE_AUTOUPDATE ??= 'true';
  const { execute } = await import('@oclif/core');
  // The package root (package.json with the "oclif" section), not scripts/package.json.
  await execute({
    args: withTopic(process.argv.slice(2)),
    dir: new URL('../package.json', import.meta.url).href
  });
} else {
  const bin = process.platform === 'win32' ? 'node.cmd' : 'node';
  const projectNode = fileURLToPath(new URL(`../node_modules/.bin/${bin}`, import.meta.url));
  if (!existsSync(projectNode)) {
    console.error(
      `Error: bkconn needs Node 22.18 or later (this is ${process.version}), and the project's own Node is not installed.\n` +
        'Run `npm ci` in the project folder, or install Node 24.'
    );
    process.exit(1);
  }
  const script = fileURLToPath(import.meta.url);
  const result = spawnSync(projectNode, [script, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
