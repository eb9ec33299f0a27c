// Writes to records, checked as Salesforce checks them, with its error codes and messages:
// object and field access, unknown and read-only fields, required fields, restricted picklists,
// lengths, value types, references, unique and external ids, duplicate assignments.
import type { IncomingHttpHeaders } from 'node:http';
import { checkDuplicates } from './duplicate-rules.ts';
import { assignedOwner } from './assignment-rules.ts';
import type { FieldDef, ObjectDef, OrgState, SObjectRecord } from './model.ts';
import { apiTimestamp, insertRow, modifiedStamp } from './rows.ts';
import type { UserAccess } from './access.ts';
import { ApiError, insufficientAccess, notFound, unsupportedType } from './errors.ts';
import { hasNoObjectPermissions } from './activity-permissions.ts';
import { MAX_API_VERSION } from './rest/versions.ts';

export interface WriteContext {
  state: OrgState;
  access: UserAccess;
  /** The request's headers, for the ones that change a save (Sforce-Duplicate-Rule-Header). */
  headers?: IncomingHttpHeaders;
}

export function writableObject(context: WriteContext, objectName: string): ObjectDef {
  const definition = context.state.schema[objectName.toLowerCase()];
  if (!definition || !context.access.objectAccess(definition).read)
    throw unsupportedType(objectName);
  return definition;
}

function table(state: OrgState, definition: ObjectDef): Record<string, SObjectRecord> {
  const key = definition.name.toLowerCase();
  state.records[key] ??= {};
  return state.records[key];
}

export function findRecord(
  context: WriteContext,
  definition: ObjectDef,
  id: string
): SObjectRecord {
  const rows = table(context.state, definition);
  const record =
    rows[id] ?? Object.values(rows).find((row) => row.Id.slice(0, 15) === id.slice(0, 15));
  if (!record) throw notFound();
  return record;
}

/** The record as GET sobjects/X/id returns it: every field the user can read. */
export function readableFields(
  context: WriteContext,
  definition: ObjectDef,
  record: SObjectRecord,
  only?: string[]
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    attributes: {
      type: definition.name,
      url: `/services/data/v${MAX_API_VERSION}/sobjects/${definition.name}/${record.Id}`
    }
  };
  const wanted = only?.map((name) => name.toLowerCase());
  for (const fieldDef of Object.values(definition.fields)) {
    if (wanted && !wanted.includes(fieldDef.name.toLowerCase())) continue;
    if (!context.access.fieldAccess(definition, fieldDef.name).read) continue;
    out[fieldDef.name] = record[fieldDef.name] ?? null;
  }
  return out;
}

function coerce(fieldDef: FieldDef, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const fail = (): never => {
    throw new ApiError(
      400,
      'JSON_PARSER_ERROR',
      `Cannot deserialize instance of ${fieldDef.soapType.replace(/^\w+:/, '')} from ${typeof value} value ${JSON.stringify(value)} or request may be missing a required field`,
      [fieldDef.name]
    );
  };
  switch (fieldDef.type) {
    case 'boolean':
      return typeof value === 'boolean'
        ? value
        : value === 'true'
          ? true
          : value === 'false'
            ? false
            : fail();
    case 'int':
    case 'double':
    case 'currency':
    case 'percent': {
      const number = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(number)
        ? fieldDef.type === 'int'
          ? Math.trunc(number)
          : number
        : fail();
    }
    case 'datetime': {
      const time = Date.parse(String(value));
      if (Number.isNaN(time)) {
        throw new ApiError(
          400,
          'INVALID_TYPE_ON_FIELD_IN_RECORD',
          `${fieldDef.label}: value not of required type: ${String(value)}`,
          [fieldDef.name]
        );
      }
      return new Date(time).toISOString().replace('Z', '+0000');
    }
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(String(value))) {
        throw new ApiError(
          400,
          'INVALID_TYPE_ON_FIELD_IN_RECORD',
          `${fieldDef.label}: value not of required type: ${String(value)}`,
          [fieldDef.name]
        );
      }
      return String(value);
    default:
      if (typeof value === 'object') fail();
      return String(value);
  }
}

