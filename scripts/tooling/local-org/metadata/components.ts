// The components of a deploy zip: its entries grouped by component (a class and its -meta.xml,
// an LWC bundle's files), each with the metadata type its folder holds, in the order they are
// applied. Metadata API folders and types:
// https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_types_list.htm

/** The folder of a deploy zip entry and the metadata type it holds. */
const FOLDER_TYPES: Record<string, string> = {
  objects: 'CustomObject',
  permissionsets: 'PermissionSet',
  customPermissions: 'CustomPermission',
  customMetadata: 'CustomMetadata',
  classes: 'ApexClass',
  triggers: 'ApexTrigger',
  lwc: 'LightningComponentBundle',
  aura: 'AuraDefinitionBundle',
  layouts: 'Layout',
  tabs: 'CustomTab',
  reportTypes: 'ReportType',
  labels: 'CustomLabels',
  flexipages: 'FlexiPage',
  applications: 'CustomApplication',
  staticresources: 'StaticResource',
  profiles: 'Profile',
  settings: 'Settings'
};

/** Order in which types are applied: definitions before what refers to them. */
const APPLY_ORDER = [
  'CustomObject',
  'CustomPermission',
  'ApexClass',
  'ApexTrigger',
  'CustomLabels',
  'LightningComponentBundle',
  'AuraDefinitionBundle',
  'StaticResource',
  'CustomTab',
  'Layout',
  'ReportType',
  'FlexiPage',
  'CustomApplication',
  'CustomMetadata',
  'PermissionSet',
  'Profile',
  'Settings'
];

export interface DeployComponent {
  type: string;
  fullName: string;
  /** The zip entry that defines it (what fileName in the result names). */
  fileName: string;
  /** Every zip entry of the component: path -> content. */
  files: Record<string, string>;
}

/** Groups the zip's entries into components (a class and its -meta.xml, an LWC bundle's files). */
export function componentsOf(entries: Record<string, string>, root = ''): DeployComponent[] {
  const components = new Map<string, DeployComponent>();
  for (const [rawPath, content] of Object.entries(entries)) {
    const path = root && rawPath.startsWith(root) ? rawPath.slice(root.length) : rawPath;
    if (path === 'package.xml' || path === 'destructiveChanges.xml' || path.endsWith('/')) continue;
    const [folder, ...rest] = path.split('/');
    const type = FOLDER_TYPES[folder] ?? 'Unknown';
    let fullName: string;
    let fileName = path;
    if (type === 'LightningComponentBundle' || type === 'AuraDefinitionBundle') {
      fullName = rest[0];
      fileName = `${folder}/${rest[0]}`;
    } else {
      fullName = rest
        .join('/')
        .replace(/-meta\.xml$/, '')
        .replace(/\.[^.]+$/, '');
      if (
        path.endsWith('-meta.xml') &&
        (type === 'ApexClass' || type === 'ApexTrigger' || type === 'StaticResource')
      ) {
        fileName = path.replace(/-meta\.xml$/, '');
      }
    }
    const key = `${type}:${fullName}`;
    const component = components.get(key) ?? { type, fullName, fileName, files: {} };
    component.files[path] = content;
    if (!path.endsWith('-meta.xml') && type !== 'LightningComponentBundle')
      component.fileName = fileName;
    components.set(key, component);
  }
  return [...components.values()].sort(
    (a, b) => APPLY_ORDER.indexOf(a.type) - APPLY_ORDER.indexOf(b.type)
  );
}
