// bkdev package version create and promote on @salesforce/packaging: new versions of
// the managed package through the Dev Hub, with code coverage computed (required to promote),
// and promotion of a tested version to released.
import { setTimeout as sleep } from 'node:timers/promises';
import { SfProject } from '@salesforce/core';
import { Package, PackageVersion } from '@salesforce/packaging';
import { BkconnError } from '../../product/errors.ts';
import { projectRoot } from '../../product/project.ts';
import type { TargetOrg } from '../../product/org/target.ts';

export interface VersionCreateOptions {
  packageName?: string;
  installationKey?: string;
  installationKeyBypass?: boolean;
  codeCoverage?: boolean;
  waitMinutes?: number;
  /** How often to ask for the build's status; default 30 s. */
  pollIntervalMs?: number;
  onProgress?: (status: string) => void;
}

const FINAL = new Set(['Success', 'Error']);

// @salesforce/packaging carries its own copy of @salesforce/core, so its Connection and
// SfProject types are nominally different from ours though the objects are the same shape.
type PackagingOptions = Parameters<typeof PackageVersion.create>[0];
type PackagingConnection = PackagingOptions['connection'];
type PackagingProject = PackagingOptions['project'];
const asPackaging = (hub: TargetOrg): PackagingConnection =>
  hub.connection as unknown as PackagingConnection;

export function checkInstallationKeyFlags(options: VersionCreateOptions): void {
  if (!options.installationKey && !options.installationKeyBypass) {
    throw new BkconnError('A package version needs an installation key, or an explicit bypass.', {
      name: 'MissingFlag',
      actions: [
        'Pass --installation-key <key>, or --installation-key-bypass to let anyone install it.'
      ]
    });
  }
}

export interface PackageCreateOptions {
  description?: string;
  errorNotificationUsername?: string;
}

/**
 * The managed package itself (a Package2 record in the Dev Hub), made once before any version:
 * @salesforce/packaging records its 0Ho id under packageAliases in sfdx-project.json, which
 * is how bkdev package version create finds it afterwards.
 */
export async function createPackage(hub: TargetOrg, options: PackageCreateOptions = {}) {
  const project = await SfProject.resolve(projectRoot());
  const directory = project.getDefaultPackage() as {
    path: string;
    package?: string;
    versionDescription?: string;
  };
  const name = directory.package;
  if (!name) {
    throw new BkconnError('sfdx-project.json names no package for the default package directory.', {
      name: 'NoPackage',
      actions: ['Add "package": "<name>" to the default packageDirectories entry.']
    });
  }
  const existing = project.getPackageIdFromAlias(name);
  if (existing) {
    throw new BkconnError(`The package "${name}" exists already (${existing}).`, {
      name: 'PackageExists',
      actions: ['Create a version of it with `npx bkconn bkdev package version create`.']
    });
  }
  const projectJson = project.getSfProjectJson();
  const directories = structuredClone(projectJson.getContents().packageDirectories);
  const created = await Package.create(asPackaging(hub), project as unknown as PackagingProject, {
    name,
    description: options.description ?? directory.versionDescription ?? '',
    noNamespace: false,
    orgDependent: false,
    packageType: 'Managed',
    errorNotificationUsername: options.errorNotificationUsername ?? '',
    path: directory.path
  });
  // The library rewrites the package directory as if it were new (dropping "default" and the
  // version settings); this project's entry is already complete, so keep it and add the alias.
  projectJson.set('packageDirectories', directories);
  projectJson.addPackageAlias(name, created.Id);
  await projectJson.write();
  return { id: created.Id, name, namespace: projectJson.getContents().namespace };
}

