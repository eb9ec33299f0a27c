import { createElement } from 'lwc';
import { registerSa11yMatcher } from '@sa11y/jest';
import BookingConnectorSetup from 'c/bookingConnectorSetup';
import getSetupState from '@salesforce/apex/BookingSetupController.getSetupState';

const mockState = require('./data/getSetupState.json');

// A user without the Manage Booking Connector custom permission.
jest.mock('@salesforce/customPermission/Manage_Booking_Connector', () => ({ default: false }), {
  virtual: true
});
jest.mock('@salesforce/apex/BookingSetupController.getSetupState', () => ({ default: jest.fn() }), {
  virtual: true
});

// A macrotask lets every pending Apex promise and re-render settle.
// eslint-disable-next-line @lwc/lwc/no-async-operation
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeAll(() => registerSa11yMatcher());

describe('c-booking-connector-setup read-only', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('says why nothing can be changed and offers no action', async () => {
    getSetupState.mockResolvedValue(JSON.parse(JSON.stringify(mockState)));
    const element = createElement('c-booking-connector-setup', { is: BookingConnectorSetup });
    document.body.appendChild(element);
    await flush();
    expect(element.shadowRoot.querySelector('.read-only').textContent).toBe(
      'c.BookingSetup_ReadOnly'
    );
    element.shadowRoot.querySelector('button[data-phase="installation"]').click();
    await flush();
    expect(element.shadowRoot.querySelector('lightning-button.assign')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('shows the creation rules read-only', async () => {
    getSetupState.mockResolvedValue(JSON.parse(JSON.stringify(mockState)));
    const element = createElement('c-booking-connector-setup', { is: BookingConnectorSetup });
    document.body.appendChild(element);
    await flush();
    element.shadowRoot.querySelector('button[data-phase="creationRules"]').click();
    await flush();
    expect(element.shadowRoot.querySelector('c-booking-setup-creation-rules').readOnly).toBe(true);
  });
});
