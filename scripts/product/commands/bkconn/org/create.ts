import { Flags } from '@salesforce/sf-plugins-core';
import { requireDevHub } from '../../../org/dev-hub.ts';
import { orgFailure } from '../../../org/target.ts';
import { createScratchOrg, parseDuration } from '../../../org/scratch.ts';
import { productMessages } from '../../../messages.ts';
import { BkconnCommand } from '../../base.ts';
import { targetDevHubFlag } from '../../flags.ts';

const messages = productMessages('bkconn.org.create');

export type OrgCreateResult = Awaited<ReturnType<typeof createScratchOrg>>;

export default class OrgCreate extends BkconnCommand<OrgCreateResult> {
  static readonly summary = messages.getMessage('summary');
  static readonly description = messages.getMessage('description');
  static readonly examples = messages.getMessages('examples');
  static readonly flags = {
    'target-dev-hub': targetDevHubFlag,
    alias: Flags.string({ char: 'a', summary: messages.getMessage('flags.alias.summary') }),
    'duration-days': Flags.string({
      char: 'd',
      summary: messages.getMessage('flags.duration-days.summary')
    }),
    'no-namespace': Flags.boolean({ summary: messages.getMessage('flags.no-namespace.summary') }),
    'definition-file': Flags.string({
      char: 'f',
      summary: messages.getMessage('flags.definition-file.summary')
    }),
    'set-default': Flags.boolean({ summary: messages.getMessage('flags.set-default.summary') })
  };

  async run(): Promise<OrgCreateResult> {
    const { flags } = await this.parse(OrgCreate);
    const durationDays = parseDuration(flags['duration-days']);
    const hub = await requireDevHub(flags['target-dev-hub']);
    const out = this.out;
    try {
      const result = await out.spin(`Creating a scratch org through ${hub.label}`, () =>
        createScratchOrg(hub, {
          alias: flags.alias,
          durationDays,
          noNamespace: flags['no-namespace'],
          definitionFile: flags['definition-file'],
          setDefault: flags['set-default']
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
}
