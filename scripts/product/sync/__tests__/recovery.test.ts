// Recovery of partial writes, without an org: how collection answers are read (what counts as
// created), which ids the compensating delete removes and in what order, and, through the
// writes with a scripted API, that a record Salesforce's duplicate rules matched is never
// deleted when its booking fails later.
import { planBatch } from '../plan.ts';
import {
  compensate,
  compensationIds,
  failUnfinished,
  readResult,
  startProgress,
  type BookingProgress,
  type CollectionResult
} from '../recovery.ts';
import type { SalesforceApi } from '../salesforce.ts';
import { writePlans } from '../writes.ts';
import { bookingEvent } from '../../../tooling/test-kit/fixtures.ts';
import { facts, offlineConfig } from './plan-fixtures.ts';

const NOW = '2026-03-01T12:00:00.000Z';
const ok = (id: string): CollectionResult => ({ id, success: true, errors: [] });
const refused = (statusCode: string, message: string, fields?: string[]): CollectionResult => ({
  success: false,
  errors: [{ statusCode, message, ...(fields ? { fields } : {}) }]
});
const duplicateOf = (id: string): CollectionResult => ({
  success: false,
  errors: [
    {
      statusCode: 'DUPLICATES_DETECTED',
      message: 'Use one of these records?',
      duplicateResult: { matchResults: [{ matchRecords: [{ record: { Id: id } }] }] }
    }
  ]
});

/** An API whose collection calls answer from a script, recording every request. */
function scriptedApi(answer: (method: string, path: string, records: unknown[]) => unknown) {
  const requests: { method: string; path: string; body?: unknown }[] = [];
  const api = {
    calls: 0,
    async request(method: string, path: string, body?: { records?: unknown[] }) {
      api.calls++;
      requests.push({ method, path, body });
      return answer(method, path, body?.records ?? []);
    },
    async query() {
      api.calls++;
      return [];
    }
  };
  return { api: api as unknown as SalesforceApi, requests };
}

describe('readResult', () => {
  test('a create that succeeded created its record; an update or upsert created nothing', () => {
    expect(readResult(ok('00Q1'), 'POST', 'Lead')).toEqual({ id: '00Q1', created: true });
    expect(readResult(ok('00U1'), 'PATCH', 'Event')).toEqual({ id: '00U1', created: false });
  });
  test('a create refused as a duplicate is the matched record, not created', () => {
    expect(readResult(duplicateOf('001CUSTOMER'), 'POST', 'Account')).toEqual({
      id: '001CUSTOMER',
      created: false
    });
  });
  test('a duplicate refusal of an update, or without a match, is an error', () => {
    expect(readResult(duplicateOf('003X'), 'PATCH', 'Contact')).toEqual({
      error: 'Contact write rejected by Salesforce: DUPLICATES_DETECTED: Use one of these records?'
    });
    expect(readResult(refused('DUPLICATES_DETECTED', 'Blocked'), 'POST', 'Lead')).toHaveProperty(
      'error'
    );
  });
  test('an error names the code, the message and the fields; a missing answer says so', () => {
    expect(
      readResult(
        refused('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', 'bad value', ['Status']),
        'POST',
        'Case'
      )
    ).toEqual({
      error:
        'Case write rejected by Salesforce: INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: bad value (Status)'
    });
    expect(readResult(undefined, 'POST', 'Lead')).toEqual({
      error: 'Lead write rejected by Salesforce: no result'
    });
  });
});

function progressOf(count: number): BookingProgress[] {
  const { plans } = planBatch(
    Array.from({ length: count }, () => bookingEvent()),
    facts(),
    offlineConfig(),
    NOW
  );
  return startProgress(plans);
}

