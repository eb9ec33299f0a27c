// The retry layer (salesforce.ts) without an org, through a scripted Connection: jsforce's own
// retries turned off on every request, a create that may have been carried out never sent twice
// (issue 14 points 5 and 7), and session refreshes made inside jsforce counted as requests.
import { EventEmitter } from 'node:events';
import type { Connection } from '@salesforce/core';
import { AmbiguousWriteError, SalesforceApi } from '../salesforce.ts';

/** A Connection whose requests answer from a script, recording the options each one got. */
function scriptedConnection(answer: (attempt: number, emitter: EventEmitter) => unknown) {
  const emitter = new EventEmitter();
  const options: unknown[] = [];
  let attempt = 0;
  const connection = Object.assign(emitter, {
    instanceUrl: 'http://127.0.0.1:1',
    accessToken: 'token',
    getApiVersion: () => '66.0',
    async request(_request: unknown, requestOptions: unknown) {
      options.push(requestOptions);
      const result = answer(++attempt, emitter);
      if (result instanceof Error) throw result;
      return result;
    }
  });
  return { connection: connection as unknown as Connection, options };
}

const reset = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
const fast = { retry: { baseDelayMs: 1, maxDelayMs: 2 } };

test('every request is sent with jsforce’s own retries off and a timeout', async () => {
  const { connection, options } = scriptedConnection(() => ({ records: [], done: true }));
  await new SalesforceApi(connection, fast).query('SELECT Id FROM User');
  expect(options).toEqual([
    {
      retry: { maxRetries: 0, methods: [], statusCodes: [], errorCodes: [] },
      timeout: 60_000
    }
  ]);
});

test('a create whose connection was reset is not sent again: AmbiguousWriteError after one request', async () => {
  const { connection, options } = scriptedConnection(() => reset());
  const api = new SalesforceApi(connection, fast);
  await expect(api.request('POST', '/composite/graph', { graphs: [] })).rejects.toBeInstanceOf(
    AmbiguousWriteError
  );
  expect(options).toHaveLength(1);
  expect(api.calls).toBe(1);
});

test('an update whose connection was reset is sent again (idempotent), up to the attempts', async () => {
  const { connection, options } = scriptedConnection(() => reset());
  const api = new SalesforceApi(connection, fast);
  await expect(api.request('PATCH', '/composite/sobjects', { records: [] })).rejects.toThrow(
    /fetch failed/
  );
  expect(options).toHaveLength(5);
  expect(api.calls).toBe(5);
});

test('a create refused for the API limit proves nothing was done: sent again', async () => {
  const limited = Object.assign(new Error('TotalRequests Limit exceeded.'), {
    errorCode: 'REQUEST_LIMIT_EXCEEDED'
  });
  const { connection } = scriptedConnection((attempt) => (attempt === 1 ? limited : { ok: true }));
  const api = new SalesforceApi(connection, fast);
  expect(await api.request('POST', '/composite/graph', { graphs: [] })).toEqual({ ok: true });
  expect(api.calls).toBe(2);
});

test('a session refresh inside jsforce counts its token request and the request sent again', async () => {
  const { connection } = scriptedConnection((_attempt, emitter) => {
    emitter.emit('refresh', 'new-token');
    return { records: [], done: true };
  });
  const api = new SalesforceApi(connection, fast);
  await api.query('SELECT Id FROM User');
  expect(api.calls).toBe(3);
  // A second API on the same connection counts only its own requests' refreshes.
  const other = new SalesforceApi(connection, fast);
  expect(other.calls).toBe(0);
});