function checkValue(
  context: WriteContext,
  definition: ObjectDef,
  fieldDef: FieldDef,
  value: unknown,
  recordId: string | null
): void {
  if (value === null) return;
  if (
    (fieldDef.type === 'picklist' || fieldDef.type === 'multipicklist') &&
    fieldDef.restrictedPicklist
  ) {
    const allowed = fieldDef.picklistValues
      .filter((entry) => entry.active)
      .map((entry) => entry.value);
    const given = fieldDef.type === 'multipicklist' ? String(value).split(';') : [String(value)];
    const bad = given.find((entry) => !allowed.includes(entry));
    if (bad !== undefined) {
      throw new ApiError(
        400,
        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        `${fieldDef.label}: bad value for restricted picklist field: ${bad}`,
        [fieldDef.name]
      );
    }
  }
  if (
    typeof value === 'string' &&
    fieldDef.length > 0 &&
    ['string', 'textarea', 'email', 'phone', 'url', 'picklist', 'combobox'].includes(
      fieldDef.type
    ) &&
    value.length > fieldDef.length
  ) {
    throw new ApiError(
      400,
      'STRING_TOO_LONG',
      `${fieldDef.label}: data value too large: ${value.slice(0, 40)} (max length=${fieldDef.length})`,
      [fieldDef.name]
    );
  }
  if (
    fieldDef.type === 'email' &&
    typeof value === 'string' &&
    value !== '' &&
    !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)
  ) {
    throw new ApiError(
      400,
      'INVALID_EMAIL_ADDRESS',
      `${fieldDef.label}: invalid email address: ${value}`,
      [fieldDef.name]
    );
  }
  if (fieldDef.type === 'reference') {
    const id = String(value);
    if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id)) {
      throw new ApiError(
        400,
        'MALFORMED_ID',
        `${fieldDef.label}: id value of incorrect type: ${id}`,
        [fieldDef.name]
      );
    }
    const targets = fieldDef.referenceTo
      .map((name) => context.state.schema[name.toLowerCase()])
      .filter(Boolean);
    const target = targets.find((candidate) => candidate.keyPrefix === id.slice(0, 3));
    if (!target) {
      throw new ApiError(
        400,
        'FIELD_INTEGRITY_EXCEPTION',
        `${fieldDef.label}: id value of incorrect type: ${id}`,
        [fieldDef.name]
      );
    }
    const exists = Object.values(context.state.records[target.name.toLowerCase()] ?? {}).some(
      (row) => row.Id.slice(0, 15) === id.slice(0, 15)
    );
    if (!exists) {
      throw new ApiError(400, 'INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [
        fieldDef.name
      ]);
    }
    // A converted Lead may no longer be referenced (an Event's WhoId, ...): its Contact is.
    if (target.name === 'Lead' && isConvertedLead(context.state, id))
      throw convertedLeadError([fieldDef.name]);
  }
  if (fieldDef.unique || fieldDef.externalId) {
    if (!fieldDef.unique && fieldDef.externalId) return; // external ids that are not unique may repeat
    // A unique case-sensitive field holds "ABC" and "abc" as two values.
    const same = keyComparer(fieldDef);
    const clash = Object.values(table(context.state, definition)).find(
      (row) =>
        row.Id !== recordId &&
        row[fieldDef.name] !== null &&
        row[fieldDef.name] !== undefined &&
        same(String(row[fieldDef.name]), String(value))
    );
    if (clash) {
      throw new ApiError(
        400,
        'DUPLICATE_VALUE',
        `duplicate value found: ${fieldDef.name} duplicates value on record with id: ${clash.Id}`,
        [fieldDef.name]
      );
    }
  }
}

