// Installing a package version into a local org, as `sf package install` (plugin-packaging over
// @salesforce/packaging's SubscriberPackageVersion.install) drives a subscriber org through the
// Tooling API:
//   1. SELECT <SubscriberPackageVersionFields> FROM SubscriberPackageVersion WHERE Id = '04t...'
//      [AND InstallationKey = '...'] (the version's type, RSS/CSP sites, InstallValidationStatus);
//   2. POST tooling/sobjects/PackageInstallRequest { SubscriberPackageVersionKey, Password,
//      SecurityType, UpgradeType, ApexCompileType, EnableRss, NameConflictResolution,
//      PackageInstallSource }; answered at once, the install runs in the background;
//   3. GET tooling/sobjects/PackageInstallRequest/<0Hf id> until Status is SUCCESS or ERROR
//      (Errors.errors[].message on failure);
// and `sf package installed list` reads InstalledSubscriberPackage with its SubscriberPackage and
// SubscriberPackageVersion relationships. The setup page's Apex reads Publisher (the installed
// package's MajorVersion and MinorVersion).
//
// The version comes from a local Dev Hub running in the same process (package-versions.ts). The
// install is a managed install (managed-install.ts): the package.zip the hub built is applied
// with the package's namespace, all or nothing, in an org without that namespace.
import { platformRule } from '../platform/catalogue.ts';
import type { ObjectDef, OrgState, OrgStore, SObjectRecord } from './model.ts';
import { apiTimestamp, insertRow } from './rows.ts';
import { field, object } from './schema.ts';
import { createRecord, writableObject } from './records.ts';
import type { RestContext, RestRequest, RestResponse } from './rest.ts';
import { ApiError, malformedQuery } from './errors.ts';
import { applyDeploy } from './metadata/apply.ts';
import { unzipText } from './metadata/soap.ts';
import { findBuiltVersion, type BuiltVersion } from './package-versions.ts';
import {
  dropStandardObjectPermissions,
  markInstalled,
  restorePackageNames
} from './managed-install.ts';

const readOnly = { createable: false, updateable: false } as const;

export function packageInstallObjects(): ObjectDef[] {
  const setup = { setupObject: true };
  const string = (name: string, length = 255) => field(name, 'string', { length });
  return [
    object(
      'PackageInstallRequest',
      '0Hf',
      [
        field('SubscriberPackageVersionKey', 'string', { length: 18, required: true }),
        // The CLI sends the lower-case values of its flags ('none', 'full'), so these are kept
        // as sent rather than checked against the documented picklists.
        string('Password'),
        string('ApexCompileType', 40),
        field('EnableRss', 'boolean'),
        string('NameConflictResolution', 40),
        string('PackageInstallSource', 1),
        string('SecurityType', 40),
        string('SkipHandlers'),
        string('UpgradeType', 40),
        field('ProfileMappings', 'anyType'),
        field('Status', 'picklist', {
          picklist: ['ERROR', 'IN_PROGRESS', 'SUCCESS', 'UNKNOWN'],
          defaultPicklist: 'IN_PROGRESS',
          ...readOnly
        }),
        field('Errors', 'anyType', readOnly),
        field('IsDeleted', 'boolean', readOnly)
      ],
      { ...setup, label: 'Package Install Request' }
    ),
    object(
      'SubscriberPackage',
      '033',
      [
        field('Name', 'string', { length: 255, ...readOnly }),
        field('NamespacePrefix', 'string', { length: 15, ...readOnly }),
        field('Description', 'textarea', readOnly),
        field('IsPackageValid', 'boolean', readOnly)
      ],
      { ...setup, readOnly: true, label: 'Subscriber Package' }
    ),
    object(
      'SubscriberPackageVersion',
      '04t',
      [
        field('SubscriberPackageId', 'reference', {
          referenceTo: ['SubscriberPackage'],
          relationshipName: 'SubscriberPackage',
          ...readOnly
        }),
        ...[
          'AppExchangeDescription',
          'AppExchangeLogoUrl',
          'AppExchangePackageName',
          'AppExchangePublisherName',
          'Description',
          'Name',
          'PostInstallUrl',
          'PublisherName',
          'ReleaseNotesUrl',
          'ReleaseState',
          'Package2ContainerOptions',
          'InstallValidationStatus',
          // Filter only: holds what the query sent, and only when it is the version's key.
          'InstallationKey'
        ].map((name) => field(name, 'string', { length: 255, ...readOnly })),
        ...['MajorVersion', 'MinorVersion', 'PatchVersion', 'BuildNumber'].map((name) =>
          field(name, 'int', readOnly)
        ),
        ...[
          'IsBeta',
          'IsDeprecated',
          'IsManaged',
          'IsOrgDependent',
          'IsPasswordProtected',
          'IsSecurityReviewed'
        ].map((name) => field(name, 'boolean', readOnly)),
        ...['CspTrustedSites', 'Dependencies', 'Profiles', 'RemoteSiteSettings'].map((name) =>
          field(name, 'anyType', readOnly)
        )
      ],
      { ...setup, readOnly: true, label: 'Subscriber Package Version' }
    ),
    object(
      'InstalledSubscriberPackage',
      '0A3',
      [
        field('SubscriberPackageId', 'reference', {
          referenceTo: ['SubscriberPackage'],
          relationshipName: 'SubscriberPackage',
          ...readOnly
        }),
        field('SubscriberPackageVersionId', 'reference', {
          referenceTo: ['SubscriberPackageVersion'],
          relationshipName: 'SubscriberPackageVersion',
          ...readOnly
        }),
        field('MinPackageVersionId', 'string', { length: 18, ...readOnly })
      ],
      { ...setup, readOnly: true, label: 'Installed Subscriber Package' }
    ),
    object(
      'Publisher',
      '0Pb',
      [
        field('Name', 'string', { length: 255, ...readOnly }),
        field('NamespacePrefix', 'string', { length: 15, ...readOnly }),
        field('MajorVersion', 'int', readOnly),
        field('MinorVersion', 'int', readOnly),
        field('IsSalesforce', 'boolean', readOnly),
        field('DurableId', 'string', { length: 255, ...readOnly })
      ],
      { ...setup, readOnly: true, label: 'Publisher' }
    )
  ];
}

