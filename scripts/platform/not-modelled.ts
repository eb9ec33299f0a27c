// What a real org does that the local org does not model (see catalogue.ts): these are only
// shown by a real org, most of them in the scratch-org CI job.
import type { NotModelledRule } from './types.ts';

export const NOT_MODELLED: readonly NotModelledRule[] = Object.freeze([
  {
    id: 'limit.ApexClass.name',
    rule: 'An Apex class or trigger whose name is over 40 characters fails to compile on deploy ("Type name too long, maximum length is 40"). The documentation gives ApexClass.Name a length of 255 and states no 40-character limit, so neither the gate nor the local org checks it.',
    source: 'https://github.com/SFDO-Community/declarative-lookup-rollup-summaries/issues/25',
    checkedIn: 'the scratch-org CI job (a real deploy)'
  },
  {
    id: 'limit.CustomLabel.shortDescription',
    rule: 'A custom label whose shortDescription is over 80 characters fails to deploy ("Value too long for field: MasterLabel maximum length is:80"); the Metadata API reference gives no length for it.',
    source: 'https://github.com/coveo/ui-kit/pull/1128',
    checkedIn: 'the scratch-org CI job (a real deploy)'
  },
  {
    id: 'limit.undocumented-lengths',
    rule: 'Salesforce limits the length of more metadata text than its references give numbers for: CustomField description and inlineHelpText, CustomObject label, pluralLabel and description, CustomTab description, custom metadata record label and DeveloperName, LightningComponentBundle masterLabel. Without a documented number these are not checked here; only a real deploy shows them.',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customfield.htm',
    checkedIn: 'the scratch-org CI job (a real deploy)'
  }
]);
