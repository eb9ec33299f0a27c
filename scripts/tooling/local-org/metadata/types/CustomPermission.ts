// CustomPermission: a CustomPermission row (DeveloperName, MasterLabel, NamespacePrefix) that
// permission sets grant through SetupEntityAccess.
// https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_custompermission.htm
import type { DeployComponent } from '../components.ts';
import {
  insertRow,
  mainXmlPath,
  message,
  parseXml,
  table,
  text,
  type ApplyContext,
  type ComponentMessage
} from './shared.ts';

export function applyCustomPermission(
  component: DeployComponent,
  ctx: ApplyContext
): ComponentMessage[] {
  const xml = parseXml(component, mainXmlPath(component));
  const rows = table(ctx.state, 'CustomPermission');
  const existing = Object.values(rows).find((row) => row.DeveloperName === component.fullName);
  const values = {
    DeveloperName: component.fullName,
    MasterLabel: text(xml.label) ?? component.fullName,
    NamespacePrefix: ctx.ns
  };
  if (existing) Object.assign(existing, values);
  const id = existing?.Id ?? insertRow(ctx, 'CustomPermission', values);
  return [
    message(
      ctx,
      component,
      'CustomPermission',
      component.fullName,
      !existing,
      Boolean(existing),
      id
    )
  ];
}
