// Phase 4 as `setup` reports it, decided by the page's own rule (fieldRules.mappingPhaseStatus):
// an org with no active mapping is "not started", never "done" (issue 13, defect 7), so the CLI
// and the setup page say the same thing about the same org.
import { judgeFieldPhases, type FieldFacts, type MappingFacts } from '../field-phases.ts';
import { phaseReports } from '../setup.ts';

const lead = {
  name: 'Lead',
  label: 'Lead',
  fields: [
    {
      name: 'Email',
      label: 'Email',
      type: 'email',
      nillable: true,
      createable: true,
      updateable: true,
      defaultedOnCreate: false,
      permissionable: true,
      length: 80,
      picklistValues: []
    }
  ]
};

function mapping(overrides: Partial<MappingFacts> = {}): MappingFacts {
  return {
    developerName: 'Lead_Email',
    label: 'Lead Email',
    targetObject: 'Lead',
    targetField: 'Email',
    sourceType: 'BookingField',
    sourceValue: 'email',
    isActive: true,
    ...overrides
  };
}

function phase4(mappings: MappingFacts[]) {
  const facts: FieldFacts = { facts: { describes: { Lead: lead }, namespace: null }, mappings };
  return phaseReports('api@example.com', [], [], judgeFieldPhases(facts)).find(
    (phase) => phase.phase === 4
  );
}

test('no mapping at all is not started, with what to do', () => {
  expect(phase4([])).toMatchObject({ status: 'not started', done: [] });
  expect(phase4([])?.left[0]).toMatch(/Add a mapping on the setup tab/);
});

test('only inactive mappings are not started either', () => {
  expect(phase4([mapping({ isActive: false })])?.status).toBe('not started');
});

test('a mapping the rules refuse needs attention and is named', () => {
  const report = phase4([mapping({ targetField: 'NoSuchField__c' })]);
  expect(report?.status).toBe('attention');
  expect(report?.left.join(' ')).toContain('Lead.NoSuchField__c');
});

test('valid active mappings are done', () => {
  expect(phase4([mapping()])).toMatchObject({ status: 'done', left: [] });
});
