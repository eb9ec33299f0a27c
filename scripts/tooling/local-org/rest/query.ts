// SOQL over REST (query, queryAll, the Tooling query) with pagination by nextRecordsUrl and the
// CLI's columns=true; the query itself is soql.ts's.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_query.htm
import { ApiError } from '../errors.ts';
import { describeColumns, runQuery } from '../soql.ts';
import { json, type RestContext, type RestResponse, type Route } from './types.ts';

const DEFAULT_BATCH_SIZE = 2000;

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

/** A query, and the next page of one (the cursor of its nextRecordsUrl). */
export const queryRoutes: Route[] = [
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
  ]
];
