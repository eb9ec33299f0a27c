// Whether the package is installed in an org, and which version: the Tooling API's
// InstalledSubscriberPackage (what `sf package installed list` reads), matched by the package's
// namespace. An org where the package is installed gets no source deploy from setup.
import type { Connection } from '@salesforce/core';

export interface InstalledPackage {
  /** 04t... */
  versionId: string;
  /** major.minor.patch.build, e.g. 0.1.0.1 */
  versionNumber: string;
  name: string;
  namespace: string;
}

interface InstalledRow {
  SubscriberPackage?: { NamespacePrefix?: string | null; Name?: string | null } | null;
  SubscriberPackageVersion?: {
    Id?: string;
    MajorVersion?: number;
    MinorVersion?: number;
    PatchVersion?: number;
    BuildNumber?: number;
  } | null;
}

/**
 * The installed version of the package with this namespace, or null when it is not installed
 * (or the org does not let this user read InstalledSubscriberPackage).
 */
export async function readInstalledPackage(
  connection: Connection,
  namespace: string | null
): Promise<InstalledPackage | null> {
  if (!namespace) return null;
  // Platform rule packaging.InstalledSubscriberPackage (scripts/tooling/platform/packaging.ts).
  // Filtered here rather than in SOQL: SubscriberPackage spans instances, and the documented
  // query reads every installed package.
  const query =
    'SELECT Id, SubscriberPackage.NamespacePrefix, SubscriberPackage.Name, SubscriberPackageVersion.Id, SubscriberPackageVersion.MajorVersion, SubscriberPackageVersion.MinorVersion, SubscriberPackageVersion.PatchVersion, SubscriberPackageVersion.BuildNumber FROM InstalledSubscriberPackage';
  let rows: InstalledRow[];
  try {
    rows = (await connection.tooling.query<InstalledRow>(query)).records;
  } catch (error) {
    // An org (or user) without access to the object has no installed package to report;
    // anything else is a real failure, not a reason to deploy source over an install.
    const name =
      (error as { name?: string; errorCode?: string }).errorCode ?? (error as Error).name;
    if (['INVALID_TYPE', 'INSUFFICIENT_ACCESS_OR_READONLY', 'INSUFFICIENT_ACCESS'].includes(name))
      return null;
    throw error;
  }
  const row = rows.find(
    (candidate) =>
      (candidate.SubscriberPackage?.NamespacePrefix ?? '').toLowerCase() === namespace.toLowerCase()
  );
  const version = row?.SubscriberPackageVersion;
  if (!row || !version?.Id) return null;
  return {
    versionId: version.Id,
    versionNumber: [
      version.MajorVersion,
      version.MinorVersion,
      version.PatchVersion,
      version.BuildNumber
    ].join('.'),
    name: row.SubscriberPackage?.Name ?? '',
    namespace
  };
}
