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
  phoneDigits,
  phonesMatch,
  phoneQueryPatterns,
  orgHasPersonAccounts,
  creationTarget,
  personAccountField,
  isConvertedLead,
  convertedLeadContact,
  resolveConvertedLeads,
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

describe('phone numbers', () => {
  it('reduces a number to its significant digits', () => {
    expect(phoneDigits('+1 (415) 555-0100')).toBe('14155550100');
    expect(phoneDigits('0049 30 1234567')).toBe('49301234567');
    expect(phoneDigits('030 1234567')).toBe('301234567');
    expect(phoneDigits('415.555.0100 ext. 12')).toBe('4155550100');
    expect(phoneDigits(null)).toBe('');
    expect(phoneDigits('n/a')).toBe('');
  });

  it('matches the same number in any formatting, with or without the country code', () => {
    expect(phonesMatch('+1 (415) 555-0100', '4155550100')).toBe(true);
    expect(phonesMatch('(415) 555-0100', '+1 415 555 0100')).toBe(true);
    expect(phonesMatch('+49 30 1234567', '030 1234567')).toBe(true);
    expect(phonesMatch('0049 30 1234567', '+49 (30) 123-4567')).toBe(true);
  });

  it('does not match different numbers, numbers too short to identify, or empty ones', () => {
    expect(phonesMatch('4155550100', '6505550100')).toBe(false);
    expect(phonesMatch('55-0100', '55-0100')).toBe(false);
    expect(phonesMatch('', '')).toBe(false);
    expect(phonesMatch('4155550100', undefined)).toBe(false);
    // More than a country code in front is another number that only ends alike.
    expect(phonesMatch('99994155550100', '4155550100')).toBe(false);
  });

  it('gives LIKE patterns on the last seven digits that the stored formats contain', () => {
    const patterns = phoneQueryPatterns('+1 (415) 555-0100');
    expect(patterns).toEqual(['%5550100', '%555_0100']);
    const like = (pattern) => new RegExp(`^${pattern.replace(/%/g, '.*').replace(/_/g, '.')}$`);
    for (const stored of ['(415) 555-0100', '415.555.0100', '4155550100', '+1 415 555 0100']) {
      expect(patterns.some((pattern) => like(pattern).test(stored))).toBe(true);
    }
    expect(phoneQueryPatterns('555-01')).toEqual([]);
  });
});

describe('person accounts', () => {
  it('are in the org when Account has IsPersonAccount and PersonEmail', () => {
    expect(orgHasPersonAccounts(['Id', 'Name', 'IsPersonAccount', 'PersonEmail'])).toBe(true);
    expect(orgHasPersonAccounts(['Id', 'Name', 'ispersonaccount'])).toBe(false);
    expect(orgHasPersonAccounts(undefined)).toBe(false);
  });

  it('are created only when the setting asks and the org has them', () => {
    const on = { ...DEFAULT_SETTINGS, createPersonAccounts: true };
    expect(creationTarget(on, { personAccounts: true })).toBe('PersonAccount');
    expect(creationTarget(on, { personAccounts: false })).toBe('Lead');
    expect(creationTarget({ ...on, noMatchAction: 'Contact' }, {})).toBe('Contact');
    expect(creationTarget(DEFAULT_SETTINGS, { personAccounts: true })).toBe('Lead');
  });

  it('hold Contact fields under their person-account names', () => {
    expect(personAccountField('LastName')).toBe('LastName');
    expect(personAccountField('Email')).toBe('PersonEmail');
    expect(personAccountField('MobilePhone')).toBe('PersonMobilePhone');
    expect(personAccountField('Booking_Source__c')).toBe('Booking_Source__pc');
    expect(personAccountField('AccountId')).toBeNull();
  });
});

describe('converted Leads', () => {
  const convertedLead = {
    Id: '00Q000000000001AAA',
    Email: 'ada@example.com',
    IsConverted: true,
    ConvertedContactId: '003000000000001AAA',
    ConvertedAccountId: '001000000000001AAA',
    ConvertedContact: {
      attributes: { type: 'Contact' },
      Email: 'ada@work.example',
      AccountId: '001000000000002AAA',
      LastModifiedDate: '2026-02-01T00:00:00.000Z'
    }
  };
  const openLead = {
    Id: '00Q000000000002AAA',
    IsConverted: false,
    LastModifiedDate: newer.LastModifiedDate
  };

  it('tells converted Leads apart', () => {
    expect(isConvertedLead(convertedLead)).toBe(true);
    expect(isConvertedLead(openLead)).toBe(false);
    expect(isConvertedLead({ Id: 'x' })).toBe(false);
    expect(isConvertedLead(null)).toBe(false);
  });

  it('resolves a converted Lead to its Contact, with the Contact values and its Account', () => {
    expect(convertedLeadContact(convertedLead)).toEqual({
      Id: '003000000000001AAA',
      Email: 'ada@work.example',
      AccountId: '001000000000002AAA',
      LastModifiedDate: '2026-02-01T00:00:00.000Z',
      convertedLeadId: '00Q000000000001AAA'
    });
  });

  it('falls back to ConvertedAccountId when the Contact row has no Account', () => {
    const lead = { ...convertedLead, ConvertedContact: { Email: 'a@b.example' } };
    expect(convertedLeadContact(lead).AccountId).toBe('001000000000001AAA');
  });

  it('resolves an unconverted Lead, or a converted one without a readable Contact, to nobody', () => {
    expect(convertedLeadContact(openLead)).toBeNull();
    expect(convertedLeadContact({ ...convertedLead, ConvertedContact: null })).toBeNull();
    expect(convertedLeadContact({ ...convertedLead, ConvertedContactId: null })).toBeNull();
  });

  it('never lets choosePerson pick a converted Lead, even when Leads come first', () => {
    const leadFirst = { ...DEFAULT_SETTINGS, contactBeforeLead: false };
    const resolved = resolveConvertedLeads({ Email: { contacts: [], leads: [convertedLead] } });
    expect(resolved.Email.leads).toEqual([]);
    expect(choosePerson(resolved, leadFirst)).toMatchObject({
      kind: 'Contact',
      record: { Id: '003000000000001AAA', convertedLeadId: '00Q000000000001AAA' },
      matchedBy: 'Email'
    });
  });

  it('keeps unconverted Leads and the directly matched Contact, once', () => {
    const direct = {
      Id: '003000000000001AAA',
      Email: 'ada@work.example',
      LastModifiedDate: older.LastModifiedDate
    };
    const resolved = resolveConvertedLeads({
      RecordId: undefined,
      Email: { contacts: [direct], leads: [convertedLead, openLead] }
    });
    expect(resolved.RecordId).toBeUndefined();
    expect(resolved.Email.contacts).toEqual([direct]);
    expect(resolved.Email.leads).toEqual([openLead]);
  });

  it('drops a converted Lead whose Contact is unknown, so the other rules decide', () => {
    const resolved = resolveConvertedLeads({
      Email: { contacts: [], leads: [{ ...convertedLead, ConvertedContact: null }] },
      Phone: { contacts: [older], leads: [] }
    });
    expect(choosePerson(resolved, DEFAULT_SETTINGS)).toMatchObject({
      kind: 'Contact',
      record: older,
      matchedBy: 'Phone'
    });
  });
});