/** Maps the request body onto canonical field names, refusing unknown or non-writable fields. */
function prepare(
  context: WriteContext,
  definition: ObjectDef,
  body: Record<string, unknown>,
  mode: 'create' | 'update',
  recordId: string | null
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const notWritable: string[] = [];
  for (const [name, raw] of Object.entries(body)) {
    if (name === 'attributes') continue;
    const fieldDef = definition.fields[name.toLowerCase()];
    if (!fieldDef || !context.access.fieldAccess(definition, fieldDef.name).read) {
      throw new ApiError(
        400,
        'INVALID_FIELD',
        `No such column '${name}' on sobject of type ${definition.name}`,
        [name]
      );
    }
    if (fieldDef.name === 'Id') continue;
    const allowed = mode === 'create' ? fieldDef.createable : fieldDef.updateable;
    if (!allowed || !context.access.fieldAccess(definition, fieldDef.name).edit) {
      notWritable.push(fieldDef.name);
      continue;
    }
    const value = coerce(fieldDef, raw);
    checkValue(context, definition, fieldDef, value, recordId);
    values[fieldDef.name] = value;
  }
  if (notWritable.length > 0) {
    throw new ApiError(
      400,
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      `Unable to create/update fields: ${notWritable.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
      notWritable
    );
  }
  return values;
}

function requireFields(definition: ObjectDef, record: Record<string, unknown>): void {
  const missing = Object.values(definition.fields)
    .filter(
      (fieldDef) =>
        fieldDef.createable &&
        !fieldDef.nillable &&
        !fieldDef.defaultedOnCreate &&
        fieldDef.type !== 'boolean'
    )
    .filter(
      (fieldDef) =>
        record[fieldDef.name] === null ||
        record[fieldDef.name] === undefined ||
        record[fieldDef.name] === ''
    )
    .map((fieldDef) => fieldDef.name);
  if (
    definition.name === 'Event' &&
    record.StartDateTime &&
    !record.EndDateTime &&
    record.DurationInMinutes == null
  )
    missing.push('EndDateTime');
  if (
    definition.name === 'Event' &&
    !record.StartDateTime &&
    !record.ActivityDateTime &&
    !record.IsAllDayEvent
  )
    missing.push('StartDateTime');
  if (missing.length > 0) {
    throw new ApiError(
      400,
      'REQUIRED_FIELD_MISSING',
      `Required fields are missing: [${missing.join(', ')}]`,
      missing
    );
  }
}

/** Fields Salesforce computes from others (names, Event duration). */
function derive(definition: ObjectDef, record: Record<string, unknown>): void {
  if (definition.fields.name && !definition.fields.name.createable && definition.fields.lastname) {
    record.Name = [record.FirstName, record.LastName].filter(Boolean).join(' ');
  }
  if (definition.name === 'Event' && typeof record.StartDateTime === 'string') {
    record.ActivityDateTime = record.StartDateTime;
    if (typeof record.EndDateTime === 'string') {
      record.DurationInMinutes = Math.round(
        (Date.parse(String(record.EndDateTime).replace('+0000', 'Z')) -
          Date.parse(String(record.StartDateTime).replace('+0000', 'Z'))) /
          60000
      );
    }
  }
}

/**
 * ObjectPermissions.SobjectType is a restricted picklist of the objects that have object
 * permissions; Event and Task are not among them (platform rule
 * permission.Event.noObjectPermissions). Assumption: the answer is the standard one for a value
 * outside a restricted picklist, with the field's label.
 */
function checkObjectPermissionType(record: Record<string, unknown>): void {
  const type = String(record.SobjectType ?? '');
  if (hasNoObjectPermissions(type)) {
    throw new ApiError(
      400,
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      `SObject Type Name: bad value for restricted picklist field: ${type}`,
      ['SobjectType']
    );
  }
}

/**
 * An Event or Task whose WhoId is a Lead must have an empty WhatId (platform rule
 * api.Activity.leadHasNoWhat). Checked on the record as it would be saved.
 */
function checkActivityRelations(
  context: WriteContext,
  definition: ObjectDef,
  record: Record<string, unknown>
): void {
  if (definition.name !== 'Event' && definition.name !== 'Task') return;
  const leadPrefix = context.state.schema.lead?.keyPrefix;
  const whoId = record.WhoId ? String(record.WhoId) : '';
  if (!leadPrefix || !whoId.startsWith(leadPrefix) || !record.WhatId) return;
  throw new ApiError(
    400,
    'FIELD_INTEGRITY_EXCEPTION',
    'Related To ID: an activity whose Name is a Lead cannot be related to another record',
    ['WhatId']
  );
}

/** Rules of specific setup objects that the product depends on. */
function checkSetupRules(
  context: WriteContext,
  definition: ObjectDef,
  record: Record<string, unknown>
): void {
  if (definition.name === 'ObjectPermissions') {
    checkObjectPermissionType(record);
    return;
  }
  if (definition.name !== 'PermissionSetAssignment') return;
  const duplicate = Object.values(context.state.records.permissionsetassignment ?? {}).find(
    (row) => row.AssigneeId === record.AssigneeId && row.PermissionSetId === record.PermissionSetId
  );
  if (duplicate) {
    // Assumption (not found verbatim in Salesforce's documentation): the message names the
    // assignee and the permission set by Id, as Salesforce's DUPLICATE_VALUE answer does.
    throw new ApiError(
      400,
      'DUPLICATE_VALUE',
      `Duplicate PermissionSetAssignment. Assignee: ${String(record.AssigneeId)}, PermissionSet: ${String(record.PermissionSetId)}`,
      []
    );
  }
  const user = context.state.records.user?.[String(record.AssigneeId)];
  const profile = user ? context.state.records.profile?.[String(user.ProfileId)] : undefined;
  const license = profile
    ? context.state.records.userlicense?.[String(profile.UserLicenseId)]
    : undefined;
  if (license && license.Name !== 'Salesforce' && license.Name !== 'Salesforce Platform') {
    // Licenses other than Salesforce and Salesforce Platform carry no CRM object access, so a
    // permission set granting any is refused, naming the first permission it cannot hold.
    const grant = Object.values(context.state.records.objectpermissions ?? {}).find(
      (row) => row.ParentId === record.PermissionSetId && row.PermissionsRead
    );
    if (grant) {
      throw new ApiError(
        400,
        'FIELD_INTEGRITY_EXCEPTION',
        `The user license doesn't allow the permission: Read ${String(grant.SobjectType)}`,
        ['PermissionSetId']
      );
    }
  }
}

