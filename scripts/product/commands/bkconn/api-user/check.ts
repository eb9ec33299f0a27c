import { BkconnError } from '../../../errors.ts';
import { readApiUserFacts } from '../../../org/facts.ts';
import {
  STANDARD_OBJECT_ACCESS_NOTE,
  allPassed,
  checkApiUser,
  type RuleRow,
  type SecurityMode
} from '../../../org/rules.ts';
import { productMessages } from '../../../messages.ts';
import { BkconnCommand } from '../../base.ts';
import { apiUserFlag, modeFlag, targetOrgFlag } from '../../flags.ts';
import { projectNamespace, required, securityMode, withTargetOrg } from '../../org-run.ts';
import { printRows } from '../../rule-rows.ts';

const messages = productMessages('bkconn.api-user.check');

export interface ApiUserCheckResult {
  username: string;
  mode: SecurityMode;
  passed: boolean;
  checks: RuleRow[];
  objectAccess: string;
  facts: unknown;
}

export default class ApiUserCheck extends BkconnCommand<ApiUserCheckResult> {
  static readonly summary = messages.getMessage('summary');
  static readonly description = messages.getMessage('description');
  static readonly examples = messages.getMessages('examples');
  static readonly flags = {
    'target-org': targetOrgFlag,
    'api-user': apiUserFlag,
    mode: modeFlag
  };

  async run(): Promise<ApiUserCheckResult> {
    const { flags } = await this.parse(ApiUserCheck);
    const username = required(
      flags['api-user'],
      'api-user',
      messages.getMessage('action.api-user')
    );
    const mode = securityMode(flags.mode);
    const out = this.out;
    return withTargetOrg(flags['target-org'], async (target) => {
      const facts = await out.spin(`Reading ${username} in ${target.label}`, () =>
        readApiUserFacts(target.connection, username, projectNamespace(), {
          withObjectPermissions: mode === 'Advanced'
        })
      );
      const rows = checkApiUser(facts.user, mode);
      out.log(`API user ${username}, ${mode.toLowerCase()} mode:`);
      printRows(out, rows);
      // A managed package cannot grant standard-object access: say where it comes from.
      const objectAccess = STANDARD_OBJECT_ACCESS_NOTE[mode];
      out.log(objectAccess);
      for (const row of rows.filter((entry) => entry.unverified)) out.warn(row.fix);
      const result = {
        username,
        mode,
        passed: allPassed(rows),
        checks: rows,
        objectAccess,
        facts: facts.user
      };
      if (!result.passed) {
        const failed = rows.filter((row) => !row.passed);
        throw new BkconnError(
          messages.getMessage('error.failed', [
            username,
            failed.length,
            rows.length,
            mode.toLowerCase()
          ]),
          { name: 'ApiUserCheckFailed', data: result, actions: failed.map((row) => row.fix) }
        );
      }
      out.log(messages.getMessage('passed', [username, mode.toLowerCase()]));
      return result;
    });
  }
}
