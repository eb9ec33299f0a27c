/*
 * Live deployment results for the setup page. BookingMetadataDeployCallback publishes a
 * BookingSetupDeployment__e when a deployment the page started ends; the page subscribes to its
 * channel with lightning/empApi and matches each event to the deployments it is waiting for.
 */
import { subscribe, unsubscribe, onError } from 'lightning/empApi';
import { withNamespace } from 'c/bookingRules';

export const DEPLOYMENT = Object.freeze({
  QUEUED: 'queued',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  TIMED_OUT: 'timedOut'
});

/**
 * The event channel in this org: the event's API name carries the package namespace.
 * @param {string | null | undefined} namespace from the setup state (org.namespace)
 * @returns {string} e.g. /event/bkconn__BookingSetupDeployment__e
 */
export function deploymentChannel(namespace) {
  return `/event/${withNamespace('BookingSetupDeployment__e', namespace)}`;
}

/**
 * A deployment's outcome from an empApi message.
 * @param {{data?: {payload?: object}}} message as empApi delivers it
 * @param {string | null | undefined} namespace
 * @returns {{jobId: string, succeeded: boolean, status: string, errors: string[]} | null} null
 *   when the message carries no job id
 */
export function deploymentResult(message, namespace) {
  const payload = message?.data?.payload ?? {};
  const read = (name) => payload[withNamespace(name, namespace)] ?? payload[name];
  const jobId = read('JobId__c');
  if (!jobId) return null;
  const status = String(read('Status__c') ?? '');
  const errors = String(read('Errors__c') ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return { jobId, status, succeeded: status === 'Succeeded' && errors.length === 0, errors };
}

/**
 * Whether two record Ids name the same record: Apex may hand out the 18-character form where the
 * event carries the 15-character one, or the other way round.
 */
export function sameJob(first, second) {
  if (!first || !second) return false;
  return String(first).slice(0, 15) === String(second).slice(0, 15);
}

/**
 * Subscribe to deployment results. Errors of the streaming connection (the user lacks Read on
 * the event, the org blocks streaming...) go to onFailure with the reason empApi gives.
 * @param {string | null | undefined} namespace
 * @param {(result: object) => void} onResult called with each deploymentResult
 * @param {(reason: string) => void} onFailure
 * @returns {Promise<object>} the subscription, for unsubscribeFromDeployments
 */
export function subscribeToDeployments(namespace, onResult, onFailure) {
  onError((error) => onFailure(streamingError(error)));
  return subscribe(deploymentChannel(namespace), -1, (message) => {
    const result = deploymentResult(message, namespace);
    if (result) onResult(result);
  });
}

/**
 * End a subscription (when the page closes); nothing to do when there is none.
 * @param {object | null | undefined} subscription
 */
export function unsubscribeFromDeployments(subscription) {
  return subscription ? unsubscribe(subscription, () => {}) : Promise.resolve();
}

function streamingError(error) {
  if (typeof error === 'string') return error;
  return error?.error ?? error?.message ?? JSON.stringify(error);
}
