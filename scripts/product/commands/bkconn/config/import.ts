import { existsSync, readFileSync } from 'node:fs';
import { Flags } from '@salesforce/sf-plugins-core';
import { BkconnError } from '../../../errors.ts';
import { importConfig, parseConfig } from '../../../org/config-transfer.ts';
import { productMessages } from '../../../messages.ts';
import { BkconnCommand } from '../../base.ts';
import { apiUserFlag, targetOrgFlag } from '../../flags.ts';
import { required, withTargetOrg } from '../../org-run.ts';

const messages = productMessages('bkconn.config.import');

export type ConfigImportResult = Awaited<ReturnType<typeof importConfig>>;

export default class ConfigImport extends BkconnCommand<ConfigImportResult> {
  static readonly summary = messages.getMessage('summary');
  static readonly description = messages.getMessage('description');
  static readonly examples = messages.getMessages('examples');
  static readonly flags = {
    'target-org': targetOrgFlag,
    file: Flags.string({ char: 'f', summary: messages.getMessage('flags.file.summary') }),
    'api-user': { ...apiUserFlag, summary: messages.getMessage('flags.api-user.summary') }
  };

  async run(): Promise<ConfigImportResult> {
    const { flags } = await this.parse(ConfigImport);
    const file = required(flags.file, 'file', messages.getMessage('action.file'));
    if (!existsSync(file))
      throw new BkconnError(messages.getMessage('error.no-file', [file]), {
        name: 'InvalidFlag',
        actions: [messages.getMessage('action.no-file')]
      });
    const config = parseConfig(readFileSync(file, 'utf8'), file);
    const out = this.out;
    return withTargetOrg(flags['target-org'], async (target) => {
      const result = await out.spin(`Applying ${file} to ${target.label}`, () =>
        importConfig(target.connection, config, { apiUser: flags['api-user'] })
      );
      out.log(`Settings ${result.settings}; ${result.mappingsDeployed} mappings deployed.`);
      out.log(
        messages.getMessage('next', [
          target.label,
          result.apiUsername ? ` --api-user ${result.apiUsername}` : ''
        ])
      );
      return result;
    });
  }
}
