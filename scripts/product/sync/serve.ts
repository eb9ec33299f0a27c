// `serve`: booking events over HTTP. A request is accepted (202) only once its event is durably
// queued: appended to the journal file and fsynced. One worker then applies queued events in
// arrival order, so events of one booking are applied in order; the ledger makes a restart,
// which re-reads the whole journal, apply nothing twice. What a request must be to get that far
// (size, time, a signed timestamp, not a replay) and what GET /health says is intake.ts.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { productMessages } from '../messages.ts';
import { DeadLetterFile, Ledger, appendDurably } from './ledger.ts';
import { EventFormatError, validateEvent, type BookingEvent } from './events.ts';
import { syncEvents, type SyncReport } from './engine.ts';
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
  journalPath: string;
  ledgerPath: string;
  deadLetterPath: string;
  port?: number;
  onApplied?: (report: SyncReport) => void;
  /** Body size, timeouts, keep-alive and the signature's tolerance (DEFAULT_INTAKE_LIMITS). */
  limits?: Partial<IntakeLimits>;
  /** The clock the signed timestamps are checked against, in ms (Date.now). */
  now?: () => number;
  /** Where the one-line alarm goes when a batch fails as a whole (stderr). */
  alarm?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  server: Server;
  /** Bookings that could not be applied, with Salesforce's error. */
  deadLetters(): ReturnType<DeadLetterFile['read']>;
  /** What GET /health answers. */
  health(): HealthReport;
  /** Resolves when every queued event has been handled. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Why a batch could not be applied at all, or null when Salesforce took it (bookings refused one
 * by one, for their own data, are dead-lettered and are not the worker failing). The engine
 * reports an expired session as stoppedBy, and a call that failed beyond its retries as that
 * error on every booking of the batch it had not finished.
 */
export function wholeBatchFailure(report: SyncReport): string | null {
  if (report.stoppedBy) return report.stoppedBy;
  const failedCall = report.outcomes.find(
    (outcome) => outcome.status === 'failed' && outcome.error?.startsWith('Salesforce call failed')
  );
  return failedCall?.error ?? null;
}

export async function serve(options: ServeOptions): Promise<RunningServer> {
  if (options.secret.length < 16) {
    throw new Error(messages.getMessage('error.short-secret'));
  }
  const limits = intakeLimits(options.limits);
  const now = options.now ?? Date.now;
  const alarm = options.alarm ?? ((line: string) => process.stderr.write(`${line}\n`));
  const ledger = new Ledger(options.ledgerPath);
  const deadLetter = new DeadLetterFile(options.deadLetterPath);
  const queue: BookingEvent[] = [];
  let working: Promise<void> = Promise.resolve();
  // Events accepted but not yet handled (applied, skipped or dead-lettered).
  let pending = 0;
  const health = new WorkerHealth();
  const recent = new RecentSignatures(limits.toleranceSeconds);

  const drain = () => {
    working = working.then(async () => {
      while (queue.length) {
        const batch = queue.splice(0, 200);
        health.started();
        try {
          const report = await syncEvents(options.api, batch, { ledger, deadLetter });
          const failure = wholeBatchFailure(report);
          if (failure) alarm(health.failedAsWhole(batch.length, failure));
          else health.ranThrough();
          options.onApplied?.(report);
        } catch (error) {
          // The config cannot work (or the org is unreachable): keep the events for replay.
          alarm(health.failedAsWhole(batch.length, (error as Error).message));
          deadLetter.append(batch.map((event) => ({ event, error: (error as Error).message })));
        } finally {
          pending -= batch.length;
        }
      }
    });
  };

  // Events queued before a restart: the ledger skips the ones already applied.
  if (existsSync(options.journalPath)) {
    for (const line of readFileSync(options.journalPath, 'utf8').split('\n')) {
      if (line.trim()) {
        queue.push(JSON.parse(line) as BookingEvent);
        pending++;
      }
    }
    drain();
  }

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
    try {
      appendDurably(options.journalPath, `${JSON.stringify(event)}\n`);
    } catch (error) {
      recent.forget(verdict.key);
      throw error;
    }
    queue.push(event);
    pending++;
    drain();
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
        const report = health.report(pending);
        return answer(response, report.status === 'ok' ? 200 : 503, { ...report });
      }
      if (path !== '/events')
        return answer(response, 404, { error: messages.getMessage('http.not-found') });
      if (request.method !== 'POST')
        return answer(response, 405, { error: messages.getMessage('http.events-method') });
      // Whatever goes wrong in one request (the journal's disk full) is that request's 500, never
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
    deadLetters: () => deadLetter.read(),
    health: () => health.report(pending),
    idle: async () => {
      while (pending > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      await working;
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await working;
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
