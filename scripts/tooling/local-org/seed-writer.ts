// How the seed writes a new org's rows: through the one row-insert (rows.ts), all stamped with
// the seed's time and created by the org's admin. The admin is a row of the org too, so the rows
// written before it exists name themselves as creator until setCreator restamps them.
import type { OrgState } from './model.ts';
import { newId } from './model.ts';
import { insertRow } from './rows.ts';

export class SeedWriter {
  private creatorId = '';
  private readonly state: OrgState;
  private readonly now: string;

  constructor(state: OrgState, now: string) {
    this.state = state;
    this.now = now;
  }

  /** Inserts a row of `objectName` and returns its Id. */
  insert(objectName: string, values: Record<string, unknown>): string {
    const id = newId(this.state, this.state.schema[objectName.toLowerCase()].keyPrefix);
    return insertRow(this.state, objectName, values, {
      id,
      userId: this.creatorId || id,
      now: this.now
    }).Id;
  }

  /** The admin has been created: every row so far, and every row after, is the admin's. */
  setCreator(userId: string): void {
    this.creatorId = userId;
    for (const table of Object.values(this.state.records)) {
      for (const record of Object.values(table)) {
        record.CreatedById = userId;
        record.LastModifiedById = userId;
      }
    }
  }
}
