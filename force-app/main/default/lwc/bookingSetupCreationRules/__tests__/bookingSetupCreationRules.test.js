import { createElement } from 'lwc';
import { registerSa11yMatcher } from '@sa11y/jest';
import BookingSetupCreationRules from 'c/bookingSetupCreationRules';
import saveSettings from '@salesforce/apex/BookingSetupController.saveSettings';

const mockSaved = require('./data/saveSettings.json');

jest.mock('@salesforce/apex/BookingSetupController.saveSettings', () => ({ default: jest.fn() }), {
  virtual: true
});

// Labels whose text a test reads (with their {0} placeholders); others resolve to their names.
jest.mock('@salesforce/label/c.BookingSetup_CR_MoveUp', () => ({ default: 'Move {0} up' }), {
  virtual: true
});
jest.mock(
  '@salesforce/label/c.BookingSetup_CR_Moved',
  () => ({ default: '{0} is now number {1} of {2}.' }),
  { virtual: true }
);
jest.mock(
  '@salesforce/label/c.BookingSetup_CR_Saved',
  () => ({ default: 'Creation rules saved.' }),
  { virtual: true }
);
jest.mock(
  '@salesforce/label/c.BookingSetup_CR_Invalid',
  () => ({ default: 'Nothing was saved: fix the settings marked below, then save again.' }),
  { virtual: true }
);

jest.mock('@salesforce/label/c.BookingSetup_CR_MatchPhone', () => ({ default: 'Phone' }), {
  virtual: true
});

// A macrotask lets every pending Apex promise and re-render settle.
// eslint-disable-next-line @lwc/lwc/no-async-operation
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

const LOADED = {
  apiUsername: 'api@acme.example',
  securityMode: 'Standard',
  matchOrder: 'RecordId,Email,Phone',
  contactBeforeLead: true,
  noMatchAction: 'Lead',
  updatePolicy: 'FillEmpty',
  ownerPolicy: 'Keep'
};

async function render(props = {}) {
  const element = createElement('c-booking-setup-creation-rules', {
    is: BookingSetupCreationRules
  });
  Object.assign(element, { settings: { ...LOADED }, ...props });
  const events = [];
  element.addEventListener('statechange', (event) => events.push(event.detail));
  document.body.appendChild(element);
  await flush();
  return { element, events };
}

const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const $$ = (element, selector) => [...element.shadowRoot.querySelectorAll(selector)];
const keyOrder = (element) =>
  $$(element, 'lightning-input.key-used').map((input) => input.dataset.key);
const usedKeys = (element) =>
  $$(element, 'lightning-input.key-used')
    .filter((input) => input.checked)
    .map((input) => input.dataset.key);

async function choose(element, selector, value) {
  $(element, selector).dispatchEvent(new CustomEvent('change', { detail: { value } }));
  await flush();
}

async function tick(element, selector, checked) {
  const input = $(element, selector);
  input.checked = checked;
  input.dispatchEvent(new CustomEvent('change'));
  await flush();
}

async function save(element) {
  $(element, 'lightning-button.save').click();
  await flush();
}

beforeAll(() => registerSa11yMatcher());

