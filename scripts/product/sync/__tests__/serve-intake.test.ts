// serve's HTTP intake tried as an attacker would (issue 14 points 8, 9 and 10), against the local
// org as the API user: dropped and stalled uploads, oversize and non-JSON bodies, bad and stale
// signatures, replays, a thousand requests at once, and GET /health while the org fails.
import { mkdtempSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalOrg } from '../../../tooling/local-org/server.ts';
import { bookingEvent, syncOrg } from '../../../tooling/test-kit/fixtures.ts';
import type { SalesforceApi } from '../salesforce.ts';
import {
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  serve,
  sign,
  signedHeaders,
  type RunningServer,
  type ServeOptions
} from '../serve.ts';
import { openSyncStore, syncStorePath } from '../store.ts';

jest.setTimeout(60_000);
const secret = 'test-secret-0123456789';
let org: LocalOrg;
let api: SalesforceApi;
let dir: string;
const running: RunningServer[] = [];
const alarms: string[] = [];

beforeAll(async () => {
  ({ org, api } = await syncOrg());
  dir = mkdtempSync(join(tmpdir(), 'serve-intake-'));
}, 90_000);
afterEach(async () => {
  org.faults.reset();
  alarms.length = 0;
  await Promise.all(running.splice(0).map((server) => server.close()));
});
afterAll(async () => {
  await org.close();
  rmSync(dir, { recursive: true, force: true });
});

async function started(extra: Partial<ServeOptions> = {}) {
  const storePath = syncStorePath(mkdtempSync(join(dir, 'serve-')));
  const server = await serve({
    api,
    secret,
    storePath,
    alarm: (line) => alarms.push(line),
    pollMs: 20,
    maxBackoffMs: 50,
    ...extra
  });
  running.push(server);
  return { ...server, journal: () => acceptedEvents(storePath) };
}

/** The events the store accepted (queued, applied or failed), as JSON lines, oldest first. */
function acceptedEvents(storePath: string): string[] {
  const db = new DatabaseSync(storePath, { readOnly: true });
  try {
    const rows = db
      .prepare(
        `SELECT id, body FROM events UNION ALL SELECT o.event_id AS id, json_object('bookingId', o.booking_id, 'sequence', o.sequence) AS body FROM outcomes o ORDER BY id`
      )
      .all() as { body: string }[];
    return rows.map((row) => row.body);
  } finally {
    db.close();
  }
}

