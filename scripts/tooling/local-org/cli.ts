// `npm run local-org`: starts the local org on 127.0.0.1 and prints how to reach it.
//   node scripts/tooling/local-org/cli.ts [--port 6109] [--data-dir .local-org] [--reset] [--namespace bkconn] [--sandbox] [--person-accounts] [--duplicate-rules] [--assignment-rules] [--dev-hub [--apex-coverage 91]]
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { projectRoot, readProject } from '../../product/project.ts';
import { startLocalOrg } from './server.ts';
import { SEEDED_USERS } from './seed.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '6109' },
    'data-dir': { type: 'string' },
    reset: { type: 'boolean', default: false },
    namespace: { type: 'string' },
    sandbox: { type: 'boolean', default: false },
    'person-accounts': { type: 'boolean', default: false },
    'duplicate-rules': { type: 'boolean', default: false },
    'assignment-rules': { type: 'boolean', default: false },
    'dev-hub': { type: 'boolean', default: false },
    // The coverage the Dev Hub's package builds report (it runs no Apex); without it, none.
    'apex-coverage': { type: 'string' }
  }
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Error: --port must be a port number (0-65535), not "${values.port}".`);
  process.exit(1);
}
const apexCoverage = values['apex-coverage'] === undefined ? null : Number(values['apex-coverage']);
if (apexCoverage !== null && !(apexCoverage >= 0 && apexCoverage <= 100)) {
  console.error(
    `Error: --apex-coverage must be a percentage (0-100), not "${values['apex-coverage']}".`
  );
  process.exit(1);
}
const dataDir = values['data-dir'] ?? join(projectRoot(), '.local-org');
// A Dev Hub links the project's namespace, as the team's real Dev Hub does.
const projectNamespace = readProject().namespace;
const org = await startLocalOrg({
  port,
  dataDir,
  reset: values.reset,
  namespace: values.namespace ?? null,
  isSandbox: values.sandbox,
  personAccounts: values['person-accounts'],
  duplicateRules: values['duplicate-rules'],
  assignmentRules: values['assignment-rules'],
  devHub: values['dev-hub']
    ? {
        namespaces: projectNamespace ? [projectNamespace] : [],
        ...(apexCoverage === null ? {} : { apexCoveragePercent: apexCoverage })
      }
    : false
});
console.log(
  `Local org listening at ${org.instanceUrl} (data in ${dataDir}${values.reset ? ', reset' : ''}).`
);
console.log(
  'It is a local development org: it speaks the Salesforce REST and Metadata APIs but executes no Apex, triggers or flows.'
);
console.log(`Admin: ${org.adminUsername}`);
console.log(`Access token: ${org.adminAccessToken}`);
console.log('Point the sf CLI at it:');
console.log(
  `  SF_ACCESS_TOKEN='${org.adminAccessToken}' npx sf org login access-token --instance-url ${org.instanceUrl} --no-prompt --alias local`
);
if (org.devHub) {
  console.log(
    `It is a Dev Hub${projectNamespace ? ` linked to the ${projectNamespace} namespace` : ''}: log in to it with --alias devhub --set-default-dev-hub, then \`npm run org:create -- --alias scratch\`. Scratch orgs it creates live while it runs.`
  );
}
console.log(
  `Seeded API-user candidates: ${SEEDED_USERS.apiUser} (standard mode), ${SEEDED_USERS.secureApiUser} (advanced secure mode).`
);
console.log('Press Ctrl+C to stop.');
const stop = async (): Promise<void> => {
  await org.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
