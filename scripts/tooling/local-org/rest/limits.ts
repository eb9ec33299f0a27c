// /limits: the daily API requests (counted by the server) and the data storage:
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_limits.htm
import { json, type Route } from './types.ts';

/** GET /services/data/vXX.X/limits. */
export const limitsRoutes: Route[] = [
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
  ]
];
