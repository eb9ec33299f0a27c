// Faults on demand, for reliability tests: added latency, the next N calls failing with 500 or
// 503, the next N calls refused with REQUEST_LIMIT_EXCEEDED, and expired sessions. Reachable in
// process (LocalOrg.faults) and over HTTP (POST /__local/faults) for tests that drive a CLI.
export interface FaultSettings {
  latencyMs?: number;
  failNext?: number;
  failStatus?: 500 | 503;
  requestLimitNext?: number;
  expireSessions?: string[];
  reset?: boolean;
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

  reset(): void {
    this.latencyMs = 0;
    this.failures = 0;
    this.limited = 0;
    this.expired.clear();
  }

  configure(settings: FaultSettings): FaultSettings {
    if (settings.reset) this.reset();
    if (settings.latencyMs !== undefined) this.latency(settings.latencyMs);
    if (settings.failNext !== undefined)
      this.failNext(settings.failNext, settings.failStatus ?? 503);
    if (settings.requestLimitNext !== undefined) this.requestLimitNext(settings.requestLimitNext);
    for (const token of settings.expireSessions ?? []) this.expireSession(token);
    return {
      latencyMs: this.latencyMs,
      failNext: this.failures,
      failStatus: this.failStatus,
      requestLimitNext: this.limited,
      expireSessions: [...this.expired]
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
