// The setup-page server: serves the browser build of the page and answers what Lightning would
// answer for it in an org. Apex calls (POST /apex/<Class>/<method>) go to SetupPageApex, which
// reads and changes the local org as the admin; deployment results are pushed to the page's
// empApi subscription as Server-Sent Events; /page-config.js tells the page which custom
// permissions the user holds. Fixture scenarios only for what a local org cannot reach.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Connection } from '@salesforce/core';
import { AuraHandledError, SetupPageApex, type FinishedDeployment } from './apex-service.ts';
import { withNamespace } from '../../../../force-app/main/default/lwc/bookingRules/metadataNames.js';

/**
 * no-permission: the user lacks the Manage Booking Connector custom permission (the page is
 * read-only and Apex refuses changes); load-failure: the page's one load call fails, as it
 * does for a user whose access the selector's USER_MODE queries refuse.
 */
export type Scenario = 'no-permission' | 'load-failure';
export const SCENARIOS: readonly Scenario[] = ['no-permission', 'load-failure'];

export interface SetupPageServerOptions {
  /** The org, logged in as its admin. */
  connection: Connection;
  /** The built page (buildSetupPage's outDir). */
  staticDir: string;
  port?: number;
  scenario?: Scenario;
  /**
   * Whether an Apex answer's null properties are sent as null (the default) or left out.
   * Salesforce's documentation says only that @AuraEnabled members are serialized
   * (https://developer.salesforce.com/docs/atlas.en-us.lightning.meta/lightning/controllers_server_apex_returning_data.htm),
   * not what becomes of a null one; reports say Lightning leaves them out. The page is tested
   * both ways.
   */
  nulls?: 'send' | 'omit';
}

export interface ApexCall {
  method: string;
  at: number;
}

export interface SetupPageServer {
  url: string;
  stats: { apexCalls: ApexCall[] };
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png'
};

const APEX_METHODS = new Set([
  'getSetupState',
  'searchUsers',
  'getApiUserFacts',
  'saveSettings',
  'assignPermissionSet',
  'saveMappings',
  'getMappings',
  'getLayoutStatus',
  'addFieldsToLayout'
]);

export const LOAD_FAILURE_MESSAGE =
  'Could not load the setup: Insufficient permissions: secure query included inaccessible field Check your access (Booking Connector: Admin permission set) and try again.';

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

/** The error shape Lightning hands a component for an AuraHandledException. */
function apexError(response: ServerResponse, message: string): void {
  sendJson(response, 500, {
    body: { message, exceptionType: 'System.AuraHandledException' },
    status: 500,
    statusText: 'Server Error'
  });
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 4 * 1024 * 1024) throw new Error('The request body is over 4 MB.');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const value: unknown = text ? JSON.parse(text) : {};
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error('The request body must be a JSON object of the method parameters.');
  return value as Record<string, unknown>;
}

