// The decisions the sync engine makes about one booking's records, without an org: the
// engine looks the candidates up and writes; these functions decide.
import {
  DEFAULT_SETTINGS,
  sameRecordId,
  isCaseId,
  contactCandidates,
  personOf,
  linkedPerson,
  matchCandidates,
  existingPerson,
  websiteHasDomain,
  accountCandidates,
  createsNewCase,
  caseOwner,
  eventWhoId,
  eventWhatId,
  personUpdates,
  eventTimes
} from '../creationRules';

const settings = (overrides = {}) => ({ ...DEFAULT_SETTINGS, ...overrides });
const contact = (fields) => ({ LastModifiedDate: '2026-01-01T00:00:00Z', ...fields });
const lead = (fields) => ({ LastModifiedDate: '2026-01-01T00:00:00Z', ...fields });

describe('sameRecordId', () => {
  test('an 18-character id names the record of its first 15 characters', () => {
    expect(sameRecordId('00Q0L000000001AQAQ', '00Q0L000000001A')).toBe(true);
    expect(sameRecordId('00Q0L000000001A', '00Q0L000000001AXYZ')).toBe(true);
  });
  test('the 15 characters are case-sensitive: another case is another record', () => {
    expect(sameRecordId('00Q0L000000001a', '00Q0L000000001A')).toBe(false);
  });
  test('ids shorter than 15 characters name nothing', () => {
    expect(sameRecordId('00Q0L', '00Q0L')).toBe(false);
    expect(sameRecordId(null, '00Q0L000000001A')).toBe(false);
  });
});

test('isCaseId: the 500 key prefix', () => {
  expect(isCaseId('5000L000000004VQAQ')).toBe(true);
  expect(isCaseId('0010L000000004TQAQ')).toBe(false);
  expect(isCaseId(undefined)).toBe(false);
});

describe('contactCandidates', () => {
  test('a person account joins the Contacts once, as its PersonContactId, with its row', () => {
    const account = {
      Id: '001PA',
      PersonContactId: '003PA',
      PersonEmail: 'pa@example.org',
      PersonPhone: '030 1234567',
      PersonMobilePhone: null,
      LastModifiedDate: '2026-02-01T00:00:00Z'
    };
    const rows = [contact({ Id: '003PA', Email: 'pa@example.org' }), contact({ Id: '003C' })];
    const result = contactCandidates(rows, [account]);
    expect(result.map((row) => row.Id)).toEqual(['003C', '003PA']);
    expect(result[1]).toEqual({
      Id: '003PA',
      Email: 'pa@example.org',
      Phone: '030 1234567',
      MobilePhone: null,
      LastModifiedDate: '2026-02-01T00:00:00Z',
      personAccount: account
    });
  });
  test('no person accounts: the Contacts as they are', () => {
    const rows = [contact({ Id: '003C' })];
    expect(contactCandidates(rows, [])).toEqual(rows);
  });
});

test('personOf: a person-account candidate is written as its Account', () => {
  const account = { Id: '001PA', PersonContactId: '003PA' };
  expect(personOf('Contact', { Id: '003PA', personAccount: account })).toEqual({
    kind: 'PersonAccount',
    record: account
  });
  expect(personOf('Lead', { Id: '00QL' })).toEqual({ kind: 'Lead', record: { Id: '00QL' } });
});

describe('linkedPerson: an existing booking keeps its person', () => {
  test('the Contact or Lead the Event names', () => {
    const candidates = { contacts: [contact({ Id: '003C' })], leads: [lead({ Id: '00QL' })] };
    expect(linkedPerson('003C', candidates)).toMatchObject({ kind: 'Contact' });
    expect(linkedPerson('00QL', candidates)).toMatchObject({ kind: 'Lead' });
  });
  test('a person account named by its Contact is the person account', () => {
    const account = { Id: '001PA', PersonContactId: '003PA' };
    const candidates = { contacts: contactCandidates([], [account]), leads: [] };
    expect(linkedPerson('003PA', candidates)).toEqual({ kind: 'PersonAccount', record: account });
  });
  test('a Lead converted since is its Contact, the Contact’s own row when it was found too', () => {
    const converted = lead({
      Id: '00QL',
      IsConverted: true,
      ConvertedContactId: '003C',
      ConvertedAccountId: '001A',
      ConvertedContact: { Email: 'new@example.org', AccountId: '001A' }
    });
    expect(linkedPerson('00QL', { contacts: [], leads: [converted] })).toEqual({
      kind: 'Contact',
      record: { Email: 'new@example.org', Id: '003C', AccountId: '001A', convertedLeadId: '00QL' }
    });
    const own = contact({ Id: '003C', Email: 'own@example.org' });
    expect(linkedPerson('00QL', { contacts: [own], leads: [converted] })).toEqual({
      kind: 'Contact',
      record: own
    });
  });
  test('a converted Lead without a readable Contact, or an unknown WhoId, names nobody', () => {
    const converted = lead({ Id: '00QL', IsConverted: true, ConvertedContactId: '003C' });
    expect(linkedPerson('00QL', { contacts: [], leads: [converted] })).toBeNull();
    expect(linkedPerson('003X', { contacts: [], leads: [] })).toBeNull();
    expect(linkedPerson(null, { contacts: [contact({ Id: '003C' })], leads: [] })).toBeNull();
  });
});

