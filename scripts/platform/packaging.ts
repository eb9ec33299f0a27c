// Platform rules: packaging. Each entry names the Salesforce documentation it comes from (see catalogue.ts).
import type { PlatformRule } from './types.ts';

const TOOLING = 'https://developer.salesforce.com/docs/atlas.en-us.api_tooling.meta/api_tooling';

export const PACKAGING_RULES: readonly PlatformRule[] = Object.freeze([
  // ---- Installing a package version (scripts/local-org/package-install.ts) ----------------
  {
    id: 'packaging.PackageInstallRequest',
    rule: 'A package version is installed by inserting a Tooling API PackageInstallRequest with SubscriberPackageVersionKey (the 04t id), Password (the installation key), SecurityType, UpgradeType, ApexCompileType, EnableRss, NameConflictResolution and PackageInstallSource; the request is answered at once and its Status (IN_PROGRESS, SUCCESS, ERROR, UNKNOWN) moves as the install runs, with Errors (SubscriberPackageInstallErrors) on failure.',
    source: `${TOOLING}/tooling_api_objects_packageinstallrequest.htm`,
    enforcedBy: ['local-org'],
    assumption:
      "The CLI sends SecurityType and UpgradeType in lower case ('none', 'mixed-mode'), unlike the documented picklist values: the local org keeps what is sent. SecurityType (which profiles get access) is not applied. The error text of a wrong installation key, an unknown 04t id and a failed component is not documented; the local org's wording is its own."
  },
  {
    id: 'packaging.SubscriberPackageVersion',
    rule: 'SubscriberPackageVersion represents a package version across all Salesforce instances (Id 04t): MajorVersion, MinorVersion, PatchVersion, BuildNumber, IsBeta, IsManaged, IsPasswordProtected, Package2ContainerOptions, InstallValidationStatus (NO_ERRORS_DETECTED, CANNOT_INSTALL_EARLIER_VERSION, CANNOT_UPGRADE_BETA, DEPRECATED_INSTALL_PACKAGE, INSTALL_INTO_DEV_ORG, ...), Dependencies, RemoteSiteSettings, CspTrustedSites.',
    source:
      'https://developer.salesforce.com/docs/platform/api-tooling/references/tooling-objects/tooling-subscriberpackageversion.html',
    enforcedBy: ['local-org'],
    assumption:
      "Queries must name the version by Id (the client library recognises MALFORMED_QUERY 'Implementation restriction: You can only perform queries of the form Id...'); the rest of that message is the local org's. An unknown 04t id answers no row. A wrong InstallationKey answers no row for a protected version; the documentation does not say what a real org answers."
  },
  {
    id: 'packaging.SubscriberPackage',
    rule: 'SubscriberPackage represents an installable package (Id 033) with Name, NamespacePrefix and Description; to query it, include its Id in the WHERE clause.',
    source: `${TOOLING}/tooling_api_objects_subscriberpackage.htm`,
    enforcedBy: ['local-org']
  },
  {
    id: 'packaging.InstalledSubscriberPackage',
    rule: 'InstalledSubscriberPackage represents a package installed in the org: SubscriberPackageId (033), SubscriberPackageVersionId (the version installed now, 04t), MinPackageVersionId (the first version installed); queried with SubscriberPackage.NamespacePrefix and SubscriberPackageVersion.MajorVersion etc. (what `sf package installed list` shows).',
    source: `${TOOLING}/tooling_api_objects_installedsubscriberpackage.htm`,
    enforcedBy: ['local-org']
  },
  {
    id: 'packaging.Publisher',
    rule: 'Publisher represents the publisher of objects and fields; for an installed package it is the package, with its NamespacePrefix, MajorVersion and MinorVersion (what the setup page reads to show the installed version).',
    source: `${TOOLING}/tooling_api_objects_publisher.htm`,
    enforcedBy: ['local-org'],
    assumption:
      'The page therefore shows major.minor (0.1), not the full version number (0.1.0.1) that InstalledSubscriberPackage gives the CLI.'
  },
  {
    id: 'packaging.install.standardObjectPermissionsIgnored',
    rule: "You can't include object permissions for standard objects in managed packages. During package installation, all object permissions for standard objects are ignored, and aren't installed in the org.",
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.pkg2_dev.meta/pkg2_dev/packaging_permission_set_groups.htm',
    enforcedBy: ['local-org'],
    assumption:
      "Field permissions on the package's own custom fields of standard objects (Event.bkconn__Booking_Id__c) are kept: the same page says only that you can package permissions for metadata included in the package, and those fields are. It does not say so about them explicitly."
  },
  {
    id: 'packaging.install.namespacedComponents',
    rule: "A managed package's components carry its namespace prefix in the subscriber org (bkconn__Booking_Id__c; NamespacePrefix 'bkconn' on its permission sets, Apex classes, custom permissions and custom metadata records), whatever the org's own namespace.",
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.sfdx_dev.meta/sfdx_dev/sfdx_dev_dev2gp_plan_namespaces.htm',
    enforcedBy: ['local-org']
  },
  {
    id: 'packaging.install.metadataFullNames',
    rule: "To reference a component in a package, the Metadata API prepends the package's namespace prefix to its fullName (namespacePrefix__ComponentName); a custom metadata record whose type and record are both in the namespace is Namespace__MetadataTypeName.Namespace__MetadataRecordName (bkconn__BookingFieldMapping.bkconn__Account_Name).",
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apex/apex_class_Metadata_CustomMetadata.htm',
    enforcedBy: ['local-org'],
    assumption:
      "listMetadata also reports manageableState 'installed' and the namespacePrefix (FileProperties). Layouts keep the name without the prefix in listMetadata, as real orgs list installed layouts (a known Metadata API issue: https://github.com/mdapi-issues/listmetadata-installed-missing-namespaceprefix). The local org renames installed components and their files, not the names inside the files (a retrieved installed permission set lists Booking_Id__c where a real org writes bkconn__Booking_Id__c), and custom fields of standard objects keep the names the package's zip gives them."
  }
]);
