// One record at a time: create, read (?fields=), update and delete by Id, upsert by external Id
// (also on the Tooling API, except upsert); the rules of a write are records.ts's.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_retrieve.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_upsert.htm
import {
  createRecord,
  deleteRecord,
  findRecord,
  readableFields,
  updateRecord,
  upsertRecord,
  writableObject
} from '../records.ts';
import { json, type Route } from './types.ts';

/** POST, GET, PATCH, DELETE of a record and PATCH by external Id. */
export const sobjectRoutes: Route[] = [
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
  ]
];