/** Fields of a person account mirrored onto its Contact (Account field -> Contact field). */
const PERSON_CONTACT_FIELDS: Record<string, string> = {
  FirstName: 'FirstName',
  LastName: 'LastName',
  PersonEmail: 'Email',
  PersonPhone: 'Phone',
  PersonMobilePhone: 'MobilePhone',
  OwnerId: 'OwnerId'
};

function isPersonRecordType(context: WriteContext, recordTypeId: unknown): boolean {
  if (!recordTypeId) return false;
  const recordType = context.state.records.recordtype?.[String(recordTypeId)];
  return recordType?.IsPersonType === true;
}

/**
 * A person account (orgs with Person Accounts, seed.ts enablePersonAccounts): its record type
 * makes it one, its name comes from the person's name, and a business account may not carry
 * person fields. Runs before the required-field check.
 */
function preparePersonAccount(
  context: WriteContext,
  definition: ObjectDef,
  record: Record<string, unknown>
): void {
  if (definition.name !== 'Account' || !definition.fields.ispersonaccount) return;
  const person = isPersonRecordType(context, record.RecordTypeId);
  record.IsPersonAccount = person;
  if (!person) {
    const used = Object.keys(PERSON_CONTACT_FIELDS).filter(
      (name) => name !== 'OwnerId' && record[name] !== undefined && record[name] !== null
    );
    if (used.length)
      throw new ApiError(
        400,
        'INVALID_FIELD',
        `Business Account may not use Person Account field: ${used.join(', ')}`,
        used
      );
    return;
  }
  if (!record.LastName)
    throw new ApiError(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [LastName]', [
      'LastName'
    ]);
  record.Name = [record.FirstName, record.LastName].filter(Boolean).join(' ');
}

