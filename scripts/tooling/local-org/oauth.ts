// OAuth 2.0 in the local org, as @salesforce/core 9 (through jsforce's OAuth2) calls it:
// POST /services/oauth2/token with the JWT bearer, authorization code (with PKCE) and refresh
// token grants, and GET/POST /services/oauth2/authorize, a login form that redirects to the
// app's callback URL with a code. Errors are the bodies Salesforce answers with (400,
// { error, error_description }). Codes and refresh tokens live in memory: a restarted local org
// forgets them, so stored auths need a new connect (access tokens in org.json stay valid).
import {
  createHash,
  createHmac,
  createVerify,
  randomBytes,
  timingSafeEqual,
  X509Certificate
} from 'node:crypto';
import type { OrgState } from './model.ts';
import { findUserByUsername } from './access.ts';

export interface ConnectedApp {
  name: string;
  consumerKey: string;
  consumerSecret: string;
  /** PEM of the X.509 certificate whose key signs JWT bearer assertions; null: no JWT flow. */
  certificatePem: string | null;
  callbackUrls: string[];
}

/** The sf CLI's own connected app (DEFAULT_CONNECTED_APP_INFO in @salesforce/core). */
export const CLI_CONNECTED_APP: ConnectedApp = {
  name: 'Salesforce CLI',
  consumerKey: 'PlatformCLI',
  consumerSecret: '',
  certificatePem: null,
  callbackUrls: ['http://localhost:1717/OauthRedirect']
};

export interface OAuthAnswer {
  status: number;
  body: string;
  contentType: string;
  location?: string;
}

export class OAuthError extends Error {
  readonly status: number;
  readonly error: string;
  constructor(error: string, description: string, status = 400) {
    super(description);
    this.error = error;
    this.status = status;
  }
}

const CODE_LIFETIME_MS = 15 * 60 * 1000;
const JWT_CLOCK_SKEW_S = 3 * 60;

interface PendingCode {
  userId: string;
  consumerKey: string;
  redirectUri: string;
  codeChallenge: string | null;
  expiresAt: number;
}

export interface OAuthServiceOptions {
  state: () => OrgState;
  /** Opens a session for the user (as a login does) and returns its access token. */
  createSession: (userId: string) => string;
}

function base64url(buffer: Buffer): string {
  return buffer.toString('base64url');
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c
  );
}

export class OAuthService {
  private readonly apps = new Map<string, ConnectedApp>();
  private readonly codes = new Map<string, PendingCode>();
  private readonly refreshTokens = new Map<string, { userId: string; consumerKey: string }>();
  private readonly options: OAuthServiceOptions;

  constructor(options: OAuthServiceOptions) {
    this.options = options;
    this.registerApp(CLI_CONNECTED_APP);
  }

  /** Adds or replaces a connected app (tests register one with their own certificate). */
  registerApp(app: ConnectedApp): void {
    if (app.certificatePem) new X509Certificate(app.certificatePem); // throws on a bad PEM
    this.apps.set(app.consumerKey, { ...app, callbackUrls: [...app.callbackUrls] });
  }

  /** Sets the JWT certificate of an existing app, as uploading it in Setup does. */
  registerCertificate(consumerKey: string, certificatePem: string): void {
    const app = this.apps.get(consumerKey);
    if (!app)
      throw new Error(`The local org has no connected app with consumer key ${consumerKey}.`);
    this.registerApp({ ...app, certificatePem });
  }

  /** The app with this consumer key, if the org has it. */
  connectedApp(consumerKey: string): ConnectedApp | undefined {
    const app = this.apps.get(consumerKey);
    return app ? { ...app, callbackUrls: [...app.callbackUrls] } : undefined;
  }

  /**
   * A single-use authorization code for the user and app, as the login form issues one; the
   * Dev Hub's signup hands one to the CLI in ScratchOrgInfo.AuthCode.
   */
  issueCode(
    userId: string,
    consumerKey: string,
    redirectUri: string,
    codeChallenge: string | null = null
  ): string {
    const code = `aPrx${base64url(randomBytes(32))}`;
    this.codes.set(code, {
      userId,
      consumerKey,
      redirectUri,
      codeChallenge,
      expiresAt: Date.now() + CODE_LIFETIME_MS
    });
    return code;
  }

