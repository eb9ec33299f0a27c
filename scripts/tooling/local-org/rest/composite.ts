// /composite: up to 25 subrequests in order, each answered by the router, with `@{ref.field}`
// references to earlier answers and allOrNone:
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_composite.htm
import { ApiError } from '../errors.ts';
import {
  json,
  type RestContext,
  type RestRequest,
  type RestResponse,
  type Route
} from './types.ts';

/** How a subrequest is answered: the router's dispatch, passed in so the two do not import each other. */
export type Dispatch = (context: RestContext, request: RestRequest) => RestResponse;

/** POST /composite. */
export function compositeRoutes(dispatch: Dispatch): Route[] {
  return [
    [
      'POST',
      /^\/services\/data\/v(\d+\.\d)\/composite\/?$/,
      (context, request) => composite(context, request, dispatch)
    ]
  ];
}

/** /composite: subrequests in order, `@{ref.field}` references, allOrNone rollback. */
function composite(context: RestContext, request: RestRequest, dispatch: Dispatch): RestResponse {
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
