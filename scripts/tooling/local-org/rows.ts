// The one way a row enters the org: a new Id and the audit fields Salesforce sets on every insert
// (CreatedDate, CreatedById, LastModifiedDate, LastModifiedById, SystemModstamp), whoever writes
// it: the REST API (records.ts), a deploy (metadata/), the seed, a package build or install, the
// Dev Hub. The system fields are described in the object reference:
// https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/system_fields.htm
import type { OrgState, SObjectRecord } from './model.ts';
import { newId } from './model.ts';

/** Now, as the REST API writes a datetime (`2026-01-31T12:00:00.000+0000`). */
export function apiTimestamp(): string {
  return new Date().toISOString().replace('Z', '+0000');
}

/** Who writes a row and when: the values of its audit fields. */
export interface RowAuthor {
  /**
   * CreatedById and LastModifiedById. Undefined only where the writer has no user to name (a
   * saved org without its admin): the fields are then left unset.
   */
  userId: string | undefined;
  /** CreatedDate, LastModifiedDate and SystemModstamp. */
  now: string;
  /**
   * The row's Id when the caller minted it first: a row that names itself (the org's first
   * user is its own creator) or Ids that must be minted in a given order (a package version and
   * its subscriber version Id).
   */
  id?: string;
}

/**
 * Adds a row to the table of `objectName` (created if missing) with a new Id (the object's key
 * prefix) and its audit fields, and returns it. `values` are written after the audit fields, so
 * a writer that copies another row's stamps (a person account's Contact) passes them there; the
 * Id is always the one minted here.
 */
export function insertRow(
  state: OrgState,
  objectName: string,
  values: Record<string, unknown>,
  author: RowAuthor
): SObjectRecord {
  const key = objectName.toLowerCase();
  const id = author.id ?? newId(state, state.schema[key].keyPrefix);
  const row: SObjectRecord = {
    Id: id,
    CreatedDate: author.now,
    CreatedById: author.userId,
    LastModifiedDate: author.now,
    LastModifiedById: author.userId,
    SystemModstamp: author.now,
    ...values
  };
  row.Id = id;
  state.records[key] ??= {};
  state.records[key][id] = row;
  return row;
}

/**
 * The audit fields an update sets (LastModifiedDate, LastModifiedById, SystemModstamp), to
 * assign over the row it changes.
 */
export function modifiedStamp(author: Omit<RowAuthor, 'id'>): Record<string, unknown> {
  return {
    LastModifiedDate: author.now,
    LastModifiedById: author.userId,
    SystemModstamp: author.now
  };
}