/** Waits until GET /health's report matches. */
async function healthBecomes(server: RunningServer, status: 'ok' | 'failing'): Promise<void> {
  const until = Date.now() + 20_000;
  while (server.health().status !== status || (status === 'ok' && server.health().backlog > 0)) {
    if (Date.now() > until) throw new Error(`health never became ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const portOf = (server: RunningServer) => Number(new URL(server.url).port);

async function post(
  server: RunningServer,
  body: string | Buffer,
  headers: Record<string, string> = signedHeaders(body, secret)
) {
  const response = await fetch(`${server.url}/events`, {
    method: 'POST',
    body: typeof body === 'string' ? body : new Uint8Array(body),
    headers
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A raw TCP client: what it received and when the server closed the connection. */
function rawClient(server: RunningServer): {
  socket: Socket;
  ready: Promise<void>;
  ended: Promise<{ text: string; afterMs: number }>;
} {
  const socket = connect(portOf(server), '127.0.0.1');
  const startedAt = Date.now();
  let text = '';
  socket.on('data', (chunk) => (text += chunk.toString('latin1')));
  const ready = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  const ended = new Promise<{ text: string; afterMs: number }>((resolve) => {
    socket.on('error', () => undefined); // a reset by the server ends it as well
    socket.once('close', () => resolve({ text, afterMs: Date.now() - startedAt }));
  });
  return { socket, ready, ended };
}

const headersFor = (body: string, length = Buffer.byteLength(body)) =>
  [
    'POST /events HTTP/1.1',
    'Host: 127.0.0.1',
    'Content-Type: application/json',
    `Content-Length: ${length}`,
    ...Object.entries(signedHeaders(body, secret)).map(([name, value]) => `${name}: ${value}`),
    '',
    ''
  ].join('\r\n');

/** Sends `text` a few bytes at a time until the socket is closed. */
function trickle(socket: Socket, text: string, everyMs: number) {
  let at = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || at >= text.length) return clearInterval(timer);
    socket.write(text.slice(at, at + 2));
    at += 2;
  }, everyMs);
  socket.once('close', () => clearInterval(timer));
}

describe('issue 14 point 8: uploads that stop or crawl do not take serve down', () => {
  test('a client that drops its connection mid-body: serve answers the next request', async () => {
    const server = await started();
    const body = JSON.stringify(bookingEvent());
    // Twenty at once, each sending its headers and half its body, then resetting the connection.
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        const client = rawClient(server);
        await client.ready;
        client.socket.write(headersFor(body) + body.slice(0, body.length / 2));
        await new Promise((resolve) => setTimeout(resolve, 50));
        client.socket.resetAndDestroy();
        await client.ended;
      })
    );
    // Node emits the request's 'error' and 'close' on the next ticks.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const next = bookingEvent();
    expect(await post(server, JSON.stringify(next))).toEqual({
      status: 202,
      body: { queued: next.bookingId, sequence: 1 }
    });
    expect(server.journal()).toHaveLength(1);
    await server.idle();
    expect(server.health()).toMatchObject({ status: 'ok', backlog: 0 });
  });

  test('a body that crawls is cut at the body timeout with 408, and the connection closed', async () => {
    const server = await started({ limits: { bodyTimeoutMs: 300 } });
    const body = JSON.stringify(bookingEvent());
    const client = rawClient(server);
    await client.ready;
    client.socket.write(headersFor(body));
    trickle(client.socket, body, 50); // 2 bytes every 50 ms: 15 s for this body
    const { text, afterMs } = await client.ended;
    expect(text).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(text).toMatch(/Connection: close/i);
    expect(text).toContain('did not arrive within 300 ms of the headers');
    expect(afterMs).toBeGreaterThanOrEqual(290);
    expect(afterMs).toBeLessThan(2_000);
    expect(server.journal()).toEqual([]);
  });

  test('100 slow-body connections are all cut at the timeout while serve keeps answering', async () => {
    const server = await started({ limits: { bodyTimeoutMs: 500 } });
    const body = JSON.stringify(bookingEvent());
    const clients = await Promise.all(
      Array.from({ length: 100 }, async () => {
        const client = rawClient(server);
        await client.ready;
        client.socket.write(headersFor(body) + body.slice(0, 10));
        trickle(client.socket, body.slice(10), 100);
        return client;
      })
    );
    const meanwhile = bookingEvent();
    expect((await post(server, JSON.stringify(meanwhile))).status).toBe(202);
    const ends = await Promise.all(clients.map((client) => client.ended));
    for (const { text, afterMs } of ends) {
      expect(text).toMatch(/^HTTP\/1\.1 408 /);
      expect(afterMs).toBeLessThan(3_000);
    }
    expect(server.journal()).toHaveLength(1);
  });

  test('headers that crawl are cut at the headers timeout (Node answers 408)', async () => {
    const server = await started({
      limits: { headersTimeoutMs: 300, requestTimeoutMs: 600, timeoutCheckMs: 50 }
    });
    const client = rawClient(server);
    await client.ready;
    trickle(client.socket, headersFor('{}').repeat(50), 50);
    const { text, afterMs } = await client.ended;
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(afterMs).toBeGreaterThanOrEqual(290);
    expect(afterMs).toBeLessThan(1_500);
  });

  test('a connection that never sends a byte is closed at the headers timeout', async () => {
    const server = await started({
      limits: { headersTimeoutMs: 300, requestTimeoutMs: 600, timeoutCheckMs: 50 }
    });
    const client = rawClient(server);
    await client.ready;
    const { afterMs } = await client.ended;
    expect(afterMs).toBeLessThan(1_500);
  });

  test("Node's timeouts are set explicitly, not left at its 300 s default", async () => {
    const server = await started();
    expect(server.server.requestTimeout).toBe(20_000);
    expect(server.server.headersTimeout).toBe(10_000);
    expect(server.server.keepAliveTimeout).toBe(5_000);
    expect(server.server.maxRequestsPerSocket).toBe(1_000);
    const custom = await started({
      limits: { requestTimeoutMs: 8_000, headersTimeoutMs: 4_000, keepAliveTimeoutMs: 1_000 }
    });
    expect(custom.server.requestTimeout).toBe(8_000);
    expect(custom.server.headersTimeout).toBe(4_000);
    expect(custom.server.keepAliveTimeout).toBe(1_000);
  });

  test('an idle kept-alive connection is closed at the keep-alive timeout', async () => {
    const server = await started({ limits: { keepAliveTimeoutMs: 200 } });
    const client = rawClient(server);
    await client.ready;
    client.socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    const { text, afterMs } = await client.ended;
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(text).toMatch(/Keep-Alive: timeout=/i);
    // Node keeps the socket keepAliveTimeoutBuffer (1 s) past the timeout it announces.
    expect(afterMs).toBeLessThan(2_500);
  });

  test('a kept-alive connection is closed after maxRequestsPerSocket requests', async () => {
    const server = await started({ limits: { maxRequestsPerSocket: 2 } });
    const client = rawClient(server);
    await client.ready;
    let text = '';
    const refused = new Promise<void>((resolve) =>
      client.socket.on('data', (chunk) => {
        text += chunk.toString('latin1');
        if (text.includes('HTTP/1.1 503 ')) resolve();
      })
    );
    const get = 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
    client.socket.write(get + get + get);
    await refused;
    client.socket.destroy();
    // Node says so on the last request it answers, and refuses the one past the limit with 503
    // (server.maxRequestsPerSocket).
    const answers = text.split(/(?=HTTP\/1\.1 )/);
    expect(answers.map((answer) => answer.slice(0, 12))).toEqual([
      'HTTP/1.1 200',
      'HTTP/1.1 200',
      'HTTP/1.1 503'
    ]);
    expect(answers[0]).toMatch(/Keep-Alive: timeout=\d+, max=2/);
    expect(answers[1]).toMatch(/Connection: close/);
  });

  test('an oversize body is refused with 413 before it is read, declared or chunked', async () => {
    const server = await started({ limits: { maxBodyBytes: 1_000 } });
    const body = JSON.stringify(
      bookingEvent({ booking: { person: { lastName: 'x'.repeat(5_000) } } })
    );
    // Declared in Content-Length: refused from the headers.
    const declared = rawClient(server);
    await declared.ready;
    declared.socket.write(headersFor(body));
    const early = await declared.ended;
    expect(early.text).toMatch(/^HTTP\/1\.1 413 /);
    expect(early.text).toContain('larger than 1000 bytes');
    // Chunked, without a length: refused once the limit is passed.
    const chunked = rawClient(server);
    await chunked.ready;
    const head = headersFor(body).replace(/Content-Length: \d+/, 'Transfer-Encoding: chunked');
    const chunk = body.slice(0, 600);
    chunked.socket.write(head);
    for (let i = 0; i < 3; i++)
      chunked.socket.write(`${Buffer.byteLength(chunk).toString(16)}\r\n${chunk}\r\n`);
    const late = await chunked.ended;
    expect(late.text).toMatch(/^HTTP\/1\.1 413 /);
    expect(server.journal()).toEqual([]);
    const next = JSON.stringify(bookingEvent());
    expect((await post(server, next)).status).toBe(202);
  });

  test('a signed body that is not JSON, or not an event, is 400 and nothing is queued', async () => {
    const server = await started();
    for (const [body, reason] of [
      ['{"schemaVersion": 1,', /^The body is not JSON: /],
      ['', /^The body is not JSON: /],
      [Buffer.from([0xff, 0xfe, 0x00]), /^The body is not JSON: /],
      ['[1,2]', /./],
      [JSON.stringify({ ...bookingEvent(), type: 'moved' }), /type/]
    ] as const) {
      const answer = await post(server, body);
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatch(reason);
    }
    expect(server.journal()).toEqual([]);
  });

  test('an event that cannot be queued is 500, serve goes on, and the retry is not refused as a repeat', async () => {
    const store = openSyncStore(null);
    // The store's disk is full for one write.
    const enqueue = store.enqueue.bind(store);
    let failures = 1;
    store.enqueue = (events) => {
      if (failures-- > 0) throw new Error('SQLITE_FULL: database or disk is full');
      return enqueue(events);
    };
    const server = await started({ store, storePath: undefined });
    const event = bookingEvent();
    const body = JSON.stringify(event);
    const headers = signedHeaders(body, secret);
    const refused = await post(server, body, headers);
    expect(refused.status).toBe(500);
    expect(refused.body.error).toMatch(
      /^The event could not be queued \(SQLITE_FULL.*send it again\.$/
    );
    expect(await post(server, body, headers)).toEqual({
      status: 202,
      body: { queued: event.bookingId, sequence: 1 }
    });
    await server.idle();
    expect(store.appliedSequence(event.bookingId)).toBe(1);
    await server.close();
    store.close();
  });

  test('other paths are 404, other methods 405', async () => {
    const server = await started();
    expect((await fetch(`${server.url}/`)).status).toBe(404);
    expect((await fetch(`${server.url}/events`)).status).toBe(405);
    expect((await fetch(`${server.url}/health`, { method: 'POST', body: '{}' })).status).toBe(405);
  });
});

describe('issue 14 point 10: signatures with a timestamp, replays', () => {
  test('a bad signature, the old body-only scheme or a wrong secret is 401 with what to fix', async () => {
    const server = await started();
    const body = JSON.stringify(bookingEvent());
    const now = Math.floor(Date.now() / 1000);
    const unsigned = await post(server, body, {});
    expect(unsigned.status).toBe(401);
    expect(unsigned.body.error).toMatch(/^Missing header x-booking-signature/);
    const noTime = await post(server, body, { [SIGNATURE_HEADER]: sign(body, secret, now) });
    expect(noTime.body.error).toMatch(/^Missing header x-booking-timestamp/);
    const { createHmac } = await import('node:crypto');
    const bodyOnly = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    const old = await post(server, body, {
      [TIMESTAMP_HEADER]: String(now),
      [SIGNATURE_HEADER]: bodyOnly
    });
    expect(old).toMatchObject({ status: 401, body: { error: /does not match/ } });
    const wrong = await post(server, body, signedHeaders(body, 'wrong-secret-0123456789'));
    expect(wrong).toMatchObject({ status: 401, body: { error: /does not match/ } });
    // Another body under a genuine signature.
    const tampered = await post(
      server,
      body.replace('Intro call', 'Intro calm'),
      signedHeaders(body, secret)
    );
    expect(tampered.status).toBe(401);
    expect(server.journal()).toEqual([]);
  });

  test("a sender following the README's example is accepted", async () => {
    // Written as scripts/product/sync/README.md "Sending events to serve" shows it, without sign().
    const server = await started();
    const event = bookingEvent();
    const { createHmac } = await import('node:crypto');
    const body = Buffer.from(JSON.stringify(event), 'utf8');
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = createHmac('sha256', secret)
      .update(`${timestamp}.`)
      .update(body)
      .digest('hex');
    const response = await fetch(`${server.url}/events`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'x-booking-timestamp': String(timestamp),
        'x-booking-signature': `sha256=${signature}`
      },
      body
    });
    expect(response.status).toBe(202);
    expect(server.journal()).toHaveLength(1);
  });

  test('a timestamp outside the tolerance is 401 naming the skew, in the past or the future', async () => {
    const server = await started({ limits: { toleranceSeconds: 60 } });
    const body = JSON.stringify(bookingEvent());
    const now = Math.floor(Date.now() / 1000);
    const stale = await post(server, body, signedHeaders(body, secret, now - 120));
    expect(stale.status).toBe(401);
    expect(stale.body.error).toMatch(
      /^The signed timestamp \d+ is 12\d seconds behind this server's clock; at most 60 seconds/
    );
    const ahead = await post(server, body, signedHeaders(body, secret, now + 120));
    expect(ahead.body.error).toMatch(/seconds ahead of this server's clock/);
    expect((await post(server, body, signedHeaders(body, secret, now - 30))).status).toBe(202);
  });

  test('the same signed request again is answered 200 "already queued" and queued once', async () => {
    let clock = Date.now();
    const server = await started({ now: () => clock });
    const event = bookingEvent();
    const body = JSON.stringify(event);
    const headers = signedHeaders(body, secret, Math.floor(clock / 1000));
    expect(await post(server, body, headers)).toEqual({
      status: 202,
      body: { queued: event.bookingId, sequence: 1 }
    });
    clock += 299_000;
    expect(await post(server, body, headers)).toEqual({
      status: 200,
      body: { alreadyQueued: true, queued: event.bookingId, sequence: 1 }
    });
    // Once the window has passed, the timestamp alone refuses it.
    clock += 2_000;
    expect((await post(server, body, headers)).status).toBe(401);
    expect(server.journal()).toHaveLength(1);
  });

  test('twenty copies of one signed request at once: one is queued', async () => {
    const server = await started();
    const body = JSON.stringify(bookingEvent());
    const headers = signedHeaders(body, secret);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => post(server, body, headers))
    );
    expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(19);
    expect(server.journal()).toHaveLength(1);
  });

  test('the same event signed again at another time is answered as already queued, and applied once', async () => {
    // The sender's retry with a fresh signature: not a replay of the same request, but the same
    // booking event (booking id and sequence), which the store queues once.
    const server = await started();
    const event = bookingEvent();
    const body = JSON.stringify(event);
    const now = Math.floor(Date.now() / 1000);
    expect((await post(server, body, signedHeaders(body, secret, now - 5))).status).toBe(202);
    const retry = await post(server, body, signedHeaders(body, secret, now));
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ alreadyQueued: true, queued: event.bookingId });
    await server.idle();
    expect(server.journal()).toHaveLength(1);
    const rows = await api.query(`SELECT Id FROM Event WHERE Booking_Id__c = '${event.bookingId}'`);
    expect(rows).toHaveLength(1);
  });

  test('1000 concurrent small requests, half of them forged: every answer right, nothing lost', async () => {
    const server = await started();
    const events = Array.from({ length: 1000 }, () => bookingEvent());
    const answers = await Promise.all(
      events.map((event, index) => {
        const body = JSON.stringify(event);
        return post(
          server,
          body,
          index % 2 ? signedHeaders(body, 'forged-secret-0123456789') : signedHeaders(body, secret)
        );
      })
    );
    expect(answers.filter((a) => a.status === 202)).toHaveLength(500);
    expect(answers.filter((a) => a.status === 401)).toHaveLength(500);
    const queued = server.journal().map((line) => JSON.parse(line).bookingId);
    expect(queued.sort()).toEqual(
      events
        .filter((_, index) => index % 2 === 0)
        .map((event) => event.bookingId)
        .sort()
    );
    await server.idle();
    expect(server.deadLetters()).toEqual([]);
    expect(server.health()).toMatchObject({ status: 'ok', backlog: 0, lastError: null });
  });
});

describe('issue 14 point 9: GET /health', () => {
  const health = async (server: RunningServer) => {
    const response = await fetch(`${server.url}/health`);
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  };

  test('200 ok while it applies, 503 failing with a loud line when a batch fails, ok again after', async () => {
    const server = await started();
    expect(await health(server)).toEqual({
      status: 200,
      body: {
        status: 'ok',
        applying: false,
        backlog: 0,
        lastError: null,
        lastAppliedAt: null,
        // Not paused; no budget before this server has read the settings; the usage of this
        // API's last answer (earlier tests used it).
        paused: null,
        apiBudget: null,
        apiUsage: expect.objectContaining({ max: 15_000 })
      }
    });

    // A slow org: the batch is being applied and the backlog counts it.
    org.faults.latency(150);
    await post(server, JSON.stringify(bookingEvent()));
    expect(await health(server)).toMatchObject({
      status: 200,
      body: { status: 'ok', applying: true, backlog: 1 }
    });
    await server.idle();
    org.faults.reset();
    const applied = await health(server);
    expect(applied.body).toMatchObject({ status: 'ok', applying: false, backlog: 0 });
    expect(Date.parse(applied.body.lastAppliedAt)).toBeGreaterThan(Date.now() - 60_000);

    // The org refuses every call (the API limit), beyond every retry: the batch fails as a whole
    // and its events stay queued (issue 14 point 9: nothing is dead-lettered).
    org.faults.requestLimitNext(1_000_000);
    await post(server, JSON.stringify(bookingEvent()));
    await post(server, JSON.stringify(bookingEvent()));
    await healthBecomes(server, 'failing');
    const failing = await health(server);
    expect(failing.status).toBe(503);
    expect(failing.body).toMatchObject({
      status: 'failing',
      backlog: 2,
      lastError: expect.stringMatching(/REQUEST_LIMIT_EXCEEDED|TotalRequests Limit exceeded/),
      lastAppliedAt: applied.body.lastAppliedAt
    });
    expect(alarms.length).toBeGreaterThanOrEqual(1);
    for (const line of alarms) {
      expect(line).not.toMatch(/\n/);
      expect(line).toMatch(/^serve: ALERT \d events wait in the queue and cannot be applied now/);
      expect(line).toContain('Nothing is lost');
    }
    expect(server.deadLetters()).toHaveLength(0);

    // The org is back: the waiting events are applied without being sent again, health is ok.
    org.faults.reset();
    await healthBecomes(server, 'ok');
    expect(alarms[alarms.length - 1]).toMatch(/^serve: bookings are applied again/);
    expect(await health(server)).toMatchObject({
      status: 200,
      body: { status: 'ok', lastError: null }
    });
  });

  test('while it backs off, new events are queued but do not make it try the org again', async () => {
    const server = await started({ maxBackoffMs: 60_000 });
    org.faults.requestLimitNext(1_000_000);
    await post(server, JSON.stringify(bookingEvent()));
    await healthBecomes(server, 'failing');
    const callsWhileFailing = org.apiCallCount;
    for (let index = 0; index < 5; index++)
      expect((await post(server, JSON.stringify(bookingEvent()))).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The first pause is a second: nothing reached the org in the meantime.
    expect(org.apiCallCount).toBe(callsWhileFailing);
    expect(server.health()).toMatchObject({ status: 'failing', backlog: 6 });
  });

  test('the alarm goes to stderr, one line, when no other sink is given', async () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const server = await started({ alarm: undefined, maxBackoffMs: 60_000 });
      org.faults.requestLimitNext(1_000_000);
      await post(server, JSON.stringify(bookingEvent()));
      await healthBecomes(server, 'failing');
    } finally {
      spy.mockRestore();
    }
    const alarm = written.filter((text) => text.startsWith('serve: ALERT'));
    expect(alarm).toHaveLength(1);
    expect(alarm[0]).toMatch(/^serve: ALERT [^\n]+\n$/);
  });
});
