// npm run setup-page [-- --target-org ALIAS] [--port N] [--scenario no-permission|load-failure]
// Opens the setup page without a Salesforce org: starts a local org with the package deployed
// (or uses a running local org logged in with the sf CLI under ALIAS), builds the page with the
// real LWC compiler and base components, and serves it with its Apex answered from that org.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Org, type Connection } from '@salesforce/core';
import { projectRoot } from '../../product/project.ts';
import { ensureAdminPermissionSet } from '../../product/org/permset.ts';
import { startLocalOrg } from '../local-org/server.ts';
import { loginAs } from '../test-kit/login.ts';
import { deployPackage } from '../test-kit/org.ts';
import { buildSetupPage, describeBuild } from './build/build.ts';
import { SCENARIOS, startSetupPageServer, type Scenario } from './server/server.ts';

const { values } = parseArgs({
  options: {
    'target-org': { type: 'string', short: 'o' },
    port: { type: 'string', default: '6110' },
    scenario: { type: 'string' },
    minify: { type: 'boolean', default: false }
  }
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const scenario = values.scenario as Scenario | undefined;
if (scenario && !SCENARIOS.includes(scenario))
  fail(`--scenario must be one of ${SCENARIOS.join(', ')} (got ${scenario}).`);
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`--port must be a port number from 0 to 65535 (got ${values.port}).`);

let connection: Connection;
let closeOrg = async () => {};
if (values['target-org']) {
  const org = await Org.create({ aliasOrUsername: values['target-org'] }).catch((error: Error) =>
    fail(
      `No org is logged in as ${values['target-org']}: ${error.message}. Log in to the local org with the command \`npm run local-org\` prints, then pass its alias.`
    )
  );
  connection = org.getConnection();
  if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(connection.instanceUrl))
    fail(
      `${values['target-org']} is not a local org (${connection.instanceUrl}). In a Salesforce org, open the Booking Connector Setup tab instead.`
    );
} else {
  console.log('Starting a local org and deploying the package...');
  const local = await startLocalOrg({ port: 0 });
  connection = await loginAs(local);
  await deployPackage(connection);
  await ensureAdminPermissionSet(connection);
  closeOrg = () => local.close();
  console.log(`Local org at ${local.instanceUrl} (in memory: its changes end with this command).`);
}

const outDir = join(projectRoot(), '.setup-page', 'build');
const build = await buildSetupPage({ outDir, minify: values.minify });
console.log(describeBuild(build));
const server = await startSetupPageServer({ connection, staticDir: outDir, port, scenario });
console.log(`\nThe setup page: ${server.url}${scenario ? ` (scenario: ${scenario})` : ''}`);
console.log('Press Ctrl+C to stop.');

await new Promise<void>((done) => {
  process.once('SIGINT', done);
  process.once('SIGTERM', done);
});
await server.close();
await closeOrg();
