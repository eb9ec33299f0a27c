/*
 * The setup page's one door to Apex and its one error helper. Components call these functions
 * instead of importing Apex themselves, so every failure is reduced to a sentence the admin can
 * act on in the same way, and waiting for an asynchronous deployment is written once.
 */
import getSetupStateApex from '@salesforce/apex/BookingSetupController.getSetupState';
import searchUsersApex from '@salesforce/apex/BookingSetupController.searchUsers';
import getApiUserFactsApex from '@salesforce/apex/BookingSetupController.getApiUserFacts';
import saveSettingsApex from '@salesforce/apex/BookingSetupController.saveSettings';
import assignPermissionSetApex from '@salesforce/apex/BookingSetupController.assignPermissionSet';
import saveMappingsApex from '@salesforce/apex/BookingSetupController.saveMappings';
import getMappingsApex from '@salesforce/apex/BookingSetupController.getMappings';
import getLayoutStatusApex from '@salesforce/apex/BookingSetupController.getLayoutStatus';
import addFieldsToLayoutApex from '@salesforce/apex/BookingSetupController.addFieldsToLayout';
import { apexMetadataRefusal, customMetadataRecordKey } from 'c/bookingRules';
import unknownError from '@salesforce/label/c.BookingSetup_UnknownError';
import apexMetadataRefused from '@salesforce/label/c.BookingSetup_ApexMetadataRefused';
import deploymentTimeout from '@salesforce/label/c.BookingSetup_DeploymentTimeout';

/** How often and how long the page re-reads after starting a deployment. */
export const POLL_INTERVAL_MS = 2000;
export const POLL_TIMEOUT_MS = 90000;

export const loadSetup = () => getSetupStateApex();
export const searchUsers = (searchTerm) => searchUsersApex({ searchTerm });
export const getApiUserFacts = (username) => getApiUserFactsApex({ username });
export const saveSettings = (settings) => saveSettingsApex({ settings });
export const assignPermissionSet = () => assignPermissionSetApex();
export const getMappings = () => getMappingsApex();
export const getLayoutStatus = (layoutName) => getLayoutStatusApex({ layoutName });
/** Start the layout deployment; resolves with its job Id, or null when no field is missing. */
export const startAddFieldsToLayout = (layoutName) => addFieldsToLayoutApex({ layoutName });
/** Start the mappings deployment; resolves with its job Id. */
export const startSaveMappings = (mappings) => saveMappingsApex({ mappings });

/**
 * Save mappings and resolve with the mappings as the org holds them once every saved one reads
 * back as sent. Custom metadata deploys asynchronously, so the records are re-read until then.
 * @param {Array<object>} mappings changed or new mappings
 * @param {{orgNamespace?: string|null}} [org] the org's own namespace: a new record is created in it
 * @returns {Promise<Array<object>>}
 */
export async function saveMappingsAndWait(mappings, org = {}) {
  const jobId = await saveMappingsApex({ mappings });
  return waitFor(
    getMappings,
    (current) => mappings.every((sent) => isSaved(sent, current, org.orgNamespace ?? null)),
    jobId
  );
}

/**
 * Add the package fields to the layout and resolve with its status once none is missing.
 * @param {string} layoutName e.g. 'Event-Event Layout'
 * @returns {Promise<object>} layout status
 */
export async function addFieldsToLayoutAndWait(layoutName) {
  const jobId = await addFieldsToLayoutApex({ layoutName });
  if (!jobId) return getLayoutStatus(layoutName);
  return waitFor(
    () => getLayoutStatus(layoutName),
    (status) => status.readable && status.missingFields.length === 0,
    jobId
  );
}

/** Whether the record sent reads back as sent: the same record (namespace and name), not a namesake. */
function isSaved(sent, current, orgNamespace) {
  const key = customMetadataRecordKey({
    developerName: sent.developerName,
    recordNamespace: sent.namespacePrefix,
    orgNamespace
  });
  const saved = current.find(
    (mapping) =>
      customMetadataRecordKey({
        developerName: mapping.developerName,
        recordNamespace: mapping.namespacePrefix,
        orgNamespace
      }) === key
  );
  return (
    Boolean(saved) &&
    saved.targetObject === sent.targetObject &&
    saved.targetField === sent.targetField &&
    saved.sourceType === sent.sourceType &&
    (saved.sourceValue ?? '') === (sent.sourceValue ?? '') &&
    saved.isActive === (sent.isActive !== false)
  );
}

/**
 * Re-read until done, or fail after POLL_TIMEOUT_MS with a message naming the deployment.
 * @param {() => Promise<any>} read
 * @param {(value: any) => boolean} isDone
 * @param {string} jobId deployment Id, shown if it takes too long
 */
export function waitFor(read, isDone, jobId) {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const attempt = () => {
      read()
        .then((value) => {
          if (isDone(value)) {
            resolve(value);
          } else if (Date.now() - started >= POLL_TIMEOUT_MS) {
            reject(new Error(formatLabel(deploymentTimeout, jobId)));
          } else {
            // eslint-disable-next-line @lwc/lwc/no-async-operation
            setTimeout(attempt, POLL_INTERVAL_MS);
          }
        })
        .catch(reject);
    };
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    setTimeout(attempt, POLL_INTERVAL_MS);
  });
}

/**
 * One sentence from whatever failed: an Apex AuraHandledException, a DML or page error from
 * the UI API, a JavaScript Error, or an array of those.
 * @param {*} error
 * @returns {string}
 */
export function reduceErrors(error) {
  const errors = Array.isArray(error) ? error : [error];
  const messages = errors
    .filter((candidate) => candidate !== undefined && candidate !== null)
    .flatMap((candidate) => {
      const body = candidate.body;
      if (Array.isArray(body)) return body.map((entry) => entry.message);
      if (body?.pageErrors?.length) return body.pageErrors.map((entry) => entry.message);
      if (body?.fieldErrors) {
        return Object.values(body.fieldErrors)
          .flat()
          .map((entry) => entry.message);
      }
      if (typeof body?.message === 'string') return [body.message];
      if (typeof candidate.message === 'string') return [candidate.message];
      if (typeof candidate === 'string') return [candidate];
      return [];
    })
    .filter((message) => typeof message === 'string' && message.trim() !== '')
    .map(explainError);
  return messages.length ? [...new Set(messages)].join(' ') : unknownError;
}

/**
 * A message as the admin should read it: Salesforce refusing the package's Metadata API calls
 * from Apex (a package version that has not passed security review, in an org that does not
 * allow it) becomes the sentence naming the setting to turn on; anything else stays as it is.
 * @param {string} message
 * @returns {string}
 */
export function explainError(message) {
  const refusal = apexMetadataRefusal(message);
  return refusal === null ? message : formatLabel(apexMetadataRefused, refusal);
}

/**
 * Fill {0}, {1}, ... in a custom label.
 * @param {string} label
 * @param  {...any} values
 * @returns {string}
 */
export function formatLabel(label, ...values) {
  return String(label).replace(/\{(\d+)\}/g, (match, index) => {
    const value = values[index];
    return value === undefined || value === null ? match : String(value);
  });
}
