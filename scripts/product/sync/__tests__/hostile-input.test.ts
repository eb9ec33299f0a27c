// Input the engine must survive (issue 14, points 12 to 15 and 18), against the local org as
// the API user: long grouped lookups, values that are hard to put in SOQL, a booking whose
// lookup fails, booking ids that differ only in case or name Object.prototype members,
// oversize input, and values longer than their field or outside a restricted picklist.
import type { Connection } from '@salesforce/core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalOrg } from '../../../tooling/local-org/server.ts';
import { soqlStringValue } from '../../../tooling/local-org/soql-literals.ts';
import { bookingEvent, syncOrg } from '../../../tooling/test-kit/fixtures.ts';
import { projectRoot } from '../../project.ts';
import { soqlLikeContaining, soqlString } from '../../soql.ts';
import type { SyncConfig } from '../config.ts';
import { syncEvents } from '../engine.ts';
import {
  EventFormatError,
  parseEvents,
  TEXT_LIMITS,
  validateEvent,
  type BookingEvent
} from '../events.ts';
import { openSyncStore } from '../store.ts';
import { anyOfStatements, inTerms, SOQL_MAX_CHARACTERS } from '../lookups.ts';
import { checkedValue, ValueRefused } from '../mapped-fields.ts';
import type { SalesforceApi } from '../salesforce.ts';

jest.setTimeout(120_000);
let org: LocalOrg;
let admin: Connection;
let api: SalesforceApi;
let config: SyncConfig;

beforeAll(async () => {
  ({ org, admin, api, config } = await syncOrg());
}, 90_000);
afterAll(async () => {
  await org.close();
});
afterEach(() => org.faults.reset());

const options = (extra: Partial<Parameters<typeof syncEvents>[2]> = {}) => ({
  store: openSyncStore(null),
  config,
  ...extra
});

/** The API with every SOQL statement seen first (and refused, when `refuse` says so). */
function watched(
  target: SalesforceApi,
  seen: string[],
  refuse: (soql: string) => Error | null = () => null
): SalesforceApi {
  return new Proxy(target, {
    get(object, property) {
      if (property === 'query')
        return async (soql: string) => {
          seen.push(soql);
          const error = refuse(soql);
          if (error) throw error;
          return object.query(soql);
        };
      const value = Reflect.get(object, property, object);
      return typeof value === 'function' ? value.bind(object) : value;
    }
  });
}

async function eventsOf(bookingId: string) {
  const rows = await admin.query<Record<string, unknown>>(
    `SELECT Id, WhoId, Subject, Booking_Id__c FROM Event WHERE Booking_Id__c = ${soqlString(bookingId)}`
  );
  return rows.records;
}

describe('point 12: the grouped lookups of a full batch', () => {
  test('200 bookings with phones and long emails apply, and so does their replay; every statement within 100,000 characters', async () => {
    const seen: string[] = [];
    const watchedApi = watched(api, seen);
    const events = Array.from({ length: 200 }, (_, index) => {
      // 80 characters, the longest email Salesforce stores.
      const local = `long.address.${index}.`.padEnd(80 - '@bookings.example.org'.length, 'x');
      return bookingEvent({
        booking: {
          person: {
            firstName: 'Long',
            lastName: `Lookup${index}`,
            email: `${local}@bookings.example.org`,
            company: 'Lookup Co',
            phone: `+49 30 4444 ${String(1000 + index)}`,
            mobile: `+49 171 444 ${String(2000 + index)}`
          }
        }
      });
    });
    expect(events[0].booking.person.email).toHaveLength(80);
    const report = await syncEvents(watchedApi, events, options());
    expect(report).toMatchObject({ applied: 200, failed: 0 });
    // The replay: each booking's Event now names its Lead too, so the lookups are longer.
    const replay = await syncEvents(
      watchedApi,
      events.map((event) => ({ ...event, sequence: 2, type: 'rescheduled' as const })),
      options()
    );
    expect(replay).toMatchObject({ applied: 200, failed: 0 });
    const longest = Math.max(...seen.map((soql) => soql.length));
    expect(longest).toBeLessThanOrEqual(SOQL_MAX_CHARACTERS);
    const leads = await admin.query("SELECT Id FROM Lead WHERE Company = 'Lookup Co'");
    expect(leads.totalSize).toBe(200);
  });

  test('a lookup that would pass 100,000 characters is split into statements within it, each condition once', () => {
    // Two hundred bookings stay near 63,000 characters with the package's mappings (the test
    // above); more mapped fields, namespaced names or more numbers per booking would pass the
    // limit, so the statements are built to stay within it whatever the conditions.
    const head = `SELECT Id, Email, Phone, MobilePhone, OwnerId FROM Lead WHERE `;
    const emails = Array.from({ length: 1500 }, (_, i) => `${'e'.repeat(60)}.${i}@example.org`);
    const phones = Array.from(
      { length: 3000 },
      (_, i) => `Phone LIKE '%555${String(i).padStart(4, '0')}'`
    );
    const emailTerms = inTerms('Email', emails);
    expect(emailTerms.length).toBeGreaterThan(1);
    const statements = anyOfStatements(head, [inTerms('Id', []), emailTerms, phones]);
    expect(statements.length).toBeGreaterThan(1);
    for (const statement of statements) {
      expect(statement.length).toBeLessThanOrEqual(SOQL_MAX_CHARACTERS);
      expect(statement.startsWith(`${head}(`)).toBe(true);
    }
    const found = statements.join(' ');
    for (const email of emails) expect(found.split(`'${email}'`)).toHaveLength(2);
    for (const phone of phones) expect(found.split(phone)).toHaveLength(2);
    expect(anyOfStatements(head, [[], inTerms('Email', [])])).toEqual([]);
    expect(anyOfStatements(head, [["Email IN ('a@b.co')"]])).toEqual([
      `${head}(Email IN ('a@b.co'))`
    ]);
  });
});

