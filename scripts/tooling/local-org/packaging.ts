// Second-generation packaging in the local Dev Hub, as @salesforce/packaging drives it through
// the Tooling API: Package2 (package:create), Package2VersionCreateRequest (a multipart upload of
// package-version-info.zip; answered Queued, then built in the background), Package2Version
// (the result, promoted by setting IsReleased) and Package2VersionCreateRequestError.
//
// The build deploys the uploaded package.zip into a fresh org with the package's namespace, the
// way Salesforce's build org does, so metadata that would not deploy fails the version with the
// component errors. It runs no Apex: a version asked to compute code coverage reports the figure
// the hub was configured with (DevHubSettings.apexCoveragePercent) or, by default, none, and a
// version without a passing coverage figure cannot be promoted, as in Salesforce.
import JSZip from 'jszip';
import { newId, type ObjectDef, type OrgState, type SObjectRecord } from './model.ts';
import { apiTimestamp, insertRow, type RowAuthor } from './rows.ts';
import { field, object } from './schema.ts';
import { createRecord, findRecord, updateRecord, writableObject } from './records.ts';
import type { RestContext, RestRequest, RestResponse } from './rest.ts';
import { ApiError } from './errors.ts';
import { seedOrgState } from './seed.ts';
import { applyDeploy } from './metadata/apply.ts';
import { unzipText } from './metadata/soap.ts';
import { keepPackageZip } from './package-versions.ts';

const readOnly = { createable: false, updateable: false } as const;
const setup = { setupObject: true };

/** Salesforce's minimum Apex code coverage for promoting a managed package version. */
export const PROMOTION_COVERAGE_PERCENT = 75;

export function packagingObjects(): ObjectDef[] {
  return [
    object(
      'Package2',
      '0Ho',
      [
        field('Name', 'string', { length: 255, required: true }),
        field('Description', 'textarea'),
        field('NamespacePrefix', 'string', { length: 15 }),
        field('ContainerOptions', 'picklist', {
          picklist: ['Managed', 'Unlocked'],
          restricted: true,
          required: true
        }),
        field('IsOrgDependent', 'boolean'),
        field('PackageErrorUsername', 'string', { length: 80 }),
        field('IsDeprecated', 'boolean'),
        field('AppAnalyticsEnabled', 'boolean'),
        field('SubscriberPackageId', 'string', { length: 18, ...readOnly }),
        field('ConvertedFromPackageId', 'string', { length: 18, ...readOnly }),
        field('RecommendedVersionId', 'string', { length: 18, ...readOnly }),
        field('IsDeleted', 'boolean', readOnly)
      ],
      { ...setup, label: 'Package2' }
    ),
    object(
      'Package2Version',
      '05i',
      [
        field('Package2Id', 'reference', {
          referenceTo: ['Package2'],
          relationshipName: 'Package2',
          ...readOnly
        }),
        field('SubscriberPackageVersionId', 'string', { length: 18, ...readOnly }),
        field('Tag', 'string', { length: 255 }),
        field('Branch', 'string', { length: 255 }),
        field('AncestorId', 'string', { length: 18, ...readOnly }),
        field('ValidationSkipped', 'boolean', readOnly),
        field('ValidatedAsync', 'boolean', readOnly),
        field('Name', 'string', { length: 255 }),
        field('Description', 'textarea'),
        field('MajorVersion', 'int', readOnly),
        field('MinorVersion', 'int', readOnly),
        field('PatchVersion', 'int', readOnly),
        field('BuildNumber', 'int', readOnly),
        field('IsDeprecated', 'boolean'),
        field('IsPasswordProtected', 'boolean', readOnly),
        field('CodeCoverage', 'anyType', readOnly),
        field('CodeCoveragePercentages', 'anyType', readOnly),
        field('HasPassedCodeCoverageCheck', 'boolean', readOnly),
        field('InstallKey', 'string', { length: 255 }),
        field('IsReleased', 'boolean'),
        field('ConvertedFromVersionId', 'string', { length: 18, ...readOnly }),
        field('ReleaseVersion', 'double', readOnly),
        field('BuildDurationInSeconds', 'int', readOnly),
        field('EndToEndBuildDurationInSeconds', 'int', readOnly),
        field('HasMetadataRemoved', 'boolean', readOnly),
        field('DeveloperUsePkgZip', 'string', { length: 255, ...readOnly }),
        field('TotalNumberOfMetadataFiles', 'int', readOnly),
        field('TotalSizeOfMetadataFiles', 'int', readOnly),
        field('IsDeleted', 'boolean', readOnly)
      ],
      { ...setup, label: 'Package Version' }
    ),
    object(
      'Package2VersionCreateRequest',
      '08c',
      [
        field('Package2Id', 'reference', {
          referenceTo: ['Package2'],
          relationshipName: 'Package2',
          required: true
        }),
        field('VersionInfo', 'base64'),
        field('Tag', 'string', { length: 255 }),
        field('Branch', 'string', { length: 255 }),
        field('InstallKey', 'string', { length: 255 }),
        field('Instance', 'string', { length: 40 }),
        field('SourceOrg', 'string', { length: 18 }),
        field('Language', 'string', { length: 10 }),
        field('CalculateCodeCoverage', 'boolean'),
        field('SkipValidation', 'boolean'),
        field('AsyncValidation', 'boolean'),
        field('IsDevUsePkgZipRequested', 'boolean'),
        field('CalcTransitiveDependencies', 'boolean'),
        field('Status', 'picklist', {
          picklist: ['Queued', 'InProgress', 'Success', 'Error'],
          defaultPicklist: 'Queued',
          ...readOnly
        }),
        field('Package2VersionId', 'reference', {
          referenceTo: ['Package2Version'],
          relationshipName: 'Package2Version',
          ...readOnly
        }),
        field('IsConversionRequest', 'boolean', readOnly),
        field('IsDeleted', 'boolean', readOnly)
      ],
      { ...setup, label: 'Package Version Create Request' }
    ),
    object(
      'Package2VersionCreateRequestError',
      '0Ha',
      [
        field('ParentRequestId', 'reference', {
          referenceTo: ['Package2VersionCreateRequest'],
          relationshipName: 'ParentRequest',
          ...readOnly
        }),
        field('Message', 'textarea', { length: 4000, ...readOnly })
      ],
      { ...setup, readOnly: true, label: 'Package Version Create Request Error' }
    )
  ];
}

