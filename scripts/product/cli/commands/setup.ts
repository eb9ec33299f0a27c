import { StateAggregator, type Connection } from '@salesforce/core';
import type { Command, CommandContext } from '../command.ts';
import { TARGET_ORG_OPTION, stringFlag } from '../command.ts';
import { CliError } from '../errors.ts';
import { runSetup, type SetupReport } from '../../org/setup.ts';
import {
  LocalOrgUnavailableError,
  startLocalOrgFallback,
  type FallbackOrg
} from '../../org/local-org-fallback.ts';
import { orgFailure, resolveTargetOrg } from '../../org/target.ts';
import { STANDARD_OBJECT_ACCESS_NOTE, normalizeSecurityMode } from '../../org/rules.ts';
import { printRows } from './api-user.ts';
import { projectNamespace } from './org-run.ts';

function printReport(out: CommandContext['out'], report: SetupReport, where: string): void {
  out.log('');
  out.log(
    `Booking Connector setup in ${where} (${report.mode.toLowerCase()} mode), API user ${report.apiUser.username}:`
  );
  out.log('');
  printRows(out, [...report.checks, ...report.installation]);
  out.log(STANDARD_OBJECT_ACCESS_NOTE[report.mode]);
  if (report.layoutsUpdated.length > 0)
    out.log(`Added the package fields to ${report.layoutsUpdated.join(', ')}.`);
  if (!report.layoutsByAssignment)
    out.warn(
      "The profiles' Event layout assignments could not be read (Metadata API); the package's own Event layout was checked instead."
    );
  for (const phase of report.phases) {
    out.log('');
    out.log(`${phase.phase}. ${phase.name}: ${phase.status}`);
    for (const line of phase.done) out.log(`   done: ${line}`);
    for (const line of phase.left) out.log(`   left: ${line}`);
  }
  out.log('');
}

export const setupCommand: Command = {
  name: 'setup',
  summary:
    'Deploy, choose or create the API user, assign the permission set, check everything, and report the five phases.',
  usage: [
    '-o, --target-org <alias|username>  Without it and without a default org, the local org is started in this process.',
    '-u, --api-user <username>          The API user (default: created in scratch orgs; the seeded one in the local org).',
    '--mode <standard|advanced>         Default: standard.',
    '--skip-deploy                      Do not deploy the source (an org where the package is installed gets none anyway).',
    "--add-layout-fields                Add the package fields to the Event layouts of the API user's and admins' profiles (done anyway in scratch and local orgs).",
    '-l, --test-level <level>           For the deploy to sandboxes and production.'
  ],
  options: {
    ...TARGET_ORG_OPTION,
    'api-user': { type: 'string', short: 'u' },
    mode: { type: 'string' },
    'skip-deploy': { type: 'boolean' },
    'add-layout-fields': { type: 'boolean' },
    'test-level': { type: 'string', short: 'l' }
  },
  async run({ out, flags }) {
    try {
      normalizeSecurityMode(stringFlag(flags, 'mode'));
    } catch (error) {
      throw new CliError((error as Error).message, {
        name: 'InvalidFlag',
        actions: ['Pass --mode standard or --mode advanced.']
      });
    }
    const target = await resolveTargetOrg(stringFlag(flags, 'target-org'));
    let connection: Connection;
    let where: string;
    let close = async (): Promise<void> => undefined;
    let defaultApiUser: string | undefined;
    if (target) {
      connection = target.connection;
      where = target.label;
    } else {
      let local: FallbackOrg;
      try {
        local = await startLocalOrgFallback();
      } catch (error) {
        if (!(error instanceof LocalOrgUnavailableError)) throw error;
        throw new CliError(error.message, {
          name: 'NoTargetOrg',
          actions: [
            'Pass --target-org <alias>, or set a default org with `sf config set target-org <alias>`.',
            'To use the local org, install the development dependencies: npm ci (without --omit=dev).'
          ]
        });
      }
      connection = local.connection;
      defaultApiUser = local.apiUsername;
      where = `the local org at ${local.instanceUrl}`;
      close = local.close;
      out.warn(
        `No --target-org and no default org: running against the local org, started in this process at ${local.instanceUrl} (in memory, gone when setup ends; it runs no Apex). Pass --target-org <alias> for a real org.`
      );
    }
    try {
      const report = await runSetup(connection, {
        apiUser: stringFlag(flags, 'api-user'),
        mode: stringFlag(flags, 'mode'),
        skipDeploy: flags['skip-deploy'] === true,
        addLayoutFields: flags['add-layout-fields'] === true ? true : undefined,
        testLevel: stringFlag(flags, 'test-level'),
        projectNamespace: projectNamespace(),
        defaultApiUser,
        isConnected: async (username) =>
          (await StateAggregator.getInstance()).orgs.hasFile(username),
        step: (label, work) => out.spin(label, work)
      });
      printReport(out, report, where);
      if (!report.success) {
        const left = [...report.checks, ...report.installation].filter((row) => !row.passed);
        throw new CliError(`Setup is not complete: ${left.length} requirement(s) still fail.`, {
          name: 'SetupIncomplete',
          data: report,
          actions: left.map((row) => row.fix)
        });
      }
      const open = report.phases.filter((phase) => phase.status !== 'done');
      out.log(
        open.length === 0
          ? 'Every phase is done.'
          : `Phases 1 and 2 are done. Left: ${open.map((phase) => `${phase.phase} ${phase.name}`).join(', ')}, on the Booking Connector setup tab in the org.`
      );
      return { ...report, target: where };
    } catch (error) {
      throw orgFailure(error, { label: where });
    } finally {
      await close();
    }
  }
};
