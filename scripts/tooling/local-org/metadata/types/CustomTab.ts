// CustomTab: a tab is stored for retrieve and listMetadata (the local org has no UI), after the
// check a deploy makes of an object tab: "When a tab displays a custom object, the tab name is
// the same as the custom object name", with customObject true
// (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_tab.htm), so
// the object must exist in the org or in the same deploy (objects are applied first).
import type { DeployComponent } from '../components.ts';
import { storeComponent } from './stored.ts';
import {
  bool,
  ComponentError,
  mainXmlPath,
  parseXml,
  qualify,
  type ApplyContext,
  type ComponentMessage
} from './shared.ts';

export function applyCustomTab(component: DeployComponent, ctx: ApplyContext): ComponentMessage[] {
  const xml = parseXml(component, mainXmlPath(component));
  if (bool(xml.customObject)) {
    const objectName = qualify(component.fullName, ctx.ns);
    if (!ctx.state.schema[objectName.toLowerCase()]?.custom)
      // Assumption: the wording of this failure is not documented.
      throw new ComponentError(`Invalid custom object: ${objectName} does not exist in this org`);
  }
  return storeComponent(component, ctx);
}
