// Polymorphic relationships (Who, What, Owner) as SOQL reads them (platform rule
// `api.soql.polymorphicName`): the related record is seen through the Name object, whose fields
// (Type, Name, FirstName, Email, ...) exist whatever the record's own object, so
// `SELECT Who.Type, Who.Name, What.Type FROM Event` works on any Event.
import type { FieldDef, ObjectDef, SObjectRecord } from './model.ts';
import { field, object } from './schema.ts';

const readOnly = { createable: false, updateable: false } as const;

const NAME_FIELDS = ['Id', 'Type', 'Name', 'FirstName', 'LastName', 'Alias', 'Email', 'Phone'];

/** The Name object: queryable only through a polymorphic relationship, never by itself. */
export const NAME_OBJECT: ObjectDef = withoutAuditFields(
  object(
    'Name',
    '000',
    [
      field('Type', 'picklist', readOnly),
      field('Name', 'string', { length: 255, ...readOnly }),
      field('FirstName', 'string', { length: 40, ...readOnly }),
      field('LastName', 'string', { length: 80, ...readOnly }),
      field('Alias', 'string', { length: 8, ...readOnly }),
      field('Email', 'email', readOnly),
      field('Phone', 'phone', readOnly),
      field('Title', 'string', { length: 128, ...readOnly }),
      field('Username', 'string', { length: 80, ...readOnly }),
      field('IsActive', 'boolean', readOnly),
      field('ProfileId', 'reference', { referenceTo: ['Profile'], ...readOnly }),
      field('RecordTypeId', 'reference', { referenceTo: ['RecordType'], ...readOnly })
    ],
    // Not governed by object permissions: what the user may see of the record itself is decided by
    // the relationship's own field (WhoId, WhatId, OwnerId) being readable.
    { setupObject: true, readOnly: true, label: 'Name' }
  )
);

/** The Name object has no audit fields (CreatedDate, ...): only Id and its own. */
function withoutAuditFields(definition: ObjectDef): ObjectDef {
  const own = new Set([
    ...NAME_FIELDS,
    'Title',
    'Username',
    'IsActive',
    'ProfileId',
    'RecordTypeId'
  ]);
  definition.fields = Object.fromEntries(
    Object.entries(definition.fields).filter(([, fieldDef]) => own.has(fieldDef.name))
  );
  return definition;
}

/** A relationship that can point at several objects reads through the Name object. */
export function isPolymorphic(reference: FieldDef): boolean {
  return reference.referenceTo.length > 1;
}

/** The related record as the Name object shows it: its type, and the Name fields it has. */
export function asNameRecord(definition: ObjectDef, record: SObjectRecord): SObjectRecord {
  const projected: SObjectRecord = { Id: record.Id, Type: definition.name };
  for (const fieldDef of Object.values(NAME_OBJECT.fields)) {
    if (fieldDef.name === 'Id' || fieldDef.name === 'Type') continue;
    const own = definition.fields[fieldDef.name.toLowerCase()];
    projected[fieldDef.name] = own ? (record[own.name] ?? null) : null;
  }
  return projected;
}