export async function startSetupPageServer(
  options: SetupPageServerOptions
): Promise<SetupPageServer> {
  const staticDir = resolve(options.staticDir);
  if (!existsSync(join(staticDir, 'index.html')))
    throw new Error(
      `${staticDir} holds no built setup page (index.html). Build it first: node scripts/tooling/setup-page/build/cli.ts --out ${staticDir}`
    );
  const stats = { apexCalls: [] as ApexCall[] };
  const subscribers = new Set<{ channel: string; response: ServerResponse }>();
  let eventCount = 0;

  // The event's API name and fields carry the package namespace (deploymentChannel in the page).
  const namespace =
    (
      await options.connection.query<{ NamespacePrefix: string | null }>(
        "SELECT NamespacePrefix FROM PermissionSet WHERE Name = 'BookingConnectorApiUser'"
      )
    ).records[0]?.NamespacePrefix || null;

  const publish = (deployment: FinishedDeployment) => {
    const field = (name: string) => withNamespace(name, namespace);
    const channel = `/event/${field('BookingSetupDeployment__e')}`;
    eventCount += 1;
    const message = {
      channel,
      data: {
        event: { replayId: eventCount },
        payload: {
          [field('JobId__c')]: deployment.jobId,
          [field('Status__c')]: deployment.status,
          [field('Errors__c')]: deployment.errors.join('\n') || null
        }
      }
    };
    for (const subscriber of subscribers)
      if (subscriber.channel === channel)
        subscriber.response.write(`data: ${JSON.stringify(message)}\n\n`);
  };

  const apex = new SetupPageApex(options.connection, {
    canManage: options.scenario === 'no-permission' ? false : undefined,
    onDeployment: publish
  });

  async function callApex(method: string, request: IncomingMessage, response: ServerResponse) {
    let params: Record<string, unknown>;
    try {
      params = await readJson(request);
    } catch (error) {
      sendJson(response, 400, { body: { message: (error as Error).message }, status: 400 });
      return;
    }
    stats.apexCalls.push({ method, at: Date.now() });
    if (method === 'getSetupState' && options.scenario === 'load-failure')
      return apexError(response, LOAD_FAILURE_MESSAGE);
    try {
      const call = (apex as unknown as Record<string, (p: unknown) => Promise<unknown>>)[method];
      const result = (await call.call(apex, params)) ?? null;
      sendJson(response, 200, { result: options.nulls === 'omit' ? withoutNulls(result) : result });
    } catch (error) {
      if (error instanceof AuraHandledError) return apexError(response, error.message);
      // A bug here, not a platform answer: Lightning shows such a failure without a body.
      sendJson(response, 500, {
        body: { message: `An internal server error has occurred: ${(error as Error).message}` },
        status: 500,
        statusText: 'Server Error'
      });
    }
  }

  function serveFile(pathname: string, response: ServerResponse) {
    const file = normalize(join(staticDir, pathname === '/' ? 'index.html' : pathname));
    if (!file.startsWith(staticDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('Not found');
      return;
    }
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store'
    });
    createReadStream(file).pipe(response);
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const apexRoute = /^\/apex\/BookingSetupController\/([A-Za-z]+)$/.exec(url.pathname);
    if (apexRoute && request.method === 'POST') {
      if (!APEX_METHODS.has(apexRoute[1]))
        return sendJson(response, 404, {
          body: { message: `BookingSetupController has no @AuraEnabled method ${apexRoute[1]}.` },
          status: 404
        });
      void callApex(apexRoute[1], request, response);
      return;
    }
    if (url.pathname === '/page-config.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      const config = {
        customPermissions: { Manage_Booking_Connector: options.scenario !== 'no-permission' }
      };
      response.end(`window.__BKCONN_PAGE__ = ${JSON.stringify(config)};\n`);
      return;
    }
    if (url.pathname === '/empapi/subscribe') {
      const channel = url.searchParams.get('channel') ?? '';
      response.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive'
      });
      response.write(': subscribed\n\n');
      const subscriber = { channel, response };
      subscribers.add(subscriber);
      request.on('close', () => subscribers.delete(subscriber));
      return;
    }
    if (url.pathname === '/__stats' && request.method === 'GET')
      return sendJson(response, 200, stats);
    if (url.pathname === '/__stats/reset' && request.method === 'POST') {
      stats.apexCalls = [];
      return sendJson(response, 200, stats);
    }
    if (request.method === 'GET') return serveFile(url.pathname, response);
    response.writeHead(405, { 'content-type': 'text/plain' });
    response.end('Method not allowed');
  });
  // A dropped connection must not take the server down.
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((done) => server.listen(options.port ?? 0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    stats,
    async close() {
      for (const subscriber of subscribers) subscriber.response.end();
      subscribers.clear();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    }
  };
}

/** A JSON value with every null object property left out (array elements stay). */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, entry]) => entry !== null)
      .map(([key, entry]) => [key, withoutNulls(entry)])
  );
}
