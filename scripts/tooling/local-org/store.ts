// Keeps the local org's state in memory and, with a data folder, on disk as org.json. Every
// answer the org gives waits until the changes made before it are on disk (platform rule
// `api.write.durable`): a write that was acknowledged survives the process being killed right
// after, and the Id counter with it, so no Id is issued twice. The file is written to a
// temporary file, fsync'd and renamed over org.json (and the folder fsync'd), so a crash leaves
// either the old state or the new one, never half a file. Changes made while one write is under
// way are committed together by the next (group commit): concurrent requests share a write.
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync
} from 'node:fs';
import { join } from 'node:path';
import type { OrgState, OrgStore } from './model.ts';

export class LocalOrgStore implements OrgStore {
  private current: OrgState;
  private readonly dataDir: string | null;
  private readonly file: string | null;
  private pending: NodeJS.Immediate | null = null;
  /** Changes not yet on disk. */
  private dirty = false;
  /** Answers waiting for the next write to reach the disk. */
  private waiters: { resolve: () => void; reject: (error: Error) => void }[] = [];

  constructor(initial: OrgState, dataDir: string | null) {
    this.current = initial;
    this.dataDir = dataDir;
    this.file = dataDir ? join(dataDir, 'org.json') : null;
  }

  /** Loads the saved org from dataDir, or starts from `fresh()` (always, with reset). */
  static open(dataDir: string | null, reset: boolean, fresh: () => OrgState): LocalOrgStore {
    if (dataDir) {
      mkdirSync(dataDir, { recursive: true });
      const file = join(dataDir, 'org.json');
      if (reset) rmSync(file, { force: true });
      rmSync(`${file}.tmp`, { force: true }); // a write a crash interrupted: never acknowledged
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
    store.dirty = true;
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
   * Marks the state changed and schedules a write on the next turn of the event loop, so the
   * changes of one request (or of a burst of requests) are written once.
   */
  save(): void {
    if (!this.file) return;
    this.dirty = true;
    this.pending ??= setImmediate(() => this.flushAndSettle());
  }

  /**
   * Resolves once every change made so far is on disk; the server awaits it before it answers.
   * Immediate for an in-memory org, or when nothing changed.
   */
  commit(): Promise<void> {
    if (!this.file || !this.dirty) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.pending ??= setImmediate(() => this.flushAndSettle());
    });
  }

  private flushAndSettle(): void {
    const waiters = this.waiters;
    this.waiters = [];
    try {
      this.flush();
      for (const waiter of waiters) waiter.resolve();
    } catch (error) {
      for (const waiter of waiters) waiter.reject(error as Error);
    }
  }

  /** Writes the state now (on close, and before the process exits), durably. */
  flush(): void {
    if (this.pending) clearImmediate(this.pending);
    this.pending = null;
    if (!this.file || !this.dataDir || !this.dirty) return;
    this.dirty = false;
    const temporary = `${this.file}.tmp`;
    try {
      const descriptor = openSync(temporary, 'w');
      try {
        writeSync(descriptor, JSON.stringify(this.current));
        fsyncSync(descriptor);
      } finally {
        closeSync(descriptor);
      }
      renameSync(temporary, this.file);
      // The rename itself is durable only once the folder's entry is on disk.
      const folder = openSync(this.dataDir, 'r');
      try {
        fsyncSync(folder);
      } finally {
        closeSync(folder);
      }
    } catch (error) {
      this.dirty = true;
      throw error;
    }
  }
}
