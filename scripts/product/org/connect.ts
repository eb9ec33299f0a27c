// connect: logs in as the API user through @salesforce/core (JWT, an access token, or the web
// OAuth flow in a browser), refuses when the login belongs to anyone else, and stores the auth
// under an alias for the sync engine and the other commands.
import {
  AuthInfo,
  AuthRemover,
  Connection,
  StateAggregator,
  WebOAuthServer
} from '@salesforce/core';
import { queryTogether } from './composite.ts';
import { messageError, productMessages } from '../messages.ts';
import { checkConnectedUser } from './rules.ts';
import { projectApiVersion, readProject } from '../project.ts';

const messages = productMessages('org.connect');

export type ConnectMethod = 'jwt' | 'access-token' | 'web';

export interface ConnectOptions {
  apiUser: string;
  alias: string;
  sandbox?: boolean;
  instanceUrl?: string;
  clientId?: string;
  jwtKeyFile?: string;
  /** From SF_ACCESS_TOKEN, as `sf org login access-token` reads it. */
  accessToken?: string;
  /** Web flow: show the URL to open (the browser is not opened for you here). */
  onAuthorizationUrl?: (url: string) => void;
}

export interface ConnectResult {
  username: string;
  alias: string;
  instanceUrl: string;
  method: ConnectMethod;
  loginUrl: string;
  /** Read from the org (Organization.IsSandbox), not assumed from the login URL. */
  isSandbox: boolean;
  /** Set when --sandbox says one thing and the org another. */
  warning: string | null;
}

export function loginUrlFor(options: Pick<ConnectOptions, 'sandbox' | 'instanceUrl'>): string {
  if (options.instanceUrl) return options.instanceUrl;
  if (options.sandbox) return 'https://test.salesforce.com';
  return readProject().sfdcLoginUrl ?? 'https://login.salesforce.com';
}

function methodOf(options: ConnectOptions): ConnectMethod {
  if (options.jwtKeyFile || options.clientId) {
    if (!options.jwtKeyFile || !options.clientId) {
      throw messageError(messages, 'jwt-flags', [], { name: 'MissingFlag' });
    }
    return 'jwt';
  }
  return options.accessToken ? 'access-token' : 'web';
}

async function login(
  options: ConnectOptions,
  method: ConnectMethod,
  loginUrl: string
): Promise<{ authInfo: AuthInfo; savedAlready: boolean }> {
  if (method === 'jwt') {
    // @salesforce/core refuses to create a JWT auth over a saved one (authInfoOverwriteError),
    // so connecting again by JWT replaces the saved auth of that username, as `sf org login jwt` does.
    const state = await StateAggregator.getInstance();
    if (await state.orgs.hasFile(options.apiUser))
      await (await AuthRemover.create()).removeAuth(options.apiUser);
    const authInfo = await AuthInfo.create({
      username: options.apiUser,
      oauth2Options: { clientId: options.clientId, privateKeyFile: options.jwtKeyFile, loginUrl }
    });
    return { authInfo, savedAlready: false };
  }
  if (method === 'access-token') {
    if (!options.instanceUrl) {
      throw messageError(messages, 'instance-url', [], { name: 'MissingFlag' });
    }
    const authInfo = await AuthInfo.create({
      accessTokenOptions: {
        accessToken: options.accessToken,
        instanceUrl: options.instanceUrl,
        loginUrl
      }
    });
    return { authInfo, savedAlready: false };
  }
  const server = await WebOAuthServer.create({ oauthConfig: { loginUrl } });
  await server.start();
  options.onAuthorizationUrl?.(server.getAuthorizationUrl());
  return { authInfo: await server.authorizeAndSave(), savedAlready: true };
}

export async function connectApiUser(options: ConnectOptions): Promise<ConnectResult> {
  const method = methodOf(options);
  const loginUrl = loginUrlFor(options);
  const { authInfo, savedAlready } = await login(options, method, loginUrl);
  const username = authInfo.getUsername();
  const check = checkConnectedUser(username, options.apiUser);
  if (!check.passed) {
    // A web login is saved by the library as it completes; a wrong one must not stay behind.
    if (savedAlready) await (await AuthRemover.create()).removeAuth(username);
    throw messageError(messages, 'wrong-user', [username, options.apiUser], {
      name: 'WrongUserConnected',
      actionTokens: [options.apiUser]
    });
  }
  if (!savedAlready) await authInfo.save();
  const state = await StateAggregator.getInstance();
  await state.aliases.setAndSave(options.alias, username);
  const connection = await Connection.create({
    authInfo,
    connectionOptions: { version: projectApiVersion() }
  });
  const { org } = await queryTogether(connection, { org: 'SELECT IsSandbox FROM Organization' });
  const isSandbox = org[0]?.IsSandbox === true;
  const warning =
    options.sandbox && !isSandbox
      ? 'You asked for a sandbox, but this org is a production org.'
      : !options.sandbox && isSandbox && !options.instanceUrl
        ? 'This org is a sandbox: next time pass --sandbox (the sandbox login URL is test.salesforce.com).'
        : null;
  return {
    username,
    alias: options.alias,
    instanceUrl: authInfo.getFields().instanceUrl ?? '',
    method,
    loginUrl,
    isSandbox,
    warning
  };
}
