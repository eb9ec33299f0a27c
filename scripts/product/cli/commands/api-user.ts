import type { Command, CommandContext } from '../command.ts';
import { TARGET_ORG_OPTION, stringFlag } from '../command.ts';
import { CliError } from '../errors.ts';
import { createApiUser } from '../../org/api-user.ts';
import { assignApiUserPermissionSet } from '../../org/permset.ts';
import { readApiUserFacts } from '../../org/facts.ts';
import {
  STANDARD_OBJECT_ACCESS_NOTE,
  allPassed,
  checkApiUser,
  normalizeSecurityMode,
  type RuleRow
} from '../../org/rules.ts';
import { projectNamespace, withTargetOrg } from './org-run.ts';

function requireApiUser(flags: CommandContext['flags']): string {
  const username = stringFlag(flags, 'api-user');
  if (!username) {
    throw new CliError('Missing --api-user.', {
      name: 'MissingFlag',
      actions: ['Pass --api-user <username> (the Salesforce username of the API user).']
    });
  }
  return username;
}

function parseMode(flags: CommandContext['flags']) {
  try {
    return normalizeSecurityMode(stringFlag(flags, 'mode'));
  } catch (error) {
    throw new CliError((error as Error).message, {
      name: 'InvalidFlag',
      actions: ['Pass --mode standard or --mode advanced.']
    });
  }
}

export function printRows(out: CommandContext['out'], rows: RuleRow[]): void {
  out.table(
    rows.map((row) => ({
      result: row.unverified ? 'VERIFY' : row.passed ? 'PASS' : 'FAIL',
      label: row.label,
      fix: row.fix
    })),
    [
      { key: 'result', header: 'Result' },
      { key: 'label', header: 'Requirement' },
      { key: 'fix', header: 'What to change' }
    ]
  );
}

export const apiUserCreateCommand: Command = {
  name: 'api-user:create',
  summary: 'Create a development API user (scratch and local orgs only).',
  usage: [
    '-o, --target-org <alias|username>',
    '--username <username>  Default: a unique booking-api.* username.',
    '--profile <name>       Default: System Administrator.'
  ],
  options: { ...TARGET_ORG_OPTION, username: { type: 'string' }, profile: { type: 'string' } },
  async run({ out, flags }) {
    return withTargetOrg(flags, async (target) => {
      const user = await out.spin(`Creating the API user in ${target.label}`, () =>
        createApiUser(target.connection, {
          username: stringFlag(flags, 'username'),
          profile: stringFlag(flags, 'profile')
        })
      );
      out.log(
        user.created
          ? `Created ${user.username} (${user.profile}).`
          : `${user.username} exists already (${user.profile}); nothing changed.`
      );
      return user;
    });
  }
};

export const permsetAssignCommand: Command = {
  name: 'permset:assign',
  summary:
    "Assign the package's API-user permission set (its Activity fields, settings and field mappings) to the API user (namespace-aware, idempotent).",
  usage: ['-o, --target-org <alias|username>', '-u, --api-user <username>  The API user.'],
  options: { ...TARGET_ORG_OPTION, 'api-user': { type: 'string', short: 'u' } },
  async run({ out, flags }) {
    const username = requireApiUser(flags);
    return withTargetOrg(flags, async (target) => {
      const result = await out.spin(`Assigning the permission set to ${username}`, () =>
        assignApiUserPermissionSet(target.connection, username, projectNamespace())
      );
      out.log(
        result.alreadyAssigned
          ? `${result.permissionSet} was already assigned to ${username}; nothing changed.`
          : `Assigned ${result.permissionSet} to ${username}.`
      );
      return result;
    });
  }
};

export const apiUserCheckCommand: Command = {
  name: 'api-user:check',
  summary:
    'Check the API user against every requirement of standard or advanced secure mode (events: Edit Events and Access Activities, which Salesforce has instead of object permissions).',
  usage: [
    '-o, --target-org <alias|username>',
    '-u, --api-user <username>',
    '--mode <standard|advanced>  Default: standard.'
  ],
  options: {
    ...TARGET_ORG_OPTION,
    'api-user': { type: 'string', short: 'u' },
    mode: { type: 'string' }
  },
  async run({ out, flags }) {
    const username = requireApiUser(flags);
    const mode = parseMode(flags);
    return withTargetOrg(flags, async (target) => {
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
        throw new CliError(
          `${username} fails ${failed.length} of ${rows.length} requirement(s) of ${mode.toLowerCase()} mode.`,
          {
            name: 'ApiUserCheckFailed',
            data: result,
            actions: failed.map((row) => row.fix)
          }
        );
      }
      out.log(`${username} meets every requirement of ${mode.toLowerCase()} mode.`);
      return result;
    });
  }
};
