import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../project.ts';
import {
  EVENT_TYPES,
  EventFormatError,
  eventProblems,
  parseEvents,
  readEventsFile,
  bookingFields
} from '../events.ts';
import { bookingEvent } from '../../../tooling/test-kit/fixtures.ts';

test('the JSON Schema and the validator list the same event types', () => {
  const schema = JSON.parse(
    readFileSync(join(projectRoot(), 'scripts/product/sync/booking-event.schema.json'), 'utf8')
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
  expect(parseEvents(JSON.stringify(a, null, 2))).toHaveLength(1);
});

test('errors name the source, the JSON line and what to fix', () => {
  const a = bookingEvent();
  const lines = `${JSON.stringify(a)}\n\n${JSON.stringify({ ...a, sequence: 'two' })}\n`;
  expect(() => parseEvents(lines, 'events.jsonl')).toThrow(
    /Invalid booking input in events\.jsonl: line 3: sequence must be a whole number/
  );
  // A pretty-printed object with a syntax error is one broken document, not broken lines.
  const broken = JSON.stringify(a, null, 2).replace('"sequence": 1', '"sequence": 1,,');
  expect(() => parseEvents(broken, 'one.json')).toThrow(
    /input in one\.json: it is not JSON .*give one event object, an array of events, or one event per line/
  );
});

describe('readEventsFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'events-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a missing file, a folder and an empty file are named with what to do', () => {
    expect(() => readEventsFile(join(dir, 'nope.jsonl'))).toThrow(
      /events file .*nope\.jsonl does not exist\. Pass the path of a JSON or JSON-lines file/
    );
    expect(() => readEventsFile(dir)).toThrow(/is a folder/);
    writeFileSync(join(dir, 'empty.json'), '\n');
    expect(() => readEventsFile(join(dir, 'empty.json'))).toThrow(/holds no events/);
  });

  test('a valid file gives its events', () => {
    const path = join(dir, 'ok.jsonl');
    writeFileSync(path, `${JSON.stringify(bookingEvent())}\n${JSON.stringify(bookingEvent())}\n`);
    expect(readEventsFile(path)).toHaveLength(2);
  });
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
