// The flags several commands share, typed once: their letters and summaries are the same
// everywhere, as with the sf CLI's own --target-org / --target-dev-hub. The org itself is
// resolved by org/target.ts (alias, username or the configured default), whose errors say
// what to do in this project's words.
import { Flags } from '@salesforce/sf-plugins-core';
import { productMessages } from '../messages.ts';

const messages = productMessages('bkconn.flags');

export const targetOrgFlag = Flags.string({
  char: 'o',
  summary: messages.getMessage('target-org.summary')
});

export const targetDevHubFlag = Flags.string({
  char: 'v',
  summary: messages.getMessage('target-dev-hub.summary')
});

export const apiUserFlag = Flags.string({
  char: 'u',
  summary: messages.getMessage('api-user.summary')
});

export const modeFlag = Flags.string({
  summary: messages.getMessage('mode.summary')
});

export const stateDirFlag = Flags.directory({
  summary: messages.getMessage('state-dir.summary'),
  default: '.booking-sync'
});
