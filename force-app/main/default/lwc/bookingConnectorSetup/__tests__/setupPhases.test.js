import { fieldFacts } from '../setupPhases';
import { validateMappings } from 'c/bookingRules';

const eventSubject = {
  name: 'Subject',
  type: 'combobox',
  createable: true,
  updateable: true,
  permissionable: false,
  length: 255
};

function state(profilePermissions) {
  return {
    org: { namespace: null },
    objects: { Event: { fields: [eventSubject] } },
    apiUser: {
      found: true,
      profilePermissions,
      // As the Apex reports it: object permissions exist for Lead, Account, Contact, Case only.
      objectPermissions: { Lead: { read: true, create: true, edit: true } },
      fieldEdit: {}
    }
  };
}

const subjectMapping = {
  name: 'Event_Subject',
  targetObject: 'Event',
  targetField: 'Subject',
  sourceType: 'BookingField',
  sourceValue: 'subject',
  isActive: true
};

describe('fieldFacts', () => {
  it('lets an API user with Edit Events write Event fields, which no object permission covers', () => {
    const facts = fieldFacts(state({ editEvent: true, activitiesAccess: true }));
    expect(facts.apiUserAccess.objects.Event).toMatchObject({ create: true, edit: true });
    const codes = validateMappings([subjectMapping], facts).map((entry) => entry.code);
    expect(codes).not.toContain('notEditableByApiUser');
  });

  it('says an Event mapping cannot be written when the API user lacks Edit Events', () => {
    const facts = fieldFacts(state({ editEvent: false, activitiesAccess: true }));
    expect(facts.apiUserAccess.objects.Event).toMatchObject({ create: false, edit: false });
    const codes = validateMappings([subjectMapping], facts).map((entry) => entry.code);
    expect(codes).toContain('notEditableByApiUser');
  });
});