  /** Routes /services/oauth2/token and /services/oauth2/authorize; null for any other path. */
  handle(
    method: string,
    path: string,
    query: URLSearchParams,
    bodyText: string
  ): OAuthAnswer | null {
    try {
      if (path === '/services/oauth2/token' && method === 'POST')
        return this.json(200, this.token(new URLSearchParams(bodyText)));
      if (path === '/services/oauth2/authorize' && method === 'GET') return this.loginForm(query);
      if (path === '/services/oauth2/authorize' && method === 'POST')
        return this.authorize(new URLSearchParams(bodyText));
      return null;
    } catch (error) {
      if (error instanceof OAuthError)
        return this.json(error.status, { error: error.error, error_description: error.message });
      throw error;
    }
  }

  private json(status: number, body: unknown): OAuthAnswer {
    return { status, body: JSON.stringify(body), contentType: 'application/json;charset=UTF-8' };
  }

  private app(consumerKey: string | null): ConnectedApp {
    const app = consumerKey ? this.apps.get(consumerKey) : undefined;
    if (!app) throw new OAuthError('invalid_client_id', 'client identifier invalid');
    return app;
  }

  private activeUserId(username: string | null): string | null {
    const user = username ? findUserByUsername(this.options.state(), username) : undefined;
    return user && user.IsActive !== false ? String(user.Id) : null;
  }

  private token(params: URLSearchParams): Record<string, string> {
    const grantType = params.get('grant_type');
    if (grantType === 'urn:ietf:params:oauth:grant-type:jwt-bearer')
      return this.jwtBearer(params.get('assertion') ?? '');
    if (grantType === 'authorization_code') return this.authorizationCode(params);
    if (grantType === 'refresh_token') return this.refresh(params);
    throw new OAuthError('unsupported_grant_type', 'grant type not supported');
  }

