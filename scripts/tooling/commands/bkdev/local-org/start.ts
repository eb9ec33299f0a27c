import { join } from 'node:path';
import { Flags } from '@salesforce/sf-plugins-core';
import { projectRoot, readProject } from '../../../../product/project.ts';
import { BkconnCommand } from '../../../../product/commands/base.ts';
import { toolingMessages } from '../../../messages.ts';
import { loadTooling } from '../../load-tooling.ts';

// The tooling's libraries load when the command runs, never with the command list (see
// scripts/commands.ts): they need the development dependencies.

const messages = toolingMessages('bkdev.local-org.start');

export interface LocalOrgStartResult {
  instanceUrl: string;
  adminUsername: string;
  dataDir: string;
  /** What stopped it: SIGINT (Ctrl+C) or SIGTERM. */
  stoppedBy: NodeJS.Signals;
}

export default class LocalOrgStart extends BkconnCommand<LocalOrgStartResult> {
  static readonly summary = messages.getMessage('summary');
  static readonly description = messages.getMessage('description');
  static readonly examples = messages.getMessages('examples');
  static readonly flags = {
    port: Flags.integer({
      summary: messages.getMessage('flags.port.summary'),
      default: 6109,
      min: 0,
      max: 65535
    }),
    'data-dir': Flags.directory({ summary: messages.getMessage('flags.data-dir.summary') }),
    reset: Flags.boolean({ summary: messages.getMessage('flags.reset.summary') }),
    namespace: Flags.string({ summary: messages.getMessage('flags.namespace.summary') }),
    sandbox: Flags.boolean({ summary: messages.getMessage('flags.sandbox.summary') }),
    'person-accounts': Flags.boolean({
      summary: messages.getMessage('flags.person-accounts.summary')
    }),
    'duplicate-rules': Flags.boolean({
      summary: messages.getMessage('flags.duplicate-rules.summary')
    }),
    'assignment-rules': Flags.boolean({
      summary: messages.getMessage('flags.assignment-rules.summary')
    }),
    'dev-hub': Flags.boolean({ summary: messages.getMessage('flags.dev-hub.summary') }),
    // The coverage the Dev Hub's package builds report (it runs no Apex); without it, none.
    'apex-coverage': Flags.integer({
      summary: messages.getMessage('flags.apex-coverage.summary'),
      min: 0,
      max: 100,
      dependsOn: ['dev-hub']
    })
  };

  async run(): Promise<LocalOrgStartResult> {
    const { flags } = await this.parse(LocalOrgStart);
    const stopped = this.untilStopped();
    const { startLocalOrg } = await loadTooling(() => import('../../../local-org/server.ts'));
    const { SEEDED_USERS } = await loadTooling(() => import('../../../local-org/seed.ts'));
    const dataDir = flags['data-dir'] ?? join(projectRoot(), '.local-org');
    // A Dev Hub links the project's namespace, as the team's real Dev Hub does.
    const projectNamespace = readProject().namespace;
    const apexCoverage = flags['apex-coverage'];
    const org = await startLocalOrg({
      port: flags.port,
      dataDir,
      reset: flags.reset,
      namespace: flags.namespace ?? null,
      isSandbox: flags.sandbox,
      personAccounts: flags['person-accounts'],
      duplicateRules: flags['duplicate-rules'],
      assignmentRules: flags['assignment-rules'],
      devHub: flags['dev-hub']
        ? {
            namespaces: projectNamespace ? [projectNamespace] : [],
            ...(apexCoverage === undefined ? {} : { apexCoveragePercent: apexCoverage })
          }
        : false
    });
    this.announce(
      `Local org listening at ${org.instanceUrl} (data in ${dataDir}${flags.reset ? ', reset' : ''}).`
    );
    this.log(messages.getMessage('what-it-is'));
    this.log(`Admin: ${org.adminUsername}`);
    this.announce(`Access token: ${org.adminAccessToken}`);
    this.log('Point the sf CLI at it:');
    this.log(
      `  SF_ACCESS_TOKEN='${org.adminAccessToken}' npx sf org login access-token --instance-url ${org.instanceUrl} --no-prompt --alias local`
    );
    if (org.devHub)
      this.log(
        messages.getMessage('dev-hub', [
          projectNamespace ? ` linked to the ${projectNamespace} namespace` : ''
        ])
      );
    this.log(messages.getMessage('seeded', [SEEDED_USERS.apiUser, SEEDED_USERS.secureApiUser]));
    this.log('Press Ctrl+C to stop.');
    const stoppedBy = await stopped;
    await org.close();
    return { instanceUrl: org.instanceUrl, adminUsername: org.adminUsername, dataDir, stoppedBy };
  }
}