describe('c-booking-setup-creation-rules', () => {
  afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    jest.clearAllMocks();
  });

  it('renders the loaded settings, with defaults for what was never saved', async () => {
    const { element } = await render();
    expect(keyOrder(element)).toEqual(['RecordId', 'Email', 'Phone']);
    expect(usedKeys(element)).toEqual(['RecordId', 'Email', 'Phone']);
    expect($(element, 'lightning-radio-group.precedence').value).toBe('contact');
    expect($(element, 'lightning-radio-group.no-match').value).toBe('Lead');
    expect($(element, 'lightning-radio-group.update-policy').value).toBe('FillEmpty');
    expect($(element, 'lightning-radio-group.owner-policy').value).toBe('Keep');
    // Never saved: the sync engine's defaults apply and are shown.
    expect($(element, 'lightning-checkbox-group.account-matching').value).toEqual([
      'EmailDomain',
      'CompanyName'
    ]);
    expect($(element, 'lightning-input.create-account').checked).toBe(false);
    expect($(element, 'lightning-textarea.case-pages').value).toBe('');
    expect($(element, 'lightning-radio-group.owner-policy').options.map((o) => o.value)).toEqual([
      'Keep',
      'BookingOwner',
      'AssignmentRules'
    ]);
    expect($(element, '.problem')).toBeNull();
  });

  it('shows a saved match order with the unused keys last and unticked', async () => {
    const { element } = await render({ settings: { ...LOADED, matchOrder: 'Phone,Email' } });
    expect(keyOrder(element)).toEqual(['Phone', 'Email', 'RecordId']);
    expect(usedKeys(element)).toEqual(['Phone', 'Email']);
  });

  it('offers Person Accounts only where the org has them', async () => {
    const without = await render();
    expect($(without.element, 'lightning-input.person-accounts')).toBeNull();
    const withPersonAccounts = await render({ hasPersonAccounts: true });
    expect($(withPersonAccounts.element, 'lightning-input.person-accounts')).not.toBeNull();
  });

  it('reorders match keys with buttons and announces the new position', async () => {
    const { element } = await render();
    const upButtons = $$(element, 'lightning-button-icon.move-up');
    expect(upButtons[0].disabled).toBe(true);
    expect($$(element, 'lightning-button-icon.move-down')[2].disabled).toBe(true);
    expect(upButtons[2].alternativeText).toBe('Move Phone up');
    upButtons[2].click();
    await flush();
    expect(keyOrder(element)).toEqual(['RecordId', 'Phone', 'Email']);
    expect($(element, '.announcement').textContent).toBe('Phone is now number 2 of 3.');
  });

  it('saves every creation rule in the settings fields and shows the saved result', async () => {
    saveSettings.mockResolvedValue(mockSaved);
    const { element, events } = await render();
    $$(element, 'lightning-button-icon.move-down')[0].click(); // Email, RecordId, Phone
    await flush();
    await tick(element, 'lightning-input.key-used[data-key="Phone"]', false);
    await choose(element, 'lightning-radio-group.precedence', 'lead');
    await choose(element, 'lightning-radio-group.no-match', 'Contact');
    await choose(element, 'lightning-checkbox-group.account-matching', ['CompanyName']);
    await tick(element, 'lightning-input.create-account', true);
    await choose(element, 'lightning-radio-group.update-policy', 'Overwrite');
    await choose(element, 'lightning-radio-group.owner-policy', 'BookingOwner');
    const pages = $(element, 'lightning-textarea.case-pages');
    pages.value = 'Support call\n\n  Onboarding  ';
    pages.dispatchEvent(new CustomEvent('change'));
    await flush();

    await save(element);

    expect(saveSettings).toHaveBeenCalledTimes(1);
    expect(saveSettings).toHaveBeenCalledWith({
      settings: {
        apiUsername: 'api@acme.example',
        securityMode: 'Standard',
        matchOrder: 'Email,RecordId',
        contactBeforeLead: false,
        noMatchAction: 'Contact',
        accountMatching: 'CompanyName',
        createAccount: true,
        updatePolicy: 'Overwrite',
        ownerPolicy: 'BookingOwner',
        caseBookingPages: 'Support call\nOnboarding',
        createPersonAccounts: false
      }
    });
    expect(events).toEqual([{ settings: mockSaved, saved: true }]);
    expect($(element, '.saved').textContent).toBe('Creation rules saved.');
    expect($(element, 'lightning-textarea.case-pages').value).toBe('Support call\nOnboarding');
    expect($(element, '.error')).toBeNull();
  });

  it('keeps the shared account key order whatever order the boxes were ticked in', async () => {
    saveSettings.mockResolvedValue(mockSaved);
    const { element } = await render();
    await choose(element, 'lightning-checkbox-group.account-matching', [
      'CompanyName',
      'EmailDomain'
    ]);
    await save(element);
    expect(saveSettings.mock.calls[0][0].settings.accountMatching).toBe('EmailDomain,CompanyName');
  });

  it('shows the problem on the match order and refuses to save when no key is used', async () => {
    const { element, events } = await render();
    for (const key of ['RecordId', 'Email', 'Phone']) {
      // eslint-disable-next-line no-await-in-loop
      await tick(element, `lightning-input.key-used[data-key="${key}"]`, false);
    }
    const problem = $(element, '.problem[data-setting="MatchOrder__c"]');
    expect(problem.textContent).toContain('Match Order is empty');
    await save(element);
    expect(saveSettings).not.toHaveBeenCalled();
    expect(events).toEqual([]);
    expect($(element, '.error').textContent).toContain('Nothing was saved');
  });

  it('shows invalid saved values on their fields at once', async () => {
    const { element } = await render({
      settings: { ...LOADED, ownerPolicy: 'Nobody', updatePolicy: 'Sometimes' }
    });
    expect($(element, '.problem[data-setting="OwnerPolicy__c"]').textContent).toContain(
      'Owner Policy "Nobody" is not valid; use one of Keep, BookingOwner, AssignmentRules'
    );
    expect($(element, '.problem[data-setting="UpdatePolicy__c"]').textContent).toContain(
      'Update Policy "Sometimes" is not valid'
    );
    await choose(element, 'lightning-radio-group.owner-policy', 'Keep');
    expect($(element, '.problem[data-setting="OwnerPolicy__c"]')).toBeNull();
  });

  it('shows the Apex error as a sentence and keeps the form as edited', async () => {
    saveSettings.mockRejectedValue({
      body: { message: 'You need the Manage Booking Connector permission to change settings.' }
    });
    const { element, events } = await render();
    await choose(element, 'lightning-radio-group.update-policy', 'Overwrite');
    await save(element);
    expect($(element, '.error').textContent).toBe(
      'You need the Manage Booking Connector permission to change settings.'
    );
    expect($(element, 'lightning-radio-group.update-policy').value).toBe('Overwrite');
    expect($(element, '.saved')).toBeNull();
    expect(events).toEqual([]);
    expect($(element, 'lightning-button.save').disabled).toBe(false);
  });

  it('is read-only without the permission: every control disabled', async () => {
    const { element } = await render({ readOnly: true, hasPersonAccounts: true });
    const controls = $$(
      element,
      'lightning-input, lightning-radio-group, lightning-checkbox-group, lightning-textarea, lightning-button, lightning-button-icon'
    );
    expect(controls.length).toBeGreaterThan(10);
    for (const control of controls) expect(control.disabled).toBe(true);
  });

  it('is accessible', async () => {
    const { element } = await render({ hasPersonAccounts: true });
    await expect(element).toBeAccessible();
  });
});
