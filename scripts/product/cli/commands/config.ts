import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import type { Command } from '../command.ts';
import { TARGET_ORG_OPTION, stringFlag } from '../command.ts';
import { CliError } from '../errors.ts';
import { exportConfig, importConfig, parseConfig } from '../../org/config-transfer.ts';
import { withTargetOrg } from './org-run.ts';

export const configExportCommand: Command = {
  name: 'config:export',
  summary: "Write the connector's settings and field mappings to a file.",
  usage: [
    '-o, --target-org <alias|username>  The org to read (e.g. the sandbox where setup was done).',
    '-f, --file <path>                  Default: booking-connector-config.json.'
  ],
  options: { ...TARGET_ORG_OPTION, file: { type: 'string', short: 'f' } },
  async run({ out, flags }) {
    const file = stringFlag(flags, 'file') ?? 'booking-connector-config.json';
    return withTargetOrg(flags, async (target) => {
      const config = await out.spin(`Reading the configuration of ${target.label}`, () =>
        exportConfig(target.connection)
      );
      writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
      out.log(
        `Wrote ${Object.keys(config.settings).length} settings and ${config.mappings.length} mappings to ${file}.`
      );
      return {
        file,
        settings: Object.keys(config.settings).length,
        mappings: config.mappings.length
      };
    });
  }
};

export const configImportCommand: Command = {
  name: 'config:import',
  summary: 'Apply a configuration file (from config:export) to another org.',
  usage: [
    '-o, --target-org <alias|username>  The org to configure (e.g. production).',
    '-f, --file <path>                  The exported file.',
    "-u, --api-user <username>          This org's API user, when it differs from the file's."
  ],
  options: {
    ...TARGET_ORG_OPTION,
    file: { type: 'string', short: 'f' },
    'api-user': { type: 'string', short: 'u' }
  },
  async run({ out, flags }) {
    const file = stringFlag(flags, 'file');
    if (!file)
      throw new CliError('Missing --file.', {
        name: 'MissingFlag',
        actions: ['Pass --file with a file written by `npm run config:export`.']
      });
    if (!existsSync(file))
      throw new CliError(`The file ${file} does not exist.`, {
        name: 'InvalidFlag',
        actions: ['Check the path passed to --file.']
      });
    const config = parseConfig(readFileSync(file, 'utf8'), file);
    return withTargetOrg(flags, async (target) => {
      const result = await out.spin(`Applying ${file} to ${target.label}`, () =>
        importConfig(target.connection, config, { apiUser: stringFlag(flags, 'api-user') })
      );
      out.log(`Settings ${result.settings}; ${result.mappingsDeployed} mappings deployed.`);
      out.log(
        `Next: \`npm run setup -- --target-org ${target.label} --skip-deploy${result.apiUsername ? ` --api-user ${result.apiUsername}` : ''}\` checks the API user, permission set and layout here.`
      );
      return result;
    });
  }
};