/** Creates or updates the Contact behind a person account, as Salesforce keeps them in step. */
function syncPersonContact(context: WriteContext, account: SObjectRecord): void {
  if (account.IsPersonAccount !== true) return;
  const contacts = context.state.records.contact;
  const values: Record<string, unknown> = { AccountId: account.Id, IsPersonAccount: true };
  for (const [from, to] of Object.entries(PERSON_CONTACT_FIELDS))
    values[to] = account[from] ?? null;
  values.Name = [values.FirstName, values.LastName].filter(Boolean).join(' ');
  const existing = account.PersonContactId ? contacts[String(account.PersonContactId)] : undefined;
  const stamp = {
    LastModifiedDate: account.LastModifiedDate,
    LastModifiedById: account.LastModifiedById,
    SystemModstamp: account.SystemModstamp
  };
  if (existing) {
    Object.assign(existing, values, stamp);
    return;
  }
  // Created with the account (its CreatedDate and CreatedById), last modified with it.
  account.PersonContactId = insertRow(
    context.state,
    'Contact',
    { ...values, ...stamp },
    { userId: account.CreatedById as string, now: account.CreatedDate as string }
  ).Id;
}

/**
 * Fills the auto number fields of a new record (platform rule api.field.autoNumber): the next
 * number of each, in its display format ({0...0} the number padded to as many digits, {YY},
 * {YYYY}, {MM}, {DD} the creation date in UTC).
 */
export function assignAutoNumbers(
  definition: ObjectDef,
  record: Record<string, unknown>,
  now = new Date()
): void {
  for (const fieldDef of Object.values(definition.fields)) {
    if (!fieldDef.autoNumberFormat) continue;
    const number = fieldDef.autoNumberNext ?? 1;
    fieldDef.autoNumberNext = number + 1;
    const iso = now.toISOString();
    record[fieldDef.name] = fieldDef.autoNumberFormat
      .replace(/\{(0+)\}/, (_, zeros: string) => String(number).padStart(zeros.length, '0'))
      .replace(/\{YYYY\}/g, iso.slice(0, 4))
      .replace(/\{YY\}/g, iso.slice(2, 4))
      .replace(/\{MM\}/g, iso.slice(5, 7))
      .replace(/\{DD\}/g, iso.slice(8, 10));
  }
}

export function createRecord(
  context: WriteContext,
  definition: ObjectDef,
  body: Record<string, unknown>
): SObjectRecord {
  if (!definition.createable || !context.access.objectAccess(definition).create) {
    throw insufficientAccess();
  }
  const values = prepare(context, definition, body, 'create', null);
  const now = apiTimestamp();
  const record: Record<string, unknown> = {};
  for (const fieldDef of Object.values(definition.fields)) {
    if (fieldDef.defaultedOnCreate && fieldDef.defaultValue !== null)
      record[fieldDef.name] = fieldDef.defaultValue;
    else if (fieldDef.type === 'boolean') record[fieldDef.name] = false;
  }
  Object.assign(record, values);
  if (definition.fields.ownerid && !record.OwnerId) record.OwnerId = context.access.user.Id;
  // An active assignment rule overrides the owner sent, unless the request turned it off.
  const assigned = assignedOwner(context.state, definition.name, record, context.headers);
  if (assigned && definition.fields.ownerid) record.OwnerId = assigned;
  if (definition.name === 'Case')
    record.CaseNumber = String(Object.keys(table(context.state, definition)).length + 1).padStart(
      8,
      '0'
    );
  preparePersonAccount(context, definition, record);
  assignAutoNumbers(definition, record);
  derive(definition, record);
  requireFields(definition, record);
  checkActivityRelations(context, definition, record);
  checkSetupRules(context, definition, record);
  checkDuplicates(context.state, definition, record, context.headers);
  // The record holds no audit field (none is createable), so the stamps are the insert's own.
  const saved = insertRow(context.state, definition.name, record, {
    userId: context.access.user.Id,
    now
  });
  syncPersonContact(context, saved);
  return saved;
}

