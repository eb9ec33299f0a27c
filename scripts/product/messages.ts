// Every user-facing string of the product's commands lives in scripts/product/messages/*.md,
// one file per command (as the salesforcecli plugins keep theirs), read by @salesforce/core's
// Messages: `# key` headings, a list under a heading becomes an array (examples, actions).
import { Messages } from '@salesforce/core';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package name the bundles are registered under (package.json "name"). */
export const PLUGIN_NAME = 'booking-connector-salesforce';

// false: the messages folder sits beside this file, not at the package root.
Messages.importMessagesDirectory(dirname(fileURLToPath(import.meta.url)), false, PLUGIN_NAME);

export function productMessages(bundle: string): Messages<string> {
  return Messages.loadMessages(PLUGIN_NAME, bundle);
}
