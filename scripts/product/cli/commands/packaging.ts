import type { Command } from '../command.ts';
import { stringFlag } from '../command.ts';
import { CliError } from '../errors.ts';
import { requireDevHub } from '../../org/dev-hub.ts';
import { orgFailure } from '../../org/target.ts';
import { isLocalInstance } from '../../org/api-user.ts';
import {
  checkInstallationKeyFlags,
  createPackage,
  createPackageVersion,
  promotePackageVersion
} from '../../../tooling/packaging/versions.ts';

export const packageCreateCommand: Command = {
  name: 'package:create',
  summary: 'Create the managed package in the Dev Hub (once, before its first version).',
  usage: [
    '-v, --target-dev-hub <alias>     The Dev Hub linked to the bkconn namespace.',
    '--error-notification-username <username>  Who is emailed about install and upgrade errors.'
  ],
  options: {
    'target-dev-hub': { type: 'string', short: 'v' },
    'error-notification-username': { type: 'string' }
  },
  async run({ out, flags }) {
    const hub = await requireDevHub(stringFlag(flags, 'target-dev-hub'));
    try {
      const result = await out.spin('Creating the package', () =>
        createPackage(hub, {
          errorNotificationUsername: stringFlag(flags, 'error-notification-username')
        })
      );
      out.log(
        `Created the managed package "${result.name}" (${result.id}, namespace ${result.namespace ?? 'none'}); sfdx-project.json now maps its name to that id.`
      );
      return result;
    } catch (error) {
      throw orgFailure(error, hub);
    }
  }
};

export const packageVersionCreateCommand: Command = {
  name: 'package:version:create',
  summary: 'Create a managed package version (with code coverage) through the Dev Hub.',
  usage: [
    '-v, --target-dev-hub <alias>',
    '-p, --package <name|0Ho id>      Default: the package of the default package directory.',
    '-k, --installation-key <key>     Or --installation-key-bypass.',
    '--skip-code-coverage             Beta versions only: a version without coverage cannot be promoted.',
    '-w, --wait <minutes>             Default: 60.'
  ],
  options: {
    'target-dev-hub': { type: 'string', short: 'v' },
    package: { type: 'string', short: 'p' },
    'installation-key': { type: 'string', short: 'k' },
    'installation-key-bypass': { type: 'boolean' },
    'skip-code-coverage': { type: 'boolean' },
    wait: { type: 'string', short: 'w' }
  },
  async run({ out, flags }) {
    const wait = Number(stringFlag(flags, 'wait') ?? '60');
    if (!Number.isFinite(wait) || wait <= 0)
      throw new CliError('--wait must be a number of minutes above 0.', {
        name: 'InvalidFlag',
        actions: ['Pass --wait 60, for example.']
      });
    const options = {
      packageName: stringFlag(flags, 'package'),
      installationKey: stringFlag(flags, 'installation-key'),
      installationKeyBypass: flags['installation-key-bypass'] === true,
      codeCoverage: flags['skip-code-coverage'] !== true,
      waitMinutes: wait
    };
    checkInstallationKeyFlags(options);
    const hub = await requireDevHub(stringFlag(flags, 'target-dev-hub'));
    try {
      const result = await out.spin('Creating the package version', (update) =>
        createPackageVersion(hub, {
          ...options,
          onProgress: update,
          pollIntervalMs: isLocalInstance(hub.connection.instanceUrl) ? 1000 : 30_000
        })
      );
      out.log(
        `Created ${result.SubscriberPackageVersionId} (version ${result.VersionNumber ?? '?'}, Apex code coverage ${result.CodeCoverage === null || result.CodeCoverage === undefined ? 'not computed' : `${result.CodeCoverage}%`}).`
      );
      if (result.HasPassedCodeCoverageCheck === false)
        out.warn(
          'This version cannot be promoted: its Apex code coverage was not computed or is under 75%. It can be installed as a beta for testing.'
        );
      return result;
    } catch (error) {
      throw orgFailure(error, hub);
    }
  }
};

export const packageVersionPromoteCommand: Command = {
  name: 'package:version:promote',
  summary: 'Promote a package version to released.',
  usage: ['-v, --target-dev-hub <alias>', '-p, --package-version <04t id|alias>'],
  options: {
    'target-dev-hub': { type: 'string', short: 'v' },
    'package-version': { type: 'string', short: 'p' }
  },
  async run({ out, flags }) {
    const version = stringFlag(flags, 'package-version');
    if (!version)
      throw new CliError('Missing --package-version.', {
        name: 'MissingFlag',
        actions: ['Pass --package-version 04t... (printed by package:version:create).']
      });
    const hub = await requireDevHub(stringFlag(flags, 'target-dev-hub'));
    try {
      const result = await out.spin(`Promoting ${version}`, () =>
        promotePackageVersion(hub, version)
      );
      out.log(`Promoted ${version}.`);
      return result;
    } catch (error) {
      throw orgFailure(error, hub);
    }
  }
};