export function updateRecord(
  context: WriteContext,
  definition: ObjectDef,
  id: string,
  body: Record<string, unknown>
): SObjectRecord {
  const existing = findRecord(context, definition, id);
  if (!definition.updateable || !context.access.objectAccess(definition).edit)
    throw insufficientAccess();
  if (definition.name === 'Lead' && existing.IsConverted === true) throw convertedLeadError();
  const values = prepare(context, definition, body, 'update', existing.Id);
  const next: SObjectRecord = { ...existing, ...values };
  derive(definition, next);
  const missing = Object.values(definition.fields).filter(
    (fieldDef) =>
      !fieldDef.nillable &&
      fieldDef.type !== 'boolean' &&
      fieldDef.name in values &&
      (values[fieldDef.name] === null || values[fieldDef.name] === '')
  );
  if (missing.length > 0) {
    const names = missing.map((fieldDef) => fieldDef.name);
    throw new ApiError(
      400,
      'REQUIRED_FIELD_MISSING',
      `Required fields are missing: [${names.join(', ')}]`,
      names
    );
  }
  checkActivityRelations(context, definition, next);
  // Duplicate rules run on edit too: the record as it would be saved, itself excluded.
  checkDuplicates(context.state, definition, next, context.headers);
  const now = apiTimestamp();
  Object.assign(existing, next, modifiedStamp({ userId: context.access.user.Id, now }));
  if (definition.name === 'Account') {
    if (existing.IsPersonAccount === true)
      existing.Name = [existing.FirstName, existing.LastName].filter(Boolean).join(' ');
    syncPersonContact(context, existing);
  }
  return existing;
}

/** Whether the Lead with this Id (15 or 18 characters) has been converted. */
export function isConvertedLead(state: OrgState, id: string): boolean {
  const lead = Object.values(state.records.lead ?? {}).find(
    (row) => row.Id.slice(0, 15) === id.slice(0, 15)
  );
  return lead?.IsConverted === true;
}

/**
 * What Salesforce answers for a write to, or a reference to, a converted Lead (platform rule
 * api.Lead.convertedReadOnly; the wording is the one integrations report).
 */
export function convertedLeadError(fields: string[] = []): ApiError {
  return new ApiError(
    400,
    'CANNOT_UPDATE_CONVERTED_LEAD',
    'cannot reference converted lead',
    fields
  );
}

export function deleteRecord(context: WriteContext, definition: ObjectDef, id: string): void {
  const existing = findRecord(context, definition, id);
  if (!definition.deletable || !context.access.objectAccess(definition).delete)
    throw insufficientAccess();
  delete table(context.state, definition)[existing.Id];
  // A person account and its Contact are one person: deleting the Account deletes both.
  if (existing.IsPersonAccount === true && existing.PersonContactId)
    delete context.state.records.contact?.[String(existing.PersonContactId)];
}

/**
 * How two values of a unique or external id field compare (platform rule
 * api.upsert.externalIdCase): exactly when the field is unique and case-sensitive, without regard
 * to case otherwise (see the rule's assumption for non-unique external ids).
 */
export function keyComparer(fieldDef: FieldDef): (a: string, b: string) => boolean {
  if (fieldDef.unique && fieldDef.caseSensitive) return (a, b) => a === b;
  return (a, b) => a.toLowerCase() === b.toLowerCase();
}

/** Upsert by an external id field: 201 when it creates, 200 when it updates, 300 when several match. */
export function upsertRecord(
  context: WriteContext,
  definition: ObjectDef,
  fieldName: string,
  value: string,
  body: Record<string, unknown>
): { record: SObjectRecord; created: boolean } {
  const fieldDef = definition.fields[fieldName.toLowerCase()];
  if (!fieldDef || !(fieldDef.externalId || fieldDef.idLookup)) {
    throw new ApiError(
      404,
      'NOT_FOUND',
      `Provided external ID field does not exist or is not accessible: ${fieldName}`
    );
  }
  // Platform rule api.upsert.externalIdCase: a unique case-sensitive field matches exactly.
  const same = keyComparer(fieldDef);
  const matches = Object.values(table(context.state, definition)).filter(
    (row) =>
      row[fieldDef.name] !== null &&
      row[fieldDef.name] !== undefined &&
      same(String(row[fieldDef.name]), value)
  );
  if (matches.length > 1) {
    throw new ApiError(
      300,
      'MULTIPLE_CHOICES',
      `${fieldDef.name} '${value}' matches more than one record: ${matches.map((row) => row.Id).join(', ')}`
    );
  }
  const withKey = { ...body };
  if (matches.length === 1) {
    return { record: updateRecord(context, definition, matches[0].Id, withKey), created: false };
  }
  if (fieldDef.name !== 'Id') withKey[fieldDef.name] = value;
  return { record: createRecord(context, definition, withKey), created: true };
}
