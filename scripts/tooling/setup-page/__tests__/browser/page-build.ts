// The setup page built once per state of its sources, for the browser tests.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../../../product/project.ts';

// ---- the page --------------------------------------------------------------------------------

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * The built page, built once for the sources as they are: a folder under .setup-page/test-build
 * named after a hash of every input of the build (LWC sources, labels, build and shim code, the
 * lock file). Test files running in parallel build it at most once each and keep the first
 * finished copy (the rename is atomic).
 */
export async function builtPage(): Promise<string> {
  const root = projectRoot();
  const inputs = [
    ...filesUnder(join(root, 'force-app', 'main', 'default', 'lwc')),
    join(root, 'force-app', 'main', 'default', 'labels', 'CustomLabels.labels-meta.xml'),
    ...filesUnder(join(root, 'scripts', 'tooling', 'setup-page', 'build')),
    ...filesUnder(join(root, 'scripts', 'tooling', 'setup-page', 'platform')),
    join(root, 'package-lock.json')
  ].filter((path) => !/__tests__/.test(path));
  const hash = createHash('sha256');
  for (const path of inputs) hash.update(relative(root, path)).update(readFileSync(path));
  const cache = join(root, '.setup-page', 'test-build');
  const outDir = join(cache, hash.digest('hex').slice(0, 16));
  if (existsSync(join(outDir, 'index.html'))) return outDir;
  mkdirSync(cache, { recursive: true });
  const building = join(cache, `building-${process.pid}-${randomBytes(4).toString('hex')}`);
  // The build runs as its command does (build/cli.ts, in Node 24): its modules find their folders
  // with import.meta, which the CommonJS that Jest compiles the tooling to cannot express.
  await promisify(execFile)(
    join(root, 'node_modules', '.bin', 'node'),
    [join(root, 'scripts', 'tooling', 'setup-page', 'build', 'cli.ts'), '--out', building],
    { cwd: root, maxBuffer: 16 * 1024 * 1024 }
  );
  try {
    renameSync(building, outDir);
  } catch {
    // Another test file finished first: its copy is the same build.
    rmSync(building, { recursive: true, force: true });
  }
  return outDir;
}
