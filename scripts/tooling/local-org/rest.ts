// The REST side of the local org: OAuth user info, versions, resources, limits, describe, CRUD,
// upsert, query (with pagination), the Tooling query, composite and sObject collections.
// Each handler gets a parsed request and the session's user, and returns JSON or throws ApiError.
import type { IncomingHttpHeaders } from 'node:http';
import type { ObjectDef, OrgState } from './model.ts';
import type { UserAccess } from './access.ts';
import { ApiError, notFound } from './errors.ts';
import { describeColumns, runQuery } from './soql.ts';
import {
  createRecord,
  deleteRecord,
  findRecord,
  readableFields,
  updateRecord,
  upsertRecord,
  writableObject
} from './records.ts';

/** The API versions the org serves; the project's sourceApiVersion is the newest. */
export const API_VERSIONS = [
  '58.0',
  '59.0',
  '60.0',
  '61.0',
  '62.0',
  '63.0',
  '64.0',
  '65.0',
  '66.0'
];
export const MAX_API_VERSION = API_VERSIONS[API_VERSIONS.length - 1];
const DEFAULT_BATCH_SIZE = 2000;
const MAX_COLLECTION = 200;

export interface RestRequest {
  method: string;
  path: string; // without query string
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** File parts of a multipart/form-data request (binary fields such as VersionInfo), by name. */
  files?: Record<string, Buffer>;
}

export interface RestResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RestContext {
  state: OrgState;
  access: UserAccess;
  instanceUrl: string;
  /** Remaining rows of paginated queries, by cursor id. */
  cursors: Map<string, { records: Record<string, unknown>[]; totalSize: number }>;
  /** Called after a request changed the state. */
  changed(): void;
  /** The request's headers (Sforce-Duplicate-Rule-Header, Sforce-Auto-Assign). */
  headers?: IncomingHttpHeaders;
}

const json = (body: unknown, status = 200): RestResponse => ({ status, body });

export function versionsList(): { label: string; url: string; version: string }[] {
  return API_VERSIONS.map((version) => ({
    label: `Release ${version}`,
    url: `/services/data/v${version}`,
    version
  }));
}

export function userInfo(
  context: Pick<RestContext, 'state' | 'instanceUrl'>,
  userId: string
): Record<string, unknown> {
  const user = context.state.records.user[userId];
  const orgId = context.state.org.organizationId;
  const base = context.instanceUrl;
  return {
    sub: `${base}/id/${orgId}/${userId}`,
    user_id: userId,
    organization_id: orgId,
    preferred_username: user.Username,
    nickname: String(user.Alias),
    name: user.Name,
    email: user.Email,
    email_verified: true,
    given_name: user.FirstName,
    family_name: user.LastName,
    zoneinfo: user.TimeZoneSidKey,
    active: user.IsActive,
    user_type: user.UserType === 'Standard' ? 'STANDARD' : 'CSN_ONLY',
    language: user.LanguageLocaleKey,
    locale: user.LocaleSidKey,
    utcOffset: -28800000,
    updated_at: user.LastModifiedDate,
    is_app_installed: true,
    urls: {
      enterprise: `${base}/services/Soap/c/{version}/${orgId}`,
      metadata: `${base}/services/Soap/m/{version}/${orgId}`,
      partner: `${base}/services/Soap/u/{version}/${orgId}`,
      rest: `${base}/services/data/v{version}/`,
      sobjects: `${base}/services/data/v{version}/sobjects/`,
      search: `${base}/services/data/v{version}/search/`,
      query: `${base}/services/data/v{version}/query/`,
      tooling_rest: `${base}/services/data/v{version}/tooling/`,
      profile: `${base}/${userId}`
    }
  };
}

function describeField(definition: ObjectDef, name: string): Record<string, unknown> {
  const f = definition.fields[name];
  return {
    aggregatable: f.groupable,
    autoNumber: f.name === 'CaseNumber',
    byteLength: f.length * 3,
    calculated: f.calculated,
    caseSensitive: f.caseSensitive,
    createable: f.createable,
    custom: f.custom,
    defaultValue: f.type === 'boolean' ? f.defaultValue : null,
    defaultedOnCreate: f.defaultedOnCreate,
    deprecatedAndHidden: false,
    digits: f.digits,
    externalId: f.externalId,
    filterable: f.filterable,
    groupable: f.groupable,
    htmlFormatted: false,
    idLookup: f.idLookup,
    inlineHelpText: f.inlineHelpText,
    label: f.label,
    length: f.length,
    name: f.name,
    nameField: f.name === 'Name',
    namePointing: f.referenceTo.length > 1,
    nillable: f.nillable,
    permissionable: f.custom && f.nillable,
    picklistValues: f.picklistValues.map((value) => ({ ...value, validFor: null })),
    polymorphicForeignKey: f.referenceTo.length > 1,
    precision: f.precision,
    referenceTo: f.referenceTo,
    relationshipName: f.relationshipName,
    relationshipOrder: null,
    restrictedPicklist: f.restrictedPicklist,
    scale: f.scale,
    soapType: f.soapType,
    sortable: f.sortable,
    type: f.type,
    unique: f.unique,
    updateable: f.updateable
  };
}

