import { readFileSync } from 'fs';
import { dirname, join } from 'path';
import { createElement } from 'lwc';
import { registerSa11yMatcher } from '@sa11y/jest';
import { subscribe, unsubscribe, onError } from 'lightning/empApi';
import BookingConnectorSetup, { DEPLOYMENT_TIMEOUT_MS } from 'c/bookingConnectorSetup';
import getSetupState from '@salesforce/apex/BookingSetupController.getSetupState';
import addFieldsToLayout from '@salesforce/apex/BookingSetupController.addFieldsToLayout';
import getLayoutStatus from '@salesforce/apex/BookingSetupController.getLayoutStatus';
import saveMappings from '@salesforce/apex/BookingSetupController.saveMappings';

const mockState = require('./data/getSetupState.json');

jest.mock(
  '@salesforce/label/c.BookingSetup_ApexMetadataRefused',
  () => ({
    default:
      'Salesforce did not let the Booking Connector change metadata from Apex ({0}). Until this package version has passed security review, an admin must turn on Setup > Apex Settings > Deploy Metadata from Non-Certified Package Versions via Apex. Turn it on, then try again.'
  }),
  { virtual: true }
);

jest.mock('@salesforce/customPermission/Manage_Booking_Connector', () => ({ default: true }), {
  virtual: true
});
jest.mock('@salesforce/apex/BookingSetupController.getSetupState', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock(
  '@salesforce/apex/BookingSetupController.addFieldsToLayout',
  () => ({ default: jest.fn() }),
  { virtual: true }
);
jest.mock(
  '@salesforce/apex/BookingSetupController.getLayoutStatus',
  () => ({ default: jest.fn() }),
  { virtual: true }
);
jest.mock('@salesforce/apex/BookingSetupController.saveMappings', () => ({ default: jest.fn() }), {
  virtual: true
});
// The deployment labels as written in CustomLabels, so the job Id placeholder is exercised.
jest.mock(
  '@salesforce/label/c.BookingSetup_DeploymentQueued',
  () => ({ default: 'Deployment {0} is queued.' }),
  { virtual: true }
);
jest.mock(
  '@salesforce/label/c.BookingSetup_DeploymentSucceeded',
  () => ({ default: 'Deployment {0} succeeded.' }),
  { virtual: true }
);
jest.mock(
  '@salesforce/label/c.BookingSetup_DeploymentFailed',
  () => ({ default: 'Deployment {0} failed. Fix these errors, then try again:' }),
  { virtual: true }
);
jest.mock(
  '@salesforce/label/c.BookingSetup_DeploymentTimeout',
  () => ({ default: 'Check Setup > Deployment Status for deployment {0}, then reload this page.' }),
  { virtual: true }
);
jest.mock(
  '@salesforce/label/c.BookingSetup_DeploymentUpdatesOff',
  () => ({ default: 'Live deployment updates are not available: {0}' }),
  { virtual: true }
);

const JOB_ID = '0Af5g00000AbCdEFGH';
const COMPLETE_LAYOUT = {
  layoutName: 'Event-Event Layout',
  readable: true,
  presentFields: ['Booking_Id__c'],
  missingFields: []
};

// A macrotask lets every pending promise and re-render settle (real timers only).
// eslint-disable-next-line @lwc/lwc/no-async-operation
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
// Under fake timers only microtasks can be drained.
const drainMicrotasks = async () => {
  for (let i = 0; i < 10; i++) {
    // eslint-disable-next-line no-await-in-loop
    await Promise.resolve();
  }
};
const clone = (value) => JSON.parse(JSON.stringify(value));

let deliver;

async function render(state = mockState) {
  getSetupState.mockResolvedValue(clone(state));
  const element = createElement('c-booking-connector-setup', { is: BookingConnectorSetup });
  document.body.appendChild(element);
  await flush();
  return element;
}

/** An empApi message as the streaming client delivers a BookingSetupDeployment__e. */
function eventMessage(payload) {
  return {
    channel: '/event/BookingSetupDeployment__e',
    data: { schema: 'x', event: { replayId: 7 }, payload }
  };
}

async function addFields(element) {
  element.shadowRoot.querySelector('button[data-phase="installation"]').click();
  await flush();
  element.shadowRoot.querySelector('lightning-button.add-fields').click();
  await flush();
}

const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const texts = (element, selector) =>
  [...element.shadowRoot.querySelectorAll(selector)].map((node) => node.textContent.trim());

/** The SLDS stylesheet the page is styled with in the org, as one string. */
const sldsStylesheet = () =>
  readFileSync(
    join(
      dirname(require.resolve('@salesforce-ux/design-system/package.json')),
      'assets/styles/salesforce-lightning-design-system.css'
    ),
    'utf8'
  );
/** The slds- classes of a node that the SLDS stylesheet never styles (so look like nothing). */
const unknownSldsClasses = (node, stylesheet) =>
  [...node.classList]
    .filter((name) => name.startsWith('slds-'))
    .filter((name) => !new RegExp(`\\.${name}(?![\\w-])`).test(stylesheet));

const editor = (element) => $(element, 'c-booking-setup-field-mappings');
/** Phase 3 as an admin uses it: give Lead.Company a value and save. */
async function saveRequiredValue(element) {
  saveMappings.mockResolvedValue(JOB_ID);
  $(element, 'button[data-phase="fieldValidation"]').click();
  await flush();
  const company = editor(element).shadowRoot.querySelector(
    '[data-target="Lead.Company"] lightning-combobox.value'
  );
  company.dispatchEvent(new CustomEvent('change', { detail: { value: 'company' } }));
  await flush();
  editor(element).shadowRoot.querySelector('lightning-button.save').click();
  await flush();
}
/** Whether the editor, mounted for phases 3 and 4 alike, says anything about a deployment. */
const editorSpeaks = (element) =>
  editor(element).shadowRoot.textContent.includes(JOB_ID) ||
  editor(element).shadowRoot.querySelectorAll('[role="status"]').length > 0;
/** The state after the phase 3 save has been deployed: Lead.Company mapped. */
function savedState() {
  const refreshed = clone(mockState);
  refreshed.mappings.push({
    developerName: 'Lead_Company',
    namespacePrefix: null,
    label: 'Lead Company',
    targetObject: 'Lead',
    targetField: 'Company',
    sourceType: 'BookingField',
    sourceValue: 'company',
    isActive: true
  });
  return refreshed;
}

beforeAll(() => registerSa11yMatcher());

beforeEach(() => {
  deliver = undefined;
  subscribe.mockImplementation((channel, replayId, callback) => {
    deliver = callback;
    return Promise.resolve({ id: 'subscription-1', channel, replayId });
  });
});

afterEach(() => {
  while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  jest.clearAllMocks();
  jest.useRealTimers();
});

describe('c-booking-connector-setup deployment events', () => {
  it('subscribes to new events of the deployment channel after one Apex call', async () => {
    await render();
    expect(getSetupState).toHaveBeenCalledTimes(1);
    expect(subscribe).toHaveBeenCalledTimes(1);
    expect(subscribe).toHaveBeenCalledWith(
      '/event/BookingSetupDeployment__e',
      -1,
      expect.any(Function)
    );
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('uses the package namespace in the channel and the event fields', async () => {
    const namespaced = clone(mockState);
    namespaced.org.namespace = 'bkconn';
    addFieldsToLayout.mockResolvedValue(JOB_ID);
    const element = await render(namespaced);
    expect(subscribe.mock.calls[0][0]).toBe('/event/bkconn__BookingSetupDeployment__e');
    await addFields(element);
    deliver(
      eventMessage({
        bkconn__JobId__c: JOB_ID,
        bkconn__Status__c: 'Failed',
        bkconn__Errors__c: 'Layout Event-Event Layout: Field bkconn__Booking_Id__c does not exist'
      })
    );
    await flush();
    expect(texts(element, '.deployment-error')).toEqual([
      'Layout Event-Event Layout: Field bkconn__Booking_Id__c does not exist'
    ]);
  });

  it('shows a layout deployment as queued, then succeeded, and re-reads the state', async () => {
    addFieldsToLayout.mockResolvedValue(JOB_ID);
    const element = await render();
    await addFields(element);
    expect(addFieldsToLayout).toHaveBeenCalledWith({ layoutName: 'Event-Event Layout' });
    expect(texts(element, '.deployment-message')).toEqual([`Deployment ${JOB_ID} is queued.`]);
    expect(getLayoutStatus).not.toHaveBeenCalled();
    expect($(element, 'lightning-button.add-fields').disabled).toBe(true);

    const refreshed = clone(mockState);
    refreshed.layout = COMPLETE_LAYOUT;
    getSetupState.mockResolvedValue(refreshed);
    // The callback's Id may be the 15-character form of the Id Apex returned.
    deliver(eventMessage({ JobId__c: JOB_ID.slice(0, 15), Status__c: 'Succeeded', Errors__c: '' }));
    await flush();

    expect(texts(element, '.deployment-message')).toEqual([`Deployment ${JOB_ID} succeeded.`]);
    expect($(element, '.deployment').className).toContain('slds-theme_success');
    expect($(element, '.deployment').dataset.state).toBe('succeeded');
    expect(getSetupState).toHaveBeenCalledTimes(2);
    expect($(element, 'lightning-button.add-fields')).toBeNull();
  });

  // Issue 13 defect 3: slds-alert_info and slds-alert_success are no SLDS classes, so a queued
  // and a succeeded deployment looked the same.
  it('shows a queued and a succeeded deployment in distinct themes that SLDS defines', async () => {
    addFieldsToLayout.mockResolvedValue(JOB_ID);
    const element = await render();
    const stylesheet = sldsStylesheet();
    await addFields(element);
    const queued = $(element, '.deployment');
    expect(queued.dataset.state).toBe('queued');
    expect(unknownSldsClasses(queued, stylesheet)).toEqual([]);
    const queuedClasses = [...queued.classList];

    getSetupState.mockResolvedValue(clone(mockState));
    deliver(eventMessage({ JobId__c: JOB_ID, Status__c: 'Succeeded', Errors__c: '' }));
    await flush();
    const succeeded = $(element, '.deployment');
    expect(succeeded.dataset.state).toBe('succeeded');
    expect(unknownSldsClasses(succeeded, stylesheet)).toEqual([]);
    expect(succeeded.classList).toContain('slds-theme_success');
    // What tells the two apart is a class SLDS styles, present on one and not the other.
    const distinct = [...succeeded.classList].filter((name) => !queuedClasses.includes(name));
    expect(distinct.filter((name) => name.startsWith('slds-'))).not.toEqual([]);
  });

  it('shows a failed deployment with each component error and does not re-read', async () => {
    addFieldsToLayout.mockResolvedValue(JOB_ID);
    const element = await render();
    await addFields(element);
    deliver(
      eventMessage({
        JobId__c: JOB_ID,
        Status__c: 'Failed',
        Errors__c:
          'CustomMetadata BookingFieldMapping.Lead_Email: Field Email is not valid\nLayout Event-Event Layout: Insufficient access'
      })
    );
    await flush();
    expect(texts(element, '.deployment-message')).toEqual([
      `Deployment ${JOB_ID} failed. Fix these errors, then try again:`
    ]);
    expect(texts(element, '.deployment-error')).toEqual([
      'CustomMetadata BookingFieldMapping.Lead_Email: Field Email is not valid',
      'Layout Event-Event Layout: Insufficient access'
    ]);
    expect($(element, '.deployment').className).toContain('slds-theme_error');
    expect(getSetupState).toHaveBeenCalledTimes(1);
    await expect(element).toBeAccessible();
  });

  it('names the Apex setting when adding the layout fields is refused, at once or in the deployment', async () => {
    const setting =
      'Setup > Apex Settings > Deploy Metadata from Non-Certified Package Versions via Apex';
    // Reading 1: the Metadata API call in Apex throws, and Apex returns its code.
    addFieldsToLayout.mockRejectedValueOnce({
      body: { message: 'BOOKING_APEX_METADATA_REFUSED: Insufficient privileges' }
    });
    const element = await render();
    await addFields(element);
    expect($(element, '.action-error').textContent).toContain(setting);
    expect($(element, '.action-error').textContent).toContain('(Insufficient privileges)');
    // Reading 2: the deployment is queued and fails with the refusal's wording.
    addFieldsToLayout.mockResolvedValue(JOB_ID);
    element.shadowRoot.querySelector('lightning-button.add-fields').click();
    await flush();
    deliver(
      eventMessage({
        JobId__c: JOB_ID,
        Status__c: 'Failed',
        Errors__c: 'Layout Event-Event Layout: Not allowed to install or modify metadata via Apex'
      })
    );
    await flush();
    expect(texts(element, '.deployment-error')[0]).toContain(setting);
  });

  it('names the Apex setting when the layout cannot be read for that reason', async () => {
    const refused = clone(mockState);
    refused.layout = {
      layoutName: 'Event-Event Layout',
      readable: false,
      error: 'BOOKING_APEX_METADATA_REFUSED: Insufficient privileges',
      presentFields: [],
      missingFields: []
    };
    const element = await render(refused);
    element.shadowRoot.querySelector('button[data-phase="installation"]').click();
    await flush();
    expect(element.shadowRoot.textContent).toContain(
      'Deploy Metadata from Non-Certified Package Versions via Apex'
    );
    expect(element.shadowRoot.textContent).not.toContain('BOOKING_APEX_METADATA_REFUSED');
  });

  it('ignores events of deployments this page did not start', async () => {
    addFieldsToLayout.mockResolvedValue(JOB_ID);
    const element = await render();
    await addFields(element);
    deliver(eventMessage({ JobId__c: '0Af5g00000ZzZzZAAA', Status__c: 'Failed', Errors__c: 'x' }));
    deliver(eventMessage({ Status__c: 'Succeeded' }));
    await flush();
    expect(texts(element, '.deployment-message')).toEqual([`Deployment ${JOB_ID} is queued.`]);
  });

  it('applies a result that arrives before Apex has returned the job Id', async () => {
    let returnJobId;
    addFieldsToLayout.mockReturnValue(
      new Promise((resolve) => {
        returnJobId = resolve;
      })
    );
    const element = await render();
    await addFields(element);
    deliver(eventMessage({ JobId__c: JOB_ID, Status__c: 'Failed', Errors__c: 'Layout X: broken' }));
    returnJobId(JOB_ID);
    await flush();
    expect(texts(element, '.deployment-message')).toEqual([
      `Deployment ${JOB_ID} failed. Fix these errors, then try again:`
    ]);
  });

  it('follows a deployment a phase reports with a bubbling deploymentstart event', async () => {
    const element = await render();
    $(element, 'button[data-phase="creationRules"]').click();
    await flush();
    $(element, 'c-booking-setup-creation-rules').dispatchEvent(
      new CustomEvent('deploymentstart', { bubbles: true, detail: { jobId: JOB_ID } })
    );
    await flush();
    expect(texts(element, '.deployment-message')).toEqual([`Deployment ${JOB_ID} is queued.`]);
    deliver(eventMessage({ JobId__c: JOB_ID, Status__c: 'Succeeded' }));
    await flush();
    expect(texts(element, '.deployment-message')).toEqual([`Deployment ${JOB_ID} succeeded.`]);
    expect(getSetupState).toHaveBeenCalledTimes(2);
  });

  // Issue 13 defect 6: the editor's "Saved. Deployment ... is queued" stayed after the
  // deployment succeeded and carried over from phase 3 into phase 4 (one editor instance).
  it('leaves a phase 3 save to the page: once it succeeded, phase 4 shows nothing of it', async () => {
    const element = await render();
    await saveRequiredValue(element);
    expect(texts(element, '.deployment-message')).toEqual([`Deployment ${JOB_ID} is queued.`]);
    expect(editorSpeaks(element)).toBe(false);

    getSetupState.mockResolvedValue(savedState());
    deliver(eventMessage({ JobId__c: JOB_ID, Status__c: 'Succeeded', Errors__c: '' }));
    await flush();
    expect(texts(element, '.deployment-message')).toEqual([`Deployment ${JOB_ID} succeeded.`]);
    expect(editorSpeaks(element)).toBe(false);

    $(element, 'button[data-phase="fieldMapping"]').click();
    await flush();
    expect(editor(element).mode).toBe('mapping');
    expect($(element, '.deployment')).toBeNull();
    expect(editorSpeaks(element)).toBe(false);
  });

  it('shows a phase 3 deployment still queued in phase 4 once, as the page follows it', async () => {
    const element = await render();
    await saveRequiredValue(element);
    $(element, 'button[data-phase="fieldMapping"]').click();
    await flush();
    expect(texts(element, '.deployment-message')).toEqual([`Deployment ${JOB_ID} is queued.`]);
    expect(editorSpeaks(element)).toBe(false);

    getSetupState.mockResolvedValue(savedState());
    deliver(eventMessage({ JobId__c: JOB_ID, Status__c: 'Succeeded', Errors__c: '' }));
    await flush();
    expect(texts(element, '.deployment-message')).toEqual([`Deployment ${JOB_ID} succeeded.`]);
    expect(element.shadowRoot.textContent).not.toMatch(/queued/);
    expect(editorSpeaks(element)).toBe(false);
  });

  it('says where to look when no event arrives in time', async () => {
    addFieldsToLayout.mockResolvedValue(JOB_ID);
    const element = await render();
    element.shadowRoot.querySelector('button[data-phase="installation"]').click();
    await flush();
    jest.useFakeTimers();
    element.shadowRoot.querySelector('lightning-button.add-fields').click();
    await drainMicrotasks();
    expect(texts(element, '.deployment-message')).toEqual([`Deployment ${JOB_ID} is queued.`]);
    jest.advanceTimersByTime(DEPLOYMENT_TIMEOUT_MS - 1);
    await drainMicrotasks();
    expect(texts(element, '.deployment-message')).toEqual([`Deployment ${JOB_ID} is queued.`]);
    jest.advanceTimersByTime(1);
    await drainMicrotasks();
    expect(texts(element, '.deployment-message')).toEqual([
      `Check Setup > Deployment Status for deployment ${JOB_ID}, then reload this page.`
    ]);
    expect($(element, '.deployment').className).toContain('slds-theme_warning');
  });

  it('reads the layout at once when nothing had to be deployed', async () => {
    addFieldsToLayout.mockResolvedValue(null);
    getLayoutStatus.mockResolvedValue(COMPLETE_LAYOUT);
    const element = await render();
    await addFields(element);
    expect(getLayoutStatus).toHaveBeenCalledWith({ layoutName: 'Event-Event Layout' });
    expect($(element, '.deployment')).toBeNull();
    expect($(element, 'lightning-button.add-fields')).toBeNull();
  });

  it('says so when the streaming connection fails', async () => {
    const element = await render();
    expect($(element, '.deployment-updates-off')).toBeNull();
    const reportError = onError.mock.calls[0][0];
    reportError({ successful: false, error: '403::Handshake denied' });
    await flush();
    expect($(element, '.deployment-updates-off').textContent.trim()).toBe(
      'Live deployment updates are not available: 403::Handshake denied'
    );
  });

  it('says so when the subscription is refused', async () => {
    subscribe.mockRejectedValue(new Error('The channel does not exist'));
    const element = await render();
    expect($(element, '.deployment-updates-off').textContent.trim()).toBe(
      'Live deployment updates are not available: The channel does not exist'
    );
  });

  it('unsubscribes and stops waiting when the page closes', async () => {
    addFieldsToLayout.mockResolvedValue(JOB_ID);
    const element = await render();
    await addFields(element);
    const clearSpy = jest.spyOn(window, 'clearTimeout');
    document.body.removeChild(element);
    expect(unsubscribe).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'subscription-1' }),
      expect.any(Function)
    );
    expect(clearSpy).toHaveBeenCalled();
    clearSpy.mockRestore();
  });
});

