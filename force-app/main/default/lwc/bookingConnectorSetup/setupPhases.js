/*
 * Which phase is done, which needs attention, which has not started: derived from the loaded
 * facts with the shared rules (c/bookingRules), never decided again here.
 */
import {
  checkApiUser,
  eventAccess,
  mappingPhaseStatus,
  requiredFieldStatus,
  settingsFromRecord,
  validateSettings
} from 'c/bookingRules';

export const PHASES = [
  'apiConnection',
  'installation',
  'fieldValidation',
  'fieldMapping',
  'creationRules'
];

export const STATUS = { DONE: 'done', ATTENTION: 'attention', NOT_STARTED: 'notStarted' };

/** Standard unless the saved settings say Advanced. */
export function securityMode(settings) {
  return settings?.securityMode === 'Advanced' ? 'Advanced' : 'Standard';
}

/**
 * The facts the field rules need, from the loaded state.
 * @param {object} state getSetupState result (as updated by the phases)
 */
export function fieldFacts(state) {
  const apiUser = state.apiUser;
  return {
    describes: state.objects ?? {},
    namespace: state.org?.namespace ?? null,
    // The org's own namespace: with the package's, it names the mapping records (metadataNames.js).
    orgNamespace: state.org?.orgNamespace ?? null,
    // Event has no object permission: its access comes from the user permissions (apiUserRules).
    apiUserAccess: apiUser?.found
      ? {
          objects: {
            ...(apiUser.objectPermissions ?? {}),
            Event: eventAccess(apiUser.profilePermissions)
          },
          fields: apiUser.fieldEdit ?? {}
        }
      : undefined
  };
}

/**
 * The API-user requirement rows for the chosen mode ([] before a user is chosen).
 * @returns {Array<{id: string, label: string, passed: boolean, fix: string}>}
 */
export function apiUserChecks(state) {
  if (!state.apiUser) return [];
  return checkApiUser(state.apiUser, securityMode(state.settings));
}

/**
 * Problems with the saved creation rules, judged by the shared creation rules. The Apex state
 * carries the settings as camelCase values; they are put back under their field names so
 * settingsFromRecord applies the same defaults the sync engine applies.
 * @param {object | null | undefined} settings the state's settings, null when none is saved
 * @returns {Array<{setting: string, message: string}>}
 */
export function creationRuleProblems(settings) {
  if (!settings) return [];
  const record = {
    MatchOrder__c: settings.matchOrder,
    ContactBeforeLead__c: settings.contactBeforeLead,
    NoMatchAction__c: settings.noMatchAction,
    AccountMatching__c: settings.accountMatching,
    CreateAccount__c: settings.createAccount,
    UpdatePolicy__c: settings.updatePolicy,
    OwnerPolicy__c: settings.ownerPolicy,
    CaseBookingPages__c: settings.caseBookingPages,
    CreatePersonAccounts__c: settings.createPersonAccounts
  };
  return validateSettings(settingsFromRecord(record, null));
}

/**
 * Status of every phase, by phase id.
 * @param {object} state
 * @returns {Record<string, string>}
 */
export function phaseStatuses(state) {
  const hasApiUser = Boolean(state.settings?.apiUsername);
  const checks = apiUserChecks(state);
  const userReady = hasApiUser && checks.length > 0 && checks.every((row) => row.passed);
  // Both modes: the permission set is the only grant of the package's fields and settings.
  const permissionReady = state.apiUser?.apiUserPermissionSetAssigned === true;
  const layoutReady = state.layout?.readable === true && state.layout.missingFields.length === 0;
  const facts = fieldFacts(state);
  const required = requiredFieldStatus(facts, state.mappings ?? []);
  // The shared rule: no active mapping is "not started", never "done".
  const mapping = mappingPhaseStatus(state.mappings ?? [], facts).status;
  const judged = (ok) => (ok ? STATUS.DONE : STATUS.ATTENTION);
  return {
    apiConnection: hasApiUser ? judged(userReady) : STATUS.NOT_STARTED,
    installation: hasApiUser ? judged(permissionReady && layoutReady) : STATUS.NOT_STARTED,
    fieldValidation: judged(required.canSave),
    fieldMapping: mapping,
    // Judged by the creation rules themselves, not by whether an API user is saved.
    creationRules: state.settings
      ? judged(creationRuleProblems(state.settings).length === 0)
      : STATUS.NOT_STARTED
  };
}