describe('point 13: values in SOQL', () => {
  const hostile = [
    'line\nbreak',
    'carriage\rreturn',
    'tab\there',
    'bell\u0007',
    'form\ffeed',
    'vertical\u000btab',
    'nul\u0000byte',
    'escape\u001b[31m',
    'delete\u007f',
    'next\u0085line',
    'line\u2028separator',
    'paragraph\u2029separator',
    'O\'Brien "Quotes"',
    'back\\slash \\n not a newline',
    '100% under_score'
  ];

  test('every literal is written with the documented escapes only, and reads back as the value', () => {
    for (const value of hostile) {
      const literal = soqlString(value);
      // Nothing but printable text between the quotes: no raw control or line-separator character.
      expect(literal).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
      expect(soqlStringValue(literal)).toBe(value);
    }
    expect(soqlString('a\u2028b')).toBe("'a\\u2028b'");
    expect(soqlString('a\u000bb')).toBe("'a\\u000bb'");
    expect(soqlLikeContaining('50%\u2028')).toBe("'%50\\%\\u2028%'");
  });

  test('a company name with control characters, quotes or a line separator finds its Account', async () => {
    const contactConfig: SyncConfig = {
      ...config,
      settings: { ...config.settings, noMatchAction: 'Contact', accountMatching: ['CompanyName'] }
    };
    const accounts = new Map<string, string>();
    for (const name of hostile) {
      const created = (await admin.sobject('Account').create({ Name: name })) as { id: string };
      accounts.set(name, created.id);
    }
    const events = hostile.map((company, index) =>
      bookingEvent({ booking: { person: { lastName: `Hostile${index}`, company } } })
    );
    const report = await syncEvents(api, events, options({ config: contactConfig }));
    expect(report).toMatchObject({ applied: hostile.length, failed: 0 });
    for (const [index, event] of events.entries()) {
      const outcome = report.outcomes.find((o) => o.bookingId === event.bookingId);
      const contact = await admin.query<{ AccountId: string }>(
        `SELECT AccountId FROM Contact WHERE Id = '${outcome?.person?.id}'`
      );
      expect(contact.records[0].AccountId).toBe(accounts.get(hostile[index]));
    }
  });

  test("a booking whose lookup fails fails alone, with its own reason and nobody else's data", async () => {
    // The org refuses any query holding this booking's company (as it would a literal it cannot
    // read): that booking fails; the rest of the batch is looked up without it and applied.
    const poison = 'Poison Pill Ltd';
    const refusal = () => {
      const error = new Error(
        `unexpected token: '${poison}' in SELECT ... (the whole statement would be quoted here)`
      ) as Error & { errorCode: string };
      error.name = 'MALFORMED_QUERY';
      error.errorCode = 'MALFORMED_QUERY';
      return error;
    };
    const contactConfig: SyncConfig = {
      ...config,
      settings: { ...config.settings, noMatchAction: 'Contact', accountMatching: ['CompanyName'] }
    };
    const seen: string[] = [];
    const refusing = watched(api, seen, (soql) => (soql.includes(poison) ? refusal() : null));
    const others = Array.from({ length: 6 }, (_, index) =>
      bookingEvent({
        booking: {
          person: { lastName: `Bystander${index}`, email: `bystander.${index}@alone.example` }
        }
      })
    );
    const bad = bookingEvent({
      booking: {
        person: { lastName: 'Poisoned', email: 'poisoned@alone.example', company: poison }
      }
    });
    const batch = [...others.slice(0, 3), bad, ...others.slice(3)];
    const report = await syncEvents(refusing, batch, options({ config: contactConfig }));
    expect(report).toMatchObject({ applied: 6, failed: 1 });
    const failed = report.outcomes.find((o) => o.status === 'failed');
    expect(failed?.bookingId).toBe(bad.bookingId);
    expect(failed?.error).toMatch(
      new RegExp(`booking ${bad.bookingId} failed \\(MALFORMED_QUERY: .*nothing was written`)
    );
    for (const other of others)
      expect(failed?.error).not.toContain(other.booking.person.email as string);
    expect(await eventsOf(bad.bookingId)).toHaveLength(0);
    for (const other of others) expect(await eventsOf(other.bookingId)).toHaveLength(1);
  });
  test("a lookup failing for the whole batch copies nobody's values into the reasons", async () => {
    // Salesforce's query errors quote the statement (INVALID_FIELD, with every booking's email
    // in its IN list): each booking's reason keeps the code and the shape, not the values.
    const refusing = watched(api, [], (soql) => {
      if (!soql.includes(' FROM Lead ')) return null;
      const error = new Error(
        `\n${soql.slice(0, 300)}\n^\nERROR at Row:1:Column:8\nNo such column 'Gone__c' on entity 'Lead'`
      ) as Error & { errorCode: string };
      error.name = 'INVALID_FIELD';
      error.errorCode = 'INVALID_FIELD';
      return error;
    });
    const events = Array.from({ length: 4 }, (_, index) =>
      bookingEvent({
        booking: { person: { lastName: `Quoted${index}`, email: `quoted.${index}@leak.example` } }
      })
    );
    const report = await syncEvents(refusing, events, options());
    expect(report).toMatchObject({ applied: 0, failed: 4 });
    for (const outcome of report.outcomes) {
      expect(outcome.error).toMatch(/^Salesforce call failed: .*No such column '…' on entity '…'/s);
      expect(outcome.error).not.toMatch(/@leak\.example/);
    }
  });
});

