// connect by JWT against the local org's OAuth endpoints (scripts/local-org/oauth.ts), as a
// user runs it: the CLI in a child process. Then the real sf CLI uses the stored auth.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalOrg, type LocalOrg } from '../../local-org/server.ts';
import { SEEDED_USERS } from '../../local-org/seed.ts';
import { projectRoot } from '../../lib/project.ts';
import { cli, run } from './harness.ts';

jest.setTimeout(120_000);

const JWT_APP_KEY = 'BookingConnectorJwtApp';
let org: LocalOrg;
let keyFile: string;
let otherKeyFile: string;

/** A private key and its self-signed certificate, as an admin makes them for a JWT app. */
function keyPair(dir: string, name: string): { key: string; certificate: string } {
  const key = join(dir, `${name}.key`);
  const certificate = join(dir, `${name}.crt`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      certificate,
      '-days',
      '2',
      '-subj',
      '/CN=booking-connector-test'
    ],
    { stdio: 'ignore' }
  );
  return { key, certificate };
}

beforeAll(async () => {
  org = await startLocalOrg({ dataDir: null });
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
      'api-user:check',
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
    const sf = await run(
      [
        join(projectRoot(), 'node_modules', '@salesforce', 'cli', 'bin', 'run.js'),
        'data',
        'query',
        '--query',
        "SELECT Username FROM User WHERE Username = '" + SEEDED_USERS.apiUser + "'",
        '--target-org',
        'jwt-api',
        '--json'
      ],
      sfEnv()
    );
    expect(JSON.parse(sf.stdout).result.records[0].Username).toBe(SEEDED_USERS.apiUser);
  });
});

function sfEnv(): Record<string, string> {
  // sf behaves differently under CI variables (no prompts, other output); strip them.
  return {
    SF_DISABLE_TELEMETRY: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
    SF_AUTOUPDATE_DISABLE: 'true',
    SF_DISABLE_AUTOUPDATE: 'true',
    CI: '',
    GITHUB_ACTIONS: ''
  };
}
