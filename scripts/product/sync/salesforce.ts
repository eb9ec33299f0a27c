// The engine's only door to Salesforce: a @salesforce/core Connection (as the API user), with
// retries and backoff for the failures that pass (5xx, REQUEST_LIMIT_EXCEEDED, timeouts and
// dropped connections), one session refresh on INVALID_SESSION_ID, and a count of API calls.
import type { Connection } from '@salesforce/core';
import { productMessages } from '../messages.ts';

const messages = productMessages('sync.salesforce');

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 200, maxDelayMs: 5000 };

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
  return /timed? ?out|socket hang up|ECONNRESET|fetch failed|503|502|500 Internal/i.test(
    String(e?.message ?? '')
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
  private readonly retry: RetryPolicy;
  private readonly refreshSession: (() => Promise<string>) | null;
  /** Calls sent, retries included: what the org's API limit counts. */
  calls = 0;

  constructor(connection: Connection, options: SalesforceApiOptions = {}) {
    this.connection = connection;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.refreshSession = options.refreshSession ?? null;
  }

  get dataPath(): string {
    return `/services/data/v${this.connection.getApiVersion()}`;
  }

  private async send<T>(call: () => Promise<T>): Promise<T> {
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      this.calls++;
      try {
        return await call();
      } catch (error) {
        if (isSessionExpired(error)) {
          if (refreshed || !this.refreshSession)
            throw new SessionExpiredError((error as Error).message);
          this.connection.accessToken = await this.refreshSession();
          refreshed = true;
          continue;
        }
        if (!isTransient(error) || attempt >= this.retry.attempts) throw error;
        // Exponential backoff with jitter, so several clients do not retry in step.
        const delay = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
        await sleep(delay / 2 + Math.random() * (delay / 2));
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
    let page = await this.send(() =>
      Buffer.byteLength(url) <= RECOMMENDED_MAX_URI_BYTES
        ? this.connection.request<QueryPage<T>>(url)
        : this.viaComposite<QueryPage<T>>(url)
    );
    rows.push(...page.records);
    while (!page.done && page.nextRecordsUrl) {
      const next = page.nextRecordsUrl;
      page = await this.send(() => this.connection.request<QueryPage<T>>(next));
      rows.push(...page.records);
    }
    return rows;
  }

  /** One GET sent as the only subrequest of /composite; its failure thrown as the GET's would be. */
  private async viaComposite<T>(url: string): Promise<T> {
    const answer = await this.connection.request<{
      compositeResponse: { body: unknown; httpStatusCode: number }[];
    }>({
      method: 'POST',
      url: `${this.dataPath}/composite`,
      body: JSON.stringify({
        allOrNone: false,
        compositeRequest: [{ method: 'GET', url, referenceId: 'query' }]
      }),
      headers: { 'Content-Type': 'application/json' }
    });
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

  async request<T>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {}
  ): Promise<T> {
    return this.send(() =>
      this.connection.request<T>({
        method,
        url: `${this.dataPath}${path}`,
        body: body === undefined ? undefined : JSON.stringify(body),
        headers: { 'Content-Type': 'application/json', ...headers }
      })
    );
  }

  /** The id of the user the connection acts as (the API user). */
  async currentUserId(): Promise<string> {
    const info = await this.send(() =>
      this.connection.request<{ user_id: string }>(
        `${this.connection.instanceUrl}/services/oauth2/userinfo`
      )
    );
    return info.user_id;
  }

  async describe(objectName: string): Promise<{ fields: Record<string, unknown>[] }> {
    return this.request('GET', `/sobjects/${objectName}/describe`);
  }
}