function objectUrls(definition: ObjectDef, version: string): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${definition.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

function describeGlobalEntry(
  context: RestContext,
  definition: ObjectDef,
  version: string
): Record<string, unknown> {
  const access = context.access.objectAccess(definition);
  return {
    name: definition.name,
    label: definition.label,
    labelPlural: definition.labelPlural,
    keyPrefix: definition.keyPrefix,
    custom: definition.custom,
    customSetting: definition.customSetting,
    createable: definition.createable && access.create,
    updateable: definition.updateable && access.edit,
    deletable: definition.deletable && access.delete,
    queryable: true,
    retrieveable: true,
    searchable: !definition.setupObject,
    layoutable: !definition.setupObject,
    triggerable: !definition.setupObject,
    urls: objectUrls(definition, version)
  };
}

function describeObject(
  context: RestContext,
  definition: ObjectDef,
  version: string
): Record<string, unknown> {
  const visible = Object.keys(definition.fields).filter(
    (key) => context.access.fieldAccess(definition, definition.fields[key].name).read
  );
  return {
    ...describeGlobalEntry(context, definition, version),
    fields: visible.map((key) => describeField(definition, key)),
    childRelationships: [],
    recordTypeInfos: definition.recordTypeInfos ?? [
      {
        active: true,
        available: true,
        defaultRecordTypeMapping: true,
        developerName: 'Master',
        master: true,
        name: 'Master',
        recordTypeId: '012000000000000AAA',
        urls: {}
      }
    ],
    supportedScopes: [{ label: 'All', name: 'everything' }],
    urls: objectUrls(definition, version)
  };
}

function visibleObject(context: RestContext, objectName: string): ObjectDef {
  const definition = context.state.schema[objectName.toLowerCase()];
  if (!definition || !context.access.objectAccess(definition).read) throw notFound();
  return definition;
}

/** Runs a query and pages its rows the way Salesforce does (nextRecordsUrl while not done). */
function pagedQuery(
  context: RestContext,
  soql: string,
  version: string,
  batchHeader: string | undefined,
  tooling: boolean
): RestResponse {
  const result = tooling
    ? toolingQuery(context, soql, version)
    : runQuery({ state: context.state, access: context.access, apiVersion: version }, soql);
  const match = /batchSize=(\d+)/.exec(batchHeader ?? '');
  const batchSize = Math.min(
    Math.max(match ? Number(match[1]) : DEFAULT_BATCH_SIZE, 200),
    DEFAULT_BATCH_SIZE
  );
  return json(page(context, result.records, result.totalSize, batchSize, version, 0));
}

function page(
  context: RestContext,
  records: Record<string, unknown>[],
  totalSize: number,
  batchSize: number,
  version: string,
  offset: number
): Record<string, unknown> {
  const slice = records.slice(offset, offset + batchSize);
  const done = offset + batchSize >= records.length;
  const body: Record<string, unknown> = { totalSize, done, records: slice };
  if (!done) {
    const cursor = `01g${String(context.cursors.size + 1).padStart(12, '0')}`;
    context.cursors.set(cursor, { records, totalSize });
    body.nextRecordsUrl = `/services/data/v${version}/query/${cursor}-${offset + batchSize}`;
  }
  return body;
}

/** The Tooling API query, for what the tooling asks of it: the same engine over the same records, plus stored Apex. */
function toolingQuery(
  context: RestContext,
  soql: string,
  version: string
): { totalSize: number; records: Record<string, unknown>[] } {
  const from = /\bFROM\s+(\w+)/i.exec(soql)?.[1] ?? '';
  if (
    [
      'sourcemember',
      'apexclass',
      'apextrigger',
      'apexclassmember',
      'lightningcomponentbundle'
    ].includes(from.toLowerCase()) &&
    !context.state.schema[from.toLowerCase()]
  ) {
    // Source tracking and Apex are not modelled as rows; an empty answer is what a tracking-
    // disabled org returns for SourceMember.
    return { totalSize: 0, records: [] };
  }
  return runQuery({ state: context.state, access: context.access, apiVersion: version }, soql);
}

type Handler = (context: RestContext, request: RestRequest, match: RegExpExecArray) => RestResponse;

function collectionResults<T>(
  items: T[],
  allOrNone: boolean,
  context: RestContext,
  apply: (item: T) => Record<string, unknown>
): RestResponse {
  if (items.length > MAX_COLLECTION) {
    throw new ApiError(
      400,
      'EXCEEDED_ID_LIMIT',
      `record limit reached. cannot submit more than ${MAX_COLLECTION} records into this call`
    );
  }
  const snapshot = allOrNone ? structuredClone(context.state.records) : null;
  const results = items.map((item) => {
    try {
      return apply(item);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return { success: false, errors: [error.entry()] };
    }
  });
  if (allOrNone && results.some((result) => result.success === false) && snapshot) {
    context.state.records = snapshot;
    // Salesforce reports the records that would have succeeded as rolled back.
    return json(
      results.map((result) =>
        result.success === false
          ? result
          : {
              id: result.id,
              success: false,
              errors: [
                {
                  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
                  message:
                    'Record rolled back because not all records were valid and the request was using AllOrNone header',
                  fields: []
                }
              ]
            }
      )
    );
  }
  context.changed();
  return json(results);
}

function typeOf(record: Record<string, unknown>): string {
  const type = (record.attributes as { type?: string } | undefined)?.type;
  if (!type)
    throw new ApiError(400, 'INVALID_TYPE', 'Must specify a type in attributes for each record');
  return type;
}

const ROUTES: [string, RegExp, Handler][] = [
  ['GET', /^\/services\/data\/?$/, () => json(versionsList())],
  [
    'GET',
    /^\/services\/data\/v(\d+\.\d)\/?$/,
    (_context, _request, match) => {
      const base = `/services/data/v${match[1]}`;
      return json(
        Object.fromEntries(
          ['sobjects', 'query', 'queryAll', 'tooling', 'composite', 'limits', 'search'].map(
            (name) => [name, `${base}/${name}`]
          )
        )
      );
    }
  ],
  [
    'GET',
    /^\/services\/data\/v(\d+\.\d)\/limits\/?$/,
    (context) => {
      const max = context.state.org.dailyApiRequestsMax;
      return json({
        DailyApiRequests: {
          Max: max,
          Remaining: Math.max(0, max - context.state.org.apiCallCount)
        },
        DataStorageMB: { Max: 5, Remaining: 5 }
      });
    }
  ],
  [
    'GET',
    /^\/services\/data\/v(\d+\.\d)\/sobjects\/?$/,
    (context, _request, match) =>
      json({
        encoding: 'UTF-8',
        maxBatchSize: MAX_COLLECTION,
        sobjects: Object.values(context.state.schema)
          .filter((definition) => context.access.objectAccess(definition).read)
          .map((definition) => describeGlobalEntry(context, definition, match[1]))
      })
  ],
  [
    'GET',
    /^\/services\/data\/v(\d+\.\d)\/(?:tooling\/)?sobjects\/(\w+)\/describe\/?$/,
    (context, _request, match) =>
      json(describeObject(context, visibleObject(context, match[2]), match[1]))
  ],
  [
    'GET',
    /^\/services\/data\/v(\d+\.\d)\/sobjects\/(\w+)\/?$/,
    (context, _request, match) => {
      const definition = visibleObject(context, match[2]);
      return json({
        objectDescribe: describeGlobalEntry(context, definition, match[1]),
        recentItems: []
      });
    }
  ],
  [
    'POST',
    /^\/services\/data\/v(\d+\.\d)\/(?:tooling\/)?sobjects\/(\w+)\/?$/,
    (context, request, match) => {
      const record = createRecord(
        context,
        writableObject(context, match[2]),
        (request.body ?? {}) as Record<string, unknown>
      );
      context.changed();
      return json({ id: record.Id, success: true, errors: [] }, 201);
    }
  ],
  [
    'GET',
    /^\/services\/data\/v(\d+\.\d)\/(?:tooling\/)?sobjects\/(\w+)\/([a-zA-Z0-9]{15,18})\/?$/,
    (context, request, match) => {
      const definition = writableObject(context, match[2]);
      const fields = request.query
        .get('fields')
        ?.split(',')
        .map((name) => name.trim());
      return json(
        readableFields(context, definition, findRecord(context, definition, match[3]), fields)
      );
    }
  ],
  [
    'PATCH',
    /^\/services\/data\/v(\d+\.\d)\/(?:tooling\/)?sobjects\/(\w+)\/([a-zA-Z0-9]{15,18})\/?$/,
    (context, request, match) => {
      updateRecord(
        context,
        writableObject(context, match[2]),
        match[3],
        (request.body ?? {}) as Record<string, unknown>
      );
      context.changed();
      return { status: 204 };
    }
  ],
  [
    'DELETE',
    /^\/services\/data\/v(\d+\.\d)\/(?:tooling\/)?sobjects\/(\w+)\/([a-zA-Z0-9]{15,18})\/?$/,
    (context, _request, match) => {
      deleteRecord(context, writableObject(context, match[2]), match[3]);
      context.changed();
      return { status: 204 };
    }
  ],
  [
    'PATCH',
    /^\/services\/data\/v(\d+\.\d)\/sobjects\/(\w+)\/(\w+)\/([^/]+)\/?$/,
    (context, request, match) => {
      const { record, created } = upsertRecord(
        context,
        writableObject(context, match[2]),
        match[3],
        decodeURIComponent(match[4]),
        (request.body ?? {}) as Record<string, unknown>
      );
      context.changed();
      return json({ id: record.Id, success: true, errors: [], created }, created ? 201 : 200);
    }
  ],
  [
    'GET',
    /^\/services\/data\/v(\d+\.\d)\/(tooling\/)?(query|queryAll)\/?$/,
    (context, request, match) => {
      const soql = request.query.get('q');
      if (!soql)
        throw new ApiError(
          400,
          'MALFORMED_QUERY',
          'A query string must be provided in the q parameter'
        );
      if (request.query.get('columns') === 'true') {
        return json(
          describeColumns(
            { state: context.state, access: context.access, apiVersion: match[1] },
            soql
          )
        );
      }
      const header = request.headers['sforce-query-options'];
      return pagedQuery(
        context,
        soql,
        match[1],
        Array.isArray(header) ? header[0] : header,
        Boolean(match[2])
      );
    }
  ],
  [
    'GET',
    /^\/services\/data\/v(\d+\.\d)\/(?:tooling\/)?query\/(01g\d+)-(\d+)\/?$/,
    (context, _request, match) => {
      const cursor = context.cursors.get(match[2]);
      if (!cursor) throw new ApiError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
      const slice = page(
        context,
        cursor.records,
        cursor.totalSize,
        DEFAULT_BATCH_SIZE,
        match[1],
        Number(match[3])
      );
      return json(slice);
    }
  ],
  [
    'POST',
    /^\/services\/data\/v(\d+\.\d)\/composite\/sobjects\/?$/,
    (context, request) => {
      const body = request.body as { allOrNone?: boolean; records?: Record<string, unknown>[] };
      return collectionResults(body.records ?? [], Boolean(body.allOrNone), context, (record) => {
        const { attributes: _attributes, ...values } = record;
        const created = createRecord(context, writableObject(context, typeOf(record)), values);
        return { id: created.Id, success: true, errors: [] };
      });
    }
  ],
  [
    'PATCH',
    /^\/services\/data\/v(\d+\.\d)\/composite\/sobjects\/?$/,
    (context, request) => {
      const body = request.body as { allOrNone?: boolean; records?: Record<string, unknown>[] };
      return collectionResults(body.records ?? [], Boolean(body.allOrNone), context, (record) => {
        const { attributes: _attributes, Id: id, ...values } = record;
        if (typeof id !== 'string')
          throw new ApiError(400, 'MISSING_ARGUMENT', 'Id not specified in an update call', ['Id']);
        const updated = updateRecord(context, writableObject(context, typeOf(record)), id, values);
        return { id: updated.Id, success: true, errors: [] };
      });
    }
  ],
  [
    'PATCH',
    /^\/services\/data\/v(\d+\.\d)\/composite\/sobjects\/(\w+)\/(\w+)\/?$/,
    (context, request, match) => {
      const body = request.body as { allOrNone?: boolean; records?: Record<string, unknown>[] };
      return collectionResults(body.records ?? [], Boolean(body.allOrNone), context, (record) => {
        const { attributes: _attributes, ...values } = record;
        const key = Object.keys(values).find(
          (name) => name.toLowerCase() === match[3].toLowerCase()
        );
        const keyValue = key ? values[key] : undefined;
        if (keyValue === undefined || keyValue === null) {
          throw new ApiError(400, 'MISSING_ARGUMENT', `${match[3]} not specified`, [match[3]]);
        }
        if (key) delete values[key];
        const { record: saved, created } = upsertRecord(
          context,
          writableObject(context, match[2]),
          match[3],
          String(keyValue),
          values
        );
        return { id: saved.Id, success: true, errors: [], created };
      });
    }
  ],
  [
    'DELETE',
    /^\/services\/data\/v(\d+\.\d)\/composite\/sobjects\/?$/,
    (context, request) => {
      const ids = (request.query.get('ids') ?? '').split(',').filter(Boolean);
      return collectionResults(ids, request.query.get('allOrNone') === 'true', context, (id) => {
        const definition = Object.values(context.state.schema).find(
          (candidate) => candidate.keyPrefix === id.slice(0, 3)
        );
        if (!definition) throw new ApiError(400, 'MALFORMED_ID', `malformed id ${id}`);
        deleteRecord(context, writableObject(context, definition.name), id);
        return { id, success: true, errors: [] };
      });
    }
  ],
  [
    'POST',
    /^\/services\/data\/v(\d+\.\d)\/composite\/?$/,
    (context, request) => composite(context, request)
  ]
];

/** /composite: subrequests in order, `@{ref.field}` references, allOrNone rollback. */
function composite(context: RestContext, request: RestRequest): RestResponse {
  const body = request.body as {
    allOrNone?: boolean;
    compositeRequest?: { method: string; url: string; referenceId: string; body?: unknown }[];
  };
  const subrequests = body.compositeRequest ?? [];
  if (subrequests.length > 25)
    throw new ApiError(
      400,
      'LIMIT_EXCEEDED',
      'Composite request may contain at most 25 subrequests'
    );
  const snapshot = body.allOrNone ? structuredClone(context.state.records) : null;
  const results: Record<string, unknown> = {};
  const responses: {
    body: unknown;
    httpHeaders: Record<string, string>;
    httpStatusCode: number;
    referenceId: string;
  }[] = [];
  let failed = false;
  const substitute = (text: string): string =>
    text.replace(/@\{([\w-]+)\.([\w.]+)\}/g, (_all, ref: string, path: string) => {
      let value: unknown = results[ref];
      for (const segment of path.split('.'))
        value = (value as Record<string, unknown> | undefined)?.[segment];
      if (value === undefined)
        throw new ApiError(
          400,
          'INVALID_FIELD',
          `Invalid reference specified. No value for ${ref}.${path} found in ${ref}.`
        );
      return String(value);
    });
  for (const sub of subrequests) {
    if (failed && body.allOrNone) {
      responses.push({
        body: [
          {
            errorCode: 'PROCESSING_HALTED',
            message:
              'The transaction was rolled back since another operation in the same transaction failed.'
          }
        ],
        httpHeaders: {},
        httpStatusCode: 400,
        referenceId: sub.referenceId
      });
      continue;
    }
    try {
      const url = new URL(substitute(sub.url), 'http://local');
      const subBody =
        sub.body === undefined ? undefined : JSON.parse(substitute(JSON.stringify(sub.body)));
      const response = dispatch(context, {
        method: sub.method.toUpperCase(),
        path: url.pathname,
        query: url.searchParams,
        headers: {},
        body: subBody
      });
      results[sub.referenceId] = response.body;
      responses.push({
        body: response.body ?? null,
        httpHeaders: {},
        httpStatusCode: response.status,
        referenceId: sub.referenceId
      });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      failed = true;
      responses.push({
        body: error.body(),
        httpHeaders: {},
        httpStatusCode: error.status,
        referenceId: sub.referenceId
      });
    }
  }
  if (failed && snapshot) {
    context.state.records = snapshot;
    for (const response of responses) {
      if (response.httpStatusCode < 300) {
        response.httpStatusCode = 400;
        response.body = [
          {
            errorCode: 'PROCESSING_HALTED',
            message:
              'The transaction was rolled back since another operation in the same transaction failed.'
          }
        ];
      }
    }
  }
  context.changed();
  return json({ compositeResponse: responses });
}

export function dispatch(context: RestContext, request: RestRequest): RestResponse {
  let pathMatched = false;
  for (const [method, pattern, handler] of ROUTES) {
    const match = pattern.exec(request.path);
    if (!match) continue;
    pathMatched = true;
    if (method === request.method) return handler(context, request, match);
  }
  if (pathMatched)
    throw new ApiError(
      405,
      'METHOD_NOT_ALLOWED',
      `HTTP Method '${request.method}' not allowed. Allowed are GET,HEAD,POST,PATCH,DELETE`
    );
  throw notFound();
}
