import {
  settingsFromRecord,
  validateSettings,
  choosePerson,
  chooseAccount,
  creationKind,
  fieldsToUpdate,
  personOwner,
  eventOwner,
  lifecycleFields,
  createsCase,
  emailDomain,
  DEFAULT_SETTINGS
} from '../creationRules';

const older = { Id: 'old', LastModifiedDate: '2025-01-01T00:00:00.000Z' };
const newer = { Id: 'new', LastModifiedDate: '2026-01-01T00:00:00.000Z' };

describe('settings', () => {
  it('fills defaults when the org has no settings record', () => {
    expect(settingsFromRecord(null)).toEqual({ ...DEFAULT_SETTINGS });
  });
  it('reads namespaced fields and splits lists', () => {
    const settings = settingsFromRecord(
      {
        ns__MatchOrder__c: 'Email, Phone',
        ns__CaseBookingPages__c: 'Demo\nSupport',
        ns__AccountMatching__c: ''
      },
      'ns'
    );
    expect(settings.matchOrder).toEqual(['Email', 'Phone']);
    expect(settings.caseBookingPages).toEqual(['Demo', 'Support']);
    expect(settings.accountMatching).toEqual([]);
  });
  it('names each invalid setting and the allowed values', () => {
    const problems = validateSettings({
      ...DEFAULT_SETTINGS,
      matchOrder: ['Email', 'Fax'],
      ownerPolicy: 'Boss'
    });
    expect(problems.map((p) => p.setting)).toEqual(['MatchOrder__c', 'OwnerPolicy__c']);
    expect(problems[0].message).toContain('RecordId, Email, Phone');
    expect(validateSettings(DEFAULT_SETTINGS)).toEqual([]);
  });
});

describe('matching', () => {
  it('prefers a Contact over a Lead by default, the Lead when configured', () => {
    const candidates = { Email: { contacts: [older], leads: [newer] } };
    expect(choosePerson(candidates, DEFAULT_SETTINGS)).toMatchObject({
      kind: 'Contact',
      record: older
    });
    expect(
      choosePerson(candidates, { ...DEFAULT_SETTINGS, contactBeforeLead: false })
    ).toMatchObject({ kind: 'Lead', record: newer });
  });
  it('takes the most recently modified of several and follows the match order', () => {
    const candidates = {
      RecordId: { contacts: [], leads: [] },
      Email: { contacts: [older, newer], leads: [] },
      Phone: { contacts: [], leads: [older] }
    };
    expect(choosePerson(candidates, DEFAULT_SETTINGS)).toEqual({
      kind: 'Contact',
      record: newer,
      matchedBy: 'Email'
    });
    expect(
      choosePerson(candidates, { ...DEFAULT_SETTINGS, matchOrder: ['Phone', 'Email'] })
    ).toMatchObject({ kind: 'Lead', matchedBy: 'Phone' });
    expect(choosePerson({}, DEFAULT_SETTINGS)).toBeNull();
  });
  it('creates exactly one kind on no match', () => {
    expect(creationKind(DEFAULT_SETTINGS)).toBe('Lead');
    expect(creationKind({ ...DEFAULT_SETTINGS, noMatchAction: 'Contact' })).toBe('Contact');
  });
  it('finds the Account by domain first, then creates one only when allowed', () => {
    expect(emailDomain('Ann@Acme.COM')).toBe('acme.com');
    expect(
      chooseAccount({ EmailDomain: [older], CompanyName: [newer] }, {}, DEFAULT_SETTINGS)
    ).toEqual({ action: 'use', record: older });
    expect(chooseAccount({}, { company: 'Acme' }, DEFAULT_SETTINGS)).toEqual({ action: 'none' });
    expect(
      chooseAccount({}, { company: 'Acme' }, { ...DEFAULT_SETTINGS, createAccount: true })
    ).toEqual({ action: 'create', name: 'Acme' });
  });
  it('creates a Case only for the listed pages', () => {
    const settings = { ...DEFAULT_SETTINGS, caseBookingPages: ['Support Call'] };
    expect(createsCase('support call', settings)).toBe(true);
    expect(createsCase('Demo', settings)).toBe(false);
  });
});

describe('updates, owners and lifecycle', () => {
  it('fills only empty fields or overwrites, skipping unchanged values', () => {
    const existing = { Phone: '1', Company: null, Title: 'x' };
    const values = { Phone: '2', Company: 'Acme', Title: 'x' };
    expect(fieldsToUpdate(existing, values, 'FillEmpty')).toEqual({ Company: 'Acme' });
    expect(fieldsToUpdate(existing, values, 'Overwrite')).toEqual({ Phone: '2', Company: 'Acme' });
  });
  it('applies each owner policy', () => {
    expect(personOwner('Keep', { bookingOwnerId: 'u1' })).toEqual({
      ownerId: null,
      useAssignmentRules: false
    });
    expect(personOwner('BookingOwner', { bookingOwnerId: 'u1' })).toEqual({
      ownerId: 'u1',
      useAssignmentRules: false
    });
    expect(personOwner('AssignmentRules', {})).toEqual({ ownerId: null, useAssignmentRules: true });
    expect(eventOwner(null, 'api')).toBe('api');
  });
  it('sets the Event lifecycle values', () => {
    expect(lifecycleFields('canceled', { reason: 'ill' })).toEqual({
      Booking_Status__c: 'Canceled',
      Cancel_Reschedule_Reason__c: 'ill'
    });
    expect(lifecycleFields('no_show', {})).toEqual({ Booking_Status__c: 'No-show' });
    expect(lifecycleFields('reassigned', {})).toEqual({ Reassigned__c: true });
    expect(() => lifecycleFields('moved', {})).toThrow(/use one of/);
  });
});
