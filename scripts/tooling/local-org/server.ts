// The local org's HTTP server: a stand-in for a Salesforce org that speaks the same wire
// protocol (REST, OAuth user info, the Metadata API over SOAP) on 127.0.0.1 only. It executes
// no Apex, triggers, flows or sharing rules; see scripts/tooling/local-org/README.md.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { DevHubSettings, OrgState, OrgStore } from './model.ts';
import { LocalOrgStore } from './store.ts';
import { addLeadConversion, adminUsernameOf, seedOrgState, type ScratchSeed } from './seed.ts';
import { computeAccess, findUserByUsername } from './access.ts';
import { ApiError, apiDisabledForUser, invalidSession } from './errors.ts';
import { dispatch, MAX_API_VERSION, userInfo, versionsList, type RestContext } from './rest.ts';
import { FaultControl } from './faults.ts';
import { handleMetadataSoap } from './metadata/soap.ts';
import { handleDataSoap, soapFault as dataSoapFault } from './lead-convert.ts';
import { standardDuplicateRules } from './duplicate-rules.ts';
import { seedAssignmentRules } from './assignment-rules.ts';
import { OAuthService } from './oauth.ts';
import { isMultipart, parseMultipart } from './multipart.ts';
import { DevHub, enableDevHub, isDevHub } from './dev-hub.ts';
import { enablePackageInstalls, PackageInstalls } from './package-install.ts';
import { checkRequestSize, NODE_MAX_HEADER_SIZE } from './request-limits.ts';
import {
  ageApiUsage,
  apiUsageOf,
  countsAgainstApiLimit,
  limitInfoHeader,
  overApiAllowance,
  requestLimitExceeded,
  setApiUsage,
  showsLimitInfo,
  type ApiUsage
} from './api-usage.ts';

export interface LocalOrgOptions {
  port?: number;
  /** Where org.json lives; without it the org is kept in memory only (tests). */
  dataDir?: string | null;
  reset?: boolean;
  namespace?: string | null;
  isSandbox?: boolean;
  /** Person Accounts enabled (seed.ts enablePersonAccounts); only for a new org. */
  personAccounts?: boolean;
  /** The standard Lead, Contact and Account duplicate rules active (duplicate-rules.ts). */
  duplicateRules?: boolean;
  /** A Lead assignment rule that gives new Leads to the Booking Leads queue (assignment-rules.ts). */
  assignmentRules?: boolean;
  /**
   * The org is a Dev Hub (dev-hub.ts, packaging.ts): scratch orgs and package versions are
   * created through it, with these namespaces (and the org's own) linked to it.
   */
  devHub?: boolean | DevHubSettings;
  /** Seed a scratch org (the Dev Hub's signup starts one) instead of the fixture org. */
  scratch?: ScratchSeed;
}

