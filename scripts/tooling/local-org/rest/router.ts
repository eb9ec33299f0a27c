// Finds the handler of a REST request by method and path. The routes of each resource are its
// module's; their order is the order they are tried (a record's Id route before upsert's), and a
// path that matches some route but not its method is 405, any other 404.
import { ApiError, notFound } from '../errors.ts';
import { collectionRoutes } from './collections.ts';
import { compositeRoutes } from './composite.ts';
import { describeRoutes } from './describe.ts';
import { graphRoutes } from './graph.ts';
import { limitsRoutes } from './limits.ts';
import { queryRoutes } from './query.ts';
import { sobjectRoutes } from './sobjects.ts';
import type { RestContext, RestRequest, RestResponse, Route } from './types.ts';
import { versionRoutes } from './versions.ts';

const ROUTES: Route[] = [
  ...versionRoutes,
  ...limitsRoutes,
  ...describeRoutes,
  ...sobjectRoutes,
  ...queryRoutes,
  ...collectionRoutes,
  ...compositeRoutes(dispatch),
  ...graphRoutes(dispatch)
];

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