describe('point 14: booking ids', () => {
  /** The Events of the booking ids given, compared exactly (SOQL's = ignores case). */
  async function exactlyOf(bookingId: string) {
    return (await eventsOf(bookingId)).filter((row) => row.Booking_Id__c === bookingId);
  }

  test('ids differing only in case each get their own Event; a reschedule of each moves only its own', async () => {
    const upper = bookingEvent({ bookingId: 'CASE-Booking-ABC' });
    const lower = bookingEvent({ bookingId: 'case-booking-abc' });
    expect(await syncEvents(api, [upper], options())).toMatchObject({ applied: 1 });
    const [before] = await exactlyOf(upper.bookingId);
    // The upsert by Booking_Id__c would have matched CASE-Booking-ABC's Event: created instead.
    expect(await syncEvents(api, [lower], options())).toMatchObject({ applied: 1, failed: 0 });
    const [upperRow] = await exactlyOf(upper.bookingId);
    const [lowerRow] = await exactlyOf(lower.bookingId);
    expect(upperRow).toMatchObject({ Id: before.Id, WhoId: before.WhoId });
    expect(lowerRow.Id).not.toBe(before.Id);
    expect(lowerRow.WhoId).not.toBe(before.WhoId);

    // Each is found again by its own id and written by its Event's Id.
    const moved = (event: typeof upper, start: string) => ({
      ...event,
      type: 'rescheduled' as const,
      sequence: 2,
      booking: { ...event.booking, start, end: start.replace(':00:00', ':30:00') }
    });
    expect(await syncEvents(api, [moved(lower, '2026-05-01T09:00:00Z')], options())).toMatchObject({
      applied: 1
    });
    const times = async (bookingId: string) =>
      (
        await admin.query<{ StartDateTime: string; Booking_Id__c: string }>(
          `SELECT StartDateTime, Booking_Id__c FROM Event WHERE Booking_Id__c = ${soqlString(bookingId)}`
        )
      ).records
        .filter((row) => row.Booking_Id__c === bookingId)
        .map((row) => row.StartDateTime.slice(0, 16));
    expect(await times(lower.bookingId)).toEqual(['2026-05-01T09:00']);
    expect(await times(upper.bookingId)).toEqual([upper.booking.start.slice(0, 16)]);
  });

  test('in one batch, two new ids differing only in case get an Event each', async () => {
    const first = bookingEvent({ bookingId: 'Same-Batch-XYZ' });
    const second = bookingEvent({ bookingId: 'same-batch-xyz' });
    const report = await syncEvents(api, [first, second], options());
    expect(report).toMatchObject({ applied: 2, failed: 0 });
    expect(await exactlyOf(first.bookingId)).toHaveLength(1);
    expect(await exactlyOf(second.bookingId)).toHaveLength(1);
    expect((await eventsOf(first.bookingId)).map((row) => row.Booking_Id__c).sort()).toEqual([
      'Same-Batch-XYZ',
      'same-batch-xyz'
    ]);
  });

  test('__proto__, constructor, toString and hasOwnProperty are booking ids like any other', async () => {
    const ids = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
    const events = ids.map((bookingId) => bookingEvent({ bookingId }));
    const store = openSyncStore(null);
    const report = await syncEvents(api, events, options({ store }));
    expect(report).toMatchObject({ applied: 4, failed: 0 });
    for (const event of events) {
      const rows = await eventsOf(event.bookingId);
      expect(rows.map((row) => row.Booking_Id__c)).toEqual([event.bookingId]);
    }
    // Each booking's Event is found again by its id: a reschedule updates it, no second Event.
    const again = await syncEvents(
      api,
      events.map((event) => ({
        ...event,
        sequence: 2,
        type: 'rescheduled' as const,
        booking: { ...event.booking, subject: `Moved ${event.bookingId}` }
      })),
      options()
    );
    expect(again).toMatchObject({ applied: 4, failed: 0 });
    for (const event of events) {
      const rows = await eventsOf(event.bookingId);
      expect(rows).toHaveLength(1);
      expect(rows[0].Subject).toBe(`Moved ${event.bookingId}`);
    }
  });
});

