// Runs once in Jest's parent process, before any test worker starts (workers inherit its
// environment). The Salesforce libraries keep auth files, aliases and file locks under the
// home folder, read through os.homedir() from the real process environment, so the tests get
// one empty home of their own and never touch the developer's real orgs.
const { mkdirSync, mkdtempSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = async function globalSetup() {
  const home = mkdtempSync(join(tmpdir(), 'bkconn-test-home-'));
  // The state folders the sf CLI creates on first run; the libraries expect them to exist.
  mkdirSync(join(home, '.sfdx'));
  mkdirSync(join(home, '.sf'));
  writeFileSync(join(home, '.sfdx', 'alias.json'), JSON.stringify({ orgs: {} }));
  process.env.HOME = home;
  process.env.SF_DISABLE_TELEMETRY = 'true';
  process.env.SF_SKIP_NEW_VERSION_CHECK = 'true';
  process.env.SF_USE_GENERIC_UNIX_KEYCHAIN = 'true';
  process.env.SF_AUTOUPDATE_DISABLE = 'true';
  // The oclif update hook reads only this name: without it each sf run leaves an
  // `sf update --autoupdate` process behind.
  process.env.SF_DISABLE_AUTOUPDATE = 'true';
  process.env.SF_DISABLE_LOG_FILE = 'true';
};
