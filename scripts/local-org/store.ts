// Keeps the local org's state in memory and, with a data folder, on disk as org.json, written
// through a temporary file and a rename so a crash never leaves half a file.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OrgState, OrgStore } from './model.ts';

export class LocalOrgStore implements OrgStore {
  private current: OrgState;
  private readonly file: string | null;
  private pending: NodeJS.Immediate | null = null;

  constructor(initial: OrgState, dataDir: string | null) {
    this.current = initial;
    this.file = dataDir ? join(dataDir, 'org.json') : null;
  }

  /** Loads the saved org from dataDir, or starts from `fresh()` (always, with reset). */
  static open(dataDir: string | null, reset: boolean, fresh: () => OrgState): LocalOrgStore {
    if (dataDir) {
      mkdirSync(dataDir, { recursive: true });
      const file = join(dataDir, 'org.json');
      if (reset) rmSync(file, { force: true });
      if (existsSync(file)) {
        const saved = JSON.parse(readFileSync(file, 'utf8')) as OrgState;
        if (saved.version !== 1) {
          throw new Error(
            `${file} was written by another version of the local org; start it with --reset.`
          );
        }
        return new LocalOrgStore(saved, dataDir);
      }
    }
    const store = new LocalOrgStore(fresh(), dataDir);
    store.flush();
    return store;
  }

  get state(): OrgState {
    return this.current;
  }

  replace(next: OrgState): void {
    this.current = next;
    this.save();
  }

  /**
   * Persists soon: writes made while one request is served (or by a burst of requests) are
   * written once, on the next turn of the event loop, instead of once each.
   */
  save(): void {
    if (!this.file || this.pending) return;
    this.pending = setImmediate(() => this.flush());
  }

  /** Writes the state now (on close, and before the process exits). */
  flush(): void {
    if (this.pending) clearImmediate(this.pending);
    this.pending = null;
    if (!this.file) return;
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.current));
    renameSync(temporary, this.file);
  }
}
