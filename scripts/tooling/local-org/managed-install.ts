// What a managed package install does to the package's metadata in a subscriber org (an org
// without the package's namespace), beyond deploying it: the rules are in the platform-rules
// catalogue (scripts/tooling/platform/packaging.ts), each with its Salesforce source.
//
// - The components carry the package's namespace (applyDeploy's componentNamespace):
//   bkconn__Booking_Id__c, PermissionSet / ApexClass / custom metadata rows with
//   NamespacePrefix 'bkconn' (packaging.install.namespacedComponents).
// - Object permissions for standard objects in the package's permission sets are ignored
//   (packaging.PermissionSet.standardObjectPermissions); field permissions on the package's
//   custom fields, standard objects' included, are kept.
// - The components' Metadata API names carry the namespace, custom metadata records' too:
//   bkconn__BookingFieldMapping.bkconn__Account_Name (packaging.install.metadataFullNames), and
//   listMetadata reports them as manageableState 'installed'.
import { platformRule } from '../platform/catalogue.ts';
import type { OrgState, StoredComponent } from './model.ts';
import { componentsOf, qualify } from './metadata/apply.ts';
import { namespacePrefix } from '../../../force-app/main/default/lwc/bookingRules/metadataNames.js';

const CUSTOM_SUFFIX = /__(c|mdt|e|b|x)$/;

/**
 * The package's zip entries with the object permissions of standard objects removed from every
 * permission set, as the install ignores them. Returns the entries and what was dropped.
 */
export function dropStandardObjectPermissions(entries: Record<string, string>): {
  entries: Record<string, string>;
  dropped: { permissionSet: string; object: string }[];
} {
  platformRule('packaging.PermissionSet.standardObjectPermissions');
  const dropped: { permissionSet: string; object: string }[] = [];
  const result: Record<string, string> = {};
  for (const [path, content] of Object.entries(entries)) {
    const match = /(?:^|\/)permissionsets\/([^/]+?)\.permissionset(?:-meta\.xml)?$/.exec(path);
    if (!match) {
      result[path] = content;
      continue;
    }
    result[path] = content.replace(
      /[ \t]*<objectPermissions>([\s\S]*?)<\/objectPermissions>[ \t]*\r?\n?/g,
      (block: string, inner: string) => {
        const object = /<object>\s*([^<]+?)\s*<\/object>/.exec(inner)?.[1] ?? '';
        if (CUSTOM_SUFFIX.test(object)) return block;
        dropped.push({ permissionSet: match[1], object });
        return '';
      }
    );
  }
  return { entries: result, dropped };
}

/** The Metadata API name of a package component in a subscriber org. */
export function installedFullName(type: string, fullName: string, namespace: string): string {
  const prefix = namespacePrefix(namespace);
  const named = (name: string): string => (name.startsWith(prefix) ? name : `${prefix}${name}`);
  switch (type) {
    case 'CustomObject':
      // A standard object shipped only for its fields (Activity, Lead) keeps its name.
      return qualify(fullName, namespace);
    case 'CustomMetadata': {
      const [typeName, record] = fullName.split('.');
      return `${named(typeName)}.${named(record)}`;
    }
    case 'CustomTab':
      return CUSTOM_SUFFIX.test(fullName) ? qualify(fullName, namespace) : named(fullName);
    // Real orgs list installed layouts without the prefix (see the rule's assumption).
    case 'Layout':
    case 'CustomLabels':
    case 'Settings':
    case 'Profile':
      return fullName;
    default:
      return named(fullName);
  }
}

function renamed(component: StoredComponent, fullName: string): StoredComponent {
  const files: Record<string, string> = {};
  for (const [path, content] of Object.entries(component.files)) {
    const [folder, ...rest] = path.split('/');
    const tail = rest.join('/');
    const next = tail.startsWith(component.fullName)
      ? `${folder}/${fullName}${tail.slice(component.fullName.length)}`
      : path;
    files[next] = content;
  }
  return { ...component, fullName, files };
}

/**
 * Before an upgrade is applied: the package's installed components go back under the names the
 * package's zip uses, so the deploy updates them (same ids, same rows) instead of adding more.
 */
export function restorePackageNames(state: OrgState, namespace: string): void {
  for (const [key, component] of Object.entries(state.components)) {
    if (component.manageableState !== 'installed' || component.namespacePrefix !== namespace)
      continue;
    if (!component.packageFullName) continue;
    delete state.components[key];
    const restored = renamed(component, component.packageFullName);
    state.components[`${restored.type}:${restored.fullName}`] = restored;
  }
}

/**
 * After the package's zip was applied: its components are renamed with the namespace and
 * marked installed (listMetadata then reports manageableState 'installed' and the namespace).
 */
export function markInstalled(
  state: OrgState,
  entries: Record<string, string>,
  namespace: string
): void {
  platformRule('packaging.install.metadataFullNames');
  const root =
    Object.keys(entries)
      .find((path) => path.endsWith('package.xml'))
      ?.replace(/package\.xml$/, '') ?? '';
  for (const { type, fullName } of componentsOf(entries, root)) {
    const key = `${type}:${fullName}`;
    const component = state.components[key];
    if (!component || type === 'Settings' || type === 'Profile') continue;
    delete state.components[key];
    const installed = renamed(component, installedFullName(type, fullName, namespace));
    state.components[`${type}:${installed.fullName}`] = {
      ...installed,
      namespacePrefix: namespace,
      manageableState: 'installed',
      packageFullName: fullName
    };
  }
}