describe('matchCandidates', () => {
  const candidates = {
    contacts: [
      contact({ Id: '003000000000001AAA', Email: 'Ana@Example.org' }),
      contact({ Id: '003000000000002AAA', Phone: '(415) 555-0100' })
    ],
    leads: [lead({ Id: '00Q000000000003AAA', MobilePhone: '+1 415 555 0100' })]
  };
  test('record id by its first 15 characters, email case-insensitive, phone or mobile', () => {
    const result = matchCandidates(
      {
        salesforceRecordId: '003000000000002',
        person: { email: 'ana@example.org', phone: '4155550100' }
      },
      candidates
    );
    expect(result.RecordId.contacts.map((row) => row.Id)).toEqual(['003000000000002AAA']);
    expect(result.Email.contacts.map((row) => row.Id)).toEqual(['003000000000001AAA']);
    expect(result.Phone.contacts.map((row) => row.Id)).toEqual(['003000000000002AAA']);
    expect(result.Phone.leads.map((row) => row.Id)).toEqual(['00Q000000000003AAA']);
  });
  test('a key the booking has no value for is left out', () => {
    expect(matchCandidates({ person: {} }, candidates)).toEqual({
      RecordId: undefined,
      Email: undefined,
      Phone: undefined
    });
  });
});

describe('existingPerson', () => {
  test('the Event’s person comes before any match order', () => {
    const linked = lead({ Id: '00QLINKED' });
    const byEmail = contact({ Id: '003EMAIL', Email: 'ana@example.org' });
    const result = existingPerson(
      {
        whoId: '00QLINKED',
        booking: { person: { email: 'ana@example.org' } },
        contacts: [byEmail],
        leads: [linked]
      },
      settings({ matchOrder: ['Email'] })
    );
    expect(result).toEqual({ kind: 'Lead', record: linked });
  });
  test('without an Event, the match order decides (Contact before Lead)', () => {
    const byEmail = contact({ Id: '003EMAIL', Email: 'ana@example.org' });
    const leadByEmail = lead({ Id: '00QEMAIL', Email: 'ana@example.org' });
    expect(
      existingPerson(
        {
          booking: { person: { email: 'ana@example.org' } },
          contacts: [byEmail],
          leads: [leadByEmail]
        },
        settings()
      )
    ).toEqual({ kind: 'Contact', record: byEmail });
  });
  test('a matched person account is returned as the person account', () => {
    const account = { Id: '001PA', PersonContactId: '003PA', PersonEmail: 'pa@example.org' };
    expect(
      existingPerson(
        {
          booking: { person: { email: 'pa@example.org' } },
          contacts: contactCandidates([], [account]),
          leads: []
        },
        settings()
      )
    ).toEqual({ kind: 'PersonAccount', record: account });
  });
  test('a converted Lead matched by email resolves to its Contact’s own row', () => {
    const account = { Id: '001PA', PersonContactId: '003PA' };
    const converted = lead({
      Id: '00QL',
      Email: 'ana@example.org',
      IsConverted: true,
      ConvertedContactId: '003PA',
      ConvertedContact: { Email: 'other@example.org' }
    });
    expect(
      existingPerson(
        {
          booking: { person: { email: 'ana@example.org' } },
          contacts: contactCandidates([], [account]),
          leads: [converted]
        },
        settings()
      )
    ).toEqual({ kind: 'PersonAccount', record: account });
  });
  test('nobody matches: null (a new person is created)', () => {
    expect(
      existingPerson(
        { booking: { person: { email: 'x@example.org' } }, contacts: [], leads: [] },
        settings()
      )
    ).toBeNull();
  });
});

describe('the Account of a new Contact', () => {
  test('websiteHasDomain: the Website contains the domain, any case', () => {
    expect(websiteHasDomain('https://www.Example.org/about', 'example.org')).toBe(true);
    expect(websiteHasDomain('https://example.com', 'example.org')).toBe(false);
    expect(websiteHasDomain(null, 'example.org')).toBe(false);
    expect(websiteHasDomain('https://example.org', null)).toBe(false);
  });
  test('accountCandidates: by the email domain in the Website, by the company name', () => {
    const byWebsite = { Id: '001W', Name: 'Web Co', Website: 'www.example.org' };
    const byName = { Id: '001N', Name: 'Example Org' };
    const other = { Id: '001X', Name: 'Other', Website: 'other.example' };
    expect(
      accountCandidates([byWebsite, byName, other], {
        email: 'ana@example.org',
        company: 'example org'
      })
    ).toEqual({ EmailDomain: [byWebsite], CompanyName: [byName] });
    expect(accountCandidates([byWebsite], {})).toEqual({ EmailDomain: [], CompanyName: [] });
  });
});