interface Descriptor {
  versionNumber?: string;
  versionName?: string;
  versionDescription?: string;
  ancestorId?: string;
}

/** A build failure: the request ends in Error with these messages. */
class BuildError extends Error {
  readonly messages: string[];
  constructor(messages: string[]) {
    super(messages.join('; '));
    this.messages = messages;
  }
}

export interface PackagingOptions {
  state: () => OrgState;
  changed: () => void;
}

export class Packaging {
  private readonly options: PackagingOptions;

  constructor(options: PackagingOptions) {
    this.options = options;
    // Builds run in memory: one under way when the hub last stopped will never finish.
    for (const request of Object.values(
      options.state().records.package2versioncreaterequest ?? {}
    )) {
      if (request.Status === 'Queued' || request.Status === 'InProgress')
        this.fail(request.Id, [
          'The local Dev Hub stopped while this version was being built. Create the version again.'
        ]);
    }
  }

  /** Package2 and version requests, version promotion; null for every other request. */
  handle(
    context: RestContext,
    request: RestRequest,
    track: (work: Promise<void>) => void
  ): RestResponse | null {
    const base = /^\/services\/data\/v\d+\.\d\/tooling\/sobjects\//i;
    if (!base.test(request.path)) return null;
    const rest = request.path.replace(base, '').replace(/\/$/, '');
    const [objectName, id] = rest.split('/');
    const name = objectName.toLowerCase();
    if (request.method === 'POST' && !id && name === 'package2') {
      return this.createPackage(context, request);
    }
    if (request.method === 'POST' && !id && name === 'package2versioncreaterequest') {
      const created = this.createVersionRequest(context, request);
      track(this.build(created.requestId, created.versionInfo));
      return { status: 201, body: { id: created.requestId, success: true, errors: [] } };
    }
    if (request.method === 'PATCH' && id && name === 'package2version') {
      this.updateVersion(context, id, (request.body ?? {}) as Record<string, unknown>);
      return { status: 204 };
    }
    return null;
  }

