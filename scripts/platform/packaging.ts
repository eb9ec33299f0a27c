// Platform rules: packaging. Each entry names the Salesforce documentation it comes from (see catalogue.ts).
import type { PlatformRule } from './types.ts';

export const PACKAGING_RULES: readonly PlatformRule[] = Object.freeze([
  {
    id: 'packaging.customMetadata.recordFullName',
    rule: "A custom metadata record is named `Type.Record` in the Metadata API. The type carries the namespace of the package that defines it (`ns__Type`, without __mdt). A record in a namespace is addressed `ns__Record`, so a record a managed package installed is `ns__Type.ns__Record` in a subscriber org. `ns__Type.Record` names the subscriber's own record, and deploying it creates that record next to the installed one. A record's identity is its (NamespacePrefix, DeveloperName).",
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_class_Metadata_CustomMetadata.htm',
    enforcedBy: ['local-org'],
    assumption:
      'The Apex Reference (CustomMetadata and Metadata classes: "If both the type and the record are in Namespace, use Namespace__MetadataTypeName.Namespace__MetadataRecordName"; https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_class_Metadata_Metadata.htm) and the Metadata API guide (CustomMetadata: record names "including the namespace of any types in an installed managed package"; https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_custommetadata.htm) give the form. They do not say whether the org that owns the namespace also needs the record prefix. Source deploys address its records without it, so the local org accepts both spellings there and the shared rule (bookingRules/metadataNames.js) leaves the prefix off; tests cover both. QualifiedApiName is taken to be ns__Name for a record of a namespace other than the org\'s, and Name for the org\'s own (not spelled out).'
  },
  {
    id: 'packaging.customMetadata.otherNamespaceCreate',
    rule: "A deploy may update a record of another namespace that is installed, but it cannot create a new record in a namespace that is not the org's.",
    source:
      'https://help.salesforce.com/s/articleView?id=platform.custommetadatatypes_ui_create.htm&type=5',
    enforcedBy: ['local-org'],
    assumption:
      'The help page says record names are unique within their type and namespace. The refusal wording, "Cannot create a new component with the namespace: ns. Only components in the same namespace as the organization can be created through the API", is the one users report (https://github.com/forcedotcom/CustomMetadataLoader/issues/4), not documented wording.'
  },
  {
    id: 'packaging.customMetadata.fieldManageability',
    rule: "A custom metadata field's fieldManageability decides who may change its value on installed records. DeveloperControlled: only the package developer, through a package upgrade; subscribers cannot. SubscriberControlled: anyone with Customize Application, and managed upgrades do not overwrite the value. Locked: nobody after release. Apex (Metadata.Operations) may create and update records only where the metadata is subscriber-controlled and visible from the code's namespace. BookingFieldMapping__mdt's fields are all SubscriberControlled, so the setup page (and config:import) may update the installed mapping records.",
    source:
      'https://help.salesforce.com/s/articleView?id=platform.custommetadatatypes_fields.htm&type=5',
    enforcedBy: ['product'],
    assumption:
      'Apex access rule: https://help.salesforce.com/s/articleView?id=platform.custommetadatatypes_accessing.htm&type=5. The local org does not model manageability (see NOT_MODELLED packaging.custom-metadata-manageability). The package relies on its fields staying SubscriberControlled.'
  },
  {
    id: 'packaging.apexMetadata.nonCertified',
    rule: 'The Apex classes of a managed package that has not passed security review cannot access metadata in a subscriber org (Metadata.Operations.enqueueDeployment / retrieve) unless the admin turns on Setup > Apex Settings > "Deploy Metadata from Non-Certified Package Versions via Apex" (ApexSettings.enableNonCertifiedApexMdCrud).',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_metadata_security.htm',
    enforcedBy: ['product'],
    assumption:
      'The documentation names the setting but not the exception or message of the refusal. Users report "Not allowed to install or modify metadata via Apex" (https://salesforce.stackexchange.com/questions/408084). So the Apex reports any failure of its own Metadata API call with the code BOOKING_APEX_METADATA_REFUSED, the page also recognises that wording in a failed deployment\'s errors (bookingRules/metadataAccess.js), and both readings are tested. The org preference also appears as "Allow metadata deploy by Apex from non-certified Apex package version" in https://developer.salesforce.com/docs/atlas.en-us.pkg2_dev.meta/pkg2_dev/packaging_metadata_in_apex.htm.'
  },
  {
    id: 'packaging.apexMetadata.descriptionNotice',
    rule: 'A package that accesses metadata from Apex (at install, or from a custom setup interface) must tell users in its package description, for example "This package can access and change metadata outside its namespace in the Salesforce org where it\'s installed." Salesforce checks the notice during security review.',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.pkg2_dev.meta/pkg2_dev/packaging_metadata_in_apex.htm',
    enforcedBy: ['product'],
    assumption:
      'The notice is in sfdx-project.json versionDescription, which package:create also uses as the package description (scripts/packaging/versions.ts). A test (scripts/platform/__tests__/package-description.test.ts) keeps it there.'
  }
]);
