// Every user-facing string of the product lives in scripts/product/messages/*.md: one file per
// command (bkconn.<command>.md) and one per module that throws (org.<module>.md,
// sync.<module>.md), as the salesforcecli plugins keep theirs, read by @salesforce/core's
// Messages: `# key` headings, a list under a heading becomes an array (examples, actions).
import { Messages } from '@salesforce/core';
import { BkconnError } from './errors.ts';
import type { BkconnErrorOptions } from './errors.ts';
import { PRODUCT_MESSAGES_PARENT } from './messages-dir.ts';

/** The package name the bundles are registered under (package.json "name"). */
export const PLUGIN_NAME = 'booking-connector-salesforce';

// false: the messages folder sits beside this file, not at the package root.
Messages.importMessagesDirectory(PRODUCT_MESSAGES_PARENT, false, PLUGIN_NAME);

/** The values for a message's %s, in order (the type core's Messages takes, not exported). */
export type Tokens = NonNullable<Parameters<Messages<string>['getMessage']>[1]>;

export function productMessages(bundle: string): Messages<string> {
  return Messages.loadMessages(PLUGIN_NAME, bundle);
}

export interface MessageErrorOptions extends Omit<BkconnErrorOptions, 'actions'> {
  /** The values for the %s of the actions, in order across the list. */
  actionTokens?: Tokens;
}

/**
 * A BkconnError from the bundle's `# error.<key>` message and its `# error.<key>.actions` list:
 * the layout Messages.createError reads. createError itself is not used because it returns a
 * plain SfError named after the key (with "Error" appended), and the names are a contract for
 * `--json` readers that several messages share (InvalidFlag); the name stays at the call site.
 */
export function messageError(
  messages: Messages<string>,
  key: string,
  tokens: Tokens = [],
  options: MessageErrorOptions = {}
): BkconnError {
  const { actionTokens, ...rest } = options;
  const actionsKey = `error.${key}.actions`;
  // An error with nothing for the user to do (the org's own answer says it all) has no list.
  const actions = messages.messages.has(actionsKey)
    ? messages.getMessages(actionsKey, actionTokens)
    : [];
  return new BkconnError(messages.getMessage(`error.${key}`, tokens), { ...rest, actions });
}
