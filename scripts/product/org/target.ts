// Which org a command works on, the way the sf CLI decides: `--target-org`/`-o` names an alias
// or a username known to the sf CLI (~/.sfdx, through @salesforce/core), otherwise the
// configured default `target-org`. The connection uses the project's sourceApiVersion, which
// saves the versions lookup a new connection would otherwise make.
import { AuthInfo, ConfigAggregator, Connection, Org, StateAggregator } from '@salesforce/core';
import { BkconnError } from '../errors.ts';
import { messageError, productMessages } from '../messages.ts';
import { projectApiVersion } from '../project.ts';

const messages = productMessages('org.target');

export interface TargetOrg {
  org: Org;
  connection: Connection;
  username: string;
  /** The alias or username the user typed, or the configured default; for messages. */
  label: string;
}

/** The configured default org (`sf config set target-org ...`), or undefined. */
export async function defaultTargetOrg(): Promise<string | undefined> {
  const config = await ConfigAggregator.create();
  const value = config.getPropertyValue('target-org');
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A Connection for an org the sf CLI knows, by alias or username. */
export async function connectToKnownOrg(
  aliasOrUsername: string,
  label = aliasOrUsername
): Promise<TargetOrg> {
  const state = await StateAggregator.getInstance();
  const username = state.aliases.resolveUsername(aliasOrUsername);
  if (!(await state.orgs.hasFile(username))) {
    throw messageError(messages, 'unknown-target-org', [aliasOrUsername], {
      name: 'UnknownTargetOrg',
      actionTokens: [aliasOrUsername]
    });
  }
  const authInfo = await AuthInfo.create({ username });
  const connection = await Connection.create({
    authInfo,
    connectionOptions: { version: projectApiVersion() }
  });
  const org = await Org.create({ connection });
  return { org, connection, username, label };
}

/**
 * The org named by --target-org, else the default org; undefined when neither exists (the
 * caller decides whether that is an error or a reason to start the local org).
 */
export async function resolveTargetOrg(flag: string | undefined): Promise<TargetOrg | undefined> {
  const name = flag ?? (await defaultTargetOrg());
  return name ? connectToKnownOrg(name) : undefined;
}

export async function requireTargetOrg(flag: string | undefined): Promise<TargetOrg> {
  const target = await resolveTargetOrg(flag);
  if (!target) {
    throw messageError(messages, 'no-target-org', [], { name: 'NoTargetOrg' });
  }
  return target;
}

/**
 * Turns what Salesforce or jsforce throws into a BkconnError that says what to do; an expired or
 * revoked session is the common case.
 */
export function orgFailure(error: unknown, target: Pick<TargetOrg, 'label'>): BkconnError {
  if (error instanceof BkconnError) return error;
  const err = error as { name?: string; errorCode?: string; message?: string; actions?: unknown };
  const text = `${err.name ?? ''} ${err.errorCode ?? ''} ${err.message ?? ''}`;
  if (
    /INVALID_SESSION_ID|Session expired|invalid session|expired access\/refresh token|RefreshToken/i.test(
      text
    )
  ) {
    return messageError(messages, 'expired-session', [target.label], {
      name: 'ExpiredSession',
      cause: error,
      actionTokens: [target.label]
    });
  }
  if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|fetch failed/i.test(text)) {
    return messageError(messages, 'org-unreachable', [target.label, err.message ?? text], {
      name: 'OrgUnreachable',
      cause: error
    });
  }
  // @salesforce/core's errors often carry the fix already (a scratch org signup error names
  // the page that explains its code); keep it.
  const actions =
    Array.isArray(err.actions) && err.actions.length > 0
      ? err.actions.map(String)
      : messages.getMessages('error.org-request.actions');
  return new BkconnError(
    messages.getMessage('error.org-request', [target.label, err.message ?? String(error)]),
    {
      name: err.errorCode ?? err.name ?? 'OrgRequestFailed',
      cause: error,
      actions
    }
  );
}
