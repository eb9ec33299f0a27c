// SOQL, parsed by a real SOQL parser (soql-parser-js) and run against the org's records with the
// session user's access: objects the user cannot read are "not supported", fields the user
// cannot see do not exist, as on Salesforce.
import * as soqlParserModule from 'soql-parser-js';
import type { FieldDef, ObjectDef, OrgState, SObjectRecord } from './model.ts';
import type { UserAccess } from './access.ts';
import { ApiError, malformedQuery, unsupportedType } from './errors.ts';
import { likePattern, soqlStringValue } from './soql-literals.ts';
import { platformRule } from '../platform/catalogue.ts';
import { asNameRecord, isPolymorphic, NAME_OBJECT } from './polymorphic.ts';

// soql-parser-js is CommonJS: Node's ES-module loader exposes it as the default export, Jest's
// CommonJS loader as the namespace itself.
const soqlParser = ((soqlParserModule as unknown as { default?: typeof soqlParserModule })
  .default ?? soqlParserModule) as typeof soqlParserModule;
const { parseQuery } = soqlParser;
type Query = ReturnType<typeof parseQuery>;
// soql-parser-js's node types, reduced to what this module reads.
interface Condition {
  field?: string;
  fn?: { rawValue?: string };
  operator: string;
  literalType?: string | string[];
  value?: string | string[];
  valueQuery?: Query;
  openParen?: number;
  closeParen?: number;
}
interface WhereNode {
  left?: Condition | null;
  operator?: string;
  right?: WhereNode;
}
interface SelectField {
  type: string;
  field?: string;
  relationships?: string[];
  functionName?: string;
  rawValue?: string;
}

export interface QueryResult {
  totalSize: number;
  done: boolean;
  records: Record<string, unknown>[];
}

export interface QueryContext {
  state: OrgState;
  access: UserAccess;
  apiVersion: string;
  /** queryAll: include deleted rows (the local org deletes for real, so it changes nothing). */
  includeDeleted?: boolean;
}

export function parseSoql(soql: string): Query {
  try {
    return parseQuery(soql);
  } catch (error) {
    throw malformedQuery(`${(error as Error).message.split('\n')[0]}\nin: ${soql}`);
  }
}

export function readableObject(context: QueryContext, objectName: string): ObjectDef {
  const definition = context.state.schema[objectName.toLowerCase()];
  if (!definition || !context.access.objectAccess(definition).read)
    throw unsupportedType(objectName);
  return definition;
}

/** Runs a query and returns every matching row, shaped as the REST API returns records. */
export function runQuery(context: QueryContext, soql: string): QueryResult {
  const query = parseSoql(soql);
  if (!query.sObject) throw malformedQuery('Missing FROM clause');
  const definition = readableObject(context, query.sObject);
  const fields = (query.fields ?? []) as SelectField[];
  const isCount =
    fields.length === 1 &&
    fields[0].type === 'FieldFunctionExpression' &&
    fields[0].functionName?.toUpperCase() === 'COUNT' &&
    !(fields[0] as { parameters?: unknown[] }).parameters?.length;
  const groupBy = (query.groupBy as { field?: string }[] | { field?: string } | undefined) ?? [];
  const groupFields = (Array.isArray(groupBy) ? groupBy : [groupBy]).map((entry) => {
    if (!entry.field) throw malformedQuery('GROUP BY supports fields only');
    return entry.field;
  });
  if (
    !isCount &&
    (groupFields.length > 0 ||
      fields.some((selected) => (selected as { isAggregateFn?: boolean }).isAggregateFn))
  )
    return runAggregate(context, definition, query, fields, groupFields);
  if (!isCount) {
    for (const selected of fields) {
      if (selected.type !== 'Field' && selected.type !== 'FieldRelationship') {
        throw malformedQuery(
          `The local org does not support ${selected.rawValue ?? selected.type} in SELECT (only fields, relationship fields and COUNT()).`
        );
      }
      resolvePath(context, definition, pathOf(selected)); // validates every selected field
    }
  }
  let rows = Object.values(context.state.records[definition.name.toLowerCase()] ?? {});
  if (query.where) {
    const predicate = compileWhere(context, definition, query.where as WhereNode);
    rows = rows.filter(predicate);
  }
  if (isCount) {
    return { totalSize: applyLimit(query, rows).length, done: true, records: [] };
  }
  for (const order of [
    ...((query.orderBy as { field?: string; order?: string; nulls?: string }[] | undefined) ?? [])
  ].reverse()) {
    if (!order.field) throw malformedQuery('ORDER BY supports fields only');
    const path = order.field.split('.');
    resolvePath(context, definition, path);
    const direction = order.order?.toUpperCase() === 'DESC' ? -1 : 1;
    const nullsLast = order.nulls
      ? order.nulls.toUpperCase() === 'LAST'
      : direction === 1
        ? false
        : true;
    rows = [...rows].sort((a, b) =>
      compareForSort(
        valueAt(context, definition, a, path),
        valueAt(context, definition, b, path),
        direction,
        nullsLast
      )
    );
  }
  rows = applyLimit(query, rows);
  const records = rows.map((row) => shapeRecord(context, definition, row, fields.map(pathOf)));
  return { totalSize: records.length, done: true, records };
}

