// What a real org does that the local org does not model (see catalogue.ts): these are only
// shown by a real org, most of them in the scratch-org CI job.
import type { NotModelledRule } from './types.ts';

export const NOT_MODELLED: readonly NotModelledRule[] = Object.freeze([
  {
    id: 'notModelled.sharing.activities',
    rule: 'Which events a user with Edit Events may read, edit or delete depends on activity sharing: the owner, the role hierarchy, "Controlled by Parent" (access to the related Lead, Contact, Account or Case), or Modify All Data. The local org has no sharing model: a user with Access Activities reads every event, and with Edit Events edits and deletes every event.',
    source:
      'https://help.salesforce.com/s/articleView?id=platform.sharing_model_fields.htm&language=en_US&type=5',
    checkedIn:
      'A real org only (the scratch-org CI job runs the connector as the System Administrator API user, which Modify All Data lets past sharing).'
  }
]);
