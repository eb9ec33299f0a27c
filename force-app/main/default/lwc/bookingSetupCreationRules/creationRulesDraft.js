/*
 * The creation-rules form edits settings in the shape of the shared rules (lists as arrays);
 * the Apex state carries them as strings (lists comma-separated, booking pages one per line).
 * These two functions convert between the shapes, applying the same defaults as the sync engine
 * (settingsFromRecord), so what the form shows is what the connector will do.
 */
import { settingsFromRecord } from 'c/bookingRules';

/**
 * Form values from the state's settings (null when nothing is saved yet: the defaults).
 * @param {object | null | undefined} settings BookingSetupState.Settings
 * @returns {object} settings in the shape of DEFAULT_SETTINGS
 */
export function draftFromSettings(settings) {
  if (!settings) return settingsFromRecord(null, null);
  return settingsFromRecord(
    {
      MatchOrder__c: settings.matchOrder,
      ContactBeforeLead__c: settings.contactBeforeLead,
      NoMatchAction__c: settings.noMatchAction,
      AccountMatching__c: settings.accountMatching,
      CreateAccount__c: settings.createAccount,
      UpdatePolicy__c: settings.updatePolicy,
      OwnerPolicy__c: settings.ownerPolicy,
      CaseBookingPages__c: settings.caseBookingPages,
      CreatePersonAccounts__c: settings.createPersonAccounts
    },
    null
  );
}

/**
 * The settings to save: the state's other settings (API user, security mode) kept, the
 * creation rules replaced by the form's values in the strings the settings fields hold.
 * @param {object | null | undefined} settings BookingSetupState.Settings as loaded
 * @param {object} draft form values
 * @returns {object} BookingSetupState.Settings
 */
export function settingsFromDraft(settings, draft) {
  return {
    ...(settings ?? {}),
    matchOrder: draft.matchOrder.join(','),
    contactBeforeLead: draft.contactBeforeLead,
    noMatchAction: draft.noMatchAction,
    accountMatching: draft.accountMatching.join(','),
    createAccount: draft.createAccount,
    updatePolicy: draft.updatePolicy,
    ownerPolicy: draft.ownerPolicy,
    caseBookingPages: draft.caseBookingPages.join('\n'),
    createPersonAccounts: draft.createPersonAccounts
  };
}
