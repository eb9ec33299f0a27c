// sObject Collections: create, update, upsert and delete up to 200 records in one call, with a
// result per record and allOrNone:
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections.htm
import { platformRule } from '../../platform/catalogue.ts';
import { ApiError } from '../errors.ts';
import {
  createRecord,
  deleteRecord,
  updateRecord,
  upsertRecord,
  writableObject
} from '../records.ts';
import { json, type RestContext, type RestResponse, type Route } from './types.ts';

/** Records in one collection call (also describeGlobal's maxBatchSize). */
export const MAX_COLLECTION = 200;

function collectionResults<T>(
  items: T[],
  allOrNone: boolean,
  context: RestContext,
  apply: (item: T) => Record<string, unknown>
): RestResponse {
  if (items.length > MAX_COLLECTION) {
    platformRule('api.collections.limit');
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

/** POST, PATCH, PATCH by external Id and DELETE of a collection. */
export const collectionRoutes: Route[] = [
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
  ]
];
