import { createElement } from 'lwc';
import { registerSa11yMatcher } from '@sa11y/jest';
import BookingConnectorSetup from 'c/bookingConnectorSetup';
import getSetupState from '@salesforce/apex/BookingSetupController.getSetupState';
import assignPermissionSet from '@salesforce/apex/BookingSetupController.assignPermissionSet';
import addFieldsToLayout from '@salesforce/apex/BookingSetupController.addFieldsToLayout';
import getLayoutStatus from '@salesforce/apex/BookingSetupController.getLayoutStatus';

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

beforeAll(() => registerSa11yMatcher());

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

  it('is accessible', async () => {
    const element = await render();
    await expect(element).toBeAccessible();
  });
});
