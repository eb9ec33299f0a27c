#!/usr/bin/env node
// The `bkconn` bin (an ES module: scripts/package.json says "type": "module"). The tooling is
// TypeScript run by Node's type stripping (Node >= 22.18 without flags); on an older Node this
// re-runs itself on the Node the project installs as a dependency (node_modules/.bin/node), so
// `npx bkconn` works whatever Node comes first on PATH.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
const supported = major > 22 || (major === 22 && minor >= 18);
const main = fileURLToPath(new URL('./main.ts', import.meta.url));

if (supported) {
  // main.ts runs the command when argv[1] names it.
  process.argv[1] = main;
  await import(pathToFileURL(main).href);
} else {
  const bin = process.platform === 'win32' ? 'node.cmd' : 'node';
  const projectNode = fileURLToPath(new URL(`../../../node_modules/.bin/${bin}`, import.meta.url));
  if (!existsSync(projectNode)) {
    console.error(
      `Error: bkconn needs Node 22.18 or later (this is ${process.version}), and the project's own Node is not installed.\n` +
        'Run `npm ci` in the project folder, or install Node 24.'
    );
    process.exit(1);
  }
  const result = spawnSync(projectNode, [main, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
