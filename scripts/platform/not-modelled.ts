// What a real org does that the local org does not model (see catalogue.ts): these are only
// shown by a real org, most of them in the scratch-org CI job.
import type { NotModelledRule } from './types.ts';

export const NOT_MODELLED: readonly NotModelledRule[] = Object.freeze([
  {
    id: 'notModelled.soql.typeof',
    rule: 'SOQL TYPEOF selects different fields per type of a polymorphic relationship (TYPEOF What WHEN Account THEN Phone ... END).',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_typeof.htm',
    checkedIn:
      'Nowhere: the local org refuses TYPEOF with MALFORMED_QUERY and the product does not use it (it reads Who.Type and the Name fields).'
  },
  {
    id: 'notModelled.soql.statementLength',
    rule: 'A SOQL statement is at most 100,000 characters by default (SOQL and SOSL limits), whether sent in a URL or a Composite body.',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.salesforce_app_limits_cheatsheet.meta/salesforce_app_limits_cheatsheet/salesforce_app_limits_platform_soslsoql.htm',
    checkedIn:
      "A real org only; the engine's grouped lookups of 200 bookings stay well below it (a few tens of thousands of characters)."
  }
]);
