// `serve`: booking events over HTTP. A request is accepted (202) only once its event is durably
// queued in the store (store.ts: one committed SQLite transaction). A worker claims and applies
// queued events in batches; the store keeps events of one booking in order and lets `sync` and
// `sync --replay` work on the same store at the same time. A restart reads only what is left
// to do. When nothing can be applied for a while (expired session, API limit, Salesforce
// unreachable, a configuration that cannot load) the events stay queued, the worker backs off
// and says so loudly, instead of failing them. What a request must be to get that far (size,
// time, a signed timestamp, not a replay) and what GET /health says is intake.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { productMessages } from '../messages.ts';
import { loadConfig, type SyncConfig } from './config.ts';
import { EventFormatError, validateEvent, type BookingEvent } from './events.ts';
import {
  MAX_BATCH_SIZE,
  applyClaimed,
  budgetStop,
  pruneWhenDue,
  type BatchReport
} from './engine.ts';
import { apiBudget } from '../../../force-app/main/default/lwc/bookingRules/syncRules.js';
import {
  RecentSignatures,
  WorkerHealth,
  intakeLimits,
  readBody,
  verifySignature,
  type HealthReport,
  type IntakeLimits
} from './intake.ts';
import type { SalesforceApi } from './salesforce.ts';
import { openSyncStore, workerName, type DeadLetter, type SyncStore } from './store.ts';

export {
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  DEFAULT_INTAKE_LIMITS,
  sign,
  signedHeaders,
  type IntakeLimits,
  type HealthReport
} from './intake.ts';

const messages = productMessages('sync.serve');

export interface ServeOptions {
  api: SalesforceApi;
  secret: string;
  /** The store (store.ts's syncStorePath of the state folder), opened and closed by serve. */
  storePath?: string;
  /** Or a store opened by the caller (another implementation of SyncStore), left open. */
  store?: SyncStore;
  port?: number;
  onApplied?: (report: BatchReport) => void;
  /** Body size, timeouts, keep-alive and the signature's tolerance (DEFAULT_INTAKE_LIMITS). */
  limits?: Partial<IntakeLimits>;
  /** The clock the signed timestamps are checked against, in ms (Date.now). */
  now?: () => number;
  /** Where the one-line alarm goes when applying fails as a whole, and when it works again. */
  alarm?: (line: string) => void;
  /** How often an idle worker looks for events other processes queued. */
  pollMs?: number;
  /** How long the configuration is used before it is read again. */
  configMaxAgeMs?: number;
  /** The longest wait before trying again after a failure of a whole batch. */
  maxBackoffMs?: number;
  /**
   * While writing is paused for the API budget, how often the org's usage is read again
   * (GET /limits, one API request each time).
   */
  budgetPollMs?: number;
}

/** While paused for the API budget, usage is read again this often: 288 requests a day. */
export const BUDGET_POLL_MS = 5 * 60 * 1000;

/** The configuration is read again after this long (a change in the setup page reaches serve). */
export const CONFIG_MAX_AGE_MS = 5 * 60 * 1000;

