import { createElement } from 'lwc';
import BookingSetupFieldMappings from 'c/bookingSetupFieldMappings';
import saveMappings from '@salesforce/apex/BookingSetupController.saveMappings';

jest.mock('@salesforce/apex/BookingSetupController.saveMappings', () => ({ default: jest.fn() }), {
  virtual: true
});
// Labels whose text a test reads; others resolve to their names.
jest.mock(
  '@salesforce/label/c.BookingSetup_FM_Unfilled',
  () => ({ default: 'Save is refused until these required fields have a valid value: {0}.' }),
  { virtual: true }
);
jest.mock(
  '@salesforce/label/c.BookingSetup_FM_Unavailable',
  () => ({ default: '{0} (not available)' }),
  { virtual: true }
);
jest.mock(
  '@salesforce/label/c.BookingSetup_FM_Problems',
  () => ({ default: 'Nothing was saved: fix the mappings marked below, then save again.' }),
  { virtual: true }
);
jest.mock(
  '@salesforce/label/c.BookingSetup_FM_Unsupported',
  () => ({ default: 'The connector cannot fill this field: {0}.' }),
  { virtual: true }
);

jest.mock(
  '@salesforce/label/c.BookingSetup_ApexMetadataRefused',
  () => ({
    default:
      'Salesforce did not let the Booking Connector change metadata from Apex ({0}). Until this package version has passed security review, an admin must turn on Setup > Apex Settings > Deploy Metadata from Non-Certified Package Versions via Apex. Turn it on, then try again.'
  }),
  { virtual: true }
);
// eslint-disable-next-line @lwc/lwc/no-async-operation
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const clone = (value) => JSON.parse(JSON.stringify(value));

const field = (name, type, extra = {}) => ({
  name,
  label: name,
  type,
  nillable: true,
  createable: true,
  updateable: true,
  defaultedOnCreate: false,
  permissionable: true,
  ...extra
});
const required = { nillable: false, permissionable: false };
const FACTS = {
  namespace: null,
  describes: {
    Lead: {
      name: 'Lead',
      fields: [
        field('LastName', 'string', { ...required, length: 80 }),
        field('Company', 'string', { ...required, length: 255 }),
        field('Email', 'email'),
        field('LeadSource', 'picklist', { picklistValues: ['Web', 'Phone Inquiry'] })
      ]
    },
    Case: {
      name: 'Case',
      fields: [field('Region__c', 'reference', required)]
    }
  }
};
const MAPPINGS = [
  {
    developerName: 'Lead_LastName',
    label: 'Lead Last Name',
    targetObject: 'Lead',
    targetField: 'LastName',
    sourceType: 'BookingField',
    sourceValue: 'lastName',
    isActive: true
  },
  {
    developerName: 'Lead_Email',
    label: 'Lead Email',
    targetObject: 'Lead',
    targetField: 'Email',
    sourceType: 'BookingField',
    sourceValue: 'phone',
    isActive: true
  },
  {
    developerName: 'Lead_LeadSource',
    label: 'Lead Lead Source',
    targetObject: 'Lead',
    targetField: 'LeadSource',
    sourceType: 'Constant',
    sourceValue: 'Web',
    isActive: true
  }
];

async function render(props = {}) {
  const element = createElement('c-booking-setup-field-mappings', {
    is: BookingSetupFieldMappings
  });
  Object.assign(element, { mode: 'required', facts: FACTS, mappings: clone(MAPPINGS), ...props });
  const started = [];
  element.addEventListener('deploymentstart', (event) => started.push(event.detail.jobId));
  document.body.appendChild(element);
  await flush();
  return { element, started };
}

const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const $$ = (element, selector) => [...element.shadowRoot.querySelectorAll(selector)];
const change = async (node, value) => {
  node.dispatchEvent(new CustomEvent('change', { detail: { value } }));
  await flush();
};
const row = (element, target) => $(element, `[data-target="${target}"]`);

afterEach(() => {
  while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  jest.clearAllMocks();
});

