// Several SOQL queries in one API call (the REST composite resource): the checks read users,
// profiles, permissions and assignments together, so each check costs one round trip.
import type { Connection } from '@salesforce/core';
import { messageError, productMessages } from '../messages.ts';

const messages = productMessages('org.composite');

export type QueryRecord = Record<string, unknown> & { Id?: string };

interface CompositeResponse {
  compositeResponse: { referenceId: string; httpStatusCode: number; body: unknown }[];
}

/** Runs up to 25 queries in one request; every record of every query (queryMore not needed: each is small). */
export async function queryTogether<K extends string>(
  connection: Connection,
  queries: Record<K, string>
): Promise<Record<K, QueryRecord[]>> {
  const paths = Object.fromEntries(
    Object.entries(queries).map(([key, soql]) => [
      key,
      `query?q=${encodeURIComponent(soql as string)}`
    ])
  ) as Record<K, string>;
  const bodies = await getTogether(connection, paths, queries);
  const results = {} as Record<K, QueryRecord[]>;
  for (const key of Object.keys(queries) as K[])
    results[key] = (bodies[key] as { records: QueryRecord[] }).records;
  return results;
}

/**
 * Up to 25 GETs of REST resources (paths relative to /services/data/vXX.X/) in one request.
 * `labels` name each request in error messages (the SOQL text for queries).
 */
export async function getTogether<K extends string>(
  connection: Connection,
  paths: Record<K, string>,
  labels: Partial<Record<K, string>> = {}
): Promise<Record<K, unknown>> {
  const version = connection.getApiVersion();
  const entries = Object.entries(paths) as [K, string][];
  const response = await connection.request<CompositeResponse>({
    method: 'POST',
    url: `/services/data/v${version}/composite`,
    body: JSON.stringify({
      allOrNone: false,
      compositeRequest: entries.map(([referenceId, path]) => ({
        method: 'GET',
        url: `/services/data/v${version}/${path}`,
        referenceId
      }))
    }),
    headers: { 'content-type': 'application/json' }
  });
  const results = {} as Record<K, unknown>;
  for (const [referenceId, path] of entries) {
    const answer = response.compositeResponse.find((item) => item.referenceId === referenceId);
    if (!answer || answer.httpStatusCode >= 300) {
      const detail = Array.isArray(answer?.body)
        ? (answer.body as { errorCode?: string; message?: string }[])
            .map((error) => `${error.errorCode}: ${error.message}`)
            .join('; ')
        : 'no answer';
      throw messageError(messages, 'query-refused', [labels[referenceId] ?? path, detail], {
        name: 'QueryFailed'
      });
    }
    results[referenceId] = answer.body;
  }
  return results;
}

/** Reads a dotted path (Profile.UserLicense.Name) from a REST record. */
export function pick(record: QueryRecord | undefined, path: string): unknown {
  let value: unknown = record;
  for (const segment of path.split('.'))
    value = (value as Record<string, unknown> | null | undefined)?.[segment];
  return value ?? undefined;
}
