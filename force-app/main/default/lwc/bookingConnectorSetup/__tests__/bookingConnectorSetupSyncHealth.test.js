import { createElement } from 'lwc';
import { registerSa11yMatcher } from '@sa11y/jest';
import BookingConnectorSetup from 'c/bookingConnectorSetup';
import getSetupState from '@salesforce/apex/BookingSetupController.getSetupState';

const mockState = require('./data/getSetupStateSyncHealth.json');

jest.mock('@salesforce/customPermission/Manage_Booking_Connector', () => ({ default: true }), {
  virtual: true
});
jest.mock('@salesforce/apex/BookingSetupController.getSetupState', () => ({ default: jest.fn() }), {
  virtual: true
});

// eslint-disable-next-line @lwc/lwc/no-async-operation
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const clone = (value) => JSON.parse(JSON.stringify(value));

async function render(state) {
  getSetupState.mockResolvedValue(clone(state));
  const element = createElement('c-booking-connector-setup', { is: BookingConnectorSetup });
  document.body.appendChild(element);
  await flush();
  return element;
}

const section = (element) => element.shadowRoot.querySelector('c-booking-setup-sync-health');

beforeAll(() => registerSa11yMatcher());

afterEach(() => {
  while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  jest.clearAllMocks();
});

describe('c-booking-connector-setup sync health', () => {
  it('feeds the section from the one getSetupState call', async () => {
    const element = await render(mockState);
    expect(getSetupState).toHaveBeenCalledTimes(1);
    expect(section(element).syncHealth).toEqual(mockState.syncHealth);
    expect(section(element).settings).toEqual(mockState.settings);
    expect(section(element).readOnly).toBe(false);
    await expect(element).toBeAccessible();
  });

  it('shows the section when the state has no syncHealth member', async () => {
    const state = clone(mockState);
    delete state.syncHealth;
    const element = await render(state);
    expect(section(element)).not.toBeNull();
    expect(section(element).syncHealth).toBeUndefined();
  });

  it('keeps the settings the section saved as the state of every phase', async () => {
    const element = await render(mockState);
    const saved = { ...mockState.settings, apiBudgetPercent: 20 };
    section(element).dispatchEvent(
      new CustomEvent('statechange', { detail: { settings: saved, saved: true } })
    );
    await flush();
    expect(section(element).settings).toEqual(saved);
    element.shadowRoot.querySelector('button[data-phase="creationRules"]').click();
    await flush();
    expect(element.shadowRoot.querySelector('c-booking-setup-creation-rules').settings).toEqual(
      saved
    );
  });
});
