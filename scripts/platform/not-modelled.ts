// What a real org does that the local org does not model (see catalogue.ts): these are only
// shown by a real org, most of them in the scratch-org CI job.
import type { NotModelledRule } from './types.ts';

export const NOT_MODELLED: readonly NotModelledRule[] = Object.freeze([
  {
    id: 'apex.mixedDml',
    rule: 'One transaction cannot do DML on a setup object (User, PermissionSetAssignment, Group, ...) and a non-setup object (including custom settings); it fails with MIXED_DML_OPERATION. In tests, the two go into separate System.runAs blocks.',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_dml_non_mix_sobjects_test_methods.htm',
    checkedIn:
      'Apex runs only in a real org: the scratch-org CI job runs the Apex tests. BookingSetupControllerTest writes the settings and the PermissionSetAssignment in separate runAs blocks.'
  },
  {
    id: 'apex.metadataNonCertified',
    rule: 'Metadata.Operations calls of a managed package that has not passed security review fail in a subscriber org unless Apex Settings > "Deploy Metadata from Non-Certified Package Versions via Apex" is on (platformRule packaging.apexMetadata.nonCertified).',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_metadata_security.htm',
    checkedIn:
      "Only in a subscriber org with the beta package installed. The Apex tests fake the refusal (BookingSetupTestFactory.FakeOperations.refuseDeploy), and the page's Jest tests cover both readings of the refusal."
  },
  {
    id: 'apex.customMetadataManageability',
    rule: 'Subscribers and package Apex cannot change DeveloperControlled (or Locked) fields of installed custom metadata records (platformRule packaging.customMetadata.fieldManageability).',
    source:
      'https://help.salesforce.com/s/articleView?id=platform.custommetadatatypes_fields.htm&type=5',
    checkedIn:
      "Not checked: the local org lets any deploy update any field of an installed record. The package's mapping fields are SubscriberControlled, so nothing here relies on the refusal."
  }
]);