function applyLimit(query: Query, rows: SObjectRecord[]): SObjectRecord[] {
  const offset = (query.offset as number | undefined) ?? 0;
  const limit = query.limit as number | undefined;
  return rows.slice(offset, limit === undefined ? undefined : offset + limit);
}

function pathOf(selected: SelectField): string[] {
  return selected.type === 'FieldRelationship'
    ? [...(selected.relationships ?? []), selected.field ?? '']
    : [selected.field ?? ''];
}

interface ResolvedStep {
  definition: ObjectDef;
  fieldName: string; // canonical
}

/**
 * Checks a dotted path (Profile.UserLicense.Name) field by field, following relationship
 * names, and returns the canonical field names. Unknown or hidden fields fail as on Salesforce.
 */
function resolvePath(context: QueryContext, definition: ObjectDef, path: string[]): ResolvedStep[] {
  const steps: ResolvedStep[] = [];
  let current: ObjectDef = definition;
  path.forEach((segment, index) => {
    const last = index === path.length - 1;
    if (last) {
      const fieldDef = current.fields[segment.toLowerCase()];
      if (!fieldDef || !context.access.fieldAccess(current, fieldDef.name).read) {
        throw new ApiError(
          400,
          'INVALID_FIELD',
          `No such column '${segment}' on entity '${current.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`
        );
      }
      steps.push({ definition: current, fieldName: fieldDef.name });
      return;
    }
    const reference = Object.values(current.fields).find(
      (candidate) => candidate.relationshipName?.toLowerCase() === segment.toLowerCase()
    );
    if (!reference) {
      throw new ApiError(
        400,
        'INVALID_FIELD',
        `Didn't understand relationship '${segment}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`
      );
    }
    steps.push({ definition: current, fieldName: reference.name });
    // Polymorphic relationships (Owner, Who, What) read through the Name object.
    const target = isPolymorphic(reference)
      ? NAME_OBJECT
      : context.state.schema[(reference.referenceTo[0] ?? '').toLowerCase()];
    if (!target)
      throw new ApiError(
        400,
        'INVALID_FIELD',
        `Relationship '${segment}' points at an object this org does not have`
      );
    current = target;
  });
  return steps;
}

function recordById(
  state: OrgState,
  id: unknown
): { definition: ObjectDef; record: SObjectRecord } | null {
  if (typeof id !== 'string' || id.length < 15) return null;
  const prefix = id.slice(0, 3);
  for (const definition of Object.values(state.schema)) {
    if (definition.keyPrefix !== prefix) continue;
    const record = state.records[definition.name.toLowerCase()]?.[id];
    if (record) return { definition, record };
  }
  return null;
}

/** The record a relationship points at; through a polymorphic one, as its Name row. */
function relatedRecord(
  context: QueryContext,
  reference: FieldDef,
  record: SObjectRecord
): { definition: ObjectDef; record: SObjectRecord; url?: string } | null {
  const related = recordById(context.state, record[reference.name]);
  if (!related || !isPolymorphic(reference)) return related;
  return {
    definition: NAME_OBJECT,
    record: asNameRecord(related.definition, related.record),
    url: attributes(context, related.definition, related.record.Id).url
  };
}

