// Issue 14 decisions of the shared rules, without an org: a late event refused by the sequence
// its Event carries (point 4), a booking of the batch sharing an earlier one's new person
// (point 16), and the warning of an owner fallback to the API user (point 17).
import {
  DEFAULT_SETTINGS,
  batchPerson,
  lateEventReason,
  ownerFallbackWarning
} from '../creationRules';

const settings = (overrides = {}) => ({ ...DEFAULT_SETTINGS, ...overrides });
const lead = (fields) => ({ kind: 'Lead', record: { attributes: { type: 'Lead' }, ...fields } });

describe('issue 14 point 4: lateEventReason', () => {
  test('an event older than the sequence its Event carries is refused, naming it', () => {
    expect(lateEventReason(1, 2)).toBe("older than the Event's sequence 2");
  });
  test('the same sequence again is already applied', () => {
    expect(lateEventReason(2, 2)).toBe('already applied (the Event carries sequence 2)');
  });
  test('a newer event, or an Event without a sequence, is applied', () => {
    expect(lateEventReason(3, 2)).toBeNull();
    expect(lateEventReason(0, null)).toBeNull();
    expect(lateEventReason(1, undefined)).toBeNull();
    expect(lateEventReason(1, '')).toBeNull();
  });
  test('a sequence the API returns as text or as a decimal compares as a number', () => {
    expect(lateEventReason(10, '9')).toBeNull();
    expect(lateEventReason(9, 10.0)).toBe("older than the Event's sequence 10");
  });
});

describe('issue 14 point 16: batchPerson', () => {
  const planned = [
    lead({ LastName: 'One', Email: 'one@example.org', Phone: '+1 415 555 0100' }),
    lead({ LastName: 'Two', Email: 'two@example.org' }),
    lead({ LastName: 'Three', Phone: '030 1234567' })
  ];
  test('the same email (any case) is the same person', () => {
    expect(batchPerson({ person: { email: 'TWO@example.org' } }, planned, settings())).toEqual({
      index: 1,
      matchedBy: 'Email'
    });
  });
  test('without an email, the same phone in another format', () => {
    expect(
      batchPerson({ person: { lastName: 'X', phone: '+49 30 1234567' } }, planned, settings())
    ).toEqual({ index: 2, matchedBy: 'Phone' });
  });
  test('another email and no phone is someone else; an empty batch has nobody', () => {
    expect(batchPerson({ person: { email: 'else@example.org' } }, planned, settings())).toBeNull();
    expect(batchPerson({ person: { email: 'one@example.org' } }, [], settings())).toBeNull();
  });
  test('the match order decides, as it does against the org: no Phone key, no phone match', () => {
    const booking = { person: { email: 'new@example.org', phone: '(415) 555-0100' } };
    expect(batchPerson(booking, planned, settings())).toEqual({ index: 0, matchedBy: 'Phone' });
    expect(batchPerson(booking, planned, settings({ matchOrder: ['Email'] }))).toBeNull();
  });
  test('the earliest of several planned people wins', () => {
    const twice = [lead({ Email: 'a@example.org' }), lead({ Email: 'a@example.org' })];
    expect(batchPerson({ person: { email: 'a@example.org' } }, twice, settings()).index).toBe(0);
  });
  test('a person account is matched on its person fields', () => {
    const account = {
      kind: 'PersonAccount',
      record: { attributes: { type: 'Account' }, PersonEmail: 'pa@example.org' }
    };
    expect(batchPerson({ person: { email: 'pa@example.org' } }, [account], settings())).toEqual({
      index: 0,
      matchedBy: 'Email'
    });
  });
});

describe('issue 14 point 17: ownerFallbackWarning', () => {
  test('an owner the org has no active user for: the Event falls back to the API user', () => {
    expect(ownerFallbackWarning('Keep', 'gone@example.org', null)).toBe(
      'booking owner gone@example.org is no active Salesforce user: the Event is owned by the API user'
    );
    expect(ownerFallbackWarning('BookingOwner', 'gone@example.org', null)).toMatch(
      /the Event and a new person or Case are owned by the API user/
    );
  });
  test('BookingOwner with no owner named says so; other policies without an owner say nothing', () => {
    expect(ownerFallbackWarning('BookingOwner', undefined, null)).toMatch(
      /names no owner.*owner policy BookingOwner/
    );
    expect(ownerFallbackWarning('Keep', undefined, null)).toBeNull();
    expect(ownerFallbackWarning('AssignmentRules', '', null)).toBeNull();
  });
  test('an owner found: nothing falls back', () => {
    expect(ownerFallbackWarning('BookingOwner', 'o@example.org', '005X')).toBeNull();
  });
});
