// serve's intake without a server: the signature scheme, the replay guard, the limits and the
// worker's health (issue 14 points 9 and 10). The HTTP side is in serve-intake.test.ts.
import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import {
  DEFAULT_INTAKE_LIMITS,
  RecentSignatures,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  WorkerHealth,
  intakeLimits,
  sign,
  signedHeaders,
  verifySignature
} from '../intake.ts';

const secret = 'whsec-test-0123456789';
const T = 1_700_000_000; // signed at, in Unix seconds
const at = (seconds: number) => seconds * 1000; // the server's clock, in ms
const verify = (body: Buffer, headers: IncomingHttpHeaders, nowSeconds = T, tolerance = 300) =>
  verifySignature(body, headers, secret, at(nowSeconds), tolerance);

describe('issue 14 point 10: signed timestamps, HMAC over the raw bytes', () => {
  test('the signature is HMAC-SHA256 of "<timestamp>.<body>" (a vector computed with openssl)', () => {
    // printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec-test-0123456789
    expect(sign('{"a":1}', secret, T)).toBe(
      'sha256=ba8ec7f38c4e076a99176a1bf98ae9f2f3f4e18412b46a5913ddcf5685932c6a'
    );
    expect(signedHeaders('{"a":1}', secret, T)).toEqual({
      [TIMESTAMP_HEADER]: String(T),
      [SIGNATURE_HEADER]: 'sha256=ba8ec7f38c4e076a99176a1bf98ae9f2f3f4e18412b46a5913ddcf5685932c6a'
    });
  });

  test('the HMAC is over the bytes as received, not over the body decoded to text', () => {
    // Not valid UTF-8: decoding turns 0xff into U+FFFD (three other bytes), so an HMAC of the
    // decoded text differs from the sender's HMAC of what it sent.
    const raw = Buffer.from([0x7b, 0xff, 0x7d]);
    // printf '1700000000.\x7b\xff\x7d' | openssl dgst -sha256 -hmac whsec-test-0123456789
    const senders = 'sha256=a52cc4abc27f2c02d4a12574284af5998115448587471b7e81b5e53a0f042169';
    expect(sign(raw, secret, T)).toBe(senders);
    expect(verify(raw, { [TIMESTAMP_HEADER]: String(T), [SIGNATURE_HEADER]: senders })).toEqual({
      ok: true,
      timestamp: T,
      key: Buffer.from(senders.slice(7), 'hex').toString('base64')
    });
    const overText = sign(raw.toString('utf8'), secret, T);
    expect(overText).not.toBe(senders);
    expect(
      verify(raw, { [TIMESTAMP_HEADER]: String(T), [SIGNATURE_HEADER]: overText })
    ).toMatchObject({ ok: false, error: expect.stringMatching(/does not match/) });
  });

  test('upper-case hex is the same signature', () => {
    const body = Buffer.from('{"a":1}');
    const headers = signedHeaders(body, secret, T);
    const upper = `sha256=${headers[SIGNATURE_HEADER].slice(7).toUpperCase()}`;
    expect(verify(body, { ...headers, [SIGNATURE_HEADER]: upper }).ok).toBe(true);
  });

  test('each missing or malformed header is refused with what to send', () => {
    const body = Buffer.from('{"a":1}');
    const good = signedHeaders(body, secret, T);
    const error = (headers: IncomingHttpHeaders) => {
      const verdict = verify(body, headers);
      if (verdict.ok) throw new Error('accepted');
      return verdict.error;
    };
    expect(error({ [TIMESTAMP_HEADER]: good[TIMESTAMP_HEADER] })).toMatch(
      /^Missing header x-booking-signature: send sha256=/
    );
    expect(error({ [SIGNATURE_HEADER]: good[SIGNATURE_HEADER] })).toMatch(
      /^Missing header x-booking-timestamp: send the Unix time in seconds/
    );
    for (const timestamp of ['1700000000.5', '1.7e9', '-1700000000', 'now', '1'.repeat(16)])
      expect(error({ ...good, [TIMESTAMP_HEADER]: timestamp })).toMatch(
        /must be the Unix time in whole seconds \(digits only\)/
      );
    // Milliseconds instead of seconds: digits, and signed, but 54 000 years ahead.
    const ms = signedHeaders(body, secret, T * 1000);
    expect(error(ms)).toMatch(/seconds ahead of this server's clock/);
    for (const signature of ['ba8ec7f3', 'sha256=short', `sha1=${'0'.repeat(40)}`, 'sha256='])
      expect(error({ ...good, [SIGNATURE_HEADER]: signature })).toMatch(
        /must be sha256= followed by the 64 hexadecimal digits/
      );
    // A header sent twice is refused, not one of its copies picked.
    expect(error({ ...good, [SIGNATURE_HEADER]: [good[SIGNATURE_HEADER], 'x'] })).toMatch(
      /^Missing header x-booking-signature/
    );
  });

  test('the timestamp is part of what is signed: a fresh time on an old signature fails', () => {
    const body = Buffer.from('{"a":1}');
    const old = signedHeaders(body, secret, T - 3600);
    expect(verify(body, { ...old, [TIMESTAMP_HEADER]: String(T) })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/does not match/)
    });
    // The scheme before issue 14: HMAC of the body alone.
    const bodyOnly = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    expect(verify(body, { [TIMESTAMP_HEADER]: String(T), [SIGNATURE_HEADER]: bodyOnly }).ok).toBe(
      false
    );
    expect(verify(body, signedHeaders(body, 'another-secret-0123456789', T)).ok).toBe(false);
  });

  test('a timestamp outside the tolerance window is refused either way, saying by how much', () => {
    const body = Buffer.from('{"a":1}');
    const headers = signedHeaders(body, secret, T);
    expect(verify(body, headers, T + 300).ok).toBe(true);
    expect(verify(body, headers, T - 300).ok).toBe(true);
    expect(verify(body, headers, T + 301)).toEqual({
      ok: false,
      error:
        "The signed timestamp 1700000000 is 301 seconds behind this server's clock; at most 300 seconds either way are accepted. Sign every request, retries included, with the current time, and keep the sender's clock synchronised (NTP)."
    });
    expect(verify(body, headers, T - 400)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/is 400 seconds ahead of this server's clock/)
    });
    // The tolerance is the caller's to set.
    expect(verify(body, headers, T + 20, 10).ok).toBe(false);
    expect(verify(body, headers, T + 20, 30).ok).toBe(true);
  });
});