function valueAt(
  context: QueryContext,
  definition: ObjectDef,
  row: SObjectRecord,
  path: string[]
): unknown {
  let current: { definition: ObjectDef; record: SObjectRecord } | null = {
    definition,
    record: row
  };
  for (let index = 0; index < path.length; index++) {
    if (!current) return null;
    const segment = path[index];
    if (index === path.length - 1) {
      const fieldDef = current.definition.fields[segment.toLowerCase()];
      return fieldDef ? (current.record[fieldDef.name] ?? null) : null;
    }
    const reference: FieldDef | undefined = Object.values(current.definition.fields).find(
      (candidate) => candidate.relationshipName?.toLowerCase() === segment.toLowerCase()
    );
    current = reference ? relatedRecord(context, reference, current.record) : null;
  }
  return null;
}

function attributes(
  context: QueryContext,
  definition: ObjectDef,
  id: string
): { type: string; url: string } {
  return {
    type: definition.name,
    url: `/services/data/v${context.apiVersion}/sobjects/${definition.name}/${id}`
  };
}

/** A row as the REST API returns it: attributes, then the selected fields, nested by relationship. */
function shapeRecord(
  context: QueryContext,
  definition: ObjectDef,
  row: SObjectRecord,
  paths: string[][]
): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: attributes(context, definition, row.Id) };
  for (const path of paths) {
    placeValue(context, out, definition, row, path);
  }
  return out;
}

function placeValue(
  context: QueryContext,
  target: Record<string, unknown>,
  definition: ObjectDef,
  row: SObjectRecord,
  path: string[]
): void {
  const [head, ...rest] = path;
  if (rest.length === 0) {
    const fieldDef = definition.fields[head.toLowerCase()];
    target[fieldDef.name] = row[fieldDef.name] ?? null;
    return;
  }
  const reference = Object.values(definition.fields).find(
    (candidate) => candidate.relationshipName?.toLowerCase() === head.toLowerCase()
  );
  if (!reference?.relationshipName) return;
  const key = reference.relationshipName;
  const related = relatedRecord(context, reference, row);
  if (!related) {
    if (!(key in target)) target[key] = null;
    return;
  }
  // Salesforce types a polymorphic parent "Name", with the URL of the record itself.
  const own = attributes(context, related.definition, related.record.Id);
  const nested = (target[key] as Record<string, unknown> | null) ?? {
    attributes: { type: own.type, url: related.url ?? own.url }
  };
  target[key] = nested;
  placeValue(context, nested, related.definition, related.record, rest);
}

// ---- WHERE -------------------------------------------------------------------------------

type Token =
  | { kind: 'open' }
  | { kind: 'close' }
  | { kind: 'op'; op: 'AND' | 'OR' | 'NOT' }
  | { kind: 'cond'; cond: Condition };

function tokenize(node: WhereNode | undefined, out: Token[] = []): Token[] {
  if (!node) return out;
  if (node.left) {
    for (let i = 0; i < (node.left.openParen ?? 0); i++) out.push({ kind: 'open' });
    out.push({ kind: 'cond', cond: node.left });
    for (let i = 0; i < (node.left.closeParen ?? 0); i++) out.push({ kind: 'close' });
  }
  if (node.operator) {
    const op = node.operator.toUpperCase();
    if (op !== 'AND' && op !== 'OR' && op !== 'NOT')
      throw malformedQuery(`Unexpected ${node.operator} in WHERE`);
    out.push({ kind: 'op', op });
  }
  return tokenize(node.right, out);
}

type Predicate = (row: SObjectRecord) => boolean;

function compileWhere(context: QueryContext, definition: ObjectDef, where: WhereNode): Predicate {
  const tokens = tokenize(where);
  let position = 0;
  const peek = (): Token | undefined => tokens[position];
  const parseOr = (): Predicate => {
    let left = parseAnd();
    while (peek()?.kind === 'op' && (peek() as { op: string }).op === 'OR') {
      position++;
      const right = parseAnd();
      const previous = left;
      left = (row) => previous(row) || right(row);
    }
    return left;
  };
  const parseAnd = (): Predicate => {
    let left = parseUnary();
    while (peek()?.kind === 'op' && (peek() as { op: string }).op === 'AND') {
      position++;
      const right = parseUnary();
      const previous = left;
      left = (row) => previous(row) && right(row);
    }
    return left;
  };
  const parseUnary = (): Predicate => {
    const token = peek();
    if (token?.kind === 'op' && token.op === 'NOT') {
      position++;
      const inner = parseUnary();
      return (row) => !inner(row);
    }
    if (token?.kind === 'open') {
      position++;
      const inner = parseOr();
      if (peek()?.kind !== 'close') throw malformedQuery('Unbalanced parentheses in WHERE');
      position++;
      return inner;
    }
    if (token?.kind === 'cond') {
      position++;
      return compileCondition(context, definition, token.cond);
    }
    throw malformedQuery('Incomplete WHERE clause');
  };
  const predicate = parseOr();
  if (position !== tokens.length) throw malformedQuery('Unexpected tokens at the end of WHERE');
  return predicate;
}