  private createPackage(context: RestContext, request: RestRequest): RestResponse {
    const body = { ...((request.body ?? {}) as Record<string, unknown>) };
    const namespace = typeof body.NamespacePrefix === 'string' ? body.NamespacePrefix : '';
    if (body.ContainerOptions === 'Managed' && !namespace)
      throw new ApiError(
        400,
        'FIELD_INTEGRITY_EXCEPTION',
        'A managed package requires a namespace. Link a namespace to your Dev Hub and set it in sfdx-project.json.'
      );
    if (namespace && !this.options.state().devHub?.namespaces.includes(namespace))
      throw new ApiError(
        400,
        'FIELD_INTEGRITY_EXCEPTION',
        `The namespace ${namespace} is not linked to this Dev Hub.`
      );
    if (!namespace) body.NamespacePrefix = null;
    const created = createRecord(context, writableObject(context, 'Package2'), body);
    created.SubscriberPackageId = newId(context.state, '033');
    context.changed();
    return { status: 201, body: { id: created.Id, success: true, errors: [] } };
  }

  private createVersionRequest(
    context: RestContext,
    request: RestRequest
  ): { requestId: string; versionInfo: Buffer | null } {
    const body = { ...((request.body ?? {}) as Record<string, unknown>) };
    // Sent as a file part (multipart, as @salesforce/packaging does) or base64 in the JSON.
    const versionInfo =
      request.files?.VersionInfo ??
      (typeof body.VersionInfo === 'string' ? Buffer.from(body.VersionInfo, 'base64') : null);
    delete body.VersionInfo;
    const packageId = String(body.Package2Id ?? '');
    const pkg = Object.values(context.state.records.package2 ?? {}).find(
      (row) => row.Id.slice(0, 15) === packageId.slice(0, 15)
    );
    if (!pkg)
      throw new ApiError(
        404,
        'NOT_FOUND',
        `The package ${packageId} was not found in this Dev Hub.`
      );
    const created = createRecord(context, writableObject(context, 'Package2VersionCreateRequest'), {
      ...body,
      Package2Id: pkg.Id
    });
    context.changed();
    return { requestId: created.Id, versionInfo };
  }