describe('the compensating delete', () => {
  test('only failed bookings’ records, children before parents', () => {
    const [failed, applied] = progressOf(2);
    failed.created = ['001A', '003C', '500K'];
    failed.error = 'Event write rejected';
    applied.created = ['00Q1'];
    expect(compensationIds([failed, applied])).toEqual(['500K', '003C', '001A']);
  });

  test('one call per 200 ids; a record that cannot be deleted is named in its booking’s error', async () => {
    const bookings = progressOf(3);
    bookings[0].created = Array.from({ length: 150 }, (_, i) => `00QA${i}`);
    bookings[1].created = Array.from({ length: 100 }, (_, i) => `00QB${i}`);
    bookings[2].created = ['00QKEPT'];
    bookings[0].error = 'first failed';
    bookings[1].error = 'second failed';
    const { api, requests } = scriptedApi((_method, path) => {
      const ids = new URL(path, 'http://x').searchParams.get('ids')!.split(',');
      return ids.map((id) =>
        id === '00QB7'
          ? refused('ENTITY_IS_DELETED', 'already gone')
          : { id, success: true, errors: [] }
      );
    });
    await compensate(api, bookings);
    expect(requests.map((r) => r.method)).toEqual(['DELETE', 'DELETE']);
    const deleted = requests.flatMap((r) =>
      new URL(r.path, 'http://x').searchParams.get('ids')!.split(',')
    );
    expect(deleted).toHaveLength(250);
    expect(deleted).not.toContain('00QKEPT');
    expect(bookings[0].error).toBe('first failed');
    expect(bookings[1].error).toMatch(
      /^second failed \(and record 00QB7 it created could not be deleted: ENTITY_IS_DELETED: already gone; delete it by hand/
    );
    // Done with: a second compensation deletes nothing again; the applied booking keeps its ids.
    expect(bookings[0].created).toEqual([]);
    expect(bookings[2].created).toEqual(['00QKEPT']);
    await compensate(api, bookings);
    expect(requests).toHaveLength(2);
  });

  test('nothing failed: no call', async () => {
    const { api, requests } = scriptedApi(() => []);
    await compensate(api, progressOf(2));
    expect(requests).toHaveLength(0);
  });

  test('failUnfinished keeps the first error of a booking', () => {
    const [first, second] = progressOf(2);
    first.error = 'Lead write rejected';
    failUnfinished([first, second], 'Salesforce call failed: timeout');
    expect([first.error, second.error]).toEqual([
      'Lead write rejected',
      'Salesforce call failed: timeout'
    ]);
  });
});

describe('partial writes recovered, through the writes', () => {
  // A new Contact under a new Account with a Case: the Account is answered with a duplicate
  // match (the customer's), the Contact is created, the Case is refused. The booking fails;
  // the compensating delete removes the Contact it created, never the customer's Account.
  const config = offlineConfig({
    settings: {
      ...offlineConfig().settings,
      noMatchAction: 'Contact',
      accountMatching: ['EmailDomain'],
      createAccount: true,
      caseBookingPages: ['Support']
    }
  });
  const plansFor = (count: number) =>
    planBatch(
      Array.from({ length: count }, (_, i) =>
        bookingEvent({
          booking: {
            bookingPage: 'Support',
            person: {
              lastName: `Byron${i}`,
              email: `ada${i}@unlisted.example`,
              company: `Matched ${i}`
            }
          }
        })
      ),
      facts(),
      config,
      NOW
    ).plans;

  test('a duplicate-matched Account is used, not counted as created, not deleted', async () => {
    const plans = plansFor(1);
    expect(plans[0].newAccount).toBeDefined();
    const { api, requests } = scriptedApi((method, _path, records) => {
      if (method === 'DELETE') return [ok('deleted')];
      const type = (records[0] as { attributes: { type: string } }).attributes.type;
      if (type === 'Account') return [duplicateOf('001CUSTOMER')];
      if (type === 'Contact') return [ok('003NEW')];
      if (type === 'Case')
        return [refused('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', 'bad Status')];
      return records.map(() => ok('00UNEW'));
    });
    const progress = startProgress(plans);
    await writePlans(api, config, progress);
    const [booking] = progress;
    expect(booking.accountId).toBe('001CUSTOMER');
    expect(booking.created).toEqual(['003NEW']);
    // The Contact was sent under the matched Account.
    const contactWrite = requests.find(
      (r) =>
        (r.body as { records: { attributes: { type: string } }[] }).records[0].attributes.type ===
        'Contact'
    );
    expect((contactWrite!.body as { records: { AccountId: string }[] }).records[0].AccountId).toBe(
      '001CUSTOMER'
    );
    expect(booking.error).toMatch(/^Case write rejected by Salesforce/);
    await compensate(api, progress);
    const deletes = requests.filter((r) => r.method === 'DELETE');
    expect(deletes.map((r) => r.path)).toEqual(['/composite/sobjects?allOrNone=false&ids=003NEW']);
    // No Event for the failed booking: its upsert was not sent.
    expect(requests.some((r) => r.path.startsWith('/composite/sobjects/Event/'))).toBe(false);
  });

  test('a duplicate-matched Case is not counted as created either', async () => {
    const plans = plansFor(1);
    const { api } = scriptedApi((_method, _path, records) => {
      const type = (records[0] as { attributes: { type: string } }).attributes.type;
      if (type === 'Account') return [ok('001NEW')];
      if (type === 'Contact') return [ok('003NEW')];
      if (type === 'Case') return [duplicateOf('500CUSTOMER')];
      return [refused('FIELD_CUSTOM_VALIDATION_EXCEPTION', 'no')];
    });
    const progress = startProgress(plans);
    await writePlans(api, config, progress);
    expect(progress[0]).toMatchObject({ caseId: '500CUSTOMER', created: ['001NEW', '003NEW'] });
    expect(compensationIds(progress)).toEqual(['003NEW', '001NEW']);
  });

  test('the plan is not changed by the writes: ids live in the progress', async () => {
    const plans = plansFor(2);
    const { api } = scriptedApi((_method, path, records) =>
      records.map((_, i) => ok(`${path.includes('Event') ? '00U' : 'id'}${i}`))
    );
    const progress = startProgress(plans);
    await writePlans(api, config, progress);
    expect(progress.map((p) => p.error)).toEqual([undefined, undefined]);
    expect(progress.map((p) => p.eventId)).toEqual(['00U0', '00U1']);
    expect(plans[0].person.record.Id).toBeUndefined();
    expect(plans[0].eventRecord.WhoId).toBeUndefined();
    expect(Object.isFrozen(plans[0].eventRecord)).toBe(true);
  });
});
