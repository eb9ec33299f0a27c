// connect by JWT and by the web OAuth flow against the local org's OAuth endpoints
// (scripts/tooling/local-org/oauth.ts), as a user runs it: the CLI in a child process, the browser played
// by fetch. Then the real sf CLI uses the stored auth.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalOrg } from '../../../tooling/local-org/server.ts';
import { SEEDED_USERS } from '../../../tooling/local-org/seed.ts';
import { projectRoot } from '../../project.ts';
import { BIN, cli, cliHome, keyPair, sfQuery } from '../../../tooling/test-kit/cli.ts';
import { NOT_CI_ENV, SF_QUIET_ENV } from '../../../tooling/sf-env.ts';
import { bookingEvent } from '../../../tooling/test-kit/fixtures.ts';
import { orgWithPackage } from '../../../tooling/test-kit/org.ts';

jest.setTimeout(120_000);

const JWT_APP_KEY = 'BookingConnectorJwtApp';
let org: LocalOrg;
let keyFile: string;
let otherKeyFile: string;

beforeAll(async () => {
  // With the package: the refresh test below runs a sync as the web-connected API user.
  ({ org } = await orgWithPackage({ dataDir: null }));
  const dir = mkdtempSync(join(tmpdir(), 'bkconn-jwt-'));
  const registered = keyPair(dir, 'server');
  keyFile = registered.key;
  otherKeyFile = keyPair(dir, 'other').key;
  org.oauth.registerApp({
    name: 'Booking Connector CI',
    consumerKey: JWT_APP_KEY,
    consumerSecret: 'not-used-by-jwt',
    certificatePem: readFileSync(registered.certificate, 'utf8'),
    callbackUrls: []
  });
});

afterAll(async () => {
  await org?.close();
});

function jwtConnect(apiUser: string, alias: string, key = keyFile, clientId = JWT_APP_KEY) {
  return cli([
    'connect',
    '--api-user',
    apiUser,
    '--instance-url',
    org.instanceUrl,
    '--client-id',
    clientId,
    '--jwt-key-file',
    key,
    '--alias',
    alias,
    '--json'
  ]);
}

