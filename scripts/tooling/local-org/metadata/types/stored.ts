// The types the local org stores as deployed and does not interpret: Lightning web components
// and Aura bundles, layouts, tabs, custom labels, Lightning pages, apps and static resources.
// Their XML must parse; they are kept for retrieve and listMetadata, with an Id of their type's
// key prefix. Nothing renders them (the local org has no UI). The Apex types (Apex.ts), Profile
// and Settings are stored the same way after checks of their own.
// https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_types_list.htm
import { newId, type StoredComponent } from '../../model.ts';
import type { DeployComponent } from '../components.ts';
import { message, parseXml, type ApplyContext, type ComponentMessage } from './shared.ts';

/** The stored-only types, by the metadata type name of their folder (components.ts). */
export const STORED_TYPES = [
  'LightningComponentBundle',
  'AuraDefinitionBundle',
  'Layout',
  'CustomTab',
  'CustomLabels',
  'FlexiPage',
  'CustomApplication',
  'StaticResource'
];

/** Stores a component and reports it, once its XML files parse. */
export function storeComponent(component: DeployComponent, ctx: ApplyContext): ComponentMessage[] {
  for (const path of Object.keys(component.files))
    if (
      path.endsWith('.xml') ||
      /\.(layout|tab|labels|flexipage|app|permissionset|object)$/.test(path)
    )
      parseXml(component, path);
  const { id, existing } = keepComponent(component, ctx);
  return [
    message(ctx, component, component.type, component.fullName, !existing, Boolean(existing), id)
  ];
}

/**
 * Keeps the component's files in the org (replacing an earlier deploy of it, whose Id it keeps)
 * and returns its Id and the earlier version, if any.
 */
export function keepComponent(
  component: DeployComponent,
  ctx: ApplyContext
): { id: string; existing: StoredComponent | undefined } {
  const key = `${component.type}:${component.fullName}`;
  const existing = ctx.state.components[key];
  const prefixes: Record<string, string> = {
    ApexClass: '01p',
    ApexTrigger: '01q',
    LightningComponentBundle: '0Rb',
    Layout: '00h',
    CustomTab: '01r',
    FlexiPage: '0M0',
    CustomApplication: '02u'
  };
  const id = existing?.id ?? newId(ctx.state, prefixes[component.type] ?? '0X0');
  ctx.state.components[key] = {
    type: component.type,
    fullName: component.fullName,
    files: component.files,
    lastModifiedDate: ctx.now,
    id
  };
  return { id, existing };
}
