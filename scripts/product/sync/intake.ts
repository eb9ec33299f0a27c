// serve's HTTP intake: the limits of a request (how large, how slow), reading its body without
// letting a dropped or stalled client take the process down, the signature scheme (a signed
// timestamp and an HMAC over the raw bytes), the replay guard, and the worker's health as
// GET /health reports it. No I/O beyond the request and the clock.
//
// The signature scheme is the one webhook senders use (Stripe's, for one:
// https://docs.stripe.com/webhooks#verify-manually): the sender signs
// `<unix seconds>.<raw body bytes>` with HMAC-SHA256 and the shared secret and sends the time in
// its own header; the receiver refuses a time outside a tolerance window, so a captured request
// is worthless once the window has passed, and remembers what it accepted inside the window, so
// it cannot be replayed within it either.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { productMessages } from '../messages.ts';

const messages = productMessages('sync.serve');

/** Header carrying `sha256=<hex HMAC-SHA256 of "<timestamp>." followed by the raw body>`. */
export const SIGNATURE_HEADER = 'x-booking-signature';
/** Header carrying the Unix time, in whole seconds, at which the sender signed the request. */
export const TIMESTAMP_HEADER = 'x-booking-timestamp';

export interface IntakeLimits {
  /** Largest body accepted; above it 413 and the connection is closed. */
  maxBodyBytes: number;
  /** Time to receive the whole body once the headers are in; then 408 and the connection closed. */
  bodyTimeoutMs: number;
  /** Node's server.headersTimeout: time to receive the request's headers. */
  headersTimeoutMs: number;
  /** Node's server.requestTimeout: time to receive the whole request (a backstop to the two above). */
  requestTimeoutMs: number;
  /**
   * Node's connectionsCheckingInterval: how often Node looks for requests past the two timeouts
   * above. Its default, 30 s, would let a stalled request live up to 30 s past its timeout.
   */
  timeoutCheckMs: number;
  /** Node's server.keepAliveTimeout: how long an idle kept-alive connection stays open. */
  keepAliveTimeoutMs: number;
  /** Node's server.maxRequestsPerSocket: requests on one kept-alive connection before it closes. */
  maxRequestsPerSocket: number;
  /** A signed timestamp may be this many seconds before or after the server's clock. */
  toleranceSeconds: number;
}

// Node's defaults are 300 s for the whole request and 60 s for the headers, checked every 30 s
// (https://nodejs.org/api/http.html#httpcreateserveroptions-requestlistener,
// https://nodejs.org/api/http.html#serverrequesttimeout): a hundred clients trickling a body
// would each hold a connection for five minutes. A booking event is a few kilobytes sent at once.
export const DEFAULT_INTAKE_LIMITS: Readonly<IntakeLimits> = Object.freeze({
  maxBodyBytes: 1024 * 1024,
  bodyTimeoutMs: 10_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 20_000,
  timeoutCheckMs: 1_000,
  keepAliveTimeoutMs: 5_000,
  maxRequestsPerSocket: 1_000,
  toleranceSeconds: 300
});

/** The limits with the given ones in place of the defaults, checked for sense. */
export function intakeLimits(given: Partial<IntakeLimits> = {}): IntakeLimits {
  const limits = { ...DEFAULT_INTAKE_LIMITS, ...given };
  for (const [name, value] of Object.entries(limits))
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(messages.getMessage('error.bad-limit', [name, String(value)]));
  // Node refuses a headers timeout longer than the request timeout (ERR_OUT_OF_RANGE).
  if (limits.headersTimeoutMs > limits.requestTimeoutMs)
    throw new Error(
      messages.getMessage('error.headers-after-request', [
        limits.headersTimeoutMs,
        limits.requestTimeoutMs
      ])
    );
  return limits;
}

// ---------------------------------------------------------------------------------------------
// Signatures

function digest(body: Buffer | string, secret: string, timestamp: number): Buffer {
  return createHmac('sha256', secret)
    .update(`${timestamp}.`)
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest();
}

/**
 * The x-booking-signature value for a body signed at `timestamp` (Unix seconds):
 * `sha256=` and the hex HMAC-SHA256, under the secret, of the timestamp, a dot and the body's
 * bytes (a string body is taken as its UTF-8 bytes, as it travels).
 */
export function sign(body: Buffer | string, secret: string, timestamp: number): string {
  return `sha256=${digest(body, secret, timestamp).toString('hex')}`;
}

