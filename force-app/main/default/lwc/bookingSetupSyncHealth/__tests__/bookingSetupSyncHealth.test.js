import { createElement } from 'lwc';
import { registerSa11yMatcher } from '@sa11y/jest';
import BookingSetupSyncHealth from 'c/bookingSetupSyncHealth';
import saveSettings from '@salesforce/apex/BookingSetupController.saveSettings';
import { NavigationMixin } from 'lightning/navigation';

const STATE = require('./data/getSetupStateSyncHealth.json');
const mockSaved = require('./data/saveSettings.json');

jest.mock('@salesforce/apex/BookingSetupController.saveSettings', () => ({ default: jest.fn() }), {
  virtual: true
});

// lightning/navigation records each page reference in NavigationMixin.navigate (jest.config.js
// maps it to scripts/tooling/test-kit/lwc-mocks/navigation.js).

// Labels whose text a test reads (with their {0} placeholders); others resolve to their names.
jest.mock(
  '@salesforce/label/c.BookingSetup_SH_StatusFailing',
  () => ({ default: '{0} booking(s) failed to sync in the last 24 hours.' }),
  { virtual: true }
);
jest.mock(
  '@salesforce/label/c.BookingSetup_SH_ApiUsageValue',
  () => ({ default: '{0} of {1} ({2}% of {3}); {4}% used.' }),
  { virtual: true }
);
jest.mock('@salesforce/label/c.BookingSetup_SH_OpenLog', () => ({ default: 'Open {0}' }), {
  virtual: true
});
jest.mock(
  '@salesforce/label/c.BookingSetup_SH_Saved',
  () => ({ default: 'Sync settings saved.' }),
  {
    virtual: true
  }
);
jest.mock(
  '@salesforce/label/c.BookingSetup_SH_Invalid',
  () => ({ default: 'Nothing was saved: fix the settings marked below.' }),
  { virtual: true }
);

// eslint-disable-next-line @lwc/lwc/no-async-operation
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const clone = (value) => JSON.parse(JSON.stringify(value));

async function render({ syncHealth = STATE.syncHealth, settings = STATE.settings, readOnly } = {}) {
  const element = createElement('c-booking-setup-sync-health', { is: BookingSetupSyncHealth });
  Object.assign(element, { syncHealth: clone(syncHealth ?? null), settings: clone(settings) });
  if (readOnly !== undefined) element.readOnly = readOnly;
  const events = [];
  element.addEventListener('statechange', (event) => events.push(event.detail));
  document.body.appendChild(element);
  await flush();
  return { element, events };
}

const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const $$ = (element, selector) => [...element.shadowRoot.querySelectorAll(selector)];
const counts = (element) =>
  $$(element, 'tr.count-row').map((row) => [
    row.dataset.period,
    ...['applied', 'skipped', 'failed'].map((cell) =>
      Number(row.querySelector(`td.${cell}`).textContent)
    )
  ]);

async function type(element, selector, value) {
  const input = $(element, selector);
  input.value = value;
  input.dispatchEvent(new CustomEvent('change'));
  await flush();
}

beforeAll(() => registerSa11yMatcher());

afterEach(() => {
  while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  jest.clearAllMocks();
});