describe('point 15: length limits at intake', () => {
  const event = (): Record<string, unknown> => structuredClone(bookingEvent()) as never;
  const problemsOf = (value: unknown): string[] => {
    try {
      validateEvent(value);
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(EventFormatError);
      return (error as EventFormatError).problems;
    }
  };

  test('a 500 KB name is refused, naming the field and its limit', () => {
    const value = event();
    (value.booking as BookingEvent['booking']).person.lastName = 'x'.repeat(500 * 1024);
    const problems = problemsOf(value);
    expect(problems).toContain(
      'booking.person.lastName is 512000 characters; at most 80 are accepted'
    );
    // The problem names the size, never echoes the value.
    expect(problems.join('').length).toBeLessThan(500);
  });

  test.each([
    ['bookingId', 255],
    ['booking.person.firstName', 40],
    ['booking.person.lastName', 80],
    ['booking.person.email', 80],
    ['booking.person.phone', 40],
    ['booking.person.mobile', 40],
    ['booking.person.company', 255],
    ['booking.ownerEmail', 80],
    ['booking.subject', 32_000],
    ['booking.note', 32_000]
  ])('%s: %i characters are accepted, one more is refused', (path, limit) => {
    const make = (length: number) => {
      const value = event();
      const text = path.endsWith('mail')
        ? `${'a'.repeat(length - '@example.org'.length)}@example.org`
        : 'a'.repeat(length);
      const parts = path.split('.');
      let target = value as Record<string, unknown>;
      for (const part of parts.slice(0, -1)) target = target[part] as Record<string, unknown>;
      target[parts[parts.length - 1]] = text;
      return value;
    };
    expect(problemsOf(make(limit))).toEqual([]);
    expect(problemsOf(make(limit + 1))).toEqual([
      `${path} is ${limit + 1} characters; at most ${limit} are accepted`
    ]);
  });

  test('form answers, their keys and number, UTM values and the whole event are limited', () => {
    const value = event();
    const booking = value.booking as BookingEvent['booking'];
    booking.form = { long: 'a'.repeat(32_001), ['k'.repeat(256)]: 'x' };
    booking.utm = { campaign: 'c'.repeat(32_001) };
    expect(problemsOf(value)).toEqual(
      expect.arrayContaining([
        'booking.form.long is 32001 characters; at most 32000 are accepted',
        'a booking.form key is 256 characters; at most 255 are accepted',
        'booking.utm.campaign is 32001 characters; at most 32000 are accepted'
      ])
    );
    const many = event();
    (many.booking as BookingEvent['booking']).form = Object.fromEntries(
      Array.from({ length: 101 }, (_, index) => [`q${index}`, 'yes'])
    );
    expect(problemsOf(many)).toEqual(['booking.form has 101 answers; at most 100 are accepted']);
    const big = event();
    (big.booking as BookingEvent['booking']).form = Object.fromEntries(
      Array.from({ length: 10 }, (_, index) => [`q${index}`, 'a'.repeat(30_000)])
    );
    expect(problemsOf(big)).toEqual([
      expect.stringMatching(/^the event is \d+ bytes as JSON; at most 262144 are accepted$/)
    ]);
  });

  test('sync refuses an oversize event in its input before anything is sent', () => {
    const value = event();
    (value.booking as BookingEvent['booking']).person.company = 'c'.repeat(500 * 1024);
    expect(() => parseEvents(`${JSON.stringify(value)}\n`, 'events.jsonl')).toThrow(
      /line 1: booking\.person\.company is 512000 characters; at most 255 are accepted/
    );
  });

  test('the JSON schema states the same limits as the validator', () => {
    const schema = JSON.parse(
      readFileSync(join(projectRoot(), 'scripts/product/sync/booking-event.schema.json'), 'utf8')
    );
    for (const [path, limit] of Object.entries(TEXT_LIMITS)) {
      let node = schema;
      for (const part of path.split('.')) node = node.properties[part];
      expect([path, node.maxLength]).toEqual([path, limit]);
    }
    const form = schema.properties.booking.properties.form;
    expect(form).toMatchObject({
      maxProperties: 100,
      propertyNames: { maxLength: 255 },
      additionalProperties: { maxLength: 32_000 }
    });
  });
});