export interface RunningServer {
  url: string;
  server: Server;
  /** Bookings that could not be applied, with Salesforce's error. */
  deadLetters(): DeadLetter[];
  /** What GET /health answers. */
  health(): HealthReport;
  /** Resolves when nothing is left in the queue, or applying fails as a whole. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function serve(options: ServeOptions): Promise<RunningServer> {
  if (options.secret.length < 16) {
    throw new Error(messages.getMessage('error.short-secret'));
  }
  const limits = intakeLimits(options.limits);
  const now = options.now ?? Date.now;
  const alarm = options.alarm ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (!options.store && !options.storePath) throw new Error('serve needs storePath or store');
  const store = options.store ?? openSyncStore(options.storePath!);
  const worker = workerName('serve');
  const health = new WorkerHealth();
  const recent = new RecentSignatures(limits.toleranceSeconds);
  let closing = false;
  let config: { value: SyncConfig; loadedAt: number } | null = null;

  // The worker sleeps between looks at the queue. A request that queues an event wakes it from
  // an idle nap, never from a backoff (a failing org would be tried again at every request);
  // closing ends either.
  let wake: (() => void) | null = null;
  let interrupt: (() => void) | null = null;
  const nap = (ms: number, wakeOnEvents: boolean) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        interrupt = null;
        resolve();
      }
      interrupt = done;
      if (wakeOnEvents) wake = done;
    });

  const backlog = () => {
    const { queued, claimed } = store.backlog();
    return queued + claimed;
  };
  const healthReport = () => {
    health.apiUsage = options.api.usage;
    const budget = config
      ? apiBudget(options.api.usage, config.value.settings.apiBudgetPercent)
      : null;
    health.apiBudget = budget ? { percent: budget.percent, cap: budget.cap } : null;
    return health.report(backlog());
  };

  /**
   * Near the API budget: the claimed events go back to the queue, the pause is said once, and
   * usage is read again after a while. Returns whether writing is paused.
   */
  const pausedForBudget = async (
    current: SyncConfig,
    claimed: { id: number }[]
  ): Promise<boolean> => {
    const reason = budgetStop(options.api, current);
    if (!reason) {
      if (health.paused !== null) {
        health.paused = null;
        const budget = apiBudget(options.api.usage, current.settings.apiBudgetPercent)!;
        alarm(
          messages.getMessage('log.budget-resumed', [
            budget.used.toLocaleString('en-US'),
            budget.max.toLocaleString('en-US'),
            budget.cap.toLocaleString('en-US')
          ])
        );
      }
      return false;
    }
    store.finish(
      worker,
      claimed.map(({ id }) => ({ id, status: 'released' }))
    );
    if (health.paused === null)
      alarm(messages.getMessage('log.budget-paused', [reason, backlog()]));
    health.paused = reason;
    health.applying = false;
    await nap(options.budgetPollMs ?? BUDGET_POLL_MS, false);
    if (!closing) await options.api.refreshUsage().catch(() => null);
    return true;
  };

  /** Claims and applies queued events until closed; backs off while nothing can be applied. */
  const work = async () => {
    let backoff = 0;
    while (!closing) {
      const claimed = store.claim(worker, MAX_BATCH_SIZE);
      if (!claimed.length) {
        await nap(options.pollMs ?? 500, true);
        continue;
      }
      health.started();
      let stoppedBy: string | undefined;
      try {
        const maxAge = options.configMaxAgeMs ?? CONFIG_MAX_AGE_MS;
        if (!config || Date.now() - config.loadedAt > maxAge)
          config = { value: await loadConfig(options.api), loadedAt: Date.now() };
        if (await pausedForBudget(config.value, claimed)) continue;
        const report = await applyClaimed(options.api, config.value, store, worker, claimed);
        stoppedBy = report.interruptedBy;
        options.onApplied?.(report);
        if (!stoppedBy) await pruneWhenDue(options.api, config.value, store);
      } catch (error) {
        // The configuration could not load (or a bug): nothing was written; the events wait.
        store.finish(
          worker,
          claimed.map(({ id }) => ({ id, status: 'released' }))
        );
        stoppedBy = messages.getMessage('error.config', [(error as Error).message]);
        config = null;
      }
      if (stoppedBy) {
        alarm(health.failedAsWhole(backlog(), stoppedBy));
        backoff = Math.min(options.maxBackoffMs ?? 60_000, Math.max(1000, backoff * 2));
        await nap(backoff, false);
      } else {
        if (health.lastError !== null) alarm(messages.getMessage('log.recovered'));
        health.ranThrough();
        backoff = 0;
      }
    }
  };
  const working = work();