function literal(raw: string, literalType: string | undefined): unknown {
  switch ((literalType ?? '').toUpperCase()) {
    case 'STRING':
      return soqlStringValue(raw);
    case 'INTEGER':
    case 'DECIMAL':
      return Number(raw);
    case 'BOOLEAN':
      return raw.toUpperCase() === 'TRUE';
    case 'NULL':
      return null;
    case 'DATE':
      return raw;
    case 'DATETIME':
      return dateTimeMillis(raw);
    default:
      throw malformedQuery(
        `The local org does not support the literal ${raw} (${String(literalType)}) in WHERE`
      );
  }
}

function compileCondition(
  context: QueryContext,
  definition: ObjectDef,
  condition: Condition
): Predicate {
  if (!condition.field)
    throw malformedQuery(
      `The local org supports only field conditions in WHERE, not ${condition.fn?.rawValue ?? 'functions'}`
    );
  const path = condition.field.split('.');
  const steps = resolvePath(context, definition, path);
  const operator = condition.operator.toUpperCase();
  // "Comparisons on strings are case-sensitive for unique case-sensitive fields. For all other
  // fields, comparisons are case-insensitive" (platform rule api.soql.caseSensitiveCompare):
  // = and IN on such a field keep the case of both sides.
  const last = steps[steps.length - 1];
  const fieldDef = last ? last.definition.fields[last.fieldName.toLowerCase()] : undefined;
  const exact = Boolean(fieldDef?.unique && fieldDef.caseSensitive);
  if (exact) platformRule('api.soql.caseSensitiveCompare');
  const normalise = exact ? normaliseExact : normaliseValue;
  const read = (row: SObjectRecord): unknown => valueAt(context, definition, row, path);

  if (operator === 'IN' || operator === 'NOT IN') {
    let values: unknown[];
    if (condition.valueQuery) {
      const inner = runQuery(context, soqlParser.composeQuery(condition.valueQuery));
      values = inner.records.map(
        (record) => Object.entries(record).find(([key]) => key !== 'attributes')?.[1]
      );
    } else {
      const raw = Array.isArray(condition.value) ? condition.value : [condition.value ?? ''];
      const types = Array.isArray(condition.literalType)
        ? condition.literalType
        : raw.map(() => condition.literalType as string);
      values = raw.map((value, index) => literal(value, types[index]));
    }
    const keys = new Set(values.map(normalise));
    return operator === 'IN'
      ? (row) => keys.has(normalise(read(row)))
      : (row) => !keys.has(normalise(read(row)));
  }
  if (operator === 'LIKE') {
    if (String(condition.literalType).toUpperCase() !== 'STRING')
      throw malformedQuery(`LIKE needs a string literal, not ${String(condition.value)}`);
    const pattern = likePattern(String(condition.value ?? ''));
    return (row) => {
      const value = read(row);
      return value !== null && value !== undefined && pattern.test(String(value));
    };
  }
  const literalType = String(condition.literalType ?? '').toUpperCase();
  if (literalType === 'DATE_LITERAL' || literalType === 'DATE_N_LITERAL')
    return rangeCondition(operator, dateLiteralRange(String(condition.value ?? '')), read);
  const expected = literal(String(condition.value ?? ''), condition.literalType as string);
  if (literalType === 'DATETIME') {
    // A datetime literal compares as an instant, whatever the offset each side is written in.
    const readInstant = (row: SObjectRecord): unknown => {
      const value = read(row);
      return value === null || value === undefined || value === ''
        ? null
        : dateTimeMillis(String(value));
    };
    return comparison(operator, expected, readInstant, condition.operator);
  }
  return comparison(operator, expected, read, condition.operator, normalise);
}

