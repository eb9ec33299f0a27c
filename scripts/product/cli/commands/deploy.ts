import type { Command } from '../command.ts';
import { TARGET_ORG_OPTION, listFlag, stringFlag } from '../command.ts';
import { CliError } from '../errors.ts';
import { deploySource } from '../../org/deploy.ts';
import { withTargetOrg } from './org-run.ts';

export const deployCommand: Command = {
  name: 'deploy',
  summary: 'Deploy the package source to an org (scratch, sandbox or production).',
  usage: [
    '-o, --target-org <alias|username>  Org to deploy to (default: the configured target-org).',
    '-d, --source-dir <folder>          Source to deploy (default: the package directory, force-app).',
    '-l, --test-level <level>           NoTestRun, RunSpecifiedTests, RunLocalTests or RunAllTestsInOrg (production needs tests).',
    '-t, --tests <ApexClass>            Tests for RunSpecifiedTests (repeat or comma-separate).',
    '--dry-run                          Validate only: nothing is saved in the org.'
  ],
  options: {
    ...TARGET_ORG_OPTION,
    'source-dir': { type: 'string', short: 'd' },
    'test-level': { type: 'string', short: 'l' },
    tests: { type: 'string', short: 't', multiple: true },
    'dry-run': { type: 'boolean' }
  },
  async run({ out, flags }) {
    return withTargetOrg(flags, async (target) => {
      const dryRun = flags['dry-run'] === true;
      const summary = await out.spin(
        `${dryRun ? 'Validating' : 'Deploying'} the package source to ${target.label}`,
        (update) =>
          deploySource(target.connection, {
            sourceDir: stringFlag(flags, 'source-dir'),
            testLevel: stringFlag(flags, 'test-level'),
            tests: listFlag(flags, 'tests'),
            dryRun,
            onProgress: update
          })
      );
      if (!summary.success) {
        out.log('Component failures:');
        out.table(
          summary.failures.map((failure) => ({
            ...failure,
            where: failure.line
              ? `${failure.file}:${failure.line}${failure.column ? `:${failure.column}` : ''}`
              : failure.file
          })),
          [
            { key: 'type', header: 'Type' },
            { key: 'name', header: 'Name' },
            { key: 'where', header: 'File' },
            { key: 'problem', header: 'Problem' }
          ]
        );
        throw new CliError(
          `The deploy ${summary.id} failed with ${summary.failures.length} component failure(s); nothing was saved.`,
          {
            name: 'DeployFailed',
            data: summary,
            actions: ['Fix each component at the file and line shown, then deploy again.']
          }
        );
      }
      out.log(
        `${dryRun ? 'Validated' : 'Deployed'} ${summary.componentCount} components to ${target.label} (deploy ${summary.id}${summary.testLevel ? `, ${summary.testLevel}` : ''}).`
      );
      return summary;
    });
  }
};