  const answer = (
    response: ServerResponse,
    status: number,
    body: Record<string, unknown>,
    close = false
  ) => {
    if (response.headersSent || response.destroyed) return;
    response.writeHead(status, {
      'Content-Type': 'application/json',
      // A request cut short (too large, too slow) leaves unread bytes behind it on the
      // connection: close it after the answer rather than read on.
      ...(close ? { Connection: 'close' } : {})
    });
    response.end(JSON.stringify(body));
  };

  const receiveEvent = async (request: IncomingMessage, response: ServerResponse) => {
    const received = await readBody(request, limits);
    if (received.kind === 'aborted') return; // nobody is left to answer
    if (received.kind === 'too-large')
      return answer(
        response,
        413,
        { error: messages.getMessage('http.body-too-large', [limits.maxBodyBytes]) },
        true
      );
    if (received.kind === 'timeout')
      return answer(
        response,
        408,
        { error: messages.getMessage('http.body-timeout', [limits.bodyTimeoutMs]) },
        true
      );
    const body = received.body;
    const verdict = verifySignature(
      body,
      request.headers,
      options.secret,
      now(),
      limits.toleranceSeconds
    );
    if (!verdict.ok) return answer(response, 401, { error: verdict.error });
    if (recent.has(verdict.key, now()))
      return answer(response, 200, { alreadyQueued: true, ...queuedAs(body) });
    let event: BookingEvent;
    try {
      event = validateEvent(JSON.parse(body.toString('utf8')));
    } catch (error) {
      const reason =
        error instanceof EventFormatError
          ? error.message
          : messages.getMessage('http.not-json', [(error as Error).message]);
      return answer(response, 400, { error: reason });
    }
    // Remembered before the journal write, so that a repeat arriving while it is under way is
    // not queued twice; forgotten again if the write fails, so that the sender's retry is not.
    recent.remember(verdict.key, verdict.timestamp, now());
    let duplicates: ReturnType<typeof store.enqueue>['duplicates'];
    try {
      ({ duplicates } = store.enqueue([event]));
    } catch (error) {
      recent.forget(verdict.key);
      throw error;
    }
    wake?.();
    // The same booking event again (another signature, a sender's retry): already taken.
    if (duplicates.length)
      return answer(response, 200, {
        alreadyQueued: true,
        queued: event.bookingId,
        sequence: event.sequence,
        reason: duplicates[0].reason
      });
    answer(response, 202, { queued: event.bookingId, sequence: event.sequence });
  };

  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      connectionsCheckingInterval: limits.timeoutCheckMs
    },
    (request, response) => {
      const path = (request.url ?? '').split('?')[0];
      if (path === '/health') {
        if (request.method !== 'GET' && request.method !== 'HEAD')
          return answer(response, 405, { error: messages.getMessage('http.health-method') });
        const report = healthReport();
        return answer(response, report.status === 'ok' ? 200 : 503, { ...report });
      }
      if (path !== '/events')
        return answer(response, 404, { error: messages.getMessage('http.not-found') });
      if (request.method !== 'POST')
        return answer(response, 405, { error: messages.getMessage('http.events-method') });
      // Whatever goes wrong in one request (the store's disk full) is that request's 500, never
      // an unhandled rejection: that would end the process and every request with it.
      receiveEvent(request, response).catch((error: Error) =>
        answer(
          response,
          500,
          { error: messages.getMessage('http.not-queued', [error.message]) },
          true
        )
      );
    }
  );
  server.maxRequestsPerSocket = limits.maxRequestsPerSocket;
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    deadLetters: () => store.deadLetters(),
    health: healthReport,
    idle: async () => {
      for (;;) {
        if (health.lastError !== null || health.paused !== null) return;
        if (!backlog() && !health.applying) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      closing = true;
      interrupt?.();
      await working;
      if (!options.store) store.close();
    }
  };
}

/** What a repeat is answered with: the booking it carried, as its first answer said. */
function queuedAs(body: Buffer): { queued?: unknown; sequence?: unknown } {
  try {
    const { bookingId, sequence } = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    return { queued: bookingId, sequence };
  } catch {
    return {};
  }
}