export interface LocalOrg {
  instanceUrl: string;
  loginUrl: string;
  organizationId: string;
  adminUsername: string;
  adminUserId: string;
  adminAccessToken: string;
  store: OrgStore;
  faults: FaultControl;
  /** Number of API requests served (every /services/ call), for benchmarks. */
  readonly apiCallCount: number;
  /**
   * The org's API usage as Salesforce counts it (api-usage.ts): what `Sforce-Limit-Info` and
   * /limits report. Tests only.
   */
  apiUsage(): ApiUsage;
  /**
   * Test hook: sets the usage (used) and the daily allowance (max); either may be left out.
   * Returns the new values. Not an API request itself. Same as POST /__local/api-usage.
   */
  setApiUsage(usage: { used?: number; max?: number }): ApiUsage;
  /** Connected apps, codes and refresh tokens of the OAuth endpoints (oauth.ts). */
  oauth: OAuthService;
  /** The Dev Hub side (scratch org signups) when started with devHub; null otherwise. */
  devHub: DevHub | null;
  /** A new session for a seeded or created user (as if that user had logged in). */
  accessTokenFor(username: string): string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

function newSession(state: OrgState, userId: string): string {
  // Salesforce access tokens are "<orgId>!<opaque>"; tools split on the "!".
  const token = `${state.org.organizationId.slice(0, 15)}!${randomBytes(24).toString('base64url')}`;
  state.sessions[token] = { userId, createdAt: new Date().toISOString(), expired: false };
  return token;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new ApiError(413, 'REQUEST_TOO_LARGE', 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  contentType = 'application/json;charset=UTF-8'
): void {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': contentType });
  response.end(text);
}

function soapFault(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="http://soap.sforce.com/2006/04/metadata"><soapenv:Body><soapenv:Fault><faultcode>sf:${code}</faultcode><faultstring>${code}: ${message}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`;
}

export async function startLocalOrg(options: LocalOrgOptions = {}): Promise<LocalOrg> {
  const faults = new FaultControl();
  const cursors: RestContext['cursors'] = new Map();
  let apiCallCount = 0;
  let store: LocalOrgStore | null = null;
  let devHub: DevHub | null = null;
  // Every org can install package versions a Dev Hub in this process built (package-install.ts).
  const installs = new PackageInstalls({
    store: () => {
      if (!store) throw new Error('store not ready');
      return store;
    }
  });
  const oauth = new OAuthService({
    state: () => {
      if (!store) throw new Error('store not ready');
      return store.state;
    },
    createSession: (userId) => {
      if (!store) throw new Error('store not ready');
      const token = newSession(store.state, userId);
      store.save();
      return token;
    }
  });

  // LOCAL_ORG_DEBUG=1 logs every request and its status to stderr (what a client asked for).
  const debug = process.env.LOCAL_ORG_DEBUG === '1';
  const server = createServer({ maxHeaderSize: NODE_MAX_HEADER_SIZE }, (request, response) => {
    if (debug)
      response.on('finish', () =>
        process.stderr.write(
          `[local-org] ${new Date().toISOString().slice(17, 23)} ${request.method} ${request.url} -> ${response.statusCode}\n`
        )
      );
    handle(request, response).catch(async (error: unknown) => {
      // An error answer also waits for what the request changed before it failed.
      await durable().catch(() => undefined);
      const failure =
        error instanceof ApiError
          ? error
          : new ApiError(
              500,
              'UNKNOWN_EXCEPTION',
              `An unexpected error occurred in the local org: ${(error as Error).message}`
            );
      if (!response.headersSent) send(response, failure.status, failure.body());
    });
  });

  /** Every answer waits until the changes made before it are on disk (store.ts). */
  const durable = (): Promise<void> => store?.commit() ?? Promise.resolve();

  const sessionUser = (state: OrgState, authorization: string | undefined): string => {
    const token = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(authorization ?? '')?.[1];
    const session = token ? state.sessions[token] : undefined;
    if (!session || session.expired || faults.isExpired(token ?? '')) throw invalidSession();
    return session.userId;
  };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    checkRequestSize(request);
    // Clients that keep the instance URL with a trailing slash ask for //services/..., which
    // URL would read as a host name.
    const url = new URL((request.url ?? '/').replace(/^\/{2,}/, '/'), 'http://127.0.0.1');
    const path = url.pathname;
    const method = (request.method ?? 'GET').toUpperCase();
    const body = method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : await readBody(request);
    const bodyText = body.toString('utf8');
    if (!store) throw new Error('store not ready');
    const state = store.state;

    if (path === '/__local/faults' && method === 'POST') {
      await durable();
      send(response, 200, faults.configure(JSON.parse(bodyText || '{}')));
      return;
    }
    if (path === '/__local/status' && method === 'GET') {
      await durable();
      send(response, 200, { apiCallCount, instanceUrl: state.org.instanceUrl });
      return;
    }
    if (path === '/__local/api-usage' && method === 'POST') {
      const answer = setApiUsage(state, JSON.parse(bodyText || '{}') as Record<string, unknown>);
      store.save();
      await durable();
      send(response, 200, answer);
      return;
    }

    apiCallCount++;
    if (countsAgainstApiLimit(path)) {
      ageApiUsage(state);
      // Over the daily allowance the org refuses the call (platform rule
      // api.limits.dailyRequestsExceeded); a refused call is not counted (the docs are silent).
      if (overApiAllowance(state)) {
        if (showsLimitInfo(path)) response.setHeader('Sforce-Limit-Info', limitInfoHeader(state));
        const refused = requestLimitExceeded();
        await durable();
        if (path.startsWith('/services/Soap/'))
          send(
            response,
            500,
            dataSoapFault(
              path.startsWith('/services/Soap/c/') ? 'enterprise' : 'partner',
              refused.errorCode,
              refused.message
            ),
            'text/xml;charset=UTF-8'
          );
        else send(response, refused.status, refused.body());
        return;
      }
      // Saved with the request's next write (a GET saves nothing else).
      state.org.apiCallCount++;
    }
    // Every REST API answer but the versions resource's carries the usage, this request counted
    // (platform rule api.limits.limitInfoHeader).
    if (showsLimitInfo(path)) response.setHeader('Sforce-Limit-Info', limitInfoHeader(state));
    const fault = await faults.before();
    if (fault) {
      await durable();
      send(response, fault.status, fault.body);
      return;
    }

    const oauthAnswer = oauth.handle(method, path, url.searchParams, bodyText);
    if (oauthAnswer) {
      await durable();
      response.writeHead(oauthAnswer.status, {
        'Content-Type': oauthAnswer.contentType,
        ...(oauthAnswer.location ? { Location: oauthAnswer.location } : {})
      });
      response.end(oauthAnswer.body);
      return;
    }
    if (/^\/services\/Soap\/[uc]\//.test(path)) {
      // The partner and enterprise SOAP endpoints: convertLead only (lead-convert.ts).
      const kind = path.startsWith('/services/Soap/c/') ? 'enterprise' : 'partner';
      const sessionId = /<(?:\w+:)?sessionId>([^<]+)<\/(?:\w+:)?sessionId>/.exec(bodyText)?.[1];
      const session = sessionId ? state.sessions[sessionId] : undefined;
      if (!session || session.expired || faults.isExpired(sessionId ?? '')) {
        send(
          response,
          500,
          dataSoapFault(
            kind,
            'INVALID_SESSION_ID',
            'Invalid Session ID found in SessionHeader: Illegal Session'
          ),
          'text/xml;charset=UTF-8'
        );
        return;
      }
      const result = handleDataSoap(path, bodyText, {
        state,
        userId: session.userId,
        changed: () => store?.save()
      });
      send(response, result.status, result.body, 'text/xml;charset=UTF-8');
      return;
    }
    if (path.startsWith('/services/Soap/m/')) {
      const sessionId = /<(?:\w+:)?sessionId>([^<]+)<\/(?:\w+:)?sessionId>/.exec(bodyText)?.[1];
      const session = sessionId ? state.sessions[sessionId] : undefined;
      if (!session || session.expired || faults.isExpired(sessionId ?? '')) {
        await durable();
        send(
          response,
          500,
          soapFault(
            'INVALID_SESSION_ID',
            'Invalid Session ID found in SessionHeader: Illegal Session'
          ),
          'text/xml;charset=UTF-8'
        );
        return;
      }
      if (!computeAccess(state, session.userId).userPermissions.has('ApiEnabled')) {
        const refused = apiDisabledForUser();
        await durable();
        send(
          response,
          500,
          soapFault(refused.errorCode, refused.message),
          'text/xml;charset=UTF-8'
        );
        return;
      }
      const apiVersion = /\/services\/Soap\/m\/(\d+\.\d)/.exec(path)?.[1] ?? MAX_API_VERSION;
      const result = await handleMetadataSoap(bodyText, {
        store,
        userId: session.userId,
        apiVersion,
        instanceUrl: state.org.instanceUrl
      });
      await durable();
      send(response, result.status, result.body, 'text/xml;charset=UTF-8');
      return;
    }
    if (path === '/services/data' || path === '/services/data/') {
      await durable();
      send(response, 200, versionsList());
      return;
    }

    const userId = sessionUser(state, request.headers.authorization);
    if (path === '/services/oauth2/userinfo') {
      await durable();
      send(response, 200, userInfo({ state, instanceUrl: state.org.instanceUrl }, userId));
      return;
    }
    const identity = /^\/id\/(\w+)\/(\w+)$/.exec(path);
    if (identity) {
      await durable();
      send(response, 200, {
        id: `${state.org.instanceUrl}${path}`,
        ...userInfo({ state, instanceUrl: state.org.instanceUrl }, userId),
        username: state.records.user[userId].Username
      });
      return;
    }
    // The OAuth identity endpoints above answer any session; the APIs need API Enabled.
    const access = computeAccess(state, userId);
    if (!access.userPermissions.has('ApiEnabled')) throw apiDisabledForUser();
    let parsedBody: unknown;
    let files: Record<string, Buffer> | undefined;
    const contentType = request.headers['content-type'];
    try {
      if (isMultipart(contentType)) {
        ({ json: parsedBody, files } = parseMultipart(body, String(contentType)));
      } else {
        parsedBody = bodyText ? JSON.parse(bodyText) : undefined;
      }
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new ApiError(
        400,
        'JSON_PARSER_ERROR',
        `Unexpected character in the request body: ${(error as Error).message}`
      );
    }
    const context: RestContext = {
      state,
      access,
      instanceUrl: state.org.instanceUrl,
      cursors,
      headers: request.headers,
      changed: () => store?.save()
    };
    const restRequest = {
      method,
      path,
      query: url.searchParams,
      headers: request.headers,
      body: parsedBody,
      files
    };
    const result =
      installs.handle(context, restRequest) ??
      devHub?.handle(context, restRequest) ??
      dispatch(context, restRequest);
    // A data API write is on disk before it is acknowledged, even where a handler did not say
    // it changed something.
    if (method !== 'GET' && method !== 'HEAD') store.save();
    await durable();
    // A lost response (faults.ts): committed and on disk, then the connection closes unanswered.
    if (faults.dropAfterCommit(path)) {
      response.socket?.destroy();
      return;
    }
    send(response, result.status, result.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const instanceUrl = `http://127.0.0.1:${port}`;
  store = LocalOrgStore.open(options.dataDir ?? null, options.reset ?? false, () =>
    seedOrgState({
      instanceUrl,
      namespace: options.namespace ?? null,
      isSandbox: options.isSandbox ?? false,
      personAccounts: options.personAccounts ?? false,
      scratch: options.scratch
    })
  );
  // A saved org may have been served on another port: the instance URL is where it runs now.
  store.state.org.instanceUrl = instanceUrl;
  if (addLeadConversion(store.state)) store.save();
  if (options.duplicateRules && !store.state.duplicateRules)
    store.state.duplicateRules = standardDuplicateRules();
  if (options.assignmentRules && !store.state.assignmentRules) seedAssignmentRules(store.state);
  const activeStore = store;
  enablePackageInstalls(activeStore.state);
  if (options.devHub) {
    const settings = options.devHub === true ? { namespaces: [] } : options.devHub;
    enableDevHub(activeStore.state, [
      ...settings.namespaces,
      ...(options.namespace ? [options.namespace] : [])
    ]);
    if (settings.apexCoveragePercent !== undefined && activeStore.state.devHub)
      activeStore.state.devHub.apexCoveragePercent = settings.apexCoveragePercent;
  }
  if (isDevHub(activeStore.state)) {
    devHub = new DevHub({
      state: () => activeStore.state,
      changed: () => activeStore.save(),
      oauth,
      // A scratch org is another local org, served on its own port, in memory only.
      startScratchOrg: (signup) =>
        startLocalOrg({
          namespace: signup.namespace,
          scratch: {
            adminUsername: signup.adminUsername,
            orgName: signup.orgName,
            expirationDate: signup.expirationDate
          }
        })
    });
    activeStore.save();
  }

  const accessTokenFor = (username: string): string => {
    const user = findUserByUsername(activeStore.state, username);
    if (!user) throw new Error(`The local org has no user ${username}.`);
    const token = newSession(activeStore.state, user.Id);
    activeStore.save();
    return token;
  };
  const adminUsername = adminUsernameOf(activeStore.state);
  const adminAccessToken = accessTokenFor(adminUsername);
  const activeDevHub = devHub;

  return {
    instanceUrl,
    loginUrl: instanceUrl,
    organizationId: activeStore.state.org.organizationId,
    adminUsername,
    adminUserId: findUserByUsername(activeStore.state, adminUsername)?.Id ?? '',
    adminAccessToken,
    devHub: activeDevHub,
    store: activeStore,
    faults,
    oauth,
    get apiCallCount() {
      return apiCallCount;
    },
    apiUsage: () => apiUsageOf(activeStore.state),
    setApiUsage: (usage) => {
      const answer = setApiUsage(activeStore.state, usage);
      activeStore.save();
      return answer;
    },
    accessTokenFor,
    close: async () => {
      await installs.settled();
      await activeDevHub?.close();
      await new Promise<void>((resolve) => {
        activeStore.flush();
        server.closeAllConnections();
        server.close(() => resolve());
      });
    }
  };
}
