// Platform rules: packaging. Each entry names the Salesforce documentation it comes from (see catalogue.ts).
import type { PlatformRule } from './types.ts';

const TOOLING = 'https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling';

export const PACKAGING_RULES: readonly PlatformRule[] = Object.freeze([
  // ---- Installing a package version (scripts/tooling/local-org/package-install.ts) ----------------
  {
    id: 'packaging.PackageInstallRequest',
    title: 'Installing a version (PackageInstallRequest)',
    rule: 'A package version is installed by inserting a Tooling API PackageInstallRequest with SubscriberPackageVersionKey (the 04t id), Password (the installation key), SecurityType, UpgradeType, ApexCompileType, EnableRss, NameConflictResolution and PackageInstallSource; the request is answered at once and its Status (IN_PROGRESS, SUCCESS, ERROR, UNKNOWN) moves as the install runs, with Errors (SubscriberPackageInstallErrors) on failure.',
    source: `${TOOLING}/tooling_api_objects_packageinstallrequest.htm`,
    enforcedBy: ['local-org'],
    assumption:
      "The CLI sends SecurityType and UpgradeType in lower case ('none', 'mixed-mode'), unlike the documented picklist values: the local org keeps what is sent. SecurityType (which profiles get access) is not applied. The error text of a wrong installation key, an unknown 04t id and a failed component is not documented; the local org's wording is its own."
  },
  {
    id: 'packaging.SubscriberPackageVersion',
    title: 'SubscriberPackageVersion',
    rule: 'SubscriberPackageVersion represents a package version across all Salesforce instances (Id 04t): MajorVersion, MinorVersion, PatchVersion, BuildNumber, IsBeta, IsManaged, IsPasswordProtected, Package2ContainerOptions, InstallValidationStatus (NO_ERRORS_DETECTED, CANNOT_INSTALL_EARLIER_VERSION, CANNOT_UPGRADE_BETA, DEPRECATED_INSTALL_PACKAGE, INSTALL_INTO_DEV_ORG, ...), Dependencies, RemoteSiteSettings, CspTrustedSites.',
    source:
      'https://developer.salesforce.com/docs/platform/api-tooling/references/tooling-objects/tooling-subscriberpackageversion.html',
    enforcedBy: ['local-org'],
    assumption:
      "Queries must name the version by Id (the client library recognises MALFORMED_QUERY 'Implementation restriction: You can only perform queries of the form Id...'); the rest of that message is the local org's. An unknown 04t id answers no row. A wrong InstallationKey answers no row for a protected version; the documentation does not say what a real org answers."
  },
  {
    id: 'packaging.SubscriberPackage',
    title: 'SubscriberPackage',
    rule: 'SubscriberPackage represents an installable package (Id 033) with Name, NamespacePrefix and Description; to query it, include its Id in the WHERE clause.',
    source: `${TOOLING}/tooling_api_objects_subscriberpackage.htm`,
    enforcedBy: ['local-org']
  },
  {
    id: 'packaging.InstalledSubscriberPackage',
    title: 'Installed packages (InstalledSubscriberPackage)',
    rule: 'InstalledSubscriberPackage represents a package installed in the org: SubscriberPackageId (033), SubscriberPackageVersionId (the version installed now, 04t), MinPackageVersionId (the first version installed); queried with SubscriberPackage.NamespacePrefix and SubscriberPackageVersion.MajorVersion etc. (what `sf package installed list` shows).',
    source: `${TOOLING}/tooling_api_objects_installedsubscriberpackage.htm`,
    enforcedBy: ['local-org']
  },
  {
    id: 'packaging.Publisher',
    title: 'Publisher',
    rule: 'Publisher represents the publisher of objects and fields; for an installed package it is the package, with its NamespacePrefix, MajorVersion and MinorVersion (what the setup page reads to show the installed version).',
    source: `${TOOLING}/tooling_api_objects_publisher.htm`,
    enforcedBy: ['local-org'],
    assumption:
      'The page therefore shows major.minor (0.1), not the full version number (0.1.0.1) that InstalledSubscriberPackage gives the CLI.'
  },
  {
    id: 'packaging.PermissionSet.standardObjectPermissions',
    title: 'Standard-object permissions dropped at install',
    rule: "You can't include object permissions for standard objects in managed packages. During package installation, all object permissions for standard objects are ignored, and aren't installed in the org. A packaged permission set includes custom object, custom field, custom permission, tab, Apex class and Visualforce page access, and no user permissions.",
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.pkg2_dev.meta/pkg2_dev/packaging_permission_set_groups.htm',
    enforcedBy: ['local-org', 'validate'],
    assumption:
      "Field permissions on the package's own custom fields of standard objects (Event.bkconn__Booking_Id__c) are kept: the same page says only that you can package permissions for metadata included in the package, and those fields are. It does not say so about them explicitly."
  },
  {
    id: 'packaging.PermissionSet.ownMetadataOnly',
    title: "A permission set packages only its package's metadata",
    rule: "You can only package permissions for metadata that's included in your package.",
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.pkg2_dev.meta/pkg2_dev/packaging_permission_set_groups.htm',
    enforcedBy: ['validate']
  },
  {
    id: 'packaging.install.namespacedComponents',
    title: 'Installed components carry the namespace',
    rule: "A managed package's components carry its namespace prefix in the subscriber org (bkconn__Booking_Id__c; NamespacePrefix 'bkconn' on its permission sets, Apex classes, custom permissions and custom metadata records), whatever the org's own namespace.",
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.sfdx_dev.meta/sfdx_dev/sfdx_dev_dev2gp_plan_namespaces.htm',
    enforcedBy: ['local-org']
  },
  {
    id: 'packaging.install.metadataFullNames',
    title: 'Metadata API names of installed components',
    rule: "To reference a component in a package, the Metadata API prepends the package's namespace prefix to its fullName (namespacePrefix__ComponentName); a custom metadata record whose type and record are both in the namespace is Namespace__MetadataTypeName.Namespace__MetadataRecordName (bkconn__BookingFieldMapping.bkconn__Account_Name).",
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apex/apex_class_Metadata_CustomMetadata.htm',
    enforcedBy: ['local-org'],
    assumption:
      "listMetadata also reports manageableState 'installed' and the namespacePrefix (FileProperties). Layouts keep the name without the prefix in listMetadata, as real orgs list installed layouts (a known Metadata API issue: https://github.com/mdapi-issues/listmetadata-installed-missing-namespaceprefix). The local org renames installed components and their files, not the names inside the files (a retrieved installed permission set lists Booking_Id__c where a real org writes bkconn__Booking_Id__c), and custom fields of standard objects keep the names the package's zip gives them."
  },
  // ---- Custom metadata records and Apex metadata access in a subscriber org -------------
  {
    id: 'packaging.customMetadata.recordFullName',
    title: 'Custom metadata record names in a subscriber org',
    rule: "A custom metadata record is named `Type.Record` in the Metadata API. The type carries the namespace of the package that defines it (`ns__Type`, without __mdt). A record in a namespace is addressed `ns__Record`, so a record a managed package installed is `ns__Type.ns__Record` in a subscriber org. `ns__Type.Record` names the subscriber's own record, and deploying it creates that record next to the installed one. A record's identity is its (NamespacePrefix, DeveloperName).",
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_class_Metadata_CustomMetadata.htm',
    enforcedBy: ['local-org'],
    assumption:
      'The Apex Reference (CustomMetadata and Metadata classes: "If both the type and the record are in Namespace, use Namespace__MetadataTypeName.Namespace__MetadataRecordName"; https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_class_Metadata_Metadata.htm) and the Metadata API guide (CustomMetadata: record names "including the namespace of any types in an installed managed package"; https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_custommetadata.htm) give the form. They do not say whether the org that owns the namespace also needs the record prefix. Source deploys address its records without it, so the local org accepts both spellings there and the shared rule (bookingRules/metadataNames.js) leaves the prefix off; tests cover both. QualifiedApiName is taken to be ns__Name for a record of a namespace other than the org\'s, and Name for the org\'s own (not spelled out).'
  },
  {
    id: 'packaging.customMetadata.otherNamespaceCreate',
    title: 'No new record in another namespace',
    rule: "A deploy may update a record of another namespace that is installed, but it cannot create a new record in a namespace that is not the org's.",
    source:
      'https://help.salesforce.com/s/articleView?id=platform.custommetadatatypes_ui_create.htm&type=5',
    enforcedBy: ['local-org'],
    assumption:
      'The help page says record names are unique within their type and namespace. The refusal wording, "Cannot create a new component with the namespace: ns. Only components in the same namespace as the organization can be created through the API", is the one users report (https://github.com/forcedotcom/CustomMetadataLoader/issues/4), not documented wording.'
  },
  {
    id: 'packaging.customMetadata.fieldManageability',
    title: 'Custom metadata field manageability',
    rule: "A custom metadata field's fieldManageability decides who may change its value on installed records. DeveloperControlled: only the package developer, through a package upgrade; subscribers cannot. SubscriberControlled: anyone with Customize Application, and managed upgrades do not overwrite the value. Locked: nobody after release. Apex (Metadata.Operations) may create and update records only where the metadata is subscriber-controlled and visible from the code's namespace. BookingFieldMapping__mdt's fields are all SubscriberControlled, so the setup page (and config:import) may update the installed mapping records.",
    source:
      'https://help.salesforce.com/s/articleView?id=platform.custommetadatatypes_fields.htm&type=5',
    enforcedBy: ['product'],
    assumption:
      'Apex access rule: https://help.salesforce.com/s/articleView?id=platform.custommetadatatypes_accessing.htm&type=5. The local org does not model manageability (see NOT_MODELLED packaging.custom-metadata-manageability). The package relies on its fields staying SubscriberControlled.'
  },
  {
    id: 'packaging.apexMetadata.nonCertified',
    title: 'Apex metadata deploys need the non-certified setting',
    rule: 'The Apex classes of a managed package that has not passed security review cannot access metadata in a subscriber org (Metadata.Operations.enqueueDeployment / retrieve) unless the admin turns on Setup > Apex Settings > "Deploy Metadata from Non-Certified Package Versions via Apex" (ApexSettings.enableNonCertifiedApexMdCrud).',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_metadata_security.htm',
    enforcedBy: ['product'],
    assumption:
      'The documentation names the setting but not the exception or message of the refusal. Users report "Not allowed to install or modify metadata via Apex" (https://salesforce.stackexchange.com/questions/408084). So the Apex reports any failure of its own Metadata API call with the code BOOKING_APEX_METADATA_REFUSED, the page also recognises that wording in a failed deployment\'s errors (bookingRules/metadataAccess.js), and both readings are tested. The org preference also appears as "Allow metadata deploy by Apex from non-certified Apex package version" in https://developer.salesforce.com/docs/atlas.en-us.pkg2_dev.meta/pkg2_dev/packaging_metadata_in_apex.htm.'
  },
  {
    id: 'packaging.apexMetadata.descriptionNotice',
    title: 'Package description says it deploys metadata',
    rule: 'A package that accesses metadata from Apex (at install, or from a custom setup interface) must tell users in its package description, for example "This package can access and change metadata outside its namespace in the Salesforce org where it\'s installed." Salesforce checks the notice during security review.',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.pkg2_dev.meta/pkg2_dev/packaging_metadata_in_apex.htm',
    enforcedBy: ['product'],
    assumption:
      'The notice is in sfdx-project.json versionDescription, which package:create also uses as the package description (scripts/tooling/packaging/versions.ts). A test (scripts/tooling/platform/__tests__/package-description.test.ts) keeps it there.'
  }
]);
