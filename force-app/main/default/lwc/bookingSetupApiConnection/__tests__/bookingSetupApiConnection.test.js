import { createElement } from 'lwc';
import { registerSa11yMatcher } from '@sa11y/jest';
import BookingSetupApiConnection from 'c/bookingSetupApiConnection';
import searchUsers from '@salesforce/apex/BookingSetupController.searchUsers';
import getApiUserFacts from '@salesforce/apex/BookingSetupController.getApiUserFacts';
import saveSettings from '@salesforce/apex/BookingSetupController.saveSettings';

const mockUsers = require('./data/searchUsers.json');

jest.mock('@salesforce/apex/BookingSetupController.searchUsers', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock(
  '@salesforce/apex/BookingSetupController.getApiUserFacts',
  () => ({ default: jest.fn() }),
  { virtual: true }
);
jest.mock('@salesforce/apex/BookingSetupController.saveSettings', () => ({ default: jest.fn() }), {
  virtual: true
});

// A macrotask lets every pending Apex promise and re-render settle.
// eslint-disable-next-line @lwc/lwc/no-async-operation
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function render(props = {}) {
  const element = createElement('c-booking-setup-api-connection', {
    is: BookingSetupApiConnection
  });
  Object.assign(element, {
    settings: { apiUsername: null, securityMode: 'Standard', updatePolicy: 'FillEmpty' },
    ...props
  });
  const events = [];
  element.addEventListener('statechange', (event) => events.push(event.detail));
  document.body.appendChild(element);
  return { element, events };
}

async function search(element, term) {
  const input = element.shadowRoot.querySelector('input.search');
  input.value = term;
  input.dispatchEvent(new CustomEvent('input'));
  await flush();
}

beforeAll(() => registerSa11yMatcher());

describe('c-booking-setup-api-connection', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('searches users, picks one and reports its facts before saving', async () => {
    searchUsers.mockResolvedValue(mockUsers);
    getApiUserFacts.mockResolvedValue({ username: 'api@acme.example', found: true });
    const { element, events } = render();
    await search(element, 'api');
    expect(searchUsers).toHaveBeenCalledWith({ searchTerm: 'api' });
    element.shadowRoot.querySelector('[role="option"].result').click();
    await flush();
    expect(getApiUserFacts).toHaveBeenCalledWith({ username: 'api@acme.example' });
    expect(events[0]).toEqual(
      expect.objectContaining({
        apiUser: { username: 'api@acme.example', found: true },
        saved: false
      })
    );
    expect(element.shadowRoot.querySelector('lightning-button.save').disabled).toBe(false);
  });

  // Issue 13 defect 9: picking the user already chosen left the typed term in the box.
  it('replaces the typed term with the user picked, also the user already chosen', async () => {
    searchUsers.mockResolvedValue(mockUsers);
    getApiUserFacts.mockResolvedValue({ username: 'api@acme.example', found: true });
    const { element } = render({
      settings: { apiUsername: 'api@acme.example', securityMode: 'Standard' }
    });
    await search(element, 'api');
    const input = () => element.shadowRoot.querySelector('input.search');
    expect(input().value).toBe('api');
    element.shadowRoot.querySelector('[role="option"].result').click();
    await flush();
    expect(input().value).toBe('api@acme.example');
    expect(input().getAttribute('aria-expanded')).toBe('false');
    // The same user again is no change to save.
    expect(element.shadowRoot.querySelector('lightning-button.save').disabled).toBe(true);
  });

  it('does not search for one character', async () => {
    const { element } = render();
    await search(element, 'a');
    expect(searchUsers).not.toHaveBeenCalled();
  });

  // Events have no object permissions and a managed install drops standard-object permissions
  // from the package's permission sets: the page says what gives access in each mode.
  it('says where standard-object access comes from in the chosen mode', async () => {
    const { element } = render();
    await flush();
    const note = () => element.shadowRoot.querySelector('.object-access').textContent;
    expect(note()).toBe('c.BookingSetup_ObjectAccessStandard');
    element.shadowRoot
      .querySelector('lightning-radio-group.mode')
      .dispatchEvent(new CustomEvent('change', { detail: { value: 'Advanced' } }));
    await flush();
    expect(note()).toBe('c.BookingSetup_ObjectAccessAdvanced');
  });

  it('saves the user and mode, keeping the other settings', async () => {
    saveSettings.mockImplementation(({ settings }) => Promise.resolve(settings));
    const { element, events } = render({
      settings: {
        apiUsername: 'api@acme.example',
        securityMode: 'Standard',
        updatePolicy: 'FillEmpty'
      }
    });
    await flush();
    const mode = element.shadowRoot.querySelector('lightning-radio-group.mode');
    mode.dispatchEvent(new CustomEvent('change', { detail: { value: 'Advanced' } }));
    await flush();
    element.shadowRoot.querySelector('lightning-button.save').click();
    await flush();
    expect(saveSettings).toHaveBeenCalledWith({
      settings: {
        apiUsername: 'api@acme.example',
        securityMode: 'Advanced',
        updatePolicy: 'FillEmpty'
      }
    });
    expect(events.at(-1)).toEqual(expect.objectContaining({ saved: true }));
    expect(element.shadowRoot.querySelector('.saved').textContent).toBe('c.BookingSetup_Saved');
  });

  it('shows why saving failed', async () => {
    saveSettings.mockRejectedValue({
      body: { message: 'You need the Booking Connector: Manage Setup custom permission.' }
    });
    const { element } = render({
      settings: { apiUsername: 'api@acme.example', securityMode: 'Standard' }
    });
    await flush();
    element.shadowRoot
      .querySelector('lightning-radio-group.mode')
      .dispatchEvent(new CustomEvent('change', { detail: { value: 'Advanced' } }));
    await flush();
    element.shadowRoot.querySelector('lightning-button.save').click();
    await flush();
    expect(element.shadowRoot.querySelector('.error').textContent).toMatch(/Manage Setup/);
  });

  it('shows a search failure', async () => {
    searchUsers.mockRejectedValue({ body: { message: 'Could not search users.' } });
    const { element } = render();
    await search(element, 'api');
    expect(element.shadowRoot.querySelector('.error').textContent).toBe('Could not search users.');
  });

  it('disables every control in read-only mode and is accessible', async () => {
    const { element } = render({
      readOnly: true,
      settings: { apiUsername: 'api@acme.example', securityMode: 'Standard' }
    });
    await flush();
    expect(element.shadowRoot.querySelector('input.search').disabled).toBe(true);
    expect(element.shadowRoot.querySelector('lightning-radio-group.mode').disabled).toBe(true);
    expect(element.shadowRoot.querySelector('lightning-button.save').disabled).toBe(true);
    await expect(element).toBeAccessible();
  });
});
