// Several SOQL queries in one API call (the REST composite resource): the checks read users,
// profiles, permissions and assignments together, so each check costs one round trip.
import type { Connection } from '@salesforce/core';
import { CliError } from '../cli/errors.ts';

export type QueryRecord = Record<string, unknown> & { Id?: string };

interface CompositeResponse {
  compositeResponse: { referenceId: string; httpStatusCode: number; body: unknown }[];
}

/** A SOQL string literal: quotes and backslashes escaped, so user input cannot change the query. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function soqlList(values: readonly string[]): string {
  return `(${values.map(soqlString).join(', ')})`;
}

/** Runs up to 25 queries in one request; every record of every query (queryMore not needed: each is small). */
export async function queryTogether<K extends string>(
  connection: Connection,
  queries: Record<K, string>
): Promise<Record<K, QueryRecord[]>> {
  const version = connection.getApiVersion();
  const entries = Object.entries(queries) as [K, string][];
  const response = await connection.request<CompositeResponse>({
    method: 'POST',
    url: `/services/data/v${version}/composite`,
    body: JSON.stringify({
      allOrNone: false,
      compositeRequest: entries.map(([referenceId, soql]) => ({
        method: 'GET',
        url: `/services/data/v${version}/query?q=${encodeURIComponent(soql)}`,
        referenceId
      }))
    }),
    headers: { 'content-type': 'application/json' }
  });
  const results = {} as Record<K, QueryRecord[]>;
  for (const [referenceId, soql] of entries) {
    const answer = response.compositeResponse.find((item) => item.referenceId === referenceId);
    if (!answer || answer.httpStatusCode >= 300) {
      const detail = Array.isArray(answer?.body)
        ? (answer.body as { errorCode?: string; message?: string }[])
            .map((error) => `${error.errorCode}: ${error.message}`)
            .join('; ')
        : 'no answer';
      throw new CliError(`The org refused the query ${soql}: ${detail}`, {
        name: 'QueryFailed',
        actions: [
          'Check that the connected user can read users, profiles and permission sets (View Setup and Configuration).'
        ]
      });
    }
    results[referenceId] = (answer.body as { records: QueryRecord[] }).records;
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
