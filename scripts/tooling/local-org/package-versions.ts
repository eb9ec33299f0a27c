// How a subscriber local org reaches the package versions a local Dev Hub built: a process-wide
// registry of running hubs. In Salesforce a 04t id is installable in any org, because package
// versions live on the packaging platform, not in the Dev Hub org; here they live in the hub's
// state (Package2Version rows, and the built package.zip in `packageVersionZips`, saved with the
// hub's org.json). A hub registers itself when it starts and leaves when it closes, so every
// local org in the same process (the scratch orgs a hub signs up, or orgs a test starts beside
// it) can install what any running hub built. An org in another process cannot: start the
// subscriber from the hub (`org:create --no-namespace`), as the tests and the README do.
import type { OrgState, SObjectRecord } from './model.ts';

/** What an install needs of a built version (SubscriberPackageVersion, as the subscriber sees it). */
export interface BuiltVersion {
  /** 04t... */
  subscriberPackageVersionId: string;
  /** 033... */
  subscriberPackageId: string;
  packageName: string;
  packageDescription: string | null;
  namespace: string | null;
  containerOptions: 'Managed' | 'Unlocked';
  name: string;
  description: string | null;
  major: number;
  minor: number;
  patch: number;
  build: number;
  /** A beta (IsReleased false) or a released version. */
  isReleased: boolean;
  installKey: string | null;
  isDeprecated: boolean;
  packageZip: Buffer;
}

const hubs = new Set<() => OrgState>();

/** Adds a hub's versions to the registry; the returned function removes them (hub close). */
export function registerHub(state: () => OrgState): () => void {
  hubs.add(state);
  return () => hubs.delete(state);
}

/** Keeps a built version's package.zip in the hub's state, for installs. */
export function keepPackageZip(state: OrgState, package2VersionId: string, zip: Buffer): void {
  state.packageVersionZips ??= {};
  state.packageVersionZips[package2VersionId] = zip.toString('base64');
}

const same = (a: unknown, b: string): boolean =>
  typeof a === 'string' && a.slice(0, 15) === b.slice(0, 15);

function toBuilt(state: OrgState, version: SObjectRecord): BuiltVersion | null {
  const zip = state.packageVersionZips?.[version.Id];
  const pkg = state.records.package2?.[String(version.Package2Id)];
  if (!zip || !pkg) return null;
  return {
    subscriberPackageVersionId: String(version.SubscriberPackageVersionId),
    subscriberPackageId: String(pkg.SubscriberPackageId),
    packageName: String(pkg.Name),
    packageDescription: (pkg.Description as string | null) ?? null,
    namespace: (pkg.NamespacePrefix as string | null) || null,
    containerOptions: pkg.ContainerOptions === 'Unlocked' ? 'Unlocked' : 'Managed',
    name: String(version.Name ?? ''),
    description: (version.Description as string | null) ?? null,
    major: Number(version.MajorVersion),
    minor: Number(version.MinorVersion),
    patch: Number(version.PatchVersion),
    build: Number(version.BuildNumber),
    isReleased: version.IsReleased === true,
    installKey: (version.InstallKey as string | null) || null,
    isDeprecated: version.IsDeprecated === true,
    packageZip: Buffer.from(zip, 'base64')
  };
}

/** The version with this 04t id (15 or 18 characters) in any running hub, or null. */
export function findBuiltVersion(subscriberPackageVersionId: string): BuiltVersion | null {
  for (const state of hubs) {
    const current = state();
    const version = Object.values(current.records.package2version ?? {}).find((row) =>
      same(row.SubscriberPackageVersionId, subscriberPackageVersionId)
    );
    if (version) return toBuilt(current, version);
  }
  return null;
}