export async function createPackageVersion(hub: TargetOrg, options: VersionCreateOptions) {
  checkInstallationKeyFlags(options);
  const project = await SfProject.resolve(projectRoot());
  const directory = project.getDefaultPackage() as { path: string; package?: string };
  const packageId = options.packageName ?? directory.package;
  if (!packageId) {
    throw new BkconnError('sfdx-project.json names no package for the default package directory.', {
      name: 'NoPackage',
      actions: [
        'Pass --package <name or 0Ho id>, or add "package" to the default packageDirectories entry.'
      ]
    });
  }
  if (!packageId.startsWith('0Ho') && !project.getPackageIdFromAlias(packageId)) {
    throw new BkconnError(
      `sfdx-project.json has no package id for "${packageId}": the package has not been created in the Dev Hub yet.`,
      {
        name: 'PackageNotCreated',
        actions: [
          `Create it once: \`npx bkconn bkdev package create --target-dev-hub ${hub.label}\` (it records the 0Ho id in sfdx-project.json; commit that change).`
        ]
      }
    );
  }
  const request = await PackageVersion.create({
    connection: asPackaging(hub),
    project: project as unknown as PackagingProject,
    packageId,
    path: directory.path,
    installationkey: options.installationKey,
    installationkeybypass: options.installationKeyBypass ?? false,
    codecoverage: options.codeCoverage ?? true
  });
  const deadline = Date.now() + (options.waitMinutes ?? 60) * 60_000;
  // Salesforce builds take minutes; the local Dev Hub's take a moment.
  const pollMs = options.pollIntervalMs ?? 30_000;
  let status = request;
  while (!FINAL.has(status.Status) && Date.now() < deadline) {
    options.onProgress?.(status.Status);
    await sleep(pollMs);
    status = await PackageVersion.getCreateStatus(request.Id, asPackaging(hub));
  }
  if (status.Status === 'Error') {
    throw new BkconnError(
      `The package version was not created: ${(status.Error ?? []).join('; ')}`,
      {
        name: 'PackageVersionCreateFailed',
        data: status,
        actions: [
          'Fix what the errors name (often a component that does not deploy), then run this again.'
        ]
      }
    );
  }
  if (status.Status !== 'Success') {
    throw new BkconnError(`The package version request ${request.Id} is still ${status.Status}.`, {
      name: 'PackageVersionCreateTimeout',
      data: status,
      actions: [
        `Check it later with \`npx sf package version create report --package-create-request-id ${request.Id} --target-dev-hub ${hub.label}\`.`
      ]
    });
  }
  await recordVersionAlias(project, status);
  return status;
}

/**
 * As `sf package version create` does: "<package>@<major>.<minor>.<patch>-<build>" -> 04t id
 * in sfdx-project.json's packageAliases, so promote (and installs) can name the version.
 */
async function recordVersionAlias(
  project: SfProject,
  status: {
    Package2Id: string;
    SubscriberPackageVersionId?: string | null;
    VersionNumber?: string | null;
  }
): Promise<string | null> {
  const [packageName] = project.getAliasesFromPackageId(status.Package2Id);
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(status.VersionNumber ?? '');
  if (!packageName || !match || !status.SubscriberPackageVersionId) return null;
  const alias = `${packageName}@${match[1]}.${match[2]}.${match[3]}-${match[4]}`;
  const projectJson = project.getSfProjectJson();
  projectJson.addPackageAlias(alias, status.SubscriberPackageVersionId);
  await projectJson.write();
  return alias;
}

export async function promotePackageVersion(hub: TargetOrg, idOrAlias: string) {
  if (!/^04t\w{12,15}$/.test(idOrAlias) && !idOrAlias.includes('@')) {
    throw new BkconnError(
      `"${idOrAlias}" is not a subscriber package version id (04t...) or version alias (Package@1.2.0-1).`,
      {
        name: 'InvalidFlag',
        actions: ['Pass --package-version with the 04t id printed by bkdev package version create.']
      }
    );
  }
  const project = await SfProject.resolve(projectRoot());
  const version = new PackageVersion({
    connection: asPackaging(hub),
    project: project as unknown as PackagingProject,
    idOrAlias
  });
  const refused = (reason: string, cause?: unknown) =>
    new BkconnError(`The Dev Hub did not promote ${idOrAlias}: ${reason}`, {
      name: 'PackageVersionPromoteFailed',
      cause,
      actions: [
        'Promote a version created with code coverage (the default; not --skip-code-coverage) of 75% or more, and with validation.',
        'If coverage is short, add Apex tests and create a new version.'
      ]
    });
  let result: Awaited<ReturnType<PackageVersion['promote']>>;
  try {
    result = await version.promote();
  } catch (error) {
    // The Dev Hub refuses a version it cannot release with an API error (not success: false).
    const { errorCode, message } = error as { errorCode?: string; message?: string };
    if (errorCode === 'FIELD_INTEGRITY_EXCEPTION') throw refused(message ?? String(error), error);
    throw error;
  }
  if (!result.success) throw refused(JSON.stringify(result.errors));
  return { id: result.id, promoted: idOrAlias };
}