describe('point 18: values checked against the describe before any write', () => {
  const field = (type: string, extra: Record<string, unknown> = {}) =>
    ({
      name: 'X__c',
      type,
      nillable: true,
      createable: true,
      updateable: true,
      defaultedOnCreate: false,
      ...extra
    }) as Parameters<typeof checkedValue>[1];
  const check = (type: string, value: unknown, extra: Record<string, unknown> = {}) => {
    const warnings: string[] = [];
    try {
      return { value: checkedValue('Lead', field(type, extra), value, warnings), warnings };
    } catch (error) {
      expect(error).toBeInstanceOf(ValueRefused);
      return { refused: (error as Error).message };
    }
  };

  test('each field type takes what it can hold: text is cut, the rest refused by name', () => {
    expect(check('string', 'abcdef', { length: 3 })).toEqual({
      value: 'abc',
      warnings: ["Lead.X__c: the value of 6 characters was cut to the field's 3"]
    });
    expect(check('textarea', 'abc', { length: 3 })).toEqual({ value: 'abc', warnings: [] });
    for (const type of ['email', 'phone', 'url', 'id', 'reference', 'picklist'])
      expect(check(type, 'a@b.example', { length: 5 }).refused).toMatch(
        /^Lead\.X__c cannot take the value "a@b\.example": it is 11 characters and the field holds at most 5; nothing was written for this booking$/
      );
    expect(check('email', 'not an address', { length: 80 }).refused).toMatch(
      /holds an email address/
    );
    expect(check('double', 'twelve').refused).toMatch(/holds a number/);
    expect(check('int', 1.5).refused).toMatch(/holds a whole number/);
    expect(check('currency', 12.5)).toEqual({ value: 12.5, warnings: [] });
    expect(check('boolean', 'yes').refused).toMatch(/holds true or false/);
    expect(check('date', '2026-13').refused).toMatch(/holds a date/);
    expect(check('datetime', 'soon').refused).toMatch(/holds a date and time/);
    const picklist = {
      restrictedPicklist: true,
      picklistValues: [
        { value: 'A', active: true },
        { value: 'Old', active: false }
      ]
    };
    expect(check('picklist', 'A', picklist)).toEqual({ value: 'A', warnings: [] });
    expect(check('picklist', 'Old', picklist).refused).toMatch(
      /"Old" is not an active value of the field's restricted picklist \("A"\)/
    );
    expect(check('multipicklist', 'A;B', picklist).refused).toMatch(/"B" is not an active value/);
    expect(check('picklist', 'Free', { ...picklist, restrictedPicklist: false })).toEqual({
      value: 'Free',
      warnings: []
    });
    // A refusal shows the start of a long value, never all of it.
    expect(check('url', 'u'.repeat(5000), { length: 255 }).refused!.length).toBeLessThan(200);
  });

  test('a 400-character subject is cut to the Event field with a warning, and applied', async () => {
    const subject = `Long subject ${'s'.repeat(400)}`.slice(0, 400);
    const event = bookingEvent({ booking: { subject } });
    const report = await syncEvents(api, [event], options());
    expect(report.outcomes[0].error).toBeUndefined();
    expect(report).toMatchObject({ applied: 1, failed: 0 });
    expect(report.outcomes[0].warnings).toEqual([
      "Event.Subject: the value of 400 characters was cut to the field's 255"
    ]);
    const [row] = await eventsOf(event.bookingId);
    expect(row.Subject).toBe(subject.slice(0, 255));
  });

  test('a dry run reports the same warning', async () => {
    const event = bookingEvent({ booking: { subject: 'd'.repeat(300) } });
    const report = await syncEvents(api, [event], options({ dryRun: true }));
    expect(report.outcomes[0]).toMatchObject({
      status: 'planned',
      warnings: ["Event.Subject: the value of 300 characters was cut to the field's 255"]
    });
  });

  test('a restricted-picklist value the org lacks refuses the booking before anything is written', async () => {
    const stageMapping = {
      targetObject: 'Lead',
      targetField: 'Status',
      sourceType: 'BookingField',
      sourceValue: 'form.stage',
      isActive: true
    };
    const mapped = { ...config, mappings: [...config.mappings, stageMapping] };
    const email = 'refused.stage@picklist.example';
    const bad = bookingEvent({
      booking: {
        form: { stage: 'Scorching' },
        person: { lastName: 'Stage', email, company: 'Stage Co' }
      }
    });
    const good = bookingEvent({ booking: { form: { stage: 'Working - Contacted' } } });
    const report = await syncEvents(api, [bad, good], options({ config: mapped }));
    const byId = new Map(report.outcomes.map((o) => [o.bookingId, o]));
    expect(byId.get(good.bookingId)?.status).toBe('applied');
    expect(byId.get(bad.bookingId)?.error).toMatch(
      /^Lead\.Status cannot take the value "Scorching": "Scorching" is not an active value of the field's restricted picklist \(.*"Working - Contacted".*\); nothing was written for this booking$/
    );
    expect((await admin.query(`SELECT Id FROM Lead WHERE Email = '${email}'`)).totalSize).toBe(0);
    expect(await eventsOf(bad.bookingId)).toHaveLength(0);
  });

  test('a value longer than an email field is refused, never cut', async () => {
    const emailMapping = {
      targetObject: 'Lead',
      targetField: 'Email',
      sourceType: 'BookingField',
      sourceValue: 'form.otherEmail',
      isActive: true
    };
    const mapped = {
      ...config,
      mappings: [
        ...config.mappings.filter((m) => m.targetField !== 'Email' || m.targetObject !== 'Lead'),
        emailMapping
      ]
    };
    const event = bookingEvent({
      booking: { form: { otherEmail: `${'e'.repeat(90)}@example.org` } }
    });
    const report = await syncEvents(api, [event], options({ config: mapped }));
    expect(report.outcomes[0]).toMatchObject({ status: 'failed' });
    expect(report.outcomes[0].error).toMatch(
      /^Lead\.Email cannot take the value ".*": it is 102 characters and the field holds at most 80; nothing was written/
    );
    expect(await eventsOf(event.bookingId)).toHaveLength(0);
  });
});
