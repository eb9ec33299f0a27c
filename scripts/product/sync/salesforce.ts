// The engine's only door to Salesforce: a @salesforce/core Connection (as the API user), with
// the one retry layer of the engine (backoff for the failures that pass: 5xx,
// REQUEST_LIMIT_EXCEEDED, timeouts and dropped connections), one session refresh on
// INVALID_SESSION_ID, a deadline per logical call, and a count of every HTTP request sent.
//
// One retry layer: jsforce (under @salesforce/core) retries by itself, up to 5 times with
// backoff from 500 ms, on 420/429/5xx and on dropped connections
// (node_modules/@jsforce/jsforce-node/lib/request.js, retryOpts). Nested under the engine's 5
// attempts that made one logical call 30 requests over 80 s, none of them counted. Every request
// here is sent with jsforce's retries off (`retry: { maxRetries: 0, methods: [] }`, the
// per-request options HttpApi hands to the transport), so each HTTP request is one attempt of
// this module, counted in `calls` as the org counts API calls.
//
// A write that is not idempotent (a POST that creates: a composite graph) is never sent twice by
// this layer once it may have reached Salesforce: a timeout, a dropped connection or a 5xx after
// sending is thrown as AmbiguousWriteError, and the caller reads back what the org holds before
// it writes again (writes.ts). Only refusals that prove nothing was done (REQUEST_LIMIT_EXCEEDED,
// a refused connection, an expired session) are retried here.
import type { Connection } from '@salesforce/core';
import { productMessages } from '../messages.ts';

const messages = productMessages('sync.salesforce');

export interface RetryPolicy {
  /** HTTP requests at most for one logical call. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** One HTTP request waits this long for its answer at most (then it is a timeout). */
  requestTimeoutMs: number;
  /** One logical call (every attempt and the waits between them) ends by this deadline. */
  deadlineMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 5000,
  requestTimeoutMs: 60_000,
  deadlineMs: 120_000
};

/** jsforce's own retries off, and its timeout set per request (request.js retryOpts). */
function httpOptions(timeoutMs: number): Parameters<Connection['request']>[1] {
  return {
    retry: { maxRetries: 0, methods: [], statusCodes: [], errorCodes: [] },
    timeout: timeoutMs
  };
}

/**
 * A write that may or may not have been carried out: its request was sent and no answer came
 * back (timeout, dropped connection), or a 5xx came back. Salesforce may have committed it.
 */
export class AmbiguousWriteError extends Error {
  constructor(detail: string) {
    super(`no answer to a write that Salesforce may have carried out (${detail})`);
    this.name = 'AmbiguousWriteError';
  }
}

export class SessionExpiredError extends Error {
  constructor(detail: string) {
    super(messages.getMessage('error.session-expired', [detail]));
    this.name = 'SessionExpiredError';
  }
}

interface ApiErrorShape {
  errorCode?: string;
  name?: string;
  code?: string;
  message?: string;
  statusCode?: number;
}