describe('c-booking-connector-setup creation rules phase', () => {
  it('shows the creation rules form with the loaded settings instead of a checks list', async () => {
    const element = await render();
    $(element, 'button[data-phase="creationRules"]').click();
    await flush();
    const form = $(element, 'c-booking-setup-creation-rules');
    expect(form.settings).toEqual(mockState.settings);
    expect(form.readOnly).toBe(false);
    expect(form.hasPersonAccounts).toBe(false);
    expect($(element, '.nothing')).toBeNull();
    expect($(element, '.checks')).toBeNull();
  });

  it('updates the phase status when the form saves settings', async () => {
    const invalid = clone(mockState);
    invalid.settings.ownerPolicy = 'Nobody';
    const element = await render(invalid);
    const status = () =>
      $(element, 'button[data-phase="creationRules"]').querySelector('lightning-icon').iconName;
    expect(status()).toBe('utility:warning');
    $(element, 'button[data-phase="creationRules"]').click();
    await flush();
    $(element, 'c-booking-setup-creation-rules').dispatchEvent(
      new CustomEvent('statechange', {
        detail: { settings: { ...invalid.settings, ownerPolicy: 'Keep' }, saved: true }
      })
    );
    await flush();
    expect(status()).toBe('utility:success');
    expect(getSetupState).toHaveBeenCalledTimes(1);
  });
});
