// Platform rules: packaging. Each entry names the Salesforce documentation it comes from (see catalogue.ts).
import type { PlatformRule } from './types.ts';

export const PACKAGING_RULES: readonly PlatformRule[] = Object.freeze([
  {
    id: 'packaging.PermissionSet.standardObjectPermissions',
    rule: "You can't include object permissions for standard objects in managed packages. During package installation, all object permissions for standard objects are ignored, and aren't installed in the org. A packaged permission set includes custom object, custom field, custom permission, tab, Apex class and Visualforce page access, and no user permissions.",
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.pkg2_dev.meta/pkg2_dev/packaging_permission_set_groups.htm',
    enforcedBy: ['validate']
  },
  {
    id: 'packaging.PermissionSet.ownMetadataOnly',
    rule: "You can only package permissions for metadata that's included in your package.",
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.pkg2_dev.meta/pkg2_dev/packaging_permission_set_groups.htm',
    enforcedBy: ['validate']
  }
]);
