import { writeFileSync } from 'node:fs';
import { Flags } from '@salesforce/sf-plugins-core';
import { exportConfig } from '../../../org/config-transfer.ts';
import { productMessages } from '../../../messages.ts';
import { BkconnCommand } from '../../base.ts';
import { targetOrgFlag } from '../../flags.ts';
import { withTargetOrg } from '../../org-run.ts';

const messages = productMessages('bkconn.config.export');

export interface ConfigExportResult {
  file: string;
  settings: number;
  mappings: number;
}

export default class ConfigExport extends BkconnCommand<ConfigExportResult> {
  static readonly summary = messages.getMessage('summary');
  static readonly description = messages.getMessage('description');
  static readonly examples = messages.getMessages('examples');
  static readonly flags = {
    'target-org': targetOrgFlag,
    file: Flags.string({
      char: 'f',
      summary: messages.getMessage('flags.file.summary'),
      default: 'booking-connector-config.json'
    })
  };

  async run(): Promise<ConfigExportResult> {
    const { flags } = await this.parse(ConfigExport);
    const out = this.out;
    return withTargetOrg(flags['target-org'], async (target) => {
      const config = await out.spin(`Reading the configuration of ${target.label}`, () =>
        exportConfig(target.connection)
      );
      writeFileSync(flags.file, `${JSON.stringify(config, null, 2)}\n`);
      const result = {
        file: flags.file,
        settings: Object.keys(config.settings).length,
        mappings: config.mappings.length
      };
      out.log(messages.getMessage('written', [result.settings, result.mappings, result.file]));
      return result;
    });
  }
}