/** Both headers a sender sets, signed now unless a time (Unix seconds) is given. */
export function signedHeaders(
  body: Buffer | string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000)
): Record<typeof SIGNATURE_HEADER | typeof TIMESTAMP_HEADER, string> {
  return {
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: sign(body, secret, timestamp)
  };
}

export type Verdict =
  | {
      ok: true;
      timestamp: number;
      /** The verified HMAC (base64): what the replay guard remembers. */
      key: string;
    }
  | { ok: false; error: string };

// Up to 15 digits: within Number.MAX_SAFE_INTEGER, and a time in milliseconds sent by mistake
// is then refused as far ahead of the clock (which says what is wrong) rather than as malformed.
const TIMESTAMP_FORMAT = /^\d{1,15}$/;
const SIGNATURE_FORMAT = /^sha256=([0-9a-fA-F]{64})$/;

/** A header's one value: a repeated header is refused rather than one of its copies chosen. */
function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? undefined : value?.trim();
}

/**
 * Checks a request's signature and timestamp against its raw body bytes. The HMAC is computed
 * over the bytes as received (never decoded to text and encoded again: a body that is not valid
 * UTF-8 would otherwise change) and compared with timingSafeEqual on the raw digests. The time is
 * checked only once the signature holds, so only a holder of the secret learns about the clock.
 */
export function verifySignature(
  body: Buffer,
  headers: IncomingHttpHeaders,
  secret: string,
  nowMs: number,
  toleranceSeconds: number
): Verdict {
  const signature = single(headers[SIGNATURE_HEADER]);
  const timestampText = single(headers[TIMESTAMP_HEADER]);
  if (!signature) return { ok: false, error: messages.getMessage('http.missing-signature') };
  if (!timestampText) return { ok: false, error: messages.getMessage('http.missing-timestamp') };
  if (!TIMESTAMP_FORMAT.test(timestampText))
    return {
      ok: false,
      error: messages.getMessage('http.bad-timestamp', [JSON.stringify(timestampText.slice(0, 40))])
    };
  const format = SIGNATURE_FORMAT.exec(signature);
  if (!format) return { ok: false, error: messages.getMessage('http.bad-signature-format') };
  const timestamp = Number(timestampText);
  const expected = digest(body, secret, timestamp);
  const given = Buffer.from(format[1], 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, error: messages.getMessage('http.signature-mismatch') };
  const skew = Math.round(nowMs / 1000 - timestamp);
  if (Math.abs(skew) > toleranceSeconds)
    return {
      ok: false,
      error: messages.getMessage('http.stale-timestamp', [
        timestamp,
        skew > 0 ? `${skew} seconds behind` : `${-skew} seconds ahead of`,
        toleranceSeconds
      ])
    };
  return { ok: true, timestamp, key: expected.toString('base64') };
}

// ---------------------------------------------------------------------------------------------
// Replays

/**
 * The signatures accepted within the tolerance window. A request whose verified signature is
 * here is a repeat of one already queued: serve answers it 200 "already queued" and queues
 * nothing (a sender that lost the first answer and sends the same request again must not be told
 * it failed; an attacker replaying a captured request gains nothing). Once a signature's
 * timestamp is out of the window the timestamp check refuses the request by itself, so the
 * signature is forgotten then: memory stays proportional to the requests of one window.
 * In memory only: after a restart a repeat within the window is queued again, and the ledger
 * (booking id, sequence) skips it when the worker reaches it.
 */
export class RecentSignatures {
  // key -> when it may be forgotten (ms); in insertion order.
  readonly #expiries = new Map<string, number>();
  readonly #toleranceMs: number;

  constructor(toleranceSeconds: number) {
    this.#toleranceMs = toleranceSeconds * 1000;
  }

  get size(): number {
    return this.#expiries.size;
  }

  has(key: string, nowMs: number): boolean {
    this.#forgetExpired(nowMs);
    return this.#expiries.has(key);
  }

  /** Remembers a signature until its timestamp leaves the window. */
  remember(key: string, timestampSeconds: number, nowMs: number): void {
    this.#forgetExpired(nowMs);
    this.#expiries.set(key, timestampSeconds * 1000 + this.#toleranceMs);
  }

  /** Forgets a signature whose request was not queued after all (so a retry is not refused). */
  forget(key: string): void {
    this.#expiries.delete(key);
  }

