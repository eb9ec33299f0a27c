import type { Command } from '../command.ts';
import { stringFlag } from '../command.ts';
import { CliError } from '../errors.ts';
import { connectApiUser } from '../../org/connect.ts';

export const connectCommand: Command = {
  name: 'connect',
  summary: 'Log in as the API user and store the auth under an alias; refuses any other user.',
  usage: [
    '-u, --api-user <username>      The designated API user (required).',
    '-a, --alias <name>             Alias to store the auth under (default: booking-api).',
    '--sandbox                      Log in at https://test.salesforce.com.',
    '-r, --instance-url <url>       Login or instance URL (My Domain).',
    '-i, --client-id <key>          JWT: consumer key of the connected app.',
    '-f, --jwt-key-file <file>      JWT: private key file.',
    'SF_ACCESS_TOKEN=<token>        With --instance-url: use an access token instead.',
    'Without JWT or a token, the web login prints a URL to open.'
  ],
  options: {
    'api-user': { type: 'string', short: 'u' },
    alias: { type: 'string', short: 'a' },
    sandbox: { type: 'boolean' },
    'instance-url': { type: 'string', short: 'r' },
    'client-id': { type: 'string', short: 'i' },
    'jwt-key-file': { type: 'string', short: 'f' }
  },
  async run({ out, flags }) {
    const apiUser = stringFlag(flags, 'api-user');
    if (!apiUser)
      throw new CliError('Missing --api-user.', {
        name: 'MissingFlag',
        actions: ['Pass --api-user <username> of the designated API user.']
      });
    const result = await out.spin(`Connecting as ${apiUser}`, () =>
      connectApiUser({
        apiUser,
        alias: stringFlag(flags, 'alias') ?? 'booking-api',
        sandbox: flags.sandbox === true,
        instanceUrl: stringFlag(flags, 'instance-url'),
        clientId: stringFlag(flags, 'client-id'),
        jwtKeyFile: stringFlag(flags, 'jwt-key-file'),
        accessToken: process.env.SF_ACCESS_TOKEN || undefined,
        onAuthorizationUrl: (url) =>
          out.instruct(
            `Open this URL and log in as ${apiUser} (log out of Salesforce first if the browser is logged in as someone else):\n  ${url}`
          )
      })
    );
    if (result.warning) out.warn(result.warning);
    out.log(
      `Connected as ${result.username}; stored under the alias ${result.alias} (${result.isSandbox ? 'sandbox' : 'production'} org).`
    );
    return result;
  }
};
