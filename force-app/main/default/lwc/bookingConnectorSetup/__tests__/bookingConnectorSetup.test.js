import { createElement } from 'lwc';
import BookingConnectorSetup from 'c/bookingConnectorSetup';
import getSetupState from '@salesforce/apex/BookingSetupController.getSetupState';
import assignPermissionSet from '@salesforce/apex/BookingSetupController.assignPermissionSet';
import addFieldsToLayout from '@salesforce/apex/BookingSetupController.addFieldsToLayout';
import getLayoutStatus from '@salesforce/apex/BookingSetupController.getLayoutStatus';
import searchUsers from '@salesforce/apex/BookingSetupController.searchUsers';
import getApiUserFacts from '@salesforce/apex/BookingSetupController.getApiUserFacts';

const mockState = require('./data/getSetupState.json');
const mockAssigned = require('./data/assignPermissionSet.json');

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
jest.mock(
  '@salesforce/apex/BookingSetupController.assignPermissionSet',
  () => ({ default: jest.fn() }),
  { virtual: true }
);
jest.mock('@salesforce/apex/BookingSetupController.searchUsers', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock(
  '@salesforce/apex/BookingSetupController.getApiUserFacts',
  () => ({ default: jest.fn() }),
  { virtual: true }
);

// A macrotask lets every pending Apex promise and re-render settle.
// eslint-disable-next-line @lwc/lwc/no-async-operation
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const clone = (value) => JSON.parse(JSON.stringify(value));

async function render(state = mockState) {
  getSetupState.mockResolvedValue(clone(state));
  const element = createElement('c-booking-connector-setup', { is: BookingConnectorSetup });
  document.body.appendChild(element);
  await flush();
  return element;
}

const phaseButton = (element, id) => element.shadowRoot.querySelector(`button[data-phase="${id}"]`);
const statusOf = (element, id) =>
  phaseButton(element, id).querySelector('lightning-icon').alternativeText;
const apiConnection = (element) =>
  element.shadowRoot.querySelector('c-booking-setup-api-connection');
const saveApiConnection = (element) =>
  apiConnection(element).shadowRoot.querySelector('lightning-button.save');

/** Phase 1 as an admin uses it: type a term, pick the user found. */
async function pickUser(element, username) {
  searchUsers.mockResolvedValue([
    { id: '005000000000009', name: username, username, profileName: 'System Administrator' }
  ]);
  getApiUserFacts.mockResolvedValue({ ...clone(mockState.apiUser), username });
  const input = apiConnection(element).shadowRoot.querySelector('input.search');
  input.value = username.slice(0, 5);
  input.dispatchEvent(new CustomEvent('input'));
  await flush();
  apiConnection(element).shadowRoot.querySelector('[role="option"]').click();
  await flush();
}

async function chooseMode(element, value) {
  apiConnection(element)
    .shadowRoot.querySelector('lightning-radio-group.mode')
    .dispatchEvent(new CustomEvent('change', { detail: { value } }));
  await flush();
}

describe('c-booking-connector-setup', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('loads with exactly one Apex call and shows the org type', async () => {
    const element = await render();
    expect(getSetupState).toHaveBeenCalledTimes(1);
    expect(assignPermissionSet).not.toHaveBeenCalled();
    expect(element.shadowRoot.querySelector('.org-type').textContent).toBe(
      'c.BookingSetup_Sandbox'
    );
    expect(element.shadowRoot.querySelector('.read-only')).toBeNull();
  });

  it('judges each phase with the shared rules', async () => {
    const element = await render();
    expect(statusOf(element, 'apiConnection')).toBe('c.BookingSetup_StatusDone');
    expect(statusOf(element, 'installation')).toBe('c.BookingSetup_StatusAttention');
    // Lead.Company is required and has no value.
    expect(statusOf(element, 'fieldValidation')).toBe('c.BookingSetup_StatusAttention');
    // booking phone cannot go into Lead.Email.
    expect(statusOf(element, 'fieldMapping')).toBe('c.BookingSetup_StatusAttention');
    expect(statusOf(element, 'creationRules')).toBe('c.BookingSetup_StatusDone');
    expect(phaseButton(element, 'apiConnection').getAttribute('aria-current')).toBe('step');
  });

  it('judges the creation rules by the creation rules, not by the API user', async () => {
    const state = clone(mockState);
    state.settings.ownerPolicy = 'Nobody';
    const element = await render(state);
    expect(statusOf(element, 'creationRules')).toBe('c.BookingSetup_StatusAttention');
  });

  it('opens any phase; phases 3 and 4 open the mapping editor on the loaded facts', async () => {
    const element = await render();
    phaseButton(element, 'fieldValidation').click();
    await flush();
    const editor = element.shadowRoot.querySelector('c-booking-setup-field-mappings');
    expect(editor.mode).toBe('required');
    const titles = [...editor.shadowRoot.querySelectorAll('.row-title')].map(
      (node) => node.textContent
    );
    expect(titles).toEqual(['Lead: Last Name (LastName)', 'Lead: Company (Company)']);
    expect(phaseButton(element, 'fieldValidation').getAttribute('aria-current')).toBe('step');
    expect(phaseButton(element, 'apiConnection').getAttribute('aria-current')).toBeNull();

    phaseButton(element, 'fieldMapping').click();
    await flush();
    const mappingEditor = element.shadowRoot.querySelector('c-booking-setup-field-mappings');
    expect(mappingEditor.mode).toBe('mapping');
    const problems = [...mappingEditor.shadowRoot.querySelectorAll('.row-problems')].map(
      (node) => node.textContent
    );
    expect(problems.join(' ')).toMatch(/cannot be written into Lead.Email/);
  });

  it('assigns the permission set and re-checks without a reload', async () => {
    assignPermissionSet.mockResolvedValue(clone(mockAssigned));
    const element = await render();
    phaseButton(element, 'installation').click();
    await flush();
    element.shadowRoot.querySelector('lightning-button.assign').click();
    await flush();
    expect(assignPermissionSet).toHaveBeenCalledTimes(1);
    expect(element.shadowRoot.querySelector('lightning-button.assign')).toBeNull();
    expect(getSetupState).toHaveBeenCalledTimes(1);
  });

  // A custom profile has no grant of the package's fields or protected settings: advanced secure
  // mode needs the permission set as much as standard mode does.
  it('offers the permission set in advanced secure mode and keeps phase 2 open without it', async () => {
    const advanced = clone(mockState);
    advanced.settings.securityMode = 'Advanced';
    advanced.apiUser.apiUserPermissionSetAssigned = false;
    const element = await render(advanced);
    expect(statusOf(element, 'installation')).not.toMatch(/done/i);
    phaseButton(element, 'installation').click();
    await flush();
    expect(element.shadowRoot.querySelector('lightning-button.assign')).not.toBeNull();
  });

  it('lists the missing layout fields and adds them', async () => {
    addFieldsToLayout.mockResolvedValue(null);
    getLayoutStatus.mockResolvedValue({
      layoutName: 'Event-Event Layout',
      readable: true,
      presentFields: ['Booking_Id__c'],
      missingFields: []
    });
    const element = await render();
    phaseButton(element, 'installation').click();
    await flush();
    const fixes = [...element.shadowRoot.querySelectorAll('.check-fix')].map(
      (node) => node.textContent
    );
    expect(fixes).toContain('c.BookingSetup_LayoutMissing');
    element.shadowRoot.querySelector('lightning-button.add-fields').click();
    await flush();
    expect(addFieldsToLayout).toHaveBeenCalledWith({ layoutName: 'Event-Event Layout' });
    expect(element.shadowRoot.querySelector('lightning-button.add-fields')).toBeNull();
  });

  it('shows why the permission set could not be assigned', async () => {
    assignPermissionSet.mockRejectedValue({
      body: { message: 'Choose and save the API user first.' }
    });
    const element = await render();
    phaseButton(element, 'installation').click();
    await flush();
    element.shadowRoot.querySelector('lightning-button.assign').click();
    await flush();
    expect(element.shadowRoot.querySelector('.action-error').textContent).toBe(
      'Choose and save the API user first.'
    );
  });

  it('shows a load failure as a sentence and retries', async () => {
    getSetupState.mockRejectedValueOnce({ body: { message: 'You need View Setup.' } });
    const element = createElement('c-booking-connector-setup', { is: BookingConnectorSetup });
    document.body.appendChild(element);
    await flush();
    expect(element.shadowRoot.querySelector('.load-error').textContent).toBe(
      'You need View Setup.'
    );
    getSetupState.mockResolvedValue(clone(mockState));
    element.shadowRoot.querySelector('lightning-button.retry').click();
    await flush();
    expect(element.shadowRoot.querySelector('.load-error')).toBeNull();
    expect(element.shadowRoot.querySelector('nav')).not.toBeNull();
  });

  it('says when no API user is chosen yet', async () => {
    const state = clone(mockState);
    state.settings.apiUsername = null;
    state.apiUser = null;
    const element = await render(state);
    expect(element.shadowRoot.querySelector('.no-api-user')).not.toBeNull();
    expect(statusOf(element, 'apiConnection')).toBe('c.BookingSetup_StatusNotStarted');
  });

  it('updates every phase status when the API connection phase reports a change', async () => {
    const element = await render();
    const phase = element.shadowRoot.querySelector('c-booking-setup-api-connection');
    phase.dispatchEvent(
      new CustomEvent('statechange', {
        detail: { settings: { ...mockState.settings, apiUsername: null }, apiUser: null }
      })
    );
    await flush();
    expect(statusOf(element, 'apiConnection')).toBe('c.BookingSetup_StatusNotStarted');
    expect(statusOf(element, 'installation')).toBe('c.BookingSetup_StatusNotStarted');
    expect(getSetupState).toHaveBeenCalledTimes(1);
  });

  // Issue 13 defect 7: an empty org said "no API user" and "nothing needs attention" at once,
  // and showed field mapping done with no mappings.
  it('in an empty org, says only that no API user is chosen and shows no phase 4 as done', async () => {
    const empty = clone(mockState);
    empty.settings = { ...empty.settings, apiUsername: null };
    empty.apiUser = null;
    empty.mappings = [];
    const element = await render(empty);
    expect(element.shadowRoot.querySelector('.no-api-user')).not.toBeNull();
    expect(element.shadowRoot.querySelector('.nothing')).toBeNull();
    expect(statusOf(element, 'fieldMapping')).toBe('c.BookingSetup_StatusNotStarted');
  });
});

