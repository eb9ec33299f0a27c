// An acknowledged write survives the local org being killed right after it answered, and Ids
// are not issued again after the restart (platform rule `api.write.durable`). The org runs in a
// child process (`npm run local-org` with a data dir), so SIGKILL is a real crash: no close(),
// no exit handler, no pending timer runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../../product/project.ts';
import { dataPath } from '../../test-kit/login.ts';

jest.setTimeout(60_000);
let dataDir: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'local-org-durable-'));
});
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the local org's CLI on the data dir; resolves with its URL and admin token. */
async function startChild(): Promise<{ child: ChildProcess; instanceUrl: string; token: string }> {
  const child = spawn(
    join(projectRoot(), 'node_modules', '.bin', 'node'),
    [
      join('scripts', 'bin.js'),
      'bkdev',
      'local-org',
      'start',
      '--port',
      '0',
      '--data-dir',
      dataDir
    ],
    { cwd: projectRoot(), stdio: ['ignore', 'pipe', 'pipe'] }
  );
  children.push(child);
  let output = '';
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`local org exited (${code}): ${errors}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const instanceUrl = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      const token = /Access token: (\S+)/.exec(output)?.[1];
      if (instanceUrl && token) resolve({ child, instanceUrl, token });
    });
  });
}

async function rest(
  org: { instanceUrl: string; token: string },
  method: string,
  path: string,
  body?: unknown
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${org.instanceUrl}${dataPath(path)}`, {
    method,
    headers: { Authorization: `Bearer ${org.token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

const killed = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

/** A create whose child is killed the moment the 201's headers arrive, before anything else. */
function createThenKill(
  org: { instanceUrl: string; token: string; child: ChildProcess },
  body: unknown
): Promise<string> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${org.instanceUrl}${dataPath('/sobjects/Lead')}`);
    const request = httpRequest(
      url,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${org.token}`, 'Content-Type': 'application/json' }
      },
      (response) => {
        org.child.kill('SIGKILL');
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => {
          expect(response.statusCode).toBe(201);
          resolve(String((JSON.parse(text) as { id: string }).id));
        });
      }
    );
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

test('records acknowledged with 201 are there after SIGKILL and a restart; new Ids are new', async () => {
  const first = await startChild();
  // A few megabytes of state make each write take long enough that a write made after the
  // answer (instead of before it) is lost to the kill.
  const padding = await rest(first, 'POST', '/composite/sobjects', {
    allOrNone: true,
    records: Array.from({ length: 150 }, (_, index) => ({
      attributes: { type: 'Account' },
      Name: `Padding ${index}`,
      Description: 'p'.repeat(30_000)
    }))
  });
  expect(padding.status).toBe(200);
  const created: string[] = [];
  for (let index = 0; index < 5; index++) {
    const answer = await rest(first, 'POST', '/sobjects/Lead', {
      LastName: `Durable ${index}`,
      Company: 'Crash Co'
    });
    expect(answer.status).toBe(201);
    created.push(String(answer.body.id));
  }
  const exited = new Promise<void>((resolve) => {
    first.child.removeAllListeners('exit');
    first.child.once('exit', () => resolve());
  });
  created.push(await createThenKill(first, { LastName: 'Durable last', Company: 'Crash Co' }));
  await exited;

  const second = await startChild();
  const leads = await rest(
    second,
    'GET',
    `/query?q=${encodeURIComponent("SELECT Id FROM Lead WHERE Company = 'Crash Co'")}`
  );
  expect((leads.body.records as { Id: string }[]).map((row) => row.Id).sort()).toEqual(
    [...created].sort()
  );
  const next = await rest(second, 'POST', '/sobjects/Lead', {
    LastName: 'After restart',
    Company: 'Crash Co'
  });
  expect(next.status).toBe(201);
  expect(created).not.toContain(next.body.id);
  await killed(second.child);
});