function comparison(
  operator: string,
  expected: unknown,
  read: (row: SObjectRecord) => unknown,
  written: string,
  normalise: (value: unknown) => unknown = normaliseValue
): Predicate {
  switch (operator) {
    case '=':
      return (row) => normalise(read(row)) === normalise(expected);
    case '!=':
    case '<>':
      return (row) => normalise(read(row)) !== normalise(expected);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return (row) => {
        const value = read(row);
        if (value === null || value === undefined || expected === null) return false;
        const order = compareValues(value, expected);
        return operator === '<'
          ? order < 0
          : operator === '<='
            ? order <= 0
            : operator === '>'
              ? order > 0
              : order >= 0;
      };
    default:
      throw malformedQuery(`The local org does not support the operator ${written}`);
  }
}

/** A unique case-sensitive field's value, compared as written (empty is null). */
function normaliseExact(value: unknown): unknown {
  return value === undefined || value === '' ? null : value;
}

/** SOQL compares text case-insensitively; 15- and 18-character Ids are the same record. */
function normalise(value: unknown): unknown {
  return normaliseValue(value);
}

function normaliseValue(value: unknown): unknown {
  if (value === undefined || value === '') return null;
  if (typeof value === 'string') {
    if (/^[a-zA-Z0-9]{18}$/.test(value) || /^[a-zA-Z0-9]{15}$/.test(value))
      return value.slice(0, 15);
    return value.toLowerCase();
  }
  return value;
}

const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * A SOQL or REST datetime (`2026-12-01T00:00:00Z`, `2026-12-01T00:00:00.000+0000`,
 * `...+01:00`) as milliseconds since the epoch.
 */
