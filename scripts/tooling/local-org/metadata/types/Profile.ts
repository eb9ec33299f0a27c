// Profile: stored as deployed (the Profile rows stay the seed's), after the checks Salesforce makes
// that the product meets: no object permissions on Event or Task.
// https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_profile.htm
import type { DeployComponent } from '../components.ts';
import { refuseActivityObjectPermissions } from './PermissionSet.ts';
import { storeComponent } from './stored.ts';
import { mainXmlPath, parseXml, type ApplyContext, type ComponentMessage } from './shared.ts';

/** A profile is stored as deployed, after the checks Salesforce makes that the product meets. */
export function applyProfile(component: DeployComponent, ctx: ApplyContext): ComponentMessage[] {
  const path = mainXmlPath(component);
  refuseActivityObjectPermissions(parseXml(component, path), component.files[path]);
  return storeComponent(component, ctx);
}
