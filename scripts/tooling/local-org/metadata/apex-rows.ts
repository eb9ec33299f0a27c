// Deployed Apex becomes rows of ApexClass / ApexTrigger, as in a real org, so that the Tooling
// API (and the data API) can query what was deployed: `SELECT Id, Name FROM ApexClass`. The row's
// Id is the component's Id, which is also what SetupEntityAccess rows (Apex class access in a
// permission set) point at. The body is stored, never compiled or run.
import type { ObjectDef, OrgState } from '../model.ts';
import { field, object } from '../schema.ts';
import { insertRow, modifiedStamp } from '../rows.ts';

const APEX_OBJECTS: Record<string, { keyPrefix: string; label: string; labelPlural: string }> = {
  ApexClass: { keyPrefix: '01p', label: 'Apex Class', labelPlural: 'Apex Classes' },
  ApexTrigger: { keyPrefix: '01q', label: 'Apex Trigger', labelPlural: 'Apex Triggers' }
};

function apexObject(type: string): ObjectDef {
  const { keyPrefix, label, labelPlural } = APEX_OBJECTS[type];
  const readOnly = { createable: false, updateable: false };
  return object(
    type,
    keyPrefix,
    [
      field('Name', 'string', { length: 255, ...readOnly, label: 'Name' }),
      field('NamespacePrefix', 'string', { length: 15, ...readOnly }),
      field('ApiVersion', 'double', { precision: 18, scale: 1, ...readOnly }),
      field('Status', 'picklist', {
        picklist: ['Inactive', 'Active', 'Deleted'],
        restricted: true,
        ...readOnly
      }),
      field('IsValid', 'boolean', readOnly),
      field('Body', 'textarea', { length: 1000000, ...readOnly }),
      field('LengthWithoutComments', 'int', readOnly),
      ...(type === 'ApexTrigger'
        ? [field('TableEnumOrId', 'string', { length: 40, ...readOnly })]
        : [])
    ],
    { label, labelPlural, setupObject: true, readOnly: true }
  );
}

function element(xml: string, name: string): string | null {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1].trim() ?? null;
}

/** Inserts or updates the row of a deployed ApexClass or ApexTrigger (state is the deploy's copy). */
export function recordApexRow(
  state: OrgState,
  row: {
    type: string;
    id: string;
    fullName: string;
    body: string;
    metaXml: string;
    now: string;
    userId: string;
    namespace: string | null;
  }
): void {
  const key = row.type.toLowerCase();
  state.schema[key] ??= apexObject(row.type);
  state.records[key] ??= {};
  const values = {
    Name: row.fullName,
    NamespacePrefix: row.namespace,
    ApiVersion: Number(element(row.metaXml, 'apiVersion') ?? 0) || null,
    Status: element(row.metaXml, 'status') ?? 'Active',
    IsValid: true,
    Body: row.body,
    // Comments stripped the simple way; the count is informational, not used for coverage.
    LengthWithoutComments: row.body.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '').length,
    ...(row.type === 'ApexTrigger'
      ? { TableEnumOrId: /\btrigger\s+\w+\s+on\s+(\w+)/i.exec(row.body)?.[1] ?? null }
      : {})
  };
  const existing = state.records[key][row.id];
  if (existing)
    Object.assign(existing, values, modifiedStamp({ userId: row.userId, now: row.now }));
  else insertRow(state, row.type, values, { userId: row.userId, now: row.now, id: row.id });
}