describe('the token endpoint', () => {
  async function token(body: Record<string, string>) {
    const response = await fetch(`${org.instanceUrl}/services/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(body)
    });
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  }

  it('answers an unknown grant type, a malformed assertion and a bad refresh token as Salesforce does', async () => {
    expect(await token({ grant_type: 'password' })).toEqual({
      status: 400,
      body: { error: 'unsupported_grant_type', error_description: 'grant type not supported' }
    });
    expect(
      await token({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: 'x' })
    ).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'invalid assertion' }
    });
    expect(
      await token({ grant_type: 'refresh_token', client_id: 'PlatformCLI', refresh_token: 'nope' })
    ).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'expired access/refresh token' }
    });
    expect(
      await token({ grant_type: 'refresh_token', client_id: 'Unknown', refresh_token: 'nope' })
    ).toEqual({
      status: 400,
      body: { error: 'invalid_client_id', error_description: 'client identifier invalid' }
    });
  });
});

describe('connect by JWT', () => {
  it('refuses a key the app does not know and saves nothing', async () => {
    const result = await jwtConnect(SEEDED_USERS.apiUser, 'jwt-wrong-key', otherKeyFile);
    expect(result.json.status).toBe(1);
    expect(result.json.message).toContain('invalid assertion');
    const after = await cli([
      'api-user',
      'check',
      '-o',
      'jwt-wrong-key',
      '--api-user',
      SEEDED_USERS.apiUser,
      '--json'
    ]);
    expect(after.json.name).toBe('UnknownTargetOrg');
  });

  it('refuses a user who cannot log in (inactive) with the answer Salesforce gives', async () => {
    const result = await jwtConnect(SEEDED_USERS.inactiveUser, 'jwt-inactive');
    expect(result.json.status).toBe(1);
    expect(result.json.message).toContain("user hasn't approved this consumer");
  });

  it('refuses an unknown consumer key', async () => {
    const result = await jwtConnect(SEEDED_USERS.apiUser, 'jwt-wrong-app', keyFile, 'NoSuchApp');
    expect(result.json.status).toBe(1);
    expect(result.json.message).toContain('client identifier invalid');
  });

  it('logs the API user in with the registered certificate, and sf uses the stored auth', async () => {
    const result = await cli([
      'connect',
      '--api-user',
      SEEDED_USERS.apiUser,
      '--instance-url',
      org.instanceUrl,
      '--client-id',
      JWT_APP_KEY,
      '--jwt-key-file',
      keyFile,
      '--alias',
      'jwt-api',
      '--json'
    ]);
    expect(result.json.result).toMatchObject({
      username: SEEDED_USERS.apiUser,
      alias: 'jwt-api',
      method: 'jwt',
      instanceUrl: org.instanceUrl
    });
    const users = await sfQuery(
      'jwt-api',
      `SELECT Username FROM User WHERE Username = '${SEEDED_USERS.apiUser}'`,
      { env: sfEnv() }
    );
    expect(users[0].Username).toBe(SEEDED_USERS.apiUser);

    // Connecting again replaces the saved auth (core alone refuses to overwrite it).
    const again = await jwtConnect(SEEDED_USERS.apiUser, 'jwt-api');
    expect(again.json).toMatchObject({ status: 0, result: { method: 'jwt' } });
  });
});

function sfEnv(): Record<string, string> {
  return { ...SF_QUIET_ENV, ...NOT_CI_ENV };
}

describe('connect by the web flow', () => {
  /** Starts connect without a token or key, reads the printed URL, logs in as `username`. */
  async function webConnect(username: string, alias: string) {
    const child = spawn(
      join(projectRoot(), 'node_modules', '.bin', 'node'),
      [
        BIN,
        'connect',
        '--api-user',
        SEEDED_USERS.apiUser,
        '--instance-url',
        org.instanceUrl,
        '--alias',
        alias,
        '--json'
      ],
      { cwd: projectRoot(), env: { ...process.env, HOME: cliHome } }
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number>((resolve) =>
      child.on('close', (code) => resolve(code ?? 1))
    );
    const authorizeUrl = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const found = /(http:\/\/127\.0\.0\.1:\d+\/services\/oauth2\/authorize\S+)/.exec(stderr);
        if (found) resolve(found[1]);
      });
      void exited.then(() =>
        reject(new Error(`connect ended before printing a URL:\n${stdout}\n${stderr}`))
      );
    });
    const form = await fetch(authorizeUrl);
    const html = await form.text();
    expect(html).toContain('The local org has no passwords');
    const fields = new URLSearchParams();
    for (const match of html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g))
      fields.set(match[1], match[2].replace(/&amp;/g, '&').replace(/&quot;/g, '"'));
    fields.set('username', username);
    const submitted = await fetch(`${org.instanceUrl}/services/oauth2/authorize`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: fields,
      redirect: 'manual'
    });
    expect(submitted.status).toBe(302);
    const callback = submitted.headers.get('location') ?? '';
    expect(callback).toMatch(/^http:\/\/localhost:1717\/OauthRedirect\?code=/);
    // The callback server answers with a redirect to its success page and finishes the
    // login once the browser has shown that page, so follow it as a browser does.
    await (await fetch(callback)).text();
    const code = await exited;
    return {
      code,
      json: JSON.parse(stdout) as {
        status: number;
        name?: string;
        result?: Record<string, unknown>;
      }
    };
  }

  it('logs in the API user through the authorize form; the wrong user is refused and not saved', async () => {
    const wrong = await webConnect(SEEDED_USERS.standardUser, 'web-wrong');
    expect(wrong.json).toMatchObject({ status: 1, name: 'WrongUserConnected' });
    const after = await cli([
      'api-user',
      'check',
      '-o',
      'web-wrong',
      '--api-user',
      SEEDED_USERS.apiUser,
      '--json'
    ]);
    expect(after.json.name).toBe('UnknownTargetOrg');

    const right = await webConnect(SEEDED_USERS.apiUser, 'web-api');
    expect(right.code).toBe(0);
    expect(right.json.result).toMatchObject({ username: SEEDED_USERS.apiUser, method: 'web' });

    // The stored refresh token renews an expired session: expire every session, then sync as
    // an operator does. @salesforce/core refreshes the session and the booking is applied.
    for (const token of Object.keys(org.store.state.sessions)) org.faults.expireSession(token);
    const dir = mkdtempSync(join(tmpdir(), 'bkconn-refresh-'));
    const event = bookingEvent();
    writeFileSync(join(dir, 'events.jsonl'), `${JSON.stringify(event)}\n`);
    const sync = await cli([
      'sync',
      join(dir, 'events.jsonl'),
      '--target-org',
      'web-api',
      '--state-dir',
      join(dir, 'state'),
      '--json'
    ]);
    expect(sync.json).toMatchObject({ status: 0, result: { applied: 1, failed: 0 } });
    expect(
      Object.values(org.store.state.records.event ?? {}).filter(
        (row) => row.Booking_Id__c === event.bookingId
      )
    ).toHaveLength(1);
    // And the real sf CLI, on the same stored auth.
    for (const token of Object.keys(org.store.state.sessions)) org.faults.expireSession(token);
    const organizations = await sfQuery('web-api', 'SELECT Id FROM Organization', {
      env: sfEnv()
    });
    expect(organizations).toHaveLength(1);
  });
});
