import { Flags } from '@salesforce/sf-plugins-core';
import { BkconnError } from '../../errors.ts';
import { deploySource } from '../../org/deploy.ts';
import { productMessages } from '../../messages.ts';
import { BkconnCommand } from '../base.ts';
import { targetOrgFlag } from '../flags.ts';
import { withTargetOrg } from '../org-run.ts';

const messages = productMessages('bkconn.deploy');

export type DeployResult = Awaited<ReturnType<typeof deploySource>>;

export default class Deploy extends BkconnCommand<DeployResult> {
  static readonly summary = messages.getMessage('summary');
  static readonly description = messages.getMessage('description');
  static readonly examples = messages.getMessages('examples');
  static readonly flags = {
    'target-org': targetOrgFlag,
    'source-dir': Flags.string({
      char: 'd',
      summary: messages.getMessage('flags.source-dir.summary')
    }),
    'test-level': Flags.string({
      char: 'l',
      summary: messages.getMessage('flags.test-level.summary')
    }),
    tests: Flags.string({
      char: 't',
      multiple: true,
      delimiter: ',',
      summary: messages.getMessage('flags.tests.summary')
    }),
    'dry-run': Flags.boolean({ summary: messages.getMessage('flags.dry-run.summary') })
  };

  async run(): Promise<DeployResult> {
    const { flags } = await this.parse(Deploy);
    const dryRun = flags['dry-run'];
    const out = this.out;
    return withTargetOrg(flags['target-org'], async (target) => {
      const summary = await out.spin(
        `${dryRun ? 'Validating' : 'Deploying'} the package source to ${target.label}`,
        (update) =>
          deploySource(target.connection, {
            sourceDir: flags['source-dir'],
            testLevel: flags['test-level'],
            tests: (flags.tests ?? []).map((name) => name.trim()).filter(Boolean),
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
        throw new BkconnError(
          messages.getMessage('error.failed', [summary.id, summary.failures.length]),
          { name: 'DeployFailed', data: summary, actions: [messages.getMessage('action.failed')] }
        );
      }
      out.log(
        `${dryRun ? 'Validated' : 'Deployed'} ${summary.componentCount} components to ${target.label} (deploy ${summary.id}${summary.testLevel ? `, ${summary.testLevel}` : ''}).`
      );
      return summary;
    });
  }
}