  // From the oldest insertion on, up to the first still in the window. Timestamps arrive roughly
  // in order; one that expires later than those behind it only delays their removal (by at most
  // the window's width), and an expired entry still here refuses nothing the clock check lets in.
  #forgetExpired(nowMs: number): void {
    for (const [key, expiry] of this.#expiries) {
      if (expiry >= nowMs) break;
      this.#expiries.delete(key);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Bodies

export type BodyResult =
  | { kind: 'body'; body: Buffer }
  /** Larger than the limit (the rest is not read). */
  | { kind: 'too-large' }
  /** Not all there within the body timeout. */
  | { kind: 'timeout' }
  /** The client went away (or the connection failed) before the body was complete. */
  | { kind: 'aborted' };

/**
 * Reads a request's body within the limits. Never rejects: a client that drops the connection
 * mid-body makes the request emit 'error' (ECONNRESET "aborted") and 'close' without 'end'
 * (https://nodejs.org/api/http.html#event-aborted: "Deprecated. Listen for 'close' event
 * instead"), which `for await` turns into a rejection that nothing awaited, and an unhandled
 * rejection ends the process. Here both become { kind: 'aborted' }.
 */
export function readBody(
  request: IncomingMessage,
  limits: Pick<IntakeLimits, 'maxBodyBytes' | 'bodyTimeoutMs'>
): Promise<BodyResult> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBodyBytes)
    return Promise.resolve({ kind: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.off('data', onData);
      if (result.kind !== 'body') request.pause();
      resolve(result);
    };
    const timer = setTimeout(() => settle({ kind: 'timeout' }), limits.bodyTimeoutMs);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBodyBytes) return settle({ kind: 'too-large' });
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => settle({ kind: 'body', body: Buffer.concat(chunks, size) }));
    // Kept for the request's whole life: an 'error' after settling must not go unheard either.
    request.on('error', () => settle({ kind: 'aborted' }));
    request.once('close', () => {
      if (!request.complete) settle({ kind: 'aborted' });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Health

export interface HealthReport {
  /**
   * 'failing' from a batch that failed as a whole until a batch runs through again; 'paused'
   * while writing waits for the org's API usage to fall under the API budget (events are still
   * accepted and queued).
   */
  status: 'ok' | 'failing' | 'paused';
  /** A batch is being applied right now. */
  applying: boolean;
  /** Events accepted (202) and not yet applied, skipped or dead-lettered. */
  backlog: number;
  /** Why the last batch failed as a whole (one line), or null. */
  lastError: string | null;
  /** When a batch last ran through (ISO 8601), or null. */
  lastAppliedAt: string | null;
  /** Why writing is paused (the API budget), or null. */
  paused: string | null;
  /** The org's daily API requests as Salesforce's last answer gave them, or null. */
  apiUsage: { used: number; max: number; at: string } | null;
  /** The share of them the connector may use, and that cap, once the settings are read. */
  apiBudget: { percent: number; cap: number } | null;
}

const MAX_ERROR_LENGTH = 500;

/**
 * What the worker tells GET /health: serve's drain loop calls started() before a batch, then
 * ranThrough() when Salesforce took it (bookings refused one by one are the dead letter's
 * business, not a failure of the worker) or failedAsWhole() when the batch could not be applied
 * at all (the config did not load, the session expired, a call failed beyond its retries).
 * The backlog is serve's own count, given when the report is made.
 */
export class WorkerHealth {
  applying = false;
  lastError: string | null = null;
  lastAppliedAt: string | null = null;
  paused: string | null = null;
  apiUsage: HealthReport['apiUsage'] = null;
  apiBudget: HealthReport['apiBudget'] = null;

  started(): void {
    this.applying = true;
  }

  ranThrough(at: Date = new Date()): void {
    this.applying = false;
    this.lastError = null;
    this.lastAppliedAt = at.toISOString();
  }

  /** Records the failure and returns the one-line log for it. */
  failedAsWhole(events: number, error: string): string {
    this.applying = false;
    const line = error.replace(/\s+/g, ' ').trim() || 'no reason given';
    this.lastError =
      line.length > MAX_ERROR_LENGTH ? `${line.slice(0, MAX_ERROR_LENGTH - 1)}…` : line;
    return messages.getMessage('log.batch-failed', [events, this.lastError.replace(/\.$/, '')]);
  }

  report(backlog: number): HealthReport {
    return {
      status: this.lastError !== null ? 'failing' : this.paused !== null ? 'paused' : 'ok',
      applying: this.applying,
      backlog,
      lastError: this.lastError,
      lastAppliedAt: this.lastAppliedAt,
      paused: this.paused,
      apiUsage: this.apiUsage,
      apiBudget: this.apiBudget
    };
  }
}
