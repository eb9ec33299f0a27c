import { Flags } from '@salesforce/sf-plugins-core';
import { requireDevHub } from '../../../../../product/org/dev-hub.ts';
import { orgFailure } from '../../../../../product/org/target.ts';
import { BkconnCommand } from '../../../../../product/commands/base.ts';
import { targetDevHubFlag } from '../../../../../product/commands/flags.ts';
import { required } from '../../../../../product/commands/org-run.ts';
import { toolingMessages } from '../../../../messages.ts';
import type { promotePackageVersion } from '../../../../packaging/versions.ts';
import { loadTooling } from '../../../load-tooling.ts';

// The tooling's libraries load when the command runs, never with the command list (see
// scripts/commands.ts): they need the development dependencies.

const messages = toolingMessages('bkdev.package.version.promote');

export type PackageVersionPromoteResult = Awaited<ReturnType<typeof promotePackageVersion>>;

export default class PackageVersionPromote extends BkconnCommand<PackageVersionPromoteResult> {
  static readonly summary = messages.getMessage('summary');
  static readonly description = messages.getMessage('description');
  static readonly examples = messages.getMessages('examples');
  static readonly flags = {
    'target-dev-hub': targetDevHubFlag,
    'package-version': Flags.string({
      char: 'p',
      summary: messages.getMessage('flags.package-version.summary')
    })
  };

  async run(): Promise<PackageVersionPromoteResult> {
    const { flags } = await this.parse(PackageVersionPromote);
    const version = required(
      flags['package-version'],
      'package-version',
      messages.getMessage('action.package-version')
    );
    const { promotePackageVersion } = await loadTooling(
      () => import('../../../../packaging/versions.ts')
    );
    const hub = await requireDevHub(flags['target-dev-hub']);
    try {
      const result = await this.out.spin(`Promoting ${version}`, () =>
        promotePackageVersion(hub, version)
      );
      this.log(messages.getMessage('promoted', [version]));
      return result;
    } catch (error) {
      throw orgFailure(error, hub);
    }
  }
}
