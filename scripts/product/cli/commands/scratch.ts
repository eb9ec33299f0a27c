import type { Command } from '../command.ts';
import { stringFlag } from '../command.ts';
import { requireDevHub } from '../../org/dev-hub.ts';
import { orgFailure } from '../../org/target.ts';
import { createScratchOrg, parseDuration } from '../../org/scratch.ts';

export const orgCreateCommand: Command = {
  name: 'org:create',
  summary: 'Create a scratch org from config/project-scratch-def.json through the Dev Hub.',
  usage: [
    '-v, --target-dev-hub <alias>   Dev Hub (default: the configured target-dev-hub).',
    '-a, --alias <name>             Alias of the new org.',
    '-d, --duration-days <1-30>     Default: 7.',
    '--no-namespace                 Create the org without the bkconn namespace.',
    '-f, --definition-file <file>   Default: config/project-scratch-def.json.',
    '--set-default                  Make it the default target-org.'
  ],
  options: {
    'target-dev-hub': { type: 'string', short: 'v' },
    alias: { type: 'string', short: 'a' },
    'duration-days': { type: 'string', short: 'd' },
    'no-namespace': { type: 'boolean' },
    'definition-file': { type: 'string', short: 'f' },
    'set-default': { type: 'boolean' }
  },
  async run({ out, flags }) {
    const durationDays = parseDuration(stringFlag(flags, 'duration-days'));
    const hub = await requireDevHub(stringFlag(flags, 'target-dev-hub'));
    try {
      const result = await out.spin(`Creating a scratch org through ${hub.label}`, () =>
        createScratchOrg(hub, {
          alias: stringFlag(flags, 'alias'),
          durationDays,
          noNamespace: flags['no-namespace'] === true,
          definitionFile: stringFlag(flags, 'definition-file'),
          setDefault: flags['set-default'] === true
        })
      );
      for (const warning of result.warnings) out.warn(warning);
      out.log(
        `Created ${result.username}${result.alias ? ` (alias ${result.alias})` : ''}, ${result.namespace ? 'with' : 'without'} the namespace, for ${result.durationDays} day(s).`
      );
      return result;
    } catch (error) {
      throw orgFailure(error, hub);
    }
  }
};
