// Test helper: makes a local org look like a subscriber org that has the package installed, by
// applying the package's source the way a managed install does it (componentNamespace: the
// package's components, and the records they ship, carry the package namespace in an org whose
// own namespace is none). The real install path (sf package install) is built elsewhere; this
// is the minimum a test needs to hold installed records.
import { ComponentSet, MetadataConverter } from '@salesforce/source-deploy-retrieve';
import { applyDeploy } from '../metadata/apply.ts';
import { unzipText } from '../metadata/soap.ts';
import type { LocalOrg } from '../server.ts';

export async function installPackageSource(
  org: LocalOrg,
  namespace: string,
  sourceDir = 'force-app'
): Promise<void> {
  const set = ComponentSet.fromSource(sourceDir);
  set.sourceApiVersion = '66.0';
  const { zipBuffer } = await new MetadataConverter().convert(set, 'metadata', { type: 'zip' });
  if (!zipBuffer) throw new Error(`Could not convert ${sourceDir} to a deploy zip.`);
  const next = structuredClone(org.store.state);
  const admin = Object.values(next.records.user).find(
    (user) => user.Username === org.adminUsername
  );
  const outcome = applyDeploy(next, await unzipText(zipBuffer), String(admin?.Id), {
    componentNamespace: namespace
  });
  if (outcome.failures.length > 0)
    throw new Error(
      `The package source did not apply: ${outcome.failures.map((failure) => `${failure.fullName}: ${failure.problem}`).join('; ')}`
    );
  org.store.replace(next);
}
