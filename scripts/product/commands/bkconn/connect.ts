import { Flags } from '@salesforce/sf-plugins-core';
import { connectApiUser } from '../../org/connect.ts';
import { productMessages } from '../../messages.ts';
import { BkconnCommand } from '../base.ts';
import { apiUserFlag } from '../flags.ts';
import { required } from '../org-run.ts';

const messages = productMessages('bkconn.connect');

export type ConnectResult = Awaited<ReturnType<typeof connectApiUser>>;

export default class Connect extends BkconnCommand<ConnectResult> {
  static readonly summary = messages.getMessage('summary');
  static readonly description = messages.getMessage('description');
  static readonly examples = messages.getMessages('examples');
  static readonly flags = {
    'api-user': apiUserFlag,
    alias: Flags.string({
      char: 'a',
      summary: messages.getMessage('flags.alias.summary'),
      default: 'booking-api'
    }),
    sandbox: Flags.boolean({ summary: messages.getMessage('flags.sandbox.summary') }),
    'instance-url': Flags.string({
      char: 'r',
      summary: messages.getMessage('flags.instance-url.summary')
    }),
    'client-id': Flags.string({
      char: 'i',
      summary: messages.getMessage('flags.client-id.summary')
    }),
    'jwt-key-file': Flags.string({
      char: 'f',
      summary: messages.getMessage('flags.jwt-key-file.summary')
    })
  };

  async run(): Promise<ConnectResult> {
    const { flags } = await this.parse(Connect);
    const apiUser = required(flags['api-user'], 'api-user', messages.getMessage('action.api-user'));
    const out = this.out;
    const result = await out.spin(`Connecting as ${apiUser}`, () =>
      connectApiUser({
        apiUser,
        alias: flags.alias,
        sandbox: flags.sandbox,
        instanceUrl: flags['instance-url'],
        clientId: flags['client-id'],
        jwtKeyFile: flags['jwt-key-file'],
        accessToken: process.env.SF_ACCESS_TOKEN || undefined,
        onAuthorizationUrl: (url) =>
          out.instruct(`${messages.getMessage('open-url', [apiUser])}\n  ${url}`)
      })
    );
    if (result.warning) out.warn(result.warning);
    out.log(
      messages.getMessage('connected', [
        result.username,
        result.alias,
        result.isSandbox ? 'sandbox' : 'production'
      ])
    );
    return result;
  }
}
