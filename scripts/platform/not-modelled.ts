// What a real org does that the local org does not model (see catalogue.ts): these are only
// shown by a real org, most of them in the scratch-org CI job.
import type { NotModelledRule } from './types.ts';

// Lead conversion (scripts/local-org/lead-convert.ts models the call, not all of its effects).
const LEAD_CONVERSION_NOT_MODELLED: readonly NotModelledRule[] = [
  {
    id: 'notModelled.convertLead.permission',
    rule: 'convertLead() needs the "Convert Leads" user permission besides the object access; the local org checks only the object access (Edit on Lead, Create and Edit on Account, Contact and Opportunity).',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_convertlead.htm',
    checkedIn:
      'A real org only. The product never converts Leads; only its tests do, as an admin would.'
  },
  {
    id: 'notModelled.convertLead.mappingsAndRelated',
    rule: "Conversion applies the org's custom Lead field mappings (LeadConvertSettings) and record types, and moves the Lead's related records (such as its activities) to the records it becomes; the local org copies the standard fields only and leaves related records where they are.",
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_leadconvertsettings.htm',
    checkedIn:
      'A real org only. The engine handles both: an Event still naming the converted Lead and one moved to its Contact end on the Contact (scripts/sync/__tests__/converted-leads.test.ts).'
  }
];

export const NOT_MODELLED: readonly NotModelledRule[] = Object.freeze([
  ...LEAD_CONVERSION_NOT_MODELLED
]);