describe('createsNewCase', () => {
  const caseSettings = settings({ caseBookingPages: ['Support'] });
  test('a Case page creates a Case', () => {
    expect(createsNewCase('support', caseSettings, undefined, 'Contact')).toBe(true);
    expect(createsNewCase('support', caseSettings, '0010L000000004TQAQ', 'Contact')).toBe(true);
    expect(createsNewCase('support', caseSettings, undefined, 'PersonAccount')).toBe(true);
  });
  test('not when the Event already has its Case', () => {
    expect(createsNewCase('Support', caseSettings, '5000L000000004VQAQ', 'Contact')).toBe(false);
  });
  test('not for another page', () => {
    expect(createsNewCase('Intro Call', caseSettings, undefined, 'Contact')).toBe(false);
  });
  test('not for a Lead, whose Event cannot be related to a Case', () => {
    expect(createsNewCase('Support', caseSettings, undefined, 'Lead')).toBe(false);
  });
});

test('caseOwner: the booking owner only under the BookingOwner policy, when found', () => {
  expect(caseOwner('BookingOwner', '005OWNER')).toBe('005OWNER');
  expect(caseOwner('BookingOwner', null)).toBeNull();
  expect(caseOwner('Keep', '005OWNER')).toBeNull();
  expect(caseOwner('AssignmentRules', '005OWNER')).toBeNull();
});

test('eventWhoId: a person account’s Contact, else the person', () => {
  expect(eventWhoId('PersonAccount', { Id: '001PA', PersonContactId: '003PA' })).toBe('003PA');
  expect(eventWhoId('Contact', { Id: '003C' })).toBe('003C');
  expect(eventWhoId('Lead', { Id: '00QL' })).toBe('00QL');
});

describe('eventWhatId: new Case, then the Event’s Case, then the Account', () => {
  test('the Case the booking creates wins', () => {
    expect(eventWhatId({ kind: 'Contact', caseId: '500NEW', accountId: '001A' })).toBe('500NEW');
  });
  test('never for a Lead: Salesforce requires an empty WhatId when the WhoId is a Lead', () => {
    expect(eventWhatId({ kind: 'Lead', caseId: '500NEW' })).toBeNull();
    expect(eventWhatId({ kind: 'Lead', existingWhatId: '500OLD' })).toBeNull();
  });
  test('a reschedule keeps the Event on its Case, not the Contact’s Account', () => {
    expect(eventWhatId({ kind: 'Contact', existingWhatId: '500OLD', accountId: '001A' })).toBe(
      '500OLD'
    );
    expect(
      eventWhatId({ kind: 'PersonAccount', existingWhatId: '500OLD', personAccountId: '001PA' })
    ).toBe('500OLD');
  });
  test('no Case: a Contact’s Account, a person account itself', () => {
    expect(eventWhatId({ kind: 'Contact', existingWhatId: '001OLD', accountId: '001A' })).toBe(
      '001A'
    );
    expect(eventWhatId({ kind: 'PersonAccount', personAccountId: '001PA' })).toBe('001PA');
  });
  test('a Lead without a Case, or a Contact without an Account: nothing', () => {
    expect(eventWhatId({ kind: 'Lead' })).toBeNull();
    expect(eventWhatId({ kind: 'Contact' })).toBeNull();
  });
});

describe('personUpdates', () => {
  const existing = { Id: '003C', FirstName: null, Phone: '111', OwnerId: '005OLD' };
  const values = { FirstName: 'Ana', Phone: '222' };
  test('the update policy’s fields, and the booking owner when the policy gives one', () => {
    expect(
      personUpdates(existing, values, settings({ ownerPolicy: 'BookingOwner' }), '005NEW')
    ).toEqual({ FirstName: 'Ana', OwnerId: '005NEW' });
    expect(
      personUpdates(existing, values, settings({ updatePolicy: 'Overwrite' }), '005NEW')
    ).toEqual({ FirstName: 'Ana', Phone: '222' });
  });
  test('no owner change when the record has that owner already, or no owner is found', () => {
    const owned = { ...existing, OwnerId: '005NEW' };
    expect(personUpdates(owned, {}, settings({ ownerPolicy: 'BookingOwner' }), '005NEW')).toEqual(
      {}
    );
    expect(personUpdates(existing, {}, settings({ ownerPolicy: 'BookingOwner' }), null)).toEqual(
      {}
    );
  });
});

describe('eventTimes', () => {
  const booking = { start: '2026-03-02T09:00:00Z', end: '2026-03-02T09:30:00Z' };
  test('a new Event: mapped times where given, else the booking’s', () => {
    expect(eventTimes(false, { StartDateTime: '2026-03-02T08:55:00Z' }, booking)).toEqual({
      StartDateTime: '2026-03-02T08:55:00Z',
      EndDateTime: booking.end
    });
  });
  test('an existing Event is moved to the booking’s times, whatever is mapped', () => {
    expect(eventTimes(true, { StartDateTime: '2020-01-01T00:00:00Z' }, booking)).toEqual({
      StartDateTime: booking.start,
      EndDateTime: booking.end
    });
  });
});
