// The API versions the org serves (/services/data) and the resources of each
// (/services/data/vXX.X): https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_versions.htm
import { projectApiVersion } from '../../../product/project.ts';
import { json, type Route } from './types.ts';

/**
 * The API versions the org serves: the project's sourceApiVersion is the newest, with the eight
 * releases before it (an org serves every version back to 31.0; these are the ones a tool of
 * this project may still ask for).
 */
const NEWEST_RELEASE = Number.parseInt(projectApiVersion(), 10);
export const API_VERSIONS = Array.from(
  { length: 9 },
  (_, index) => `${NEWEST_RELEASE - 8 + index}.0`
);
export const MAX_API_VERSION = API_VERSIONS[API_VERSIONS.length - 1];

export function versionsList(): { label: string; url: string; version: string }[] {
  return API_VERSIONS.map((version) => ({
    label: `Release ${version}`,
    url: `/services/data/v${version}`,
    version
  }));
}

/** GET /services/data and GET /services/data/vXX.X. */
export const versionRoutes: Route[] = [
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
  ]
];