describe('issue 14 point 10: replays within the window', () => {
  test('a signature is remembered until its timestamp leaves the window, then forgotten', () => {
    const recent = new RecentSignatures(300);
    recent.remember('a', T, at(T));
    recent.remember('b', T + 10, at(T + 10));
    expect(recent.has('a', at(T + 300))).toBe(true);
    expect(recent.has('c', at(T + 300))).toBe(false);
    // Past T + 300 the clock check refuses 'a' by itself: it need not be kept.
    expect(recent.has('a', at(T + 301))).toBe(false);
    expect(recent.size).toBe(1);
    expect(recent.has('b', at(T + 310))).toBe(true);
    expect(recent.has('b', at(T + 311))).toBe(false);
    expect(recent.size).toBe(0);
  });

  test('memory stays at one window of requests under a steady stream', () => {
    const recent = new RecentSignatures(300);
    // Ten requests a second for an hour, each signed a second or two before it arrives.
    for (let second = 0; second < 3600; second++)
      for (let n = 0; n < 10; n++)
        recent.remember(`${second}-${n}`, T + second - 2, at(T + second));
    expect(recent.size).toBeLessThanOrEqual(10 * 303);
    expect(recent.size).toBeGreaterThanOrEqual(10 * 298);
  });

  test('a signature whose request was not queued is forgotten at once', () => {
    const recent = new RecentSignatures(300);
    recent.remember('a', T, at(T));
    recent.forget('a');
    expect(recent.has('a', at(T))).toBe(false);
  });
});

describe('limits', () => {
  test('defaults cut slow requests long before Node 300 s, and each can be set', () => {
    expect(intakeLimits()).toEqual(DEFAULT_INTAKE_LIMITS);
    expect(DEFAULT_INTAKE_LIMITS.requestTimeoutMs).toBeLessThanOrEqual(30_000);
    expect(DEFAULT_INTAKE_LIMITS.bodyTimeoutMs).toBe(10_000);
    expect(intakeLimits({ bodyTimeoutMs: 250 }).bodyTimeoutMs).toBe(250);
  });

  test('a limit that is not a positive number, or headers allowed longer than the request, is refused', () => {
    expect(() => intakeLimits({ bodyTimeoutMs: 0 })).toThrow(
      'The serve limit bodyTimeoutMs must be a positive number, not 0.'
    );
    expect(() => intakeLimits({ toleranceSeconds: Number.NaN })).toThrow(/toleranceSeconds/);
    expect(() => intakeLimits({ headersTimeoutMs: 30_000, requestTimeoutMs: 20_000 })).toThrow(
      'The headers timeout (30000 ms) cannot be longer than the request timeout (20000 ms), which includes it.'
    );
  });
});

describe('issue 14 point 9: the worker health', () => {
  test('ok until a batch fails as a whole, failing until one runs through again', () => {
    const health = new WorkerHealth();
    expect(health.report(0)).toEqual({
      paused: null,
      apiUsage: null,
      apiBudget: null,
      status: 'ok',
      applying: false,
      backlog: 0,
      lastError: null,
      lastAppliedAt: null
    });
    health.started();
    expect(health.report(3)).toMatchObject({ status: 'ok', applying: true, backlog: 3 });
    const line = health.failedAsWhole(3, 'Your session has expired.\nLog in again.');
    expect(line).toBe(
      'serve: ALERT 3 events wait in the queue and cannot be applied now: Your session has expired. Log in again. Nothing is lost: serve tries again with growing pauses (at most a minute). Fix the cause (expired session: log in again with bkconn connect; API limit: wait until it resets; configuration: fix it in the org). GET /health answers 503 until a batch is applied again.'
    );
    expect(health.report(0)).toEqual({
      paused: null,
      apiUsage: null,
      apiBudget: null,
      status: 'failing',
      applying: false,
      backlog: 0,
      lastError: 'Your session has expired. Log in again.',
      lastAppliedAt: null
    });
    health.started();
    health.ranThrough(new Date('2026-12-02T10:00:00Z'));
    expect(health.report(0)).toEqual({
      paused: null,
      apiUsage: null,
      apiBudget: null,
      status: 'ok',
      applying: false,
      backlog: 0,
      lastError: null,
      lastAppliedAt: '2026-12-02T10:00:00.000Z'
    });
  });

  test('the error is one line of at most 500 characters, and never empty', () => {
    const health = new WorkerHealth();
    const line = health.failedAsWhole(1, `MALFORMED_QUERY\n${'x'.repeat(2000)}`);
    expect(line).not.toMatch(/\n/);
    expect(health.lastError).toHaveLength(500);
    expect(health.lastError?.endsWith('…')).toBe(true);
    health.failedAsWhole(1, '  ');
    expect(health.lastError).toBe('no reason given');
  });
});