  private jwtBearer(assertion: string): Record<string, string> {
    const parts = assertion.split('.');
    if (parts.length !== 3) throw new OAuthError('invalid_grant', 'invalid assertion');
    let header: { alg?: string };
    let claims: { iss?: string; sub?: string; aud?: string | string[]; exp?: number };
    try {
      header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      throw new OAuthError('invalid_grant', 'invalid assertion');
    }
    if (header.alg !== 'RS256')
      throw new OAuthError('invalid_grant', 'invalid assertion: the algorithm must be RS256');
    const app = this.app(claims.iss ?? null);
    if (!app.certificatePem) throw new OAuthError('invalid_grant', 'invalid assertion');
    const verifier = createVerify('RSA-SHA256');
    verifier.update(`${parts[0]}.${parts[1]}`);
    const publicKey = new X509Certificate(app.certificatePem).publicKey;
    if (!verifier.verify(publicKey, Buffer.from(parts[2], 'base64url')))
      throw new OAuthError('invalid_grant', 'invalid assertion');
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.some((aud) => aud !== undefined && this.acceptedAudiences().includes(aud)))
      throw new OAuthError('invalid_grant', 'audience is invalid');
    if (typeof claims.exp !== 'number' || claims.exp + JWT_CLOCK_SKEW_S < Date.now() / 1000)
      throw new OAuthError('invalid_grant', 'expired authorization code');
    const userId = this.activeUserId(claims.sub ?? null);
    if (!userId) throw new OAuthError('invalid_grant', "user hasn't approved this consumer");
    return this.grant(app, userId, true);
  }

  private acceptedAudiences(): string[] {
    const state = this.options.state();
    const generic = state.org.isSandbox
      ? 'https://test.salesforce.com'
      : 'https://login.salesforce.com';
    const instance = state.org.instanceUrl;
    return [generic, instance, `${instance}/`];
  }

  private authorizationCode(params: URLSearchParams): Record<string, string> {
    const app = this.app(params.get('client_id'));
    const code = params.get('code') ?? '';
    const pending = this.codes.get(code);
    // Single use: a code is gone once presented, whether the exchange then succeeds or not.
    this.codes.delete(code);
    if (!pending || pending.consumerKey !== app.consumerKey || pending.expiresAt < Date.now())
      throw new OAuthError('invalid_grant', 'invalid authorization code');
    if (params.get('redirect_uri') !== pending.redirectUri)
      throw new OAuthError('redirect_uri_mismatch', 'redirect_uri must match configuration');
    if (pending.codeChallenge !== null) {
      const verifier = params.get('code_verifier') ?? '';
      const computed = base64url(createHash('sha256').update(verifier).digest());
      if (
        computed.length !== pending.codeChallenge.length ||
        !timingSafeEqual(Buffer.from(computed), Buffer.from(pending.codeChallenge))
      )
        throw new OAuthError('invalid_grant', 'invalid code verifier');
    }
    return this.grant(app, pending.userId, true);
  }

  private refresh(params: URLSearchParams): Record<string, string> {
    const app = this.app(params.get('client_id'));
    const entry = this.refreshTokens.get(params.get('refresh_token') ?? '');
    if (!entry || entry.consumerKey !== app.consumerKey)
      throw new OAuthError('invalid_grant', 'expired access/refresh token');
    const user = this.options.state().records.user?.[entry.userId];
    if (!user || user.IsActive === false) throw new OAuthError('invalid_grant', 'inactive user');
    return this.grant(app, entry.userId, false);
  }

  private grant(
    app: ConnectedApp,
    userId: string,
    withRefreshToken: boolean
  ): Record<string, string> {
    const state = this.options.state();
    const instanceUrl = state.org.instanceUrl;
    const id = `${instanceUrl}/id/${state.org.organizationId}/${userId}`;
    const issuedAt = String(Date.now());
    const answer: Record<string, string> = {
      access_token: this.options.createSession(userId),
      signature: createHmac('sha256', app.consumerSecret)
        .update(id + issuedAt)
        .digest('base64'),
      scope: 'refresh_token api web',
      instance_url: instanceUrl,
      id,
      token_type: 'Bearer',
      issued_at: issuedAt
    };
    if (withRefreshToken) {
      const refreshToken = `5Aep${base64url(randomBytes(48))}`;
      this.refreshTokens.set(refreshToken, { userId, consumerKey: app.consumerKey });
      answer.refresh_token = refreshToken;
    }
    return answer;
  }

  private checkedRedirect(params: URLSearchParams): { app: ConnectedApp; redirectUri: string } {
    const app = this.app(params.get('client_id'));
    const redirectUri = params.get('redirect_uri') ?? '';
    if (!app.callbackUrls.includes(redirectUri))
      throw new OAuthError('redirect_uri_mismatch', 'redirect_uri must match configuration');
    if (params.get('response_type') !== 'code')
      throw new OAuthError('unsupported_response_type', 'response type not supported');
    return { app, redirectUri };
  }

  private loginForm(query: URLSearchParams): OAuthAnswer {
    const { app } = this.checkedRedirect(query);
    const hidden = [
      'response_type',
      'client_id',
      'redirect_uri',
      'state',
      'code_challenge',
      'code_challenge_method'
    ]
      .filter((name) => query.has(name))
      .map(
        (name) =>
          `<input type="hidden" name="${name}" value="${escapeHtml(query.get(name) ?? '')}">`
      )
      .join('\n');
    const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Log in to the local org</title></head>
<body>
<h1>Log in to the local org</h1>
<p>${escapeHtml(app.name)} asks to access the local org as you.</p>
<p>The local org has no passwords: enter the username of an active user to log in as that user.</p>
<form method="post" action="/services/oauth2/authorize">
${hidden}
<label for="username">Username</label>
<input id="username" name="username" type="text" autocomplete="username" required>
<button type="submit">Log In and Allow</button>
</form>
</body></html>`;
    return { status: 200, body: html, contentType: 'text/html;charset=UTF-8' };
  }

  private authorize(form: URLSearchParams): OAuthAnswer {
    const { app, redirectUri } = this.checkedRedirect(form);
    const userId = this.activeUserId(form.get('username'));
    if (!userId) {
      return {
        status: 200,
        body: `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Log in to the local org</title></head><body><p role="alert">Please check your username. No active user ${escapeHtml(form.get('username') ?? '')} exists in the local org; go back and enter the username of an active user.</p></body></html>`,
        contentType: 'text/html;charset=UTF-8'
      };
    }
    const challenge = form.get('code_challenge');
    if (challenge && (form.get('code_challenge_method') ?? 'S256') !== 'S256')
      throw new OAuthError('invalid_request', 'code_challenge_method must be S256');
    const code = this.issueCode(userId, app.consumerKey, redirectUri, challenge);
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    if (form.has('state')) target.searchParams.set('state', form.get('state') ?? '');
    return { status: 302, body: '', contentType: 'text/plain', location: target.toString() };
  }
}
