/*
 * Which phase is done, which needs attention, which has not started: derived from the loaded
 * facts with the shared rules (c/bookingRules), never decided again here.
 */
import { checkApiUser, requiredFieldStatus, validateMappings } from 'c/bookingRules';

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
    apiUserAccess: apiUser?.found
      ? { objects: apiUser.objectPermissions ?? {}, fields: apiUser.fieldEdit ?? {} }
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
 * Status of every phase, by phase id.
 * @param {object} state
 * @returns {Record<string, string>}
 */
export function phaseStatuses(state) {
  const hasApiUser = Boolean(state.settings?.apiUsername);
  const checks = apiUserChecks(state);
  const userReady = hasApiUser && checks.length > 0 && checks.every((row) => row.passed);
  const permissionReady =
    securityMode(state.settings) === 'Advanced' ||
    state.apiUser?.apiUserPermissionSetAssigned === true;
  const layoutReady = state.layout?.readable === true && state.layout.missingFields.length === 0;
  const facts = fieldFacts(state);
  const required = requiredFieldStatus(facts, state.mappings ?? []);
  const mappingProblems = validateMappings(state.mappings ?? [], facts);
  const judged = (ok) => (ok ? STATUS.DONE : STATUS.ATTENTION);
  return {
    apiConnection: hasApiUser ? judged(userReady) : STATUS.NOT_STARTED,
    installation: hasApiUser ? judged(permissionReady && layoutReady) : STATUS.NOT_STARTED,
    fieldValidation: judged(required.canSave),
    fieldMapping: judged(mappingProblems.length === 0),
    creationRules: hasApiUser ? STATUS.DONE : STATUS.NOT_STARTED
  };
}