/** Whether a failed call may succeed when sent again unchanged. */
export function isTransient(error: unknown): boolean {
  const e = error as ApiErrorShape;
  const code = String(e?.errorCode ?? e?.name ?? e?.code ?? '');
  if (code === 'REQUEST_LIMIT_EXCEEDED' || code === 'SERVER_UNAVAILABLE') return true;
  if (/^ERROR_HTTP_5\d\d$/.test(code) || (e?.statusCode ?? 0) >= 500) return true;
  if (['ETIMEDOUT', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET'].includes(code))
    return true;
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError') return true;
  return /timed? ?out|socket hang up|ECONNRESET|fetch failed|503|502|500 Internal/i.test(
    String(e?.message ?? '')
  );
}

/**
 * Whether a transient failure proves the request was not carried out: refused for the API limit
 * before any work, or a connection that was never made. Anything else (a 5xx, a timeout, a reset
 * or closed connection) may have come after Salesforce committed.
 */
export function provesNothingDone(error: unknown): boolean {
  const e = error as ApiErrorShape & { cause?: { code?: string } };
  const code = String(e?.errorCode ?? e?.name ?? e?.code ?? '');
  return (
    code === 'REQUEST_LIMIT_EXCEEDED' ||
    code === 'ECONNREFUSED' ||
    e?.cause?.code === 'ECONNREFUSED' ||
    /ECONNREFUSED/.test(String(e?.message ?? ''))
  );
}

export function isSessionExpired(error: unknown): boolean {
  const e = error as ApiErrorShape;
  return e?.errorCode === 'INVALID_SESSION_ID' || e?.name === 'INVALID_SESSION_ID';
}

interface QueryPage<T> {
  records: T[];
  done: boolean;
  nextRecordsUrl?: string;
}

/**
 * Salesforce recommends URIs of at most 2,000 characters (URI and headers may not pass 16,384
 * bytes; https://help.salesforce.com/s/articleView?id=000386264&type=1).
 */
export const RECOMMENDED_MAX_URI_BYTES = 2_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Session refreshes jsforce made on each connection (one listener per connection). */
const refreshes = new WeakMap<Connection, { count: number }>();
function refreshesOf(connection: Connection): number {
  let counter = refreshes.get(connection);
  if (!counter) {
    const created = { count: 0 };
    counter = created;
    refreshes.set(connection, created);
    (connection as unknown as { on?: (name: string, listener: () => void) => void }).on?.(
      'refresh',
      () => created.count++
    );
  }
  return counter.count;
}

/** The org's daily API requests: used of max, as read at `at`. */
export interface ApiUsage {
  used: number;
  max: number;
  at: string;
}

interface ApiUsageHeader {
  used: number;
  limit: number;
}

export interface SalesforceApiOptions {
  retry?: Partial<RetryPolicy>;
  /**
   * Gets a new access token when the session expired; null means the login cannot be
   * refreshed (access-token auth). Connections with a refresh token refresh inside
   * @salesforce/core and never reach here.
   */
  refreshSession?: (() => Promise<string>) | null;
}

export class SalesforceApi {
  readonly connection: Connection;
  /** The one retry policy of this API's calls (writes.ts bounds its resends by its attempts). */
  readonly retry: RetryPolicy;
  private readonly refreshSession: (() => Promise<string>) | null;
  /** HTTP requests sent, every attempt and session refresh included: what the org counts. */
  calls = 0;
  /**
   * The org's daily API requests as its last answer gave them: every REST response carries
   * `Sforce-Limit-Info: api-usage=used/max` (platform rule `api.limits.limitInfoHeader`), which
   * jsforce reads into connection.limitInfo. Null until an answer carried it.
   */
  usage: ApiUsage | null = null;

  constructor(connection: Connection, options: SalesforceApiOptions = {}) {
    this.connection = connection;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.refreshSession = options.refreshSession ?? null;
  }

  /**
   * A connection with a refresh token refreshes inside jsforce on a 401
   * (session-refresh-delegate.js emits 'refresh'): the token request and the request sent again
   * are two more HTTP requests, which the org counts too.
   */
  private countRefreshes(before: number): void {
    this.calls += 2 * (refreshesOf(this.connection) - before);
  }

  private readUsage(): void {
    const info = (this.connection as unknown as { limitInfo?: { apiUsage?: ApiUsageHeader } })
      .limitInfo?.apiUsage;
    if (info && Number.isFinite(info.used) && Number.isFinite(info.limit))
      this.usage = { used: info.used, max: info.limit, at: new Date().toISOString() };
  }

  /**
   * The org's usage read afresh: GET /limits (DailyApiRequests), itself one API request. `serve`
   * uses it while writing is paused for the budget, to learn when usage has fallen.
   */
  async refreshUsage(): Promise<ApiUsage | null> {
    const limits = await this.request<{ DailyApiRequests?: { Max: number; Remaining: number } }>(
      'GET',
      '/limits'
    );
    const daily = limits.DailyApiRequests;
    if (daily)
      this.usage = {
        used: daily.Max - daily.Remaining,
        max: daily.Max,
        at: new Date().toISOString()
      };
    return this.usage;
  }

  get dataPath(): string {
    return `/services/data/v${this.connection.getApiVersion()}`;
  }

  /**
   * One logical call: attempts until it succeeds, fails for good, runs out of attempts or passes
   * its deadline. `call` gets the time its one HTTP request may take. A call that is not
   * idempotent is not sent again once it may have been carried out (AmbiguousWriteError).
   */
  private async send<T>(call: (timeoutMs: number) => Promise<T>, idempotent = true): Promise<T> {
    let refreshed = false;
    const deadline = Date.now() + this.retry.deadlineMs;
    for (let attempt = 1; ; attempt++) {
      const remaining = deadline - Date.now();
      this.calls++;
      const refreshesBefore = refreshesOf(this.connection);
      try {
        const answer = await call(Math.max(1, Math.min(this.retry.requestTimeoutMs, remaining)));
        this.countRefreshes(refreshesBefore);
        this.readUsage();
        return answer;
      } catch (error) {
        this.countRefreshes(refreshesBefore);
        this.readUsage();
        if (isSessionExpired(error)) {
          if (refreshed || !this.refreshSession)
            throw new SessionExpiredError((error as Error).message);
          this.connection.accessToken = await this.refreshSession();
          refreshed = true;
          continue;
        }
        if (!isTransient(error)) throw error;
        if (!idempotent && !provesNothingDone(error))
          throw new AmbiguousWriteError((error as Error).message);
        if (attempt >= this.retry.attempts) throw error;
        // Exponential backoff with jitter, so several clients do not retry in step.
        const delay = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
        const wait = delay / 2 + Math.random() * (delay / 2);
        if (Date.now() + wait >= deadline) {
          (error as Error).message +=
            ` (gave up after ${attempt} attempts: the call's deadline of ${this.retry.deadlineMs} ms passed)`;
          throw error;
        }
        await sleep(wait);
      }
    }
  }

  /**
   * All rows of a SOQL query (following nextRecordsUrl pages, each a call). A query whose URL
   * would pass Salesforce's recommended URI length goes in the body of a Composite request
   * instead (platform rule `api.rest.uriLength`): a grouped lookup of 200 bookings is longer
   * than the 16,384 bytes a GET may have, and still one call.
   */
  async query<T = Record<string, unknown>>(soql: string): Promise<T[]> {
    const rows: T[] = [];
    const url = `${this.dataPath}/query?q=${encodeURIComponent(soql)}`;
    let page = await this.send((timeout) =>
      Buffer.byteLength(url) <= RECOMMENDED_MAX_URI_BYTES
        ? this.connection.request<QueryPage<T>>(url, httpOptions(timeout))
        : this.viaComposite<QueryPage<T>>(url, timeout)
    );
    rows.push(...page.records);
    while (!page.done && page.nextRecordsUrl) {
      const next = page.nextRecordsUrl;
      page = await this.send((timeout) =>
        this.connection.request<QueryPage<T>>(next, httpOptions(timeout))
      );
      rows.push(...page.records);
    }
    return rows;
  }

  /** One GET sent as the only subrequest of /composite; its failure thrown as the GET's would be. */
  private async viaComposite<T>(url: string, timeout: number): Promise<T> {
    const answer = await this.connection.request<{
      compositeResponse: { body: unknown; httpStatusCode: number }[];
    }>(
      {
        method: 'POST',
        url: `${this.dataPath}/composite`,
        body: JSON.stringify({
          allOrNone: false,
          compositeRequest: [{ method: 'GET', url, referenceId: 'query' }]
        }),
        headers: { 'Content-Type': 'application/json' }
      },
      httpOptions(timeout)
    );
    const [sub] = answer.compositeResponse;
    if (sub.httpStatusCode >= 400) {
      const [problem] = (sub.body as { errorCode?: string; message?: string }[] | null) ?? [];
      const error = new Error(problem?.message ?? `HTTP ${sub.httpStatusCode}`) as Error &
        ApiErrorShape;
      error.name = problem?.errorCode ?? `ERROR_HTTP_${sub.httpStatusCode}`;
      error.errorCode = problem?.errorCode;
      error.statusCode = sub.httpStatusCode;
      throw error;
    }
    return sub.body as T;
  }

  /**
   * One REST call. A POST is taken as not idempotent (it creates): it is not sent again once it
   * may have been carried out. GET, PATCH (an update, or an upsert by external id) and DELETE are.
   */
  async request<T>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    { idempotent = method !== 'POST' }: { idempotent?: boolean } = {}
  ): Promise<T> {
    return this.send(
      (timeout) =>
        this.connection.request<T>(
          {
            method,
            url: `${this.dataPath}${path}`,
            body: body === undefined ? undefined : JSON.stringify(body),
            headers: { 'Content-Type': 'application/json', ...headers }
          },
          httpOptions(timeout)
        ),
      idempotent
    );
  }

  /** The id of the user the connection acts as (the API user). */
  async currentUserId(): Promise<string> {
    const info = await this.send((timeout) =>
      this.connection.request<{ user_id: string }>(
        `${this.connection.instanceUrl}/services/oauth2/userinfo`,
        httpOptions(timeout)
      )
    );
    return info.user_id;
  }

  async describe(objectName: string): Promise<{ fields: Record<string, unknown>[] }> {
    return this.request('GET', `/sobjects/${objectName}/describe`);
  }
}
