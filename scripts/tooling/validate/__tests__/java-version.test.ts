// The PMD engine's Java probe must read the whole `java -version` output even when the process
// exits before its stderr closes, which is what a loaded machine does to a fast child.
import { RuntimeJavaVersionIdentifier } from '@salesforce/code-analyzer-pmd-engine/dist/JavaVersionIdentifier.js';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JavaVersionAfterClose, javaVersionFrom } from '../checks/java-version.ts';

let dir: string;
let lateJava: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'java-probe-'));
  // Exits 0 at once; a background child still holds stderr and writes the version a moment later.
  lateJava = join(dir, 'java');
  writeFileSync(
    lateJava,
    '#!/bin/sh\n(sleep 0.3; echo \'openjdk version "17.0.15" 2025-04-15\' >&2) &\nexit 0\n'
  );
  chmodSync(lateJava, 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("Code Analyzer's own probe misses output that arrives after exit (why ours exists)", async () => {
  await expect(
    new RuntimeJavaVersionIdentifier().identifyJavaVersion(lateJava)
  ).resolves.toBeNull();
});

test('the probe the gate uses waits for stderr to close and reads the version', async () => {
  const version = await new JavaVersionAfterClose().identifyJavaVersion(lateJava);
  expect(version?.version).toBe('17.0.15');
});

test('a missing java command is an error, not a version', async () => {
  await expect(
    new JavaVersionAfterClose().identifyJavaVersion(join(dir, 'no-java'))
  ).rejects.toMatch(/ENOENT/);
});

test('reads the version the way Code Analyzer does', () => {
  expect(javaVersionFrom('openjdk version "11.0.6" 2020-01-14 LTS')?.version).toBe('11.0.6');
  expect(javaVersionFrom('java version "1.8.0_292"')?.version).toBe('1.8.0');
  expect(javaVersionFrom('nothing here')).toBeNull();
});
