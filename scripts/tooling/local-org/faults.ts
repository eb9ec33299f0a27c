// Faults on demand, for reliability tests: added latency, the next N calls failing with 500 or
// 503, the next N calls refused with REQUEST_LIMIT_EXCEEDED, expired sessions, and a committed
// call whose response is lost (the request is carried out and saved, then the connection is
// closed without an answer: what a client sees when a timeout or a dropped connection hits
// after Salesforce committed). Reachable in process (LocalOrg.faults) and over HTTP
// (POST /__local/faults) for tests that drive a CLI.
export interface FaultSettings {
  latencyMs?: number;
  failNext?: number;
  failStatus?: 500 | 503;
  requestLimitNext?: number;
  expireSessions?: string[];
  /** Commit, then drop the response of the call-th API request (1: the next) whose path contains path. */
  dropResponses?: DropResponse[];
  reset?: boolean;
}

export interface DropResponse {
  /** 1 for the next matching request, 2 for the one after it... */
  call: number;
  /** Only requests whose path contains this text count (every API request without it). */
  path?: string;
}

export interface FaultAnswer {
  status: number;
  body: unknown;
}

export class FaultControl {
  private latencyMs = 0;
  private failures = 0;
  private failStatus: 500 | 503 = 503;
  private limited = 0;
  private readonly expired = new Set<string>();
  private drops: { remaining: number; path?: string }[] = [];
  /** Responses dropped after their request was committed, for tests to check the fault fired. */
  droppedResponses = 0;

  latency(ms: number): void {
    this.latencyMs = Math.max(0, ms);
  }

  failNext(count: number, status: 500 | 503 = 503): void {
    this.failures = count;
    this.failStatus = status;
  }

  requestLimitNext(count: number): void {
    this.limited = count;
  }

  expireSession(token: string): void {
    this.expired.add(token);
  }

  isExpired(token: string): boolean {
    return this.expired.has(token);
  }

  /** The call-th API request from now whose path contains path is committed, then unanswered. */
  dropResponse(call: number, path?: string): void {
    if (!Number.isInteger(call) || call < 1)
      throw new Error('dropResponse: call must be 1 or more');
    this.drops.push({ remaining: call, ...(path ? { path } : {}) });
  }

  /**
   * Called after a request was carried out and is on disk, before its answer: true when its
   * response is to be dropped (the server then closes the connection without answering).
   */
  dropAfterCommit(path: string): boolean {
    let drop = false;
    for (const pending of this.drops) {
      if (pending.path && !path.includes(pending.path)) continue;
      pending.remaining--;
      if (pending.remaining === 0) drop = true;
    }
    this.drops = this.drops.filter((pending) => pending.remaining > 0);
    if (drop) this.droppedResponses++;
    return drop;
  }

  reset(): void {
    this.latencyMs = 0;
    this.failures = 0;
    this.limited = 0;
    this.expired.clear();
    this.drops = [];
    this.droppedResponses = 0;
  }

  configure(settings: FaultSettings): FaultSettings {
    if (settings.reset) this.reset();
    if (settings.latencyMs !== undefined) this.latency(settings.latencyMs);
    if (settings.failNext !== undefined)
      this.failNext(settings.failNext, settings.failStatus ?? 503);
    if (settings.requestLimitNext !== undefined) this.requestLimitNext(settings.requestLimitNext);
    for (const token of settings.expireSessions ?? []) this.expireSession(token);
    for (const drop of settings.dropResponses ?? []) this.dropResponse(drop.call, drop.path);
    return {
      latencyMs: this.latencyMs,
      failNext: this.failures,
      failStatus: this.failStatus,
      requestLimitNext: this.limited,
      expireSessions: [...this.expired],
      dropResponses: this.drops.map((d) => ({
        call: d.remaining,
        ...(d.path ? { path: d.path } : {})
      }))
    };
  }

  /** Applied before every API request: waits, then answers a fault if one is due. */
  async before(): Promise<FaultAnswer | null> {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    if (this.limited > 0) {
      this.limited--;
      return {
        status: 403,
        body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]
      };
    }
    if (this.failures > 0) {
      this.failures--;
      const message =
        this.failStatus === 503
          ? 'Service Unavailable: the server is temporarily unable to handle the request (injected by the local org)'
          : 'An unexpected error occurred (injected by the local org)';
      return {
        status: this.failStatus,
        body: [
          {
            message,
            errorCode: this.failStatus === 503 ? 'SERVER_UNAVAILABLE' : 'UNKNOWN_EXCEPTION'
          }
        ]
      };
    }
    return null;
  }
}
