import {
  changedMappings,
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
    expect(constantControl({ type: 'boolean' }).options.map((o) => o.value)).toEqual([
      'true',
      'false'
    ]);
    expect(constantControl({ type: 'date' })).toEqual({ options: null, inputType: 'date' });
    expect(constantControl({ type: 'currency' }).inputType).toBe('number');
    expect(constantControl({ type: 'string' }).inputType).toBe('text');
  });
});