  /** The build service: Queued, InProgress, then Success with a Package2Version, or Error. */
  private async build(requestId: string, versionInfo: Buffer | null): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    const started = Date.now();
    this.request(requestId).Status = 'InProgress';
    this.options.changed();
    try {
      if (!versionInfo)
        throw new BuildError(['The request has no VersionInfo (package-version-info.zip).']);
      const info = await readVersionInfo(versionInfo);
      const request = this.request(requestId);
      const pkg = this.options.state().records.package2[String(request.Package2Id)];
      const namespace = (pkg.NamespacePrefix as string | null) || null;
      const deployed = await deployInBuildOrg(info.packageZip, namespace);
      const versionId = this.recordVersion(request, pkg, info, deployed, started);
      // Kept for subscriber orgs that install this version (package-versions.ts).
      keepPackageZip(this.options.state(), versionId, info.packageZip);
      Object.assign(this.request(requestId), { Status: 'Success', Package2VersionId: versionId });
    } catch (error) {
      this.fail(
        requestId,
        error instanceof BuildError ? error.messages : [`Unexpected error: ${String(error)}`]
      );
    }
    this.options.changed();
  }

  /** Ends the request in Error, with a Package2VersionCreateRequestError row per message. */
  private fail(requestId: string, messages: string[]): void {
    this.request(requestId).Status = 'Error';
    const state = this.options.state();
    for (const message of messages)
      insertRow(
        state,
        'Package2VersionCreateRequestError',
        { ParentRequestId: requestId, Message: message },
        authorOf(this.request(requestId))
      );
  }

  private request(id: string): SObjectRecord {
    const request = this.options.state().records.package2versioncreaterequest?.[id];
    if (!request) throw new Error(`Package2VersionCreateRequest ${id} vanished during its build.`);
    return request;
  }

  private recordVersion(
    request: SObjectRecord,
    pkg: SObjectRecord,
    info: VersionInfo,
    deployed: { apexClasses: number; files: number; bytes: number },
    started: number
  ): string {
    const state = this.options.state();
    const [major, minor, patch, build] = parseVersionNumber(info.descriptor.versionNumber);
    const versions = Object.values(state.records.package2version ?? {}).filter(
      (row) =>
        row.Package2Id === pkg.Id &&
        row.MajorVersion === major &&
        row.MinorVersion === minor &&
        row.PatchVersion === patch
    );
    const highest = Math.max(0, ...versions.map((row) => Number(row.BuildNumber)));
    const buildNumber = build === 'NEXT' ? highest + 1 : build;
    if (versions.some((row) => row.BuildNumber === buildNumber))
      throw new BuildError([
        `The version number ${major}.${minor}.${patch}.${buildNumber} already exists for this package. Use NEXT as the build number, or a new version number.`
      ]);
    const coverage = request.CalculateCodeCoverage === true ? this.coverage(deployed) : null;
    // The version's Id is minted before its subscriber version Id, as it always was.
    const id = newId(state, state.schema.package2version.keyPrefix);
    insertRow(
      state,
      'Package2Version',
      {
        Package2Id: pkg.Id,
        SubscriberPackageVersionId: newId(state, '04t'),
        Tag: request.Tag ?? null,
        Branch: request.Branch ?? null,
        AncestorId: info.descriptor.ancestorId || null,
        ValidationSkipped: request.SkipValidation === true,
        ValidatedAsync: request.AsyncValidation === true,
        Name: info.descriptor.versionName ?? `ver ${major}.${minor}`,
        Description: info.descriptor.versionDescription ?? null,
        MajorVersion: major,
        MinorVersion: minor,
        PatchVersion: patch,
        BuildNumber: buildNumber,
        IsDeprecated: false,
        IsPasswordProtected: Boolean(request.InstallKey),
        CodeCoverage:
          coverage === null || coverage.percent === null
            ? null
            : { apexCodeCoveragePercentage: coverage.percent },
        CodeCoveragePercentages: null,
        HasPassedCodeCoverageCheck: coverage?.passed ?? false,
        InstallKey: request.InstallKey ?? null,
        IsReleased: false,
        ConvertedFromVersionId: null,
        ReleaseVersion: null,
        BuildDurationInSeconds: Math.round((Date.now() - started) / 1000),
        EndToEndBuildDurationInSeconds: Math.round((Date.now() - started) / 1000),
        HasMetadataRemoved: false,
        DeveloperUsePkgZip: null,
        TotalNumberOfMetadataFiles: deployed.files,
        TotalSizeOfMetadataFiles: deployed.bytes,
        IsDeleted: false
      },
      { ...authorOf(request), id }
    );
    return id;
  }

  /**
   * What the build reports for Apex code coverage. The local org runs no Apex, so the figure is
   * the one the hub was configured with; without one it is not computed. A package without Apex
   * passes (nothing to cover), as in Salesforce.
   */
  private coverage(deployed: { apexClasses: number }): { percent: number | null; passed: boolean } {
    if (deployed.apexClasses === 0) return { percent: null, passed: true };
    const percent = this.options.state().devHub?.apexCoveragePercent ?? null;
    return { percent, passed: percent !== null && percent >= PROMOTION_COVERAGE_PERCENT };
  }

  /** Promotion (IsReleased = true) is checked the way Salesforce checks it; other edits apply. */
  private updateVersion(context: RestContext, id: string, body: Record<string, unknown>): void {
    const definition = writableObject(context, 'Package2Version');
    const version = findRecord(context, definition, id);
    if (body.IsReleased === false && version.IsReleased === true)
      throw new ApiError(
        400,
        'FIELD_INTEGRITY_EXCEPTION',
        'A released package version cannot be changed back to beta.'
      );
    if (body.IsReleased === true && version.IsReleased !== true) {
      if (version.ValidationSkipped === true)
        throw new ApiError(
          400,
          'FIELD_INTEGRITY_EXCEPTION',
          'This package version was created with validation skipped and cannot be promoted. Create a version with validation.'
        );
      if (version.CodeCoverage === null && version.HasPassedCodeCoverageCheck !== true)
        throw new ApiError(
          400,
          'FIELD_INTEGRITY_EXCEPTION',
          'Code coverage has not been run for this version. Code coverage must be run during version creation and meet the minimum coverage requirement to promote the version.'
        );
      if (version.HasPassedCodeCoverageCheck !== true)
        throw new ApiError(
          400,
          'FIELD_INTEGRITY_EXCEPTION',
          `The Apex code coverage of this version is under ${PROMOTION_COVERAGE_PERCENT}%, the minimum to promote it. Add tests and create a new version.`
        );
    }
    updateRecord(context, definition, version.Id, body);
    context.changed();
  }
}

