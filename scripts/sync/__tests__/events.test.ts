import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../lib/project.ts';
import {
  EVENT_TYPES,
  EventFormatError,
  eventProblems,
  parseEvents,
  bookingFields
} from '../events.ts';
import { signatureMatches, sign } from '../serve.ts';
import { bookingEvent } from './fixtures.ts';

test('the JSON Schema and the validator list the same event types', () => {
  const schema = JSON.parse(
    readFileSync(join(projectRoot(), 'scripts/sync/booking-event.schema.json'), 'utf8')
  );
  expect(schema.properties.type.enum).toEqual([...EVENT_TYPES]);
});

test('a valid event has no problems; each bad part is named', () => {
  expect(eventProblems(bookingEvent())).toEqual([]);
  const bad = {
    ...bookingEvent(),
    sequence: -1,
    extra: 1,
    booking: { start: 'tomorrow', end: '2026-03-02T09:30:00Z', person: { email: 'nope' } }
  };
  expect(eventProblems(bad)).toEqual(
    expect.arrayContaining([
      'extra is not part of the format',
      'sequence must be a whole number ≥ 0',
      expect.stringContaining('booking.start must be an ISO 8601 date-time'),
      'booking.person.email must be an email address'
    ])
  );
});

test('input may be one object, an array or JSON lines; a bad line is named', () => {
  const a = bookingEvent();
  const b = bookingEvent();
  expect(parseEvents(JSON.stringify(a))).toHaveLength(1);
  expect(parseEvents(JSON.stringify([a, b]))).toHaveLength(2);
  expect(parseEvents(`${JSON.stringify(a)}\n\n${JSON.stringify(b)}\n`)).toHaveLength(2);
  expect(() => parseEvents(`${JSON.stringify(a)}\n{oops`)).toThrow(/line 2 is not JSON/);
  expect(() => parseEvents(JSON.stringify([a, { ...b, type: 'x' }]))).toThrow(EventFormatError);
});

test('booking fields follow the rules keys, form answers included', () => {
  const event = bookingEvent({ booking: { form: { industry: 'Retail' } } });
  const fields = bookingFields(event);
  expect(fields).toMatchObject({
    duration: 30,
    bookingPage: 'Intro Call',
    form: { industry: 'Retail' }
  });
});

test('signatures are HMAC-SHA256 of the raw body', () => {
  const body = Buffer.from('{"a":1}');
  expect(signatureMatches(body, sign('{"a":1}', 's'), 's')).toBe(true);
  expect(signatureMatches(body, sign('{"a":2}', 's'), 's')).toBe(false);
  expect(signatureMatches(body, undefined, 's')).toBe(false);
  expect(signatureMatches(body, 'sha256=short', 's')).toBe(false);
});
