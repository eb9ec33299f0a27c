// Importing this module drops two Node warnings that are noise to a user, whichever program
// loads the commands (the bkconn bin or the sf CLI): scripts/commands.ts imports it first.
// - The shared rules are plain JavaScript under force-app, where no package.json says
//   "module"; Node parses them as ES modules anyway and warns each time.
// - @salesforce/core warns about http:// URLs; the local org is http on 127.0.0.1 by design.
const listeners = process.listeners('warning');
process.removeAllListeners('warning');
process.on('warning', (warning: Error & { code?: string }) => {
  if (warning.code === 'MODULE_TYPELESS_PACKAGE_JSON') return;
  if (/insecure protocol: http: on url: http:\/\/127\.0\.0\.1/.test(warning.message)) return;
  for (const listener of listeners) listener(warning);
});