/** The rows a build writes are the requesting user's, as the request itself is. */
function authorOf(request: SObjectRecord): RowAuthor {
  return { userId: request.CreatedById as string, now: apiTimestamp() };
}

interface VersionInfo {
  descriptor: Descriptor;
  packageZip: Buffer;
}

/** package-version-info.zip: package2-descriptor.json and package.zip (the metadata). */
async function readVersionInfo(data: Buffer): Promise<VersionInfo> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(data);
  } catch {
    throw new BuildError(['VersionInfo is not a zip file.']);
  }
  const descriptorFile = zip.file('package2-descriptor.json');
  const packageFile = zip.file('package.zip');
  if (!descriptorFile || !packageFile)
    throw new BuildError([
      'VersionInfo must hold package2-descriptor.json and package.zip (as @salesforce/packaging writes them).'
    ]);
  let descriptor: Descriptor;
  try {
    descriptor = JSON.parse(await descriptorFile.async('string')) as Descriptor;
  } catch {
    throw new BuildError(['package2-descriptor.json is not valid JSON.']);
  }
  return { descriptor, packageZip: await packageFile.async('nodebuffer') };
}

function parseVersionNumber(text: string | undefined): [number, number, number, number | 'NEXT'] {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+|NEXT)$/.exec(text ?? '');
  if (!match)
    throw new BuildError([
      `The version number "${text ?? ''}" is not major.minor.patch.build (the build a number or NEXT).`
    ]);
  return [
    Number(match[1]),
    Number(match[2]),
    Number(match[3]),
    match[4] === 'NEXT' ? 'NEXT' : Number(match[4])
  ];
}

/**
 * Deploys the package's metadata into a fresh org with its namespace (Salesforce builds every
 * version in a build org); a component that fails fails the version with its error.
 */
async function deployInBuildOrg(
  packageZip: Buffer,
  namespace: string | null
): Promise<{ apexClasses: number; files: number; bytes: number }> {
  let entries: Record<string, string>;
  try {
    entries = await unzipText(packageZip);
  } catch {
    throw new BuildError(['package.zip is not a zip file.']);
  }
  const buildOrg = seedOrgState({
    instanceUrl: 'http://127.0.0.1',
    namespace,
    scratch: {
      adminUsername: 'build@package.build',
      orgName: 'Package Build Org',
      expirationDate: new Date().toISOString().slice(0, 10)
    }
  });
  const admin = Object.values(buildOrg.records.user)[0];
  const outcome = applyDeploy(buildOrg, entries, admin.Id);
  if (outcome.failures.length > 0)
    throw new BuildError(
      outcome.failures.map(
        (failure) =>
          `${failure.componentType} ${failure.fullName}: ${failure.problem}${failure.lineNumber ? ` (line ${failure.lineNumber}, column ${failure.columnNumber ?? 1})` : ''}`
      )
    );
  const paths = Object.keys(entries).filter((path) => !path.endsWith('/'));
  return {
    apexClasses: paths.filter((path) => /(^|\/)classes\/[^/]+\.cls$/.test(path)).length,
    files: paths.length,
    bytes: paths.reduce((sum, path) => sum + Buffer.byteLength(entries[path]), 0)
  };
}
