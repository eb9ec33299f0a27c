import { StateAggregator, type Connection } from '@salesforce/core';
import { Flags } from '@salesforce/sf-plugins-core';
import { BkconnError } from '../../errors.ts';
import { runSetup, type SetupReport } from '../../org/setup.ts';
import {
  LocalOrgUnavailableError,
  startLocalOrgFallback,
  type FallbackOrg
} from '../../org/local-org-fallback.ts';
import { orgFailure, resolveTargetOrg } from '../../org/target.ts';
import { STANDARD_OBJECT_ACCESS_NOTE } from '../../org/rules.ts';
import { productMessages } from '../../messages.ts';
import { BkconnCommand } from '../base.ts';
import { apiUserFlag, modeFlag, targetOrgFlag } from '../flags.ts';
import type { Output } from '../output.ts';
import { projectNamespace, securityMode } from '../org-run.ts';
import { printRows } from '../rule-rows.ts';

const messages = productMessages('bkconn.setup');

export type SetupResult = SetupReport & { target: string };

interface SetupOrg {
  connection: Connection;
  where: string;
  defaultApiUser?: string;
  close(): Promise<void>;
}

function printReport(out: Output, report: SetupReport, where: string): void {
  out.log('');
  out.log(
    `Booking Connector setup in ${where} (${report.mode.toLowerCase()} mode), API user ${report.apiUser.username}:`
  );
  out.log('');
  printRows(out, [...report.checks, ...report.installation]);
  out.log(STANDARD_OBJECT_ACCESS_NOTE[report.mode]);
  if (report.layoutsUpdated.length > 0)
    out.log(`Added the package fields to ${report.layoutsUpdated.join(', ')}.`);
  if (!report.layoutsByAssignment) out.warn(messages.getMessage('warning.layouts'));
  for (const phase of report.phases) {
    out.log('');
    out.log(`${phase.phase}. ${phase.name}: ${phase.status}`);
    for (const line of phase.done) out.log(`   done: ${line}`);
    for (const line of phase.left) out.log(`   left: ${line}`);
  }
  out.log('');
}

/** The org named or configured, else the local org started in this process. */
async function setupOrg(out: Output, targetOrg: string | undefined): Promise<SetupOrg> {
  const target = await resolveTargetOrg(targetOrg);
  if (target)
    return { connection: target.connection, where: target.label, close: async () => undefined };
  let local: FallbackOrg;
  try {
    local = await startLocalOrgFallback();
  } catch (error) {
    if (!(error instanceof LocalOrgUnavailableError)) throw error;
    throw new BkconnError(error.message, {
      name: 'NoTargetOrg',
      actions: messages.getMessages('action.no-target-org')
    });
  }
  out.warn(messages.getMessage('warning.local-org', [local.instanceUrl]));
  return {
    connection: local.connection,
    where: `the local org at ${local.instanceUrl}`,
    defaultApiUser: local.apiUsername,
    close: local.close
  };
}

export default class Setup extends BkconnCommand<SetupResult> {
  static readonly summary = messages.getMessage('summary');
  static readonly description = messages.getMessage('description');
  static readonly examples = messages.getMessages('examples');
  static readonly flags = {
    'target-org': { ...targetOrgFlag, summary: messages.getMessage('flags.target-org.summary') },
    'api-user': { ...apiUserFlag, summary: messages.getMessage('flags.api-user.summary') },
    mode: modeFlag,
    'skip-deploy': Flags.boolean({ summary: messages.getMessage('flags.skip-deploy.summary') }),
    'add-layout-fields': Flags.boolean({
      summary: messages.getMessage('flags.add-layout-fields.summary')
    }),
    'test-level': Flags.string({
      char: 'l',
      summary: messages.getMessage('flags.test-level.summary')
    })
  };

  async run(): Promise<SetupResult> {
    const { flags } = await this.parse(Setup);
    securityMode(flags.mode);
    const out = this.out;
    const org = await setupOrg(out, flags['target-org']);
    try {
      const report = await runSetup(org.connection, {
        apiUser: flags['api-user'],
        mode: flags.mode,
        skipDeploy: flags['skip-deploy'],
        addLayoutFields: flags['add-layout-fields'] ? true : undefined,
        testLevel: flags['test-level'],
        projectNamespace: projectNamespace(),
        defaultApiUser: org.defaultApiUser,
        isConnected: async (username) =>
          (await StateAggregator.getInstance()).orgs.hasFile(username),
        step: (label, work) => out.spin(label, work)
      });
      printReport(out, report, org.where);
      if (!report.success) {
        const left = [...report.checks, ...report.installation].filter((row) => !row.passed);
        throw new BkconnError(messages.getMessage('error.incomplete', [left.length]), {
          name: 'SetupIncomplete',
          data: report,
          actions: left.map((row) => row.fix)
        });
      }
      const open = report.phases.filter((phase) => phase.status !== 'done');
      out.log(
        open.length === 0
          ? messages.getMessage('all-done')
          : messages.getMessage('left', [
              open.map((phase) => `${phase.phase} ${phase.name}`).join(', ')
            ])
      );
      return { ...report, target: org.where };
    } catch (error) {
      throw orgFailure(error, { label: org.where });
    } finally {
      await org.close();
    }
  }
}
