// `serve`: booking events over HTTP. A request is accepted (202) only once its event is durably
// queued in the store (store.ts: one committed SQLite transaction). A worker claims and applies
// queued events in batches; the store keeps events of one booking in order and lets `sync` and
// `sync --replay` work on the same store at the same time. A restart reads only what is left
// to do. When nothing can be applied for a while (expired session, API limit, Salesforce
// unreachable, a configuration that cannot load) the events stay queued, the worker backs off
// and says so loudly, instead of failing them.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { productMessages } from '../messages.ts';
import { loadConfig, type SyncConfig } from './config.ts';
import { EventFormatError, validateEvent, type BookingEvent } from './events.ts';
import { MAX_BATCH_SIZE, applyClaimed, type BatchReport } from './engine.ts';
import type { SalesforceApi } from './salesforce.ts';
import { openSyncStore, workerName, type DeadLetter } from './store.ts';

const messages = productMessages('sync.serve');

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body with the shared secret>`. */
export const SIGNATURE_HEADER = 'x-booking-signature';
const MAX_BODY_BYTES = 1024 * 1024;

export function sign(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function signatureMatches(
  body: Buffer,
  header: string | undefined,
  secret: string
): boolean {
  if (!header) return false;
  const expected = Buffer.from(sign(body.toString('utf8'), secret));
  const given = Buffer.from(header.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface ServeOptions {
  api: SalesforceApi;
  secret: string;
  /** The store (store.ts's syncStorePath of the state folder). */
  storePath: string;
  port?: number;
  onApplied?: (report: BatchReport) => void;
  /** Called with a line for the operator when applying fails as a whole, and when it recovers. */
  onAlert?: (line: string) => void;
  /** How often an idle worker looks for events other processes queued. */
  pollMs?: number;
  /** How long the configuration is used before it is read again. */
  configMaxAgeMs?: number;
  /** The longest wait before trying again after a failure of a whole batch. */
  maxBackoffMs?: number;
}

/** The configuration is read again after this long (a change in the setup page reaches serve). */
export const CONFIG_MAX_AGE_MS = 5 * 60 * 1000;

export interface ServeHealth {
  status: 'ok' | 'failing';
  applying: boolean;
  backlog: number;
  lastError: string | null;
  failingSince: string | null;
  lastAppliedAt: string | null;
}

export interface RunningServer {
  url: string;
  server: Server;
  /** Bookings that could not be applied, with Salesforce's error. */
  deadLetters(): DeadLetter[];
  /** Whether applying works, what waits, and the last failure of a whole batch. */
  health(): ServeHealth;
  /** Resolves when every queued event has been handled. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function serve(options: ServeOptions): Promise<RunningServer> {
  if (options.secret.length < 16) {
    throw new Error(messages.getMessage('error.short-secret'));
  }
  const store = openSyncStore(options.storePath);
  const worker = workerName('serve');
  const alert = options.onAlert ?? ((line: string) => process.stderr.write(`${line}\n`));
  const state = {
    applying: false,
    lastError: null as string | null,
    failingSince: null as number | null,
    lastAppliedAt: null as number | null,
    closing: false
  };
  let config: { value: SyncConfig; loadedAt: number } | null = null;
  let wake: (() => void) | null = null;
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  const failing = (why: string) => {
    if (state.failingSince === null) state.failingSince = Date.now();
    state.lastError = why;
    alert(messages.getMessage('alert.failing', [why, store.backlog().queued]));
  };
  const recovered = () => {
    if (state.failingSince !== null) alert(messages.getMessage('alert.recovered'));
    state.failingSince = null;
  };

  /** Claims and applies queued events until closed; backs off while nothing can be applied. */
  const work = async () => {
    let backoff = 0;
    while (!state.closing) {
      const claimed = store.claim(worker, MAX_BATCH_SIZE);
      if (!claimed.length) {
        await nap(options.pollMs ?? 500);
        continue;
      }
      state.applying = true;
      let stoppedBy: string | undefined;
      try {
        const maxAge = options.configMaxAgeMs ?? CONFIG_MAX_AGE_MS;
        if (!config || Date.now() - config.loadedAt > maxAge)
          config = { value: await loadConfig(options.api), loadedAt: Date.now() };
        const report = await applyClaimed(options.api, config.value, store, worker, claimed);
        stoppedBy = report.interruptedBy;
        if (report.applied) state.lastAppliedAt = Date.now();
        options.onApplied?.(report);
      } catch (error) {
        // The configuration could not load (or a bug): nothing was written; the events wait.
        store.finish(
          worker,
          claimed.map(({ id }) => ({ id, status: 'released' }))
        );
        stoppedBy = messages.getMessage('error.config', [(error as Error).message]);
        config = null;
      } finally {
        state.applying = false;
      }
      if (stoppedBy) {
        failing(stoppedBy);
        backoff = Math.min(options.maxBackoffMs ?? 60_000, Math.max(1000, backoff * 2));
        await nap(backoff);
      } else {
        recovered();
        backoff = 0;
      }
    }
  };
  const working = work();

  const health = (): ServeHealth => {
    const backlog = store.backlog();
    return {
      status: state.failingSince === null ? 'ok' : 'failing',
      applying: state.applying,
      backlog: backlog.queued + backlog.claimed,
      lastError: state.lastError,
      failingSince: state.failingSince === null ? null : new Date(state.failingSince).toISOString(),
      lastAppliedAt:
        state.lastAppliedAt === null ? null : new Date(state.lastAppliedAt).toISOString()
    };
  };

  const server = createServer(async (request, response) => {
    const answer = (status: number, body: Record<string, unknown>) => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method === 'GET' && request.url === '/health') {
      const now = health();
      return answer(now.status === 'ok' ? 200 : 503, { ...now });
    }
    if (request.method !== 'POST' || request.url !== '/events')
      return answer(404, { error: 'POST booking events to /events' });
    const body = await readBody(request);
    if (!body) return answer(413, { error: `body larger than ${MAX_BODY_BYTES} bytes` });
    const header = request.headers[SIGNATURE_HEADER] as string | undefined;
    if (!header)
      return answer(401, {
        error: `missing ${SIGNATURE_HEADER} header (sha256=<HMAC-SHA256 of the body>)`
      });
    if (!signatureMatches(body, header, options.secret))
      return answer(401, { error: 'signature does not match the body; check the shared secret' });
    let event: BookingEvent;
    try {
      event = validateEvent(JSON.parse(body.toString('utf8')));
    } catch (error) {
      const reason =
        error instanceof EventFormatError
          ? error.message
          : `body is not JSON: ${(error as Error).message}`;
      return answer(400, { error: reason });
    }
    const { duplicates } = store.enqueue([event]);
    wake?.();
    if (duplicates.length)
      return answer(200, {
        duplicate: event.bookingId,
        sequence: event.sequence,
        reason: duplicates[0].reason
      });
    answer(202, { queued: event.bookingId, sequence: event.sequence });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    deadLetters: () => store.deadLetters(),
    health,
    idle: async () => {
      for (;;) {
        const { queued, claimed } = store.backlog();
        if (!queued && !claimed && !state.applying) return;
        if (state.failingSince !== null) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      state.closing = true;
      wake?.();
      await working;
      store.close();
    }
  };
}
