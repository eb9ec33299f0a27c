// Test fixtures only: rows put straight into a local org's store, with the CreatedDate (and
// LastModifiedDate, SystemModstamp) a test gives, as if they had been created then. The API
// cannot do this (CreatedDate is not createable without the "Set Audit Fields upon Record
// Creation" permission, which the local org does not model), so retention and "last 24 hours"
// tests use this. No validation, no access check, no triggers of any kind: the values are
// stored as given (field names as the schema spells them).
import type { SObjectRecord } from './model.ts';
import { assignAutoNumbers } from './records.ts';
import { insertRow } from './rows.ts';
import type { LocalOrg } from './server.ts';

export interface TestRecordOptions {
  /** CreatedDate: a Date or an ISO datetime; default now. */
  createdDate?: Date | string;
  /** CreatedById and LastModifiedById; default the org's admin. */
  createdById?: string;
}

/** The REST API's datetime form (`2026-01-31T12:00:00.000+0000`). */
function apiDateTime(value: Date | string): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new Error(`Not a datetime: ${String(value)}`);
  return date.toISOString().replace('Z', '+0000');
}

/**
 * Inserts records of `objectName` (an object in the org's schema, e.g. BookingSyncLog__c once the
 * package is deployed) created at `options.createdDate`, and returns them with their new Ids.
 */
export function insertTestRecords(
  org: Pick<LocalOrg, 'store' | 'adminUserId'>,
  objectName: string,
  rows: readonly Record<string, unknown>[],
  options: TestRecordOptions = {}
): SObjectRecord[] {
  const definition = org.store.state.schema[objectName.toLowerCase()];
  if (!definition) throw new Error(`The local org has no object ${objectName}.`);
  const now = apiDateTime(options.createdDate ?? new Date());
  const inserted = rows.map((values) => {
    const defaults: Record<string, unknown> = {};
    for (const field of Object.values(definition.fields))
      if (field.type === 'boolean') defaults[field.name] = field.defaultValue === true;
    if (definition.fields.ownerid) defaults.OwnerId = options.createdById ?? org.adminUserId;
    assignAutoNumbers(definition, defaults, new Date(now.replace('+0000', 'Z')));
    return insertRow(
      org.store.state,
      definition.name,
      { ...defaults, ...values },
      { userId: options.createdById ?? org.adminUserId, now }
    );
  });
  org.store.save();
  return inserted;
}
