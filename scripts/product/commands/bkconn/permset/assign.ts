import { assignApiUserPermissionSet } from '../../../org/permset.ts';
import { productMessages } from '../../../messages.ts';
import { BkconnCommand } from '../../base.ts';
import { apiUserFlag, targetOrgFlag } from '../../flags.ts';
import { projectNamespace, required, withTargetOrg } from '../../org-run.ts';

const messages = productMessages('bkconn.permset.assign');

export type PermsetAssignResult = Awaited<ReturnType<typeof assignApiUserPermissionSet>>;

export default class PermsetAssign extends BkconnCommand<PermsetAssignResult> {
  static readonly summary = messages.getMessage('summary');
  static readonly description = messages.getMessage('description');
  static readonly examples = messages.getMessages('examples');
  static readonly flags = { 'target-org': targetOrgFlag, 'api-user': apiUserFlag };

  async run(): Promise<PermsetAssignResult> {
    const { flags } = await this.parse(PermsetAssign);
    const username = required(
      flags['api-user'],
      'api-user',
      messages.getMessage('action.api-user')
    );
    const out = this.out;
    return withTargetOrg(flags['target-org'], async (target) => {
      const result = await out.spin(`Assigning the permission set to ${username}`, () =>
        assignApiUserPermissionSet(target.connection, username, projectNamespace())
      );
      out.log(
        messages.getMessage(result.alreadyAssigned ? 'already' : 'assigned', [
          result.permissionSet,
          username
        ])
      );
      return result;
    });
  }
}