describe('phase 3: values for the required fields', () => {
  it('lists every universally required field, unsupported ones with the reason', async () => {
    const { element } = await render();
    expect($$(element, '.row-title').map((node) => node.textContent)).toEqual([
      'Lead: LastName (LastName)',
      'Lead: Company (Company)',
      'Case: Region__c (Region__c)'
    ]);
    const unsupported = row(element, 'Case.Region__c').querySelector('.unsupported');
    expect(unsupported.textContent).toContain('The connector cannot fill this field');
    expect(row(element, 'Case.Region__c').querySelector('lightning-combobox')).toBeNull();
  });

  it('refuses to save while a required field has no value, naming it', async () => {
    const { element } = await render();
    expect($(element, '.refusal').textContent).toBe(
      'Save is refused until these required fields have a valid value: Lead.Company.'
    );
    expect($(element, 'lightning-button.save').disabled).toBe(true);
  });

  it('saves the new value and reports the deployment', async () => {
    saveMappings.mockResolvedValue('0Af000000000001AAA');
    const { element, started } = await render();
    const company = row(element, 'Lead.Company');
    const values = company.querySelector('lightning-combobox.value').options.map((o) => o.value);
    expect(values).toContain('company');
    await change(company.querySelector('lightning-combobox.value'), 'company');
    expect($(element, '.refusal')).toBeNull();
    $(element, 'lightning-button.save').click();
    await flush();
    expect(saveMappings).toHaveBeenCalledTimes(1);
    expect(saveMappings.mock.calls[0][0].mappings).toEqual([
      {
        developerName: 'Lead_Company',
        label: 'Lead Company',
        targetObject: 'Lead',
        targetField: 'Company',
        sourceType: 'BookingField',
        sourceValue: 'company',
        isActive: true,
        namespacePrefix: null,
        fullName: 'BookingFieldMapping.Lead_Company'
      }
    ]);
    expect(started).toEqual(['0Af000000000001AAA']);
    // The page shows the deployment's state; the editor says nothing that could outlive it.
    expect($$(element, '[role="status"]')).toEqual([]);
    expect(element.shadowRoot.textContent).not.toContain('0Af000000000001AAA');
  });

  // Issue 13 defect 5: a combobox whose value is not among its options shows its placeholder.
  it('shows a saved value that is not among the options as itself, marked not available', async () => {
    const unusable = { ...clone(MAPPINGS[0]), sourceValue: 'no_such_booking_field' };
    const { element } = await render({ mappings: [unusable] });
    const value = row(element, 'Lead.LastName').querySelector('lightning-combobox.value');
    expect(value.value).toBe('no_such_booking_field');
    expect(value.options[0]).toEqual({
      label: 'no_such_booking_field (not available)',
      value: 'no_such_booking_field'
    });
    expect(value.options.filter((option) => option.value === 'lastName')).toHaveLength(1);
  });

  it('checks a constant against the field and rejects keep-existing for a required field', async () => {
    const { element } = await render();
    const company = () => row(element, 'Lead.Company');
    await change(company().querySelector('lightning-combobox.source'), 'Constant');
    const input = company().querySelector('lightning-input.value');
    await change(input, 'x'.repeat(300));
    expect(company().querySelector('.row-problems').textContent).toContain('holds at most 255');
    await change(company().querySelector('lightning-input.value'), 'Acme');
    expect($(element, '.refusal')).toBeNull();
    await change(company().querySelector('lightning-combobox.source'), 'KeepExisting');
    expect(company().querySelector('.row-problems').textContent).toContain(
      'leaves it empty when a record is created'
    );
    expect($(element, 'lightning-button.save').disabled).toBe(true);
  });

  it('shows an Apex error as a sentence and keeps the draft', async () => {
    saveMappings.mockRejectedValue({
      body: { message: 'You need the Manage Booking Connector permission.' }
    });
    const { element, started } = await render();
    await change(row(element, 'Lead.Company').querySelector('lightning-combobox.value'), 'company');
    $(element, 'lightning-button.save').click();
    await flush();
    expect($(element, '.save-error').textContent).toContain('Manage Booking Connector permission');
    expect(started).toEqual([]);
    expect($(element, 'lightning-button.save').disabled).toBe(false);
  });

  it('says which setting to turn on when Salesforce refuses the Apex metadata deploy', async () => {
    // The Apex marks a failure of its Metadata API call (BookingSetupController.failure).
    saveMappings.mockRejectedValue({
      body: {
        message: 'BOOKING_APEX_METADATA_REFUSED: Not allowed to install or modify metadata via Apex'
      }
    });
    const { element, started } = await render();
    await change(row(element, 'Lead.Company').querySelector('lightning-combobox.value'), 'company');
    $(element, 'lightning-button.save').click();
    await flush();
    const text = $(element, '.save-error').textContent;
    expect(text).toContain(
      'Setup > Apex Settings > Deploy Metadata from Non-Certified Package Versions via Apex'
    );
    expect(text).toContain('(Not allowed to install or modify metadata via Apex)');
    expect(text).not.toContain('BOOKING_APEX_METADATA_REFUSED');
    expect(started).toEqual([]);
  });
});

