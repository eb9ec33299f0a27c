import {
  changedMappings,
  bookingFieldOptions,
  constantControl,
  developerNameFor,
  draftFrom,
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
    expect(changedMappings(saved, changed)).toEqual([{ ...saved[0], sourceValue: 'phone' }]);
    expect(changedMappings(saved, withoutRow(draft, 'Lead_Email'))).toEqual([
      { ...saved[0], isActive: false }
    ]);
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
});
