// The user-facing strings of the tooling's commands (bkdev ...), in scripts/tooling/messages/*.md,
// kept apart from the product's so an install without the tooling carries none of them.
import { Messages } from '@salesforce/core';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLUGIN_NAME } from '../product/messages.ts';

// false: the messages folder sits beside this file, not at the package root.
Messages.importMessagesDirectory(dirname(fileURLToPath(import.meta.url)), false, PLUGIN_NAME);

export function toolingMessages(bundle: string): Messages<string> {
  return Messages.loadMessages(PLUGIN_NAME, bundle);
}
