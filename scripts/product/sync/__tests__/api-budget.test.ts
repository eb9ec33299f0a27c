// Issue 15: the API budget, against the local org (which sends Sforce-Limit-Info with its own
// count). With usage near the cap, `serve` keeps accepting and queuing but stops writing, says
// so in its health and its log, and resumes by itself once the org's usage falls; nothing is
// lost or written twice. `sync` stops before the cap with a message naming the setting.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from '@salesforce/core';
import type { LocalOrg } from '../../../tooling/local-org/server.ts';
import { bookingEvent, syncOrg } from '../../../tooling/test-kit/fixtures.ts';
import type { SyncConfig } from '../config.ts';
import { syncEvents } from '../engine.ts';
import type { SalesforceApi } from '../salesforce.ts';
import { serve, signedHeaders } from '../serve.ts';
import { openSyncStore, syncStorePath } from '../store.ts';

jest.setTimeout(60_000);
const secret = 'test-secret-0123456789';
let org: LocalOrg;
let admin: Connection;
let api: SalesforceApi;
let config: SyncConfig;
let dir: string;

beforeAll(async () => {
  ({ org, admin, api, config } = await syncOrg());
  dir = mkdtempSync(join(tmpdir(), 'api-budget-'));
}, 90_000);
afterEach(() => org.setApiUsage({ used: 0, max: 15_000 }));
afterAll(async () => {
  await org.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The budget of 10% of 1,000 requests: 100, and writing stops 25 before it. */
const tenPercent = (): SyncConfig => ({
  ...config,
  settings: { ...config.settings, apiBudgetPercent: 10 }
});

const eventsOf = async (bookingId: string) =>
  (await admin.query(`SELECT Id FROM Event WHERE Booking_Id__c = '${bookingId}'`)).totalSize;

test('sync stops before the cap, names the setting, and leaves the rest queued', async () => {
  org.setApiUsage({ used: 80, max: 1_000 });
  await api.refreshUsage();
  const store = openSyncStore(null);
  const event = bookingEvent();
  const report = await syncEvents(api, [event], { store, config: tenPercent() });
  expect(report).toMatchObject({ applied: 0, failed: 1 });
  expect(report.stoppedBy).toContain('API budget reached');
  expect(report.stoppedBy).toContain('ApiBudgetPercent__c');
  expect(report.stoppedBy).toContain('10% of them (100 requests');
  expect(store.backlog().queued).toBe(1);
  expect(await eventsOf(event.bookingId)).toBe(0);

  // Under the cap again: a replay of the same store writes it once.
  org.setApiUsage({ used: 0 });
  await api.refreshUsage();
  expect(await syncEvents(api, [event], { store, config: tenPercent() })).toMatchObject({
    applied: 1
  });
  expect(await eventsOf(event.bookingId)).toBe(1);
});

test('serve pauses writing near the cap, keeps accepting, and resumes when usage falls', async () => {
  const alarms: string[] = [];
  await admin.sobject('BookingConnectorSettings__c').create({
    SetupOwnerId: (await admin.query<{ Id: string }>('SELECT Id FROM Organization')).records[0].Id,
    ApiBudgetPercent__c: 10
  });
  org.setApiUsage({ used: 0, max: 1_000 });
  const server = await serve({
    api,
    secret,
    storePath: syncStorePath(mkdtempSync(join(dir, 'serve-'))),
    alarm: (line) => alarms.push(line),
    pollMs: 20,
    budgetPollMs: 50
  });
  try {
    const post = async (event: object) => {
      const body = JSON.stringify(event);
      return fetch(`${server.url}/events`, {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/json', ...signedHeaders(body, secret) }
      });
    };
    const first = bookingEvent();
    expect((await post(first)).status).toBe(202);
    await server.idle();
    expect(await eventsOf(first.bookingId)).toBe(1);

    // Usage jumps near the cap (another integration, say), which the engine learns from the
    // org's next answer: the next events are accepted and wait, and the health says why.
    org.setApiUsage({ used: 90 });
    await api.refreshUsage();
    const waiting = [bookingEvent(), bookingEvent()];
    for (const event of waiting) expect((await post(event)).status).toBe(202);
    const deadline = Date.now() + 5_000;
    while (server.health().status !== 'paused' && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const health = (await (await fetch(`${server.url}/health`)).json()) as { paused: string };
    expect(health).toMatchObject({
      status: 'paused',
      backlog: 2,
      apiBudget: { percent: 10, cap: 100 },
      apiUsage: { max: 1_000 }
    });
    expect(health.paused).toContain('API budget reached');
    expect(alarms.filter((line) => line.startsWith('Writing paused'))).toHaveLength(1);
    for (const event of waiting) expect(await eventsOf(event.bookingId)).toBe(0);

    // The org's usage falls (its 24 hours roll on): serve finds it and writes them, once.
    org.setApiUsage({ used: 0 });
    const resumed = Date.now() + 5_000;
    while (server.health().backlog && Date.now() < resumed)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await server.idle();
    for (const event of waiting) expect(await eventsOf(event.bookingId)).toBe(1);
    expect(server.health()).toMatchObject({ status: 'ok', paused: null, backlog: 0 });
    expect(alarms.filter((line) => line.startsWith('Writing resumed'))).toHaveLength(1);
    expect(server.deadLetters()).toEqual([]);
  } finally {
    await server.close();
  }
});
