/*
 * lightning/empApi in the development build: a subscription is a Server-Sent Events stream from
 * the setup-page server, which pushes the platform events the page waits for (deployment
 * results) in the message shape empApi delivers: { channel, data: { event: { replayId },
 * payload } }. Same functions and promises as the real module
 * (https://developer.salesforce.com/docs/component-library/bundle/lightning-emp-api/documentation).
 */
const errorListeners = [];
let nextId = 1;

function reportError(error) {
  for (const listener of errorListeners) listener(error);
}

export function subscribe(channel, replayId, onMessage) {
  return new Promise((resolve, reject) => {
    const source = new EventSource(`/empapi/subscribe?channel=${encodeURIComponent(channel)}`);
    const subscription = { id: nextId++, channel, replayId, source };
    let opened = false;
    source.addEventListener('open', () => {
      opened = true;
      resolve(subscription);
    });
    source.addEventListener('message', (event) => onMessage(JSON.parse(event.data)));
    source.addEventListener('error', () => {
      if (!opened) {
        source.close();
        reject({ error: `Could not subscribe to ${channel}.` });
        return;
      }
      // EventSource reconnects by itself; the page is told the connection dropped.
      reportError({ error: `The connection to ${channel} dropped; reconnecting.` });
    });
  });
}

export function unsubscribe(subscription, callback) {
  subscription?.source?.close();
  const result = { successful: true, subscription: subscription?.channel };
  if (callback) callback(result);
  return Promise.resolve(result);
}

export function onError(callback) {
  errorListeners.push(callback);
}

export function setDebugFlag() {}

export function isEmpEnabled() {
  return Promise.resolve(typeof EventSource === 'function');
}