export function dateTimeMillis(raw: string): number {
  const millis = Date.parse(raw.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(millis)) throw malformedQuery(`Invalid datetime: ${raw}`);
  return millis;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * The instants [start, end) a date literal stands for, days in UTC (the local org's users have
 * no time zone of their own; Salesforce uses the user's). TODAY, YESTERDAY, LAST_N_DAYS:n
 * ("starts with the current day and continues for the past n days", so today and the n days
 * before it) and NEXT_N_DAYS:n; see api.soql.dateLiterals.
 */
function dateLiteralRange(raw: string, now = Date.now()): { start: number; end: number } {
  platformRule('api.soql.dateLiterals');
  const today = Math.floor(now / DAY) * DAY;
  const [name, count] = raw.toUpperCase().split(':');
  const n = Number(count);
  switch (name) {
    case 'TODAY':
      return { start: today, end: today + DAY };
    case 'YESTERDAY':
      return { start: today - DAY, end: today };
    case 'TOMORROW':
      return { start: today + DAY, end: today + 2 * DAY };
    case 'LAST_N_DAYS':
      if (Number.isInteger(n)) return { start: today - n * DAY, end: today + DAY };
      break;
    case 'NEXT_N_DAYS':
      if (Number.isInteger(n)) return { start: today, end: today + (n + 1) * DAY };
      break;
  }
  throw malformedQuery(`The local org does not support the date literal ${raw}`);
}

/** A comparison with a date literal: = within the range, > after it, < before it. */
function rangeCondition(
  operator: string,
  range: { start: number; end: number },
  read: (row: SObjectRecord) => unknown
): Predicate {
  return (row) => {
    const value = read(row);
    if (value === null || value === undefined || value === '') return false;
    const text = String(value);
    const millis = ISO_DATETIME.test(text) ? dateTimeMillis(text) : Date.parse(`${text}T00:00:00Z`);
    switch (operator) {
      case '=':
        return millis >= range.start && millis < range.end;
      case '!=':
      case '<>':
        return millis < range.start || millis >= range.end;
      case '<':
        return millis < range.start;
      case '<=':
        return millis < range.end;
      case '>':
        return millis >= range.end;
      case '>=':
        return millis >= range.start;
      default:
        throw malformedQuery(`The local org does not support ${operator} with a date literal`);
    }
  };
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (
    typeof a === 'string' &&
    typeof b === 'string' &&
    ISO_DATETIME.test(a) &&
    ISO_DATETIME.test(b)
  )
    return dateTimeMillis(a) - dateTimeMillis(b);
  const left = String(a).toLowerCase();
  const right = String(b).toLowerCase();
  return left < right ? -1 : left > right ? 1 : 0;
}

function compareForSort(a: unknown, b: unknown, direction: number, nullsLast: boolean): number {
  const aNull = a === null || a === undefined;
  const bNull = b === null || b === undefined;
  if (aNull || bNull) {
    if (aNull && bNull) return 0;
    return (aNull ? 1 : -1) * (nullsLast ? 1 : -1);
  }
  return compareValues(a, b) * direction;
}

/**
 * The query's column metadata (GET query?columns=true), which the sf CLI reads to lay out its
 * table: one column per selected field, relationship fields nested as joinColumns.
 */
export function describeColumns(context: QueryContext, soql: string): Record<string, unknown> {
  const query = parseSoql(soql);
  const definition = readableObject(context, query.sObject ?? '');
  const fields = (query.fields ?? []) as SelectField[];
  const column = (owner: ObjectDef, path: string[]): Record<string, unknown> => {
    const [head, ...rest] = path;
    if (rest.length === 0) {
      const fieldDef = owner.fields[head.toLowerCase()];
      return columnOf(fieldDef?.name ?? head, fieldDef, []);
    }
    const reference = Object.values(owner.fields).find(
      (candidate) => candidate.relationshipName?.toLowerCase() === head.toLowerCase()
    );
    const target =
      reference && isPolymorphic(reference)
        ? NAME_OBJECT
        : context.state.schema[(reference?.referenceTo[0] ?? '').toLowerCase()];
    return columnOf(
      reference?.relationshipName ?? head,
      undefined,
      target ? [column(target, rest)] : []
    );
  };
  const columns: Record<string, unknown>[] = [];
  for (const selected of fields) {
    if (selected.type === 'FieldFunctionExpression') {
      columns.push({ ...columnOf(selected.rawValue ?? 'expr0', undefined, []), aggregate: true });
      continue;
    }
    const path = pathOf(selected);
    resolvePath(context, definition, path);
    const built = column(definition, path);
    // Columns of one relationship share one parent column, as Salesforce groups them.
    const existing = columns.find(
      (candidate) =>
        candidate.columnName === built.columnName && (built.joinColumns as unknown[]).length > 0
    );
    if (existing) (existing.joinColumns as unknown[]).push(...(built.joinColumns as unknown[]));
    else columns.push(built);
  }
  return {
    columnMetadata: columns,
    entityName: definition.name,
    groupBy: false,
    idSelected: fields.some((selected) => selected.field === 'Id'),
    keyPrefix: definition.keyPrefix
  };
}

function columnOf(
  name: string,
  fieldDef: FieldDef | undefined,
  joinColumns: Record<string, unknown>[]
): Record<string, unknown> {
  return {
    aggregate: false,
    apexType: fieldDef ? fieldDef.soapType.replace(/^\w+:/, '') : null,
    booleanType: fieldDef?.type === 'boolean',
    columnName: name,
    custom: fieldDef?.custom ?? false,
    displayName: name,
    foreignKeyName: null,
    insertable: fieldDef?.createable ?? false,
    joinColumns,
    numberType: ['int', 'double', 'currency', 'percent'].includes(fieldDef?.type ?? ''),
    textType: [
      'string',
      'textarea',
      'email',
      'phone',
      'url',
      'picklist',
      'id',
      'reference',
      'combobox'
    ].includes(fieldDef?.type ?? ''),
    updatable: fieldDef?.updateable ?? false
  };
}

interface AggregateField {
  type: string;
  field?: string;
  functionName?: string;
  parameters?: string[];
  alias?: string;
  rawValue?: string;
  isAggregateFn?: boolean;
}

/**
 * A query with GROUP BY or aggregate functions (COUNT(field), COUNT_DISTINCT, MIN, MAX, SUM,
 * AVG): one AggregateResult row per group, the grouped fields by name and each aggregate under
 * its alias or exprN (N counting the unaliased aggregates from 0), as the REST API returns them
 * (platform rule api.soql.aggregate). ORDER BY may name grouped fields; LIMIT counts groups.
 */
function runAggregate(
  context: QueryContext,
  definition: ObjectDef,
  query: Query,
  fields: SelectField[],
  groupFields: string[]
): QueryResult {
  platformRule('api.soql.aggregate');
  if ((query as { having?: unknown }).having)
    throw malformedQuery('The local org does not support HAVING');
  for (const name of groupFields) resolvePath(context, definition, name.split('.'));
  let expression = 0;
  const columns = (fields as AggregateField[]).map((selected) => {
    if (selected.type === 'Field' || selected.type === 'FieldRelationship') {
      const path = pathOf(selected as SelectField);
      const joined = path.join('.').toLowerCase();
      if (!groupFields.some((name) => name.toLowerCase() === joined))
        throw malformedQuery(`Field must be grouped or aggregated: ${path[path.length - 1]}`);
      resolvePath(context, definition, path);
      return { kind: 'field' as const, path, key: path[path.length - 1] };
    }
    if (selected.type !== 'FieldFunctionExpression' || !selected.isAggregateFn)
      throw malformedQuery(`The local org does not support ${selected.rawValue ?? selected.type}`);
    const fn = (selected.functionName ?? '').toUpperCase();
    const parameter = selected.parameters?.[0];
    const path = parameter ? String(parameter).split('.') : null;
    if (path) resolvePath(context, definition, path);
    else if (fn !== 'COUNT') throw malformedQuery(`${fn}() needs a field`);
    const key = selected.alias ?? `expr${expression++}`;
    return { kind: 'aggregate' as const, fn, path, key };
  });
  let rows = Object.values(context.state.records[definition.name.toLowerCase()] ?? {});
  if (query.where) rows = rows.filter(compileWhere(context, definition, query.where as WhereNode));
  const groups = new Map<string, SObjectRecord[]>();
  for (const row of rows) {
    const key = JSON.stringify(
      groupFields.map((name) => normalise(valueAt(context, definition, row, name.split('.'))))
    );
    const members = groups.get(key);
    if (members) members.push(row);
    else groups.set(key, [row]);
  }
  // Without GROUP BY the whole result is one group, even when no row matches.
  if (groupFields.length === 0 && groups.size === 0) groups.set('[]', []);
  let results = [...groups.values()].map((members) => {
    const record: Record<string, unknown> = { attributes: { type: 'AggregateResult' } };
    for (const column of columns) {
      if (column.kind === 'field') {
        record[column.key] = members.length
          ? (valueAt(context, definition, members[0], column.path) ?? null)
          : null;
        continue;
      }
      const values = column.path
        ? members
            .map((row) => valueAt(context, definition, row, column.path as string[]))
            .filter((value) => value !== null && value !== undefined && value !== '')
        : members;
      record[column.key] = aggregateOf(column.fn, values);
    }
    return record;
  });
  for (const order of [
    ...((query.orderBy as { field?: string; order?: string }[] | undefined) ?? [])
  ].reverse()) {
    const column = columns.find(
      (candidate) =>
        candidate.kind === 'field' &&
        candidate.path.join('.').toLowerCase() === (order.field ?? '').toLowerCase()
    );
    if (!column)
      throw malformedQuery('The local org orders aggregate queries by grouped fields only');
    const direction = order.order?.toUpperCase() === 'DESC' ? -1 : 1;
    results = [...results].sort((a, b) =>
      compareForSort(a[column.key], b[column.key], direction, direction === -1)
    );
  }
  const offset = (query.offset as number | undefined) ?? 0;
  const limit = query.limit as number | undefined;
  results = results.slice(offset, limit === undefined ? undefined : offset + limit);
  return { totalSize: results.length, done: true, records: results };
}

function aggregateOf(fn: string, values: unknown[]): unknown {
  switch (fn) {
    case 'COUNT':
      return values.length;
    case 'COUNT_DISTINCT':
      return new Set(values.map(normalise)).size;
    case 'SUM':
    case 'AVG': {
      if (values.length === 0) return null;
      const sum = values.reduce<number>((total, value) => total + Number(value), 0);
      return fn === 'SUM' ? sum : sum / values.length;
    }
    case 'MIN':
    case 'MAX': {
      if (values.length === 0) return null;
      const sorted = [...values].sort(compareValues);
      return fn === 'MIN' ? sorted[0] : sorted[sorted.length - 1];
    }
    default:
      throw malformedQuery(`The local org does not support ${fn}()`);
  }
}
