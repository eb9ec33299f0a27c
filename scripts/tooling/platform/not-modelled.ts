// What a real org does that the local org does not model (see catalogue.ts): these are only
// shown by a real org, most of them in the scratch-org CI job (.github/workflows/ci.yml), which
// deploys the package, runs the Apex tests with coverage and the setup against a scratch org.
import type { NotModelledRule } from './types.ts';

// Lead conversion (scripts/tooling/local-org/lead-convert.ts models the call, not all of its effects).
const LEAD_CONVERSION_NOT_MODELLED: readonly NotModelledRule[] = [
  {
    id: 'api.convertLead.permission',
    title: 'Convert Leads permission',
    rule: 'convertLead() needs the "Convert Leads" user permission besides the object access; the local org checks only the object access (Edit on Lead, Create and Edit on Account, Contact and Opportunity).',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_convertlead.htm',
    checkedIn:
      'A real org only. The product never converts Leads; only its tests do, as an admin would.'
  },
  {
    id: 'api.convertLead.mappingsAndRelated',
    title: 'Lead conversion field mappings and related records',
    rule: "Conversion applies the org's custom Lead field mappings (LeadConvertSettings) and record types, and moves the Lead's related records (such as its activities) to the records it becomes; the local org copies the standard fields only and leaves related records where they are.",
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_leadconvertsettings.htm',
    checkedIn:
      'A real org only. The engine handles both: an Event still naming the converted Lead and one moved to its Contact end on the Contact (scripts/product/sync/__tests__/converted-leads.test.ts).'
  }
];

// Limits a real deploy enforces that the documentation gives no number for (evidence: public
// threads where a real deploy refused them).
const UNDOCUMENTED_LIMITS: readonly NotModelledRule[] = [
  {
    id: 'limit.ApexClass.name',
    title: 'Apex class name: 40 characters (undocumented)',
    rule: 'An Apex class or trigger whose name is over 40 characters fails to compile on deploy ("Type name too long, maximum length is 40"). The documentation gives ApexClass.Name a length of 255 and states no 40-character limit, so neither the gate nor the local org checks it.',
    source: 'https://github.com/SFDO-Community/declarative-lookup-rollup-summaries/issues/25',
    checkedIn: 'the scratch-org CI job (a real deploy)'
  },
  {
    id: 'limit.CustomLabel.shortDescription',
    title: 'Custom label short description: 80 (undocumented)',
    rule: 'A custom label whose shortDescription is over 80 characters fails to deploy ("Value too long for field: MasterLabel maximum length is:80"); the Metadata API documentation gives no length for it.',
    source: 'https://github.com/coveo/ui-kit/pull/1128',
    checkedIn: 'the scratch-org CI job (a real deploy)'
  },
  {
    id: 'limit.undocumented-lengths',
    title: 'Other lengths without a documented number',
    rule: 'Salesforce limits the length of more metadata text than its references give numbers for: CustomField description and inlineHelpText, CustomObject label, pluralLabel and description, CustomTab description, custom metadata record label and DeveloperName, LightningComponentBundle masterLabel. Without a documented number these are not checked here; only a real deploy shows them.',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customfield.htm',
    checkedIn: 'the scratch-org CI job (a real deploy)'
  }
];

// Apex in a subscriber org (the local org runs no Apex).
const APEX_IN_AN_ORG: readonly NotModelledRule[] = [
  {
    id: 'api.apex-mixed-dml',
    title: 'Mixed DML in one transaction',
    rule: 'One transaction cannot do DML on a setup object (User, PermissionSetAssignment, Group, ...) and a non-setup object (including custom settings); it fails with MIXED_DML_OPERATION. In tests, the two go into separate System.runAs blocks.',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_dml_non_mix_sobjects_test_methods.htm',
    checkedIn:
      'Apex runs only in a real org: the scratch-org CI job runs the Apex tests. BookingSetupControllerTest writes the settings and the PermissionSetAssignment in separate runAs blocks.'
  },
  {
    id: 'packaging.apex-metadata-non-certified',
    title: 'Apex metadata deploys from a non-certified package',
    rule: 'Metadata.Operations calls of a managed package that has not passed security review fail in a subscriber org unless Apex Settings > "Deploy Metadata from Non-Certified Package Versions via Apex" is on (platformRule packaging.apexMetadata.nonCertified).',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_metadata_security.htm',
    checkedIn:
      "Only in a subscriber org with the beta package installed. The Apex tests fake the refusal (BookingSetupTestFactory.FakeOperations.refuseDeploy), and the page's Jest tests cover both readings of the refusal."
  },
  {
    id: 'packaging.custom-metadata-manageability',
    title: 'Field manageability of installed custom metadata',
    rule: 'Subscribers and package Apex cannot change DeveloperControlled (or Locked) fields of installed custom metadata records (platformRule packaging.customMetadata.fieldManageability).',
    source:
      'https://help.salesforce.com/s/articleView?id=platform.custommetadatatypes_fields.htm&type=5',
    checkedIn:
      "Not checked: the local org lets any deploy update any field of an installed record. The package's mapping fields are SubscriberControlled, so nothing here relies on the refusal."
  }
];