describe('c-booking-setup-sync-health', () => {
  it('says the log is not readable and shows no counts, with members missing', async () => {
    const { element } = await render({ syncHealth: { readable: false } });
    expect($(element, '.status').textContent).toContain('c.BookingSetup_SH_StatusNotReadable');
    expect($(element, 'table.counts')).toBeNull();
    expect($(element, '.api-usage').textContent).toBe('c.BookingSetup_SH_ApiUsageUnknown');
    await expect(element).toBeAccessible();
  });

  it('copes with no syncHealth at all and settings with the sync members omitted', async () => {
    const settings = clone(STATE.settings);
    delete settings.apiBudgetPercent;
    delete settings.syncLogEnabled;
    delete settings.syncLogRetentionDays;
    const { element } = await render({ syncHealth: null, settings });
    expect($(element, '.status').textContent).toContain('c.BookingSetup_SH_StatusNotReadable');
    // The form shows the fields' defaults.
    expect($(element, 'lightning-input.api-budget').value).toBe(50);
    expect($(element, 'lightning-input.log-enabled').checked).toBe(true);
    expect($(element, 'lightning-input.retention').value).toBe(30);
  });

  it('shows an empty log with zero counts', async () => {
    const { element } = await render({ syncHealth: { readable: true, recentFailures: [] } });
    expect($(element, '.status').textContent).toContain('c.BookingSetup_SH_StatusNoLog');
    expect(counts(element)).toEqual([
      ['last24Hours', 0, 0, 0],
      ['last7Days', 0, 0, 0]
    ]);
    expect($(element, '.no-failures')).not.toBeNull();
    expect($(element, '.last-applied').textContent).toBe('c.BookingSetup_SH_NeverApplied');
    await expect(element).toBeAccessible();
  });

  it('is healthy without failures in the last 24 hours', async () => {
    const { element } = await render({
      syncHealth: {
        ...STATE.syncHealth,
        last24Hours: { Applied: 3 },
        recentFailures: []
      }
    });
    expect($(element, '.status').textContent).toContain('c.BookingSetup_SH_StatusHealthy');
    expect($(element, '.status').className).toContain('slds-alert_success');
    expect(counts(element)[0]).toEqual(['last24Hours', 3, 0, 0]);
    expect($(element, '.last-applied lightning-formatted-date-time').value).toBe(
      '2026-12-02T10:00:00.000Z'
    );
  });

  it('shows failures with booking, error, time and a link to the log record', async () => {
    const { element } = await render();
    expect($(element, '.status').textContent).toBe(
      '2 booking(s) failed to sync in the last 24 hours.'
    );
    expect(counts(element)).toEqual([
      ['last24Hours', 12, 0, 2],
      ['last7Days', 80, 5, 3]
    ]);
    const rows = $$(element, 'tr.failure');
    expect(rows.map((row) => row.querySelector('.booking-id').textContent)).toEqual([
      'bk_2002',
      'bk_2001'
    ]);
    expect(rows[0].querySelector('.failure-error').textContent).toBe(
      'REQUIRED_FIELD_MISSING: Last Name'
    );
    expect(rows[0].querySelector('lightning-formatted-date-time').value).toBe(
      '2026-12-02T09:30:00.000Z'
    );
    const link = rows[0].querySelector('a.log-link');
    expect(link.textContent).toBe('BSL-0000093');
    expect(link.getAttribute('aria-label')).toBe('Open BSL-0000093');
    link.click();
    expect(NavigationMixin.navigate).toHaveBeenCalledWith({
      type: 'standard__recordPage',
      attributes: { recordId: 'a01000000000002AAA', actionName: 'view' }
    });
    expect($(element, '.api-usage').textContent).toBe('1200 of 7500 (50% of 15000); 16% used.');
    expect($(element, '.budget-reached')).toBeNull();
    await expect(element).toBeAccessible();
  });

  it('warns when the API budget is reached', async () => {
    const { element } = await render({
      syncHealth: { ...STATE.syncHealth, apiUsage: { used: 7480, max: 15000 } }
    });
    expect($(element, '.budget-reached')).not.toBeNull();
    expect($(element, '.api-usage').textContent).toBe('7480 of 7500 (50% of 15000); 100% used.');
  });

  it('hides the form from users who cannot manage the connector', async () => {
    const { element } = await render({ readOnly: true });
    expect($(element, 'fieldset.sync-settings')).toBeNull();
  });

  it('saves the whole settings object with the new sync settings', async () => {
    saveSettings.mockResolvedValue(clone(mockSaved));
    const { element, events } = await render();
    await type(element, 'lightning-input.api-budget', '20');
    const enabled = $(element, 'lightning-input.log-enabled');
    enabled.checked = false;
    enabled.dispatchEvent(new CustomEvent('change'));
    await type(element, 'lightning-input.retention', '90');
    $(element, 'lightning-button.save').click();
    await flush();
    expect(saveSettings).toHaveBeenCalledWith({
      settings: {
        ...STATE.settings,
        apiBudgetPercent: 20,
        syncLogEnabled: false,
        syncLogRetentionDays: 90
      }
    });
    expect($(element, '.saved').textContent).toBe('Sync settings saved.');
    expect(events).toEqual([{ settings: mockSaved, saved: true }]);
    expect($(element, 'lightning-input.retention').value).toBe(90);
    // Saved with logging off: the status says so.
    expect($(element, '.status').textContent).toContain('c.BookingSetup_SH_StatusLoggingOff');
  });

  it('shows the error when saving fails and keeps the values typed', async () => {
    saveSettings.mockRejectedValue({ body: { message: 'You need Manage Booking Connector.' } });
    const { element, events } = await render();
    await type(element, 'lightning-input.api-budget', '30');
    $(element, 'lightning-button.save').click();
    await flush();
    expect($(element, '.error').textContent).toBe('You need Manage Booking Connector.');
    expect($(element, 'lightning-input.api-budget').value).toBe(30);
    expect(events).toEqual([]);
    await expect(element).toBeAccessible();
  });

  it('refuses to save values out of range and says which', async () => {
    const { element } = await render();
    await type(element, 'lightning-input.api-budget', '0');
    await type(element, 'lightning-input.retention', '');
    $(element, 'lightning-button.save').click();
    await flush();
    expect(saveSettings).not.toHaveBeenCalled();
    expect($(element, '.error').textContent).toBe(
      'Nothing was saved: fix the settings marked below.'
    );
    expect($$(element, '.problem').map((problem) => problem.dataset.setting)).toEqual([
      'ApiBudgetPercent__c',
      'SyncLogRetentionDays__c'
    ]);
    await expect(element).toBeAccessible();
  });
});
