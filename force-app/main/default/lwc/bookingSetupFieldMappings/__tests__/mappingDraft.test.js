import {
  changedMappings,
  bookingFieldOptions,
  constantControl,
  developerNameFor,
  draftFrom,
  withCurrentValue,
  withRequiredValue,
  withoutRow
} from '../mappingDraft';

describe('mappingDraft', () => {
  it('names a new record Object_Field, within 40 characters, unique, without a trailing underscore', () => {
    expect(developerNameFor('Lead', 'Company', [])).toBe('Lead_Company');
    expect(developerNameFor('Lead', 'Region__c', ['lead_region'])).toBe('Lead_Region_2');
    const long = developerNameFor('Contact', 'A_Very_Long_Custom_Field_Name_Indeed__c', []);
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long).not.toMatch(/_$|__/);
  });

  it('saves only what changed', () => {
    const saved = [
      {
        developerName: 'Lead_Email',
        label: 'Lead Email',
        targetObject: 'Lead',
        targetField: 'Email',
        sourceType: 'BookingField',
        sourceValue: 'email',
        isActive: true
      }
    ];
    const draft = draftFrom(saved);
    expect(changedMappings(saved, draft)).toEqual([]);
    const changed = withRequiredValue(draft, 'Lead', 'Email', { sourceValue: 'phone' });
    const names = { namespacePrefix: null, fullName: 'BookingFieldMapping.Lead_Email' };
    expect(changedMappings(saved, changed)).toEqual([
      { ...saved[0], ...names, sourceValue: 'phone' }
    ]);
    expect(changedMappings(saved, withoutRow(draft, 'Lead_Email'))).toEqual([
      { ...saved[0], ...names, isActive: false }
    ]);
  });

  it('names each changed record by the shared rule, from its namespace and the org’s', () => {
    const installed = {
      developerName: 'Lead_Email',
      namespacePrefix: 'bkconn',
      label: 'Lead Email',
      targetObject: 'Lead',
      targetField: 'Email',
      sourceType: 'BookingField',
      sourceValue: 'email',
      isActive: true
    };
    const draft = withRequiredValue(draftFrom([installed]), 'Lead', 'Email', {
      sourceValue: 'phone'
    });
    const subscriber = { namespace: 'bkconn', orgNamespace: null };
    expect(changedMappings([installed], draft, subscriber)[0].fullName).toBe(
      'bkconn__BookingFieldMapping.bkconn__Lead_Email'
    );
    // In the org that owns the namespace its own records need no record prefix.
    expect(
      changedMappings([installed], draft, { namespace: 'bkconn', orgNamespace: 'bkconn' })[0]
        .fullName
    ).toBe('bkconn__BookingFieldMapping.Lead_Email');
    // A new row is created in the org's namespace: no record prefix either.
    const added = withRequiredValue(draft, 'Lead', 'Company', { sourceValue: 'company' });
    expect(changedMappings([installed], added, subscriber).at(-1)).toMatchObject({
      developerName: 'Lead_Company',
      namespacePrefix: null,
      fullName: 'bkconn__BookingFieldMapping.Lead_Company'
    });
  });

  it('types constants by the field', () => {
    const checkbox = { checked: 'Checked', unchecked: 'Unchecked' };
    // The stored values are what constantProblem accepts; the admin reads the labels.
    expect(constantControl({ type: 'boolean' }, checkbox).options).toEqual([
      { label: 'Checked', value: 'true' },
      { label: 'Unchecked', value: 'false' }
    ]);
    expect(constantControl({ type: 'date' }, checkbox)).toEqual({
      options: null,
      inputType: 'date'
    });
    expect(constantControl({ type: 'currency' }, checkbox).inputType).toBe('number');
    expect(constantControl({ type: 'string' }, checkbox).inputType).toBe('text');
  });

  it('offers only type-compatible booking fields and marks form answers with the label', () => {
    // As formFieldsFromMappings declares them: keys without the prefix, checkbox or text.
    const formFields = [
      { key: 'consent', type: 'boolean' },
      { key: 'budget', type: 'text' }
    ];
    const forCheckbox = bookingFieldOptions('boolean', formFields, '{0} (form answer)');
    expect(forCheckbox).toContainEqual({
      label: 'form.consent (form answer)',
      value: 'form.consent'
    });
    expect(forCheckbox.map((option) => option.value)).not.toContain('form.budget');
    expect(forCheckbox.map((option) => option.value)).not.toContain('email');
    const beforeTarget = bookingFieldOptions('', formFields, '{0} (form answer)');
    expect(beforeTarget.map((option) => option.value)).toEqual(
      expect.arrayContaining(['email', 'form.budget', 'form.consent'])
    );
  });

  it('keeps a current value that is not among the options first, marked, and adds nothing else', () => {
    const options = [
      { label: 'Email', value: 'email' },
      { label: 'Phone', value: 'phone' }
    ];
    expect(withCurrentValue(options, 'fax', '{0} (not available)')).toEqual([
      { label: 'fax (not available)', value: 'fax' },
      ...options
    ]);
    expect(withCurrentValue(options, 'phone', '{0} (not available)')).toBe(options);
    for (const none of ['', null, undefined]) {
      expect(withCurrentValue(options, none, '{0} (not available)')).toBe(options);
    }
  });
});