/** Adds the install objects to an org (new or saved before they existed). */
export function enablePackageInstalls(state: OrgState): void {
  for (const definition of packageInstallObjects()) {
    const key = definition.name.toLowerCase();
    state.schema[key] ??= definition;
    state.records[key] ??= {};
  }
}

/** Why this org cannot install this version, or null (InstallValidationStatus's reading). */
function validationStatus(state: OrgState, version: BuiltVersion): string {
  // The org that owns the namespace develops the package; it does not install it.
  if (version.namespace && state.org.namespacePrefix === version.namespace)
    return 'INSTALL_INTO_DEV_ORG';
  if (version.isDeprecated) return 'DEPRECATED_INSTALL_PACKAGE';
  const installed = installedRow(state, version.subscriberPackageId);
  if (installed) {
    const current =
      state.records.subscriberpackageversion?.[String(installed.SubscriberPackageVersionId)];
    if (current && compareVersions(current, version) > 0) return 'CANNOT_INSTALL_EARLIER_VERSION';
    if (current && current.IsBeta === true && current.Id !== version.subscriberPackageVersionId)
      return 'CANNOT_UPGRADE_BETA';
  }
  return 'NO_ERRORS_DETECTED';
}

function compareVersions(row: SObjectRecord, version: BuiltVersion): number {
  const a = [row.MajorVersion, row.MinorVersion, row.PatchVersion, row.BuildNumber].map(Number);
  const b = [version.major, version.minor, version.patch, version.build];
  for (let i = 0; i < 4; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

function installedRow(state: OrgState, subscriberPackageId: string): SObjectRecord | undefined {
  return Object.values(state.records.installedsubscriberpackage ?? {}).find(
    (row) => row.SubscriberPackageId === subscriberPackageId
  );
}

/** The SubscriberPackage and SubscriberPackageVersion rows of a version, as this org sees it. */
function recordVersionRows(
  state: OrgState,
  version: BuiltVersion,
  installationKey: string | null
): void {
  state.records.subscriberpackage ??= {};
  state.records.subscriberpackageversion ??= {};
  state.records.subscriberpackage[version.subscriberPackageId] = {
    Id: version.subscriberPackageId,
    Name: version.packageName,
    NamespacePrefix: version.namespace,
    Description: version.packageDescription,
    IsPackageValid: true
  };
  state.records.subscriberpackageversion[version.subscriberPackageVersionId] = {
    Id: version.subscriberPackageVersionId,
    SubscriberPackageId: version.subscriberPackageId,
    Name: version.name,
    Description: version.description,
    MajorVersion: version.major,
    MinorVersion: version.minor,
    PatchVersion: version.patch,
    BuildNumber: version.build,
    IsBeta: !version.isReleased,
    IsDeprecated: version.isDeprecated,
    IsManaged: version.containerOptions === 'Managed',
    IsOrgDependent: false,
    IsPasswordProtected: version.installKey !== null,
    IsSecurityReviewed: false,
    Package2ContainerOptions: version.containerOptions,
    ReleaseState: version.isReleased ? 'Released' : 'Beta',
    InstallValidationStatus: validationStatus(state, version),
    InstallationKey: installationKey,
    PublisherName: null,
    AppExchangeDescription: null,
    AppExchangeLogoUrl: null,
    AppExchangePackageName: null,
    AppExchangePublisherName: null,
    PostInstallUrl: null,
    ReleaseNotesUrl: null,
    CspTrustedSites: null,
    Dependencies: null,
    Profiles: null,
    RemoteSiteSettings: null
  };
}

/** The 04t (or 033) id a query names, as Salesforce requires for these cross-org objects. */
function queriedId(soql: string, objectName: string, prefix: string): string {
  const id = new RegExp(`\\bId\\s*=\\s*'(${prefix}\\w{12,15})'`, 'i').exec(soql)?.[1];
  if (!id)
    throw malformedQuery(
      `Implementation restriction: You can only perform queries of the form Id = '${prefix}...' on ${objectName}.`
    );
  return id;
}

const unescapeKey = (text: string): string => text.replace(/\\(.)/g, '$1');

export interface PackageInstallsOptions {
  store: () => OrgStore;
}

export class PackageInstalls {
  private readonly options: PackageInstallsOptions;
  private readonly pending = new Set<Promise<void>>();

  constructor(options: PackageInstallsOptions) {
    this.options = options;
  }

  /** PackageInstallRequest inserts, and the version rows a query asks for; null otherwise. */
  handle(context: RestContext, request: RestRequest): RestResponse | null {
    const toolingQuery = /^\/services\/data\/v\d+\.\d\/tooling\/query\/?$/i;
    if (request.method === 'GET' && toolingQuery.test(request.path)) {
      this.answerVersionQuery(context.state, request.query.get('q') ?? '');
      return null;
    }
    const insert = /^\/services\/data\/v\d+\.\d\/tooling\/sobjects\/PackageInstallRequest\/?$/i;
    if (request.method === 'POST' && insert.test(request.path))
      return this.createRequest(context, (request.body ?? {}) as Record<string, unknown>);
    return null;
  }

  /** Resolves once every install under way has finished (tests, close). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /**
   * SubscriberPackageVersion and SubscriberPackage describe versions of every org, so the org
   * does not hold them: the row a query names is looked up in the running Dev Hubs and put in
   * place before the query engine runs. An unknown id leaves no row (an empty answer).
   */
  private answerVersionQuery(state: OrgState, soql: string): void {
    const from = /\bFROM\s+(\w+)/i.exec(soql)?.[1]?.toLowerCase();
    if (from === 'subscriberpackage') queriedId(soql, 'SubscriberPackage', '033');
    if (from !== 'subscriberpackageversion') return;
    const id = queriedId(soql, 'SubscriberPackageVersion', '04t');
    const version = findBuiltVersion(id);
    if (!version) return;
    const sent = /\bInstallationKey\s*=\s*'((?:[^'\\]|\\.)*)'/i.exec(soql)?.[1];
    const key = sent === undefined ? null : unescapeKey(sent);
    // Assumption: a key is matched only against a protected version; an unprotected version
    // answers whatever key is sent.
    recordVersionRows(
      state,
      version,
      key !== null && (version.installKey ?? key) === key ? key : null
    );
  }

  private createRequest(context: RestContext, body: Record<string, unknown>): RestResponse {
    const key =
      typeof body.SubscriberPackageVersionKey === 'string' ? body.SubscriberPackageVersionKey : '';
    if (!/^04t\w{12}(\w{3})?$/.test(key))
      throw new ApiError(
        400,
        'INVALID_ID_FIELD',
        `SubscriberPackageVersionKey: ${key || 'nothing'} is not a package version id (04t...).`,
        ['SubscriberPackageVersionKey']
      );
    const created = createRecord(context, writableObject(context, 'PackageInstallRequest'), body);
    created.Status = 'IN_PROGRESS';
    created.Errors = null;
    context.changed();
    const work = this.install(created.Id).finally(() => this.pending.delete(work));
    this.pending.add(work);
    return { status: 201, body: { id: created.Id, success: true, errors: [] } };
  }

  /** The install service: SUCCESS with the package applied, or ERROR with what stopped it. */
  private async install(requestId: string): Promise<void> {
    // Salesforce answers the insert first and installs afterwards; so does this.
    await new Promise((resolve) => setImmediate(resolve));
    const store = this.options.store();
    const request = store.state.records.packageinstallrequest[requestId];
    const fail = (messages: string[]): void => {
      const current = store.state.records.packageinstallrequest[requestId];
      Object.assign(current, {
        Status: 'ERROR',
        Errors: { errors: messages.map((message) => ({ message })) },
        LastModifiedDate: apiTimestamp()
      });
      store.save();
    };
    const version = findBuiltVersion(String(request.SubscriberPackageVersionKey));
    if (!version)
      return fail([
        `The package version ${String(request.SubscriberPackageVersionKey)} was not found. Check the 04t id (sf package version list), and that the Dev Hub that built it is running in this process.`
      ]);
    const status = validationStatus(store.state, version);
    if (status !== 'NO_ERRORS_DETECTED')
      return fail([`This package version cannot be installed in this org: ${status}.`]);
    if (version.installKey && request.Password !== version.installKey)
      return fail([
        'The installation key is missing or wrong. Pass the key the version was created with (--installation-key).'
      ]);
    let entries: Record<string, string>;
    try {
      entries = await unzipText(version.packageZip);
    } catch {
      return fail(['The package version holds no readable metadata.']);
    }
    const namespace = version.namespace;
    const transformed = dropStandardObjectPermissions(entries).entries;
    // All or nothing, as an install is: the copy replaces the org only when every component applied.
    const copy = structuredClone(store.state);
    if (namespace) restorePackageNames(copy, namespace);
    platformRule('packaging.install.namespacedComponents');
    const outcome = applyDeploy(copy, transformed, String(request.CreatedById), {
      componentNamespace: namespace
    });
    if (outcome.failures.length > 0)
      return fail(
        outcome.failures.map(
          (failure) => `${failure.componentType} ${failure.fullName}: ${failure.problem ?? ''}`
        )
      );
    if (namespace) markInstalled(copy, transformed, namespace);
    this.recordInstalled(copy, version, String(request.CreatedById));
    Object.assign(copy.records.packageinstallrequest[requestId], {
      Status: 'SUCCESS',
      LastModifiedDate: apiTimestamp()
    });
    store.replace(copy);
  }

  /** Where a subscriber org shows the installed version: InstalledSubscriberPackage and Publisher. */
  private recordInstalled(state: OrgState, version: BuiltVersion, userId: string): void {
    recordVersionRows(state, version, null);
    const existing = installedRow(state, version.subscriberPackageId);
    if (existing) {
      Object.assign(existing, {
        SubscriberPackageVersionId: version.subscriberPackageVersionId,
        LastModifiedDate: apiTimestamp(),
        LastModifiedById: userId
      });
    } else {
      insertRow(
        state,
        'InstalledSubscriberPackage',
        {
          SubscriberPackageId: version.subscriberPackageId,
          SubscriberPackageVersionId: version.subscriberPackageVersionId,
          MinPackageVersionId: version.subscriberPackageVersionId
        },
        { userId, now: apiTimestamp() }
      );
    }
    if (!version.namespace) return;
    const publishers = state.records.publisher;
    const publisher = Object.values(publishers).find(
      (row) => row.NamespacePrefix === version.namespace
    );
    const values = {
      Name: version.packageName,
      NamespacePrefix: version.namespace,
      MajorVersion: version.major,
      MinorVersion: version.minor,
      IsSalesforce: false,
      DurableId: version.subscriberPackageId
    };
    if (publisher) Object.assign(publisher, values);
    else insertRow(state, 'Publisher', values, { userId, now: apiTimestamp() });
  }
}
