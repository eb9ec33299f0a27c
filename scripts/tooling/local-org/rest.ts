// The REST side of the local org: OAuth user info, versions, resources, limits, describe, CRUD,
// upsert, query (with pagination), the Tooling query, composite and sObject collections. Each
// resource's handlers are a module of rest/ (rest/router.ts finds them); this module keeps the
// names the server and the other resources have always imported from here.
export { dispatch } from './rest/router.ts';
export { userInfo } from './rest/user-info.ts';
export { API_VERSIONS, MAX_API_VERSION, versionsList } from './rest/versions.ts';
export type { RestContext, RestRequest, RestResponse } from './rest/types.ts';
