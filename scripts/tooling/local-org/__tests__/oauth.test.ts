// The local org's authorization code flow over HTTP, the checks a client library would not
// exercise on its own: PKCE, the redirect URI, single-use codes, the login form's refusals.
import { createHash, randomBytes } from 'node:crypto';
import { startLocalOrg, type LocalOrg } from '../server.ts';
import { SEEDED_USERS } from '../seed.ts';

let org: LocalOrg;
const CALLBACK = 'http://localhost:1717/OauthRedirect';

beforeAll(async () => {
  org = await startLocalOrg({ dataDir: null });
});

afterAll(async () => {
  await org?.close();
});

function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

async function authorize(
  username: string,
  challenge: string,
  redirectUri = CALLBACK
): Promise<Response> {
  return fetch(`${org.instanceUrl}/services/oauth2/authorize`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      response_type: 'code',
      client_id: 'PlatformCLI',
      redirect_uri: redirectUri,
      state: 'st-1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      username
    }),
    redirect: 'manual'
  });
}

async function codeFor(username: string, challenge: string): Promise<string> {
  const response = await authorize(username, challenge);
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location') ?? '');
  expect(location.searchParams.get('state')).toBe('st-1');
  return location.searchParams.get('code') ?? '';
}

async function exchange(code: string, verifier: string, redirectUri = CALLBACK) {
  const response = await fetch(`${org.instanceUrl}/services/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: 'PlatformCLI',
      redirect_uri: redirectUri,
      code,
      code_verifier: verifier
    })
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

describe('the authorization code flow', () => {
  it('exchanges a code once for tokens that open a session as the user who logged in', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(SEEDED_USERS.apiUser, challenge);
    const first = await exchange(code, verifier);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ instance_url: org.instanceUrl, token_type: 'Bearer' });
    expect(first.body.refresh_token).toBeTruthy();
    const info = await fetch(`${org.instanceUrl}/services/oauth2/userinfo`, {
      headers: { Authorization: `Bearer ${first.body.access_token}` }
    });
    expect(((await info.json()) as { preferred_username: string }).preferred_username).toBe(
      SEEDED_USERS.apiUser
    );
    expect(await exchange(code, verifier)).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'invalid authorization code' }
    });
  });

  it('refuses a wrong code verifier and a different redirect URI', async () => {
    const { verifier, challenge } = pkce();
    expect(await exchange(await codeFor(SEEDED_USERS.apiUser, challenge), 'wrong')).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'invalid code verifier' }
    });
    const code = await codeFor(SEEDED_USERS.apiUser, challenge);
    expect(await exchange(code, verifier, 'http://localhost:9999/elsewhere')).toEqual({
      status: 400,
      body: {
        error: 'redirect_uri_mismatch',
        error_description: 'redirect_uri must match configuration'
      }
    });
  });

  it('sends no code to a callback the app does not list, nor for an inactive user', async () => {
    const { challenge } = pkce();
    const elsewhere = await authorize(SEEDED_USERS.apiUser, challenge, 'http://evil.example/cb');
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.json()).toEqual({
      error: 'redirect_uri_mismatch',
      error_description: 'redirect_uri must match configuration'
    });
    const inactive = await authorize(SEEDED_USERS.inactiveUser, challenge);
    expect(inactive.status).toBe(200);
    expect(await inactive.text()).toContain('No active user');
  });
});
