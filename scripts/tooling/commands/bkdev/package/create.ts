import { Flags } from '@salesforce/sf-plugins-core';
import { requireDevHub } from '../../../../product/org/dev-hub.ts';
import { orgFailure } from '../../../../product/org/target.ts';
import { BkconnCommand } from '../../../../product/commands/base.ts';
import { targetDevHubFlag } from '../../../../product/commands/flags.ts';
import { toolingMessages } from '../../../messages.ts';
import type { createPackage } from '../../../packaging/versions.ts';
import { loadTooling } from '../../load-tooling.ts';

// The tooling's libraries load when the command runs, never with the command list (see
// scripts/commands.ts): they need the development dependencies.

const messages = toolingMessages('bkdev.package.create');

export type PackageCreateResult = Awaited<ReturnType<typeof createPackage>>;

export default class PackageCreate extends BkconnCommand<PackageCreateResult> {
  static readonly summary = messages.getMessage('summary');
  static readonly description = messages.getMessage('description');
  static readonly examples = messages.getMessages('examples');
  static readonly flags = {
    'target-dev-hub': targetDevHubFlag,
    'error-notification-username': Flags.string({
      summary: messages.getMessage('flags.error-notification-username.summary')
    })
  };

  async run(): Promise<PackageCreateResult> {
    const { flags } = await this.parse(PackageCreate);
    const { createPackage } = await loadTooling(() => import('../../../packaging/versions.ts'));
    const hub = await requireDevHub(flags['target-dev-hub']);
    try {
      const result = await this.out.spin('Creating the package', () =>
        createPackage(hub, { errorNotificationUsername: flags['error-notification-username'] })
      );
      this.log(
        messages.getMessage('created', [result.name, result.id, result.namespace ?? 'none'])
      );
      return result;
    } catch (error) {
      throw orgFailure(error, hub);
    }
  }
}
