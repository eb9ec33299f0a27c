// The Java version probe the PMD engine starts with, read after the child's output has closed.
// Code Analyzer's own probe (RuntimeJavaVersionIdentifier) parses `java -version` on the child's
// 'exit' event, and Node documents that "when the 'exit' event is triggered, child process stdio
// streams might still be open" (https://nodejs.org/api/child_process.html#event-exit). On a
// loaded machine stderr is then still empty, the version reads as unrecognisable and the gate
// fails with "Could not locate Java" although Java 17 is on the PATH (seen in CI). Waiting for
// 'close' (all stdio closed) reads the whole output.
import { spawn } from 'node:child_process';
import { coerce, type SemVer } from 'semver';

export class JavaVersionAfterClose {
  private readonly cache = new Map<string, SemVer | null>();

  identifyJavaVersion(javaCommand: string): Promise<SemVer | null> {
    const cached = this.cache.get(javaCommand);
    if (cached !== undefined) return Promise.resolve(cached);
    return new Promise((resolve, reject) => {
      const child = spawn(javaCommand, ['-version'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => (stderr += chunk));
      child.on('error', (error) => reject(error.message));
      child.on('close', (code) => {
        if (code !== 0) {
          reject(stderr || `${javaCommand} -version exited with code ${code}`);
          return;
        }
        const version = javaVersionFrom(stderr);
        this.cache.set(javaCommand, version);
        resolve(version);
      });
    });
  }
}

/** `openjdk version "17.0.15" 2025-04-15` → 17.0.15; the same reading as Code Analyzer's. */
export function javaVersionFrom(output: string): SemVer | null {
  const quoted = /version\s+"?(\d+(\.\d+)*)"?/i.exec(output)?.[1];
  return coerce(quoted ?? output);
}
