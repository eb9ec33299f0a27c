import { Flags } from '@salesforce/sf-plugins-core';
import { createApiUser } from '../../../org/api-user.ts';
import { productMessages } from '../../../messages.ts';
import { BkconnCommand } from '../../base.ts';
import { targetOrgFlag } from '../../flags.ts';
import { withTargetOrg } from '../../org-run.ts';

const messages = productMessages('bkconn.api-user.create');

export type ApiUserCreateResult = Awaited<ReturnType<typeof createApiUser>>;

export default class ApiUserCreate extends BkconnCommand<ApiUserCreateResult> {
  static readonly summary = messages.getMessage('summary');
  static readonly description = messages.getMessage('description');
  static readonly examples = messages.getMessages('examples');
  static readonly flags = {
    'target-org': targetOrgFlag,
    username: Flags.string({ summary: messages.getMessage('flags.username.summary') }),
    profile: Flags.string({ summary: messages.getMessage('flags.profile.summary') })
  };

  async run(): Promise<ApiUserCreateResult> {
    const { flags } = await this.parse(ApiUserCreate);
    const out = this.out;
    return withTargetOrg(flags['target-org'], async (target) => {
      const user = await out.spin(`Creating the API user in ${target.label}`, () =>
        createApiUser(target.connection, { username: flags.username, profile: flags.profile })
      );
      out.log(
        messages.getMessage(user.created ? 'created' : 'exists', [user.username, user.profile])
      );
      return user;
    });
  }
}