describe('phase 4: the field mapping', () => {
  it('shows each mapping with the problems the rules find and refuses to save them', async () => {
    const { element } = await render({ mode: 'mapping' });
    expect($$(element, 'li.mapping-row')).toHaveLength(3);
    const email = $(element, 'li[data-key="Lead_Email"]');
    expect(email.querySelector('.row-problems').textContent).toMatch(
      /phone \(phone\) cannot be written into Lead.Email/
    );
    expect($(element, 'lightning-button.save').disabled).toBe(true);
    // Only booking fields an email field can take are offered.
    const emailValues = email.querySelector('lightning-combobox.value').options.map((o) => o.value);
    expect(emailValues).toContain('email');
    expect(emailValues).not.toContain('start');
    // A picklist constant is chosen from the field's values.
    const source = $(element, 'li[data-key="Lead_LeadSource"] lightning-combobox.value');
    expect(source.options.map((option) => option.value)).toEqual(['Web', 'Phone Inquiry']);
  });

  // Issue 13 defect 5: an invalid saved mapping was invisible except in its problem text.
  it('keeps each saved value in its combobox when the options lack it', async () => {
    const unusable = {
      ...clone(MAPPINGS[1]),
      developerName: 'Lead_Gone',
      targetField: 'Gone__c',
      sourceValue: 'no_such_booking_field'
    };
    const { element } = await render({ mode: 'mapping', mappings: [clone(MAPPINGS[0]), unusable] });
    const gone = $(element, 'li[data-key="Lead_Gone"]');
    const target = gone.querySelector('lightning-combobox.field');
    expect(target.value).toBe('Gone__c');
    expect(target.options[0]).toEqual({ label: 'Gone__c (not available)', value: 'Gone__c' });
    const value = gone.querySelector('lightning-combobox.value');
    expect(value.value).toBe('no_such_booking_field');
    expect(value.options[0]).toEqual({
      label: 'no_such_booking_field (not available)',
      value: 'no_such_booking_field'
    });
    // A value among the options is not added again.
    const lastName = $(element, 'li[data-key="Lead_LastName"] lightning-combobox.field');
    expect(lastName.options.filter((option) => option.value === 'LastName')).toHaveLength(1);
    expect(lastName.options.some((option) => option.label.includes('not available'))).toBe(false);
  });

  it('saves only the corrected record', async () => {
    saveMappings.mockResolvedValue('0Af000000000002AAA');
    const { element } = await render({ mode: 'mapping' });
    await change($(element, 'li[data-key="Lead_Email"] lightning-combobox.value'), 'email');
    expect($(element, 'li[data-key="Lead_Email"] .row-problems').textContent).toBe('');
    $(element, 'lightning-button.save').click();
    await flush();
    expect(saveMappings.mock.calls[0][0].mappings).toEqual([
      expect.objectContaining({ developerName: 'Lead_Email', sourceValue: 'email' })
    ]);
  });

  it('adds a mapping, and removing a saved one deactivates it; required targets cannot be removed', async () => {
    saveMappings.mockResolvedValue('0Af000000000003AAA');
    const { element } = await render({ mode: 'mapping' });
    expect($(element, 'li[data-key="Lead_LastName"] lightning-button-icon.remove')).toBeNull();
    $(element, 'lightning-button.add').click();
    await flush();
    const added = $$(element, 'li.mapping-row').at(-1);
    expect(added.dataset.key).toBe('Lead_Field');
    await change(added.querySelector('lightning-combobox.field'), 'Company');
    // The new record is named after its target once it has one.
    await change($(element, 'li[data-key="Lead_Company"] lightning-combobox.value'), 'company');
    $(element, 'li[data-key="Lead_Email"] lightning-button-icon.remove').click();
    await flush();
    expect($(element, 'li[data-key="Lead_Email"]')).toBeNull();
    $(element, 'lightning-button.save').click();
    await flush();
    const saved = saveMappings.mock.calls[0][0].mappings;
    expect(saved).toEqual([
      expect.objectContaining({ developerName: 'Lead_Email', isActive: false }),
      expect.objectContaining({
        developerName: 'Lead_Company',
        label: 'Lead Company',
        targetField: 'Company',
        sourceValue: 'company',
        isActive: true
      })
    ]);
  });

  it('in a subscriber org, saves an installed record by the name that updates it, not a namesake', async () => {
    saveMappings.mockResolvedValue('0Af000000000004AAA');
    // The package (bkconn) installed Lead_Email; an old save also left a record of the
    // subscriber's own with that name. Both are shown, each keyed by its namespace and name.
    const installed = { ...clone(MAPPINGS[1]), namespacePrefix: 'bkconn' };
    const own = { ...clone(MAPPINGS[1]), namespacePrefix: null, isActive: false };
    const { element } = await render({
      mode: 'mapping',
      facts: { ...FACTS, namespace: 'bkconn', orgNamespace: null },
      mappings: [clone(MAPPINGS[0]), installed, own, clone(MAPPINGS[2])].map((mapping) => ({
        namespacePrefix: 'bkconn',
        ...mapping
      }))
    });
    const installedRow = $(element, 'li[data-key="bkconn.Lead_Email"]');
    expect(installedRow).not.toBeNull();
    await change(installedRow.querySelector('lightning-combobox.value'), 'email');
    $(element, 'lightning-button.save').click();
    await flush();
    expect(saveMappings.mock.calls[0][0].mappings).toEqual([
      expect.objectContaining({
        developerName: 'Lead_Email',
        namespacePrefix: 'bkconn',
        sourceValue: 'email',
        fullName: 'bkconn__BookingFieldMapping.bkconn__Lead_Email'
      })
    ]);
  });

  // Issue 13 defect 6: "Nothing was saved" showed before any save was tried.
  it('says nothing about saving until a save is tried, then refuses the problems', async () => {
    const { element } = await render({ mode: 'mapping' });
    expect($(element, 'li[data-key="Lead_Email"] .row-problems').textContent).not.toBe('');
    expect($(element, '.refusal')).toBeNull();
    // A change (a new, still empty row) makes Save available; nothing is said yet.
    $(element, 'lightning-button.add').click();
    await flush();
    expect($(element, 'lightning-button.save').disabled).toBe(false);
    expect($(element, '.refusal')).toBeNull();
    $(element, 'lightning-button.save').click();
    await flush();
    expect(saveMappings).not.toHaveBeenCalled();
    expect($(element, '.refusal').textContent).toBe(
      'Nothing was saved: fix the mappings marked below, then save again.'
    );
  });

  // Issue 13 defect 6: the page keeps one editor for phases 3 and 4, so what was said in one
  // carried into the other.
  it('forgets a refusal or an error when the mode or the saved mappings change', async () => {
    const { element } = await render({ mode: 'mapping' });
    $(element, 'lightning-button.add').click();
    await flush();
    $(element, 'lightning-button.save').click();
    await flush();
    expect($(element, '.refusal')).not.toBeNull();
    element.mode = 'required';
    await flush();
    element.mode = 'mapping';
    await flush();
    expect($(element, '.refusal')).toBeNull();

    saveMappings.mockRejectedValue({ body: { message: 'Deployment could not start.' } });
    element.mode = 'required';
    await flush();
    await change(row(element, 'Lead.Company').querySelector('lightning-combobox.value'), 'company');
    $(element, 'lightning-button.save').click();
    await flush();
    expect($(element, '.save-error').textContent).toBe('Deployment could not start.');
    element.mode = 'mapping';
    await flush();
    expect($(element, '.save-error')).toBeNull();

    $(element, 'lightning-button.add').click();
    await flush();
    $(element, 'lightning-button.save').click();
    await flush();
    expect($(element, '.refusal')).not.toBeNull();
    // Re-read after a deployment: a new set of saved mappings.
    element.mappings = clone(MAPPINGS);
    await flush();
    expect($(element, '.refusal')).toBeNull();
  });

  it('is read-only without the permission', async () => {
    const { element } = await render({ mode: 'mapping', readOnly: true });
    expect($$(element, 'lightning-combobox').every((node) => node.disabled)).toBe(true);
    expect($(element, 'lightning-button.add').disabled).toBe(true);
    expect($(element, 'lightning-button.save').disabled).toBe(true);
  });
});