// SOQL the local org does not answer.
const SOQL_NOT_MODELLED: readonly NotModelledRule[] = [
  {
    id: 'api.soql.typeof',
    title: 'SOQL TYPEOF',
    rule: 'SOQL TYPEOF selects different fields per type of a polymorphic relationship (TYPEOF What WHEN Account THEN Phone ... END).',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_typeof.htm',
    checkedIn:
      'Nowhere: the local org refuses TYPEOF with MALFORMED_QUERY and the product does not use it (it reads Who.Type and the Name fields).'
  },
  {
    id: 'api.soql.statementLength',
    title: 'SOQL statement length: 100,000',
    rule: 'A SOQL statement is at most 100,000 characters by default (SOQL and SOSL limits), whether sent in a URL or a Composite body.',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_soslsoql.htm',
    checkedIn:
      "A real org only; the engine's grouped lookups of 200 bookings stay well below it (a few tens of thousands of characters)."
  }
];

export const NOT_MODELLED: readonly NotModelledRule[] = Object.freeze([
  {
    id: 'api.apex-execution',
    title: 'Apex runs (controller, deployer, tests)',
    rule: 'Apex classes execute in the org; a package version needs Apex tests covering at least 75% of its Apex to be promoted, and every test must pass.',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.pkg2_dev.meta/pkg2_dev/sfdx_dev_dev2gp_code_coverage.htm',
    checkedIn:
      'the scratch-org CI job (Apex tests with coverage); here Apex is only parsed, formatted and scanned by PMD'
  },
  {
    id: 'api.triggers-flows-validation',
    title: 'Triggers, flows, validation rules',
    rule: "A save runs before-save flows, triggers, validation rules, after-save flows and workflow in Salesforce's order of execution; any of them can refuse or change a record the connector writes.",
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_triggers_order_of_execution.htm',
    checkedIn:
      "a customer's sandbox: the local org runs none of them (duplicate and Lead assignment rules are emulated)"
  },
  {
    id: 'permission.record-sharing',
    title: 'Record-level sharing',
    rule: "Organization-wide defaults, the role hierarchy, sharing rules and manual shares decide which records a user may see and edit, after object and field permissions; 'with sharing' Apex honours them.",
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/apex_bulk_sharing_understanding.htm',
    checkedIn:
      'a real org only: the local org checks object and field permissions, never record access'
  },
  {
    id: 'permission.activity-sharing',
    title: 'Activity sharing',
    rule: 'Which events a user with Edit Events may read, edit or delete depends on activity sharing: the owner, the role hierarchy, "Controlled by Parent" (access to the related Lead, Contact, Account or Case), or Modify All Data. The local org has no sharing model: a user with Access Activities reads every event, and with Edit Events edits and deletes every event.',
    source:
      'https://help.salesforce.com/s/articleView?id=platform.sharing_model_fields.htm&language=en_US&type=5',
    checkedIn:
      'A real org only (the scratch-org CI job runs the connector as the System Administrator API user, which Modify All Data lets past sharing).'
  },
  {
    id: 'api.request-allocations',
    title: 'API allocations and concurrency under load',
    rule: 'Daily API request allocations depend on edition and licenses; more than 25 concurrent long-running (20 s+) requests in production are refused with REQUEST_LIMIT_EXCEEDED; calls time out after 10 minutes.',
    source:
      'https://developer.salesforce.com/docs/platform/salesforce-app-limits-cheatsheet/guide/salesforce-app-limits-platform-api.html',
    checkedIn:
      'a real org only: the local org counts calls and injects REQUEST_LIMIT_EXCEEDED on request, but has no allocation or concurrency limit of its own'
  },
  {
    id: 'api.platform-event-delivery',
    title: 'Platform event delivery to the setup page',
    rule: 'lightning/empApi subscribes over a shared CometD connection; the event delivery allocation and the concurrent CometD client limit apply.',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.platform_events.meta/platform_events/platform_events_subscribe_lc.htm',
    checkedIn:
      'a real org: the local org stores the BookingSetupDeployment__e definition but publishes nothing (no Apex runs)'
  },
  {
    id: 'api.fuzzy-duplicate-matching',
    title: 'Fuzzy duplicate matching',
    rule: 'Standard matching rules compare names and addresses with fuzzy matching methods (normalization, match keys, algorithms), not only exact values.',
    source:
      'https://help.salesforce.com/s/articleView?id=sales.matching_rules_overview.htm&language=en_US&type=5',
    checkedIn: 'a real org: the local org matches exact email, name and company, or account name'
  },
  ...LEAD_CONVERSION_NOT_MODELLED,
  ...UNDOCUMENTED_LIMITS,
  ...APEX_IN_AN_ORG,
  ...SOQL_NOT_MODELLED
]);