// Issue 13 defect 1: the container merged phase 1's unsaved choice into the settings it passed
// back down, so the phase compared its draft with itself and Save never came on.
describe('c-booking-connector-setup phase 1 draft', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('passes the saved settings down and holds a picked user apart, so Save comes on', async () => {
    const element = await render();
    expect(saveApiConnection(element).disabled).toBe(true);
    await pickUser(element, 'other@acme.example');
    expect(apiConnection(element).settings).toEqual(mockState.settings);
    expect(apiConnection(element).draft).toEqual({
      ...mockState.settings,
      apiUsername: 'other@acme.example'
    });
    expect(saveApiConnection(element).disabled).toBe(false);
  });

  it('enables Save after a mode switch, and a switch back is no draft: Save off, Assign offered', async () => {
    const element = await render();
    await chooseMode(element, 'Advanced');
    expect(apiConnection(element).settings).toEqual(mockState.settings);
    expect(apiConnection(element).draft).toEqual({
      ...mockState.settings,
      securityMode: 'Advanced'
    });
    expect(saveApiConnection(element).disabled).toBe(false);

    await chooseMode(element, 'Standard');
    expect(apiConnection(element).draft).toBeUndefined();
    expect(saveApiConnection(element).disabled).toBe(true);
    // A draft hides Assign (it would assign to the saved user); the saved choice does not.
    phaseButton(element, 'installation').click();
    await flush();
    expect(element.shadowRoot.querySelector('lightning-button.assign')).not.toBeNull();
  });

  it('shows the draft, not the saved user, when phase 1 is opened again', async () => {
    const element = await render();
    await pickUser(element, 'other@acme.example');
    phaseButton(element, 'installation').click();
    await flush();
    expect(apiConnection(element)).toBeNull();
    phaseButton(element, 'apiConnection').click();
    await flush();
    expect(apiConnection(element).shadowRoot.querySelector('input.search').value).toBe(
      'other@acme.example'
    );
    expect(saveApiConnection(element).disabled).toBe(false);
  });

  it('ends the draft when the saved user is picked again', async () => {
    const element = await render();
    await pickUser(element, 'other@acme.example');
    expect(apiConnection(element).draft).toBeDefined();
    await pickUser(element, mockState.settings.apiUsername);
    expect(apiConnection(element).draft).toBeUndefined();
    expect(saveApiConnection(element).disabled).toBe(true);
  });
});
