import { Flags } from '@salesforce/sf-plugins-core';
import { isLocalInstance } from '../../../../../product/org/api-user.ts';
import { requireDevHub } from '../../../../../product/org/dev-hub.ts';
import { orgFailure } from '../../../../../product/org/target.ts';
import { BkconnCommand } from '../../../../../product/commands/base.ts';
import { targetDevHubFlag } from '../../../../../product/commands/flags.ts';
import { toolingMessages } from '../../../../messages.ts';
import type { createPackageVersion } from '../../../../packaging/versions.ts';
import { loadTooling } from '../../../load-tooling.ts';

// The tooling's libraries load when the command runs, never with the command list (see
// scripts/commands.ts): they need the development dependencies.

const messages = toolingMessages('bkdev.package.version.create');

export type PackageVersionCreateResult = Awaited<ReturnType<typeof createPackageVersion>>;

export default class PackageVersionCreate extends BkconnCommand<PackageVersionCreateResult> {
  static readonly summary = messages.getMessage('summary');
  static readonly description = messages.getMessage('description');
  static readonly examples = messages.getMessages('examples');
  static readonly flags = {
    'target-dev-hub': targetDevHubFlag,
    package: Flags.string({ char: 'p', summary: messages.getMessage('flags.package.summary') }),
    'installation-key': Flags.string({
      char: 'k',
      summary: messages.getMessage('flags.installation-key.summary')
    }),
    'installation-key-bypass': Flags.boolean({
      summary: messages.getMessage('flags.installation-key-bypass.summary')
    }),
    'skip-code-coverage': Flags.boolean({
      summary: messages.getMessage('flags.skip-code-coverage.summary')
    }),
    wait: Flags.integer({
      char: 'w',
      summary: messages.getMessage('flags.wait.summary'),
      default: 60,
      min: 1
    })
  };

  async run(): Promise<PackageVersionCreateResult> {
    const { flags } = await this.parse(PackageVersionCreate);
    const { checkInstallationKeyFlags, createPackageVersion } = await loadTooling(
      () => import('../../../../packaging/versions.ts')
    );
    const options = {
      packageName: flags.package,
      installationKey: flags['installation-key'],
      installationKeyBypass: flags['installation-key-bypass'],
      codeCoverage: !flags['skip-code-coverage'],
      waitMinutes: flags.wait
    };
    checkInstallationKeyFlags(options);
    const hub = await requireDevHub(flags['target-dev-hub']);
    try {
      const result = await this.out.spin('Creating the package version', (update) =>
        createPackageVersion(hub, {
          ...options,
          onProgress: update,
          pollIntervalMs: isLocalInstance(hub.connection.instanceUrl) ? 1000 : 30_000
        })
      );
      this.log(
        messages.getMessage('created', [
          result.SubscriberPackageVersionId,
          result.VersionNumber ?? '?',
          result.CodeCoverage === null || result.CodeCoverage === undefined
            ? 'not computed'
            : `${result.CodeCoverage}%`
        ])
      );
      if (result.HasPassedCodeCoverageCheck === false)
        this.warn(messages.getMessage('warning.coverage'));
      return result;
    } catch (error) {
      throw orgFailure(error, hub);
    }
  }
}
