import { existsSync, readFileSync, statSync } from 'node:fs';
import { productMessages } from '../messages.ts';
import { EVENT_STATUS_BY_TYPE } from '../../../force-app/main/default/lwc/bookingRules/creationRules.js';

const messages = productMessages('sync.events');

// The booking event format, version 1 (booking-event.schema.json is the documented contract;
// this is its typed validator, kept field for field in step with it). Every event carries the
// whole booking after the change, so the newest sequence of a booking decides its state.

export const EVENT_TYPES = [
  'booked',
  'rescheduled',
  'completed',
  'canceled',
  'no_show',
  'reassigned'
] as const;
export type BookingEventType = (typeof EVENT_TYPES)[number];

export interface BookingPerson {
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string;
  mobile?: string;
  company?: string;
}

export interface Booking {
  start: string;
  end: string;
  timeZone?: string;
  bookingPage?: string;
  ownerEmail?: string;
  subject?: string;
  location?: string;
  meetingLink?: string;
  note?: string;
  guests?: string;
  reason?: string;
  salesforceRecordId?: string;
  person: BookingPerson;
  form?: Record<string, string | number | boolean | null>;
  utm?: { source?: string; medium?: string; campaign?: string; term?: string; content?: string };
}

export interface BookingEvent {
  schemaVersion: 1;
  type: BookingEventType;
  bookingId: string;
  sequence: number;
  occurredAt?: string;
  booking: Booking;
}

export class EventFormatError extends Error {
  readonly problems: string[];
  constructor(problems: string[], where = 'event') {
    super(messages.getMessage('error.invalid', [where, problems.join('; ')]));
    this.name = 'EventFormatError';
    this.problems = problems;
  }
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const RECORD_ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;

const PERSON_KEYS = ['firstName', 'lastName', 'email', 'phone', 'mobile', 'company'];

// Longest values accepted at intake (point 15 of issue 14), in characters. Where a value is an
// identity or lands in one standard field, the limit is that field's length, so a value the org
// would refuse (STRING_TOO_LONG) is refused here, naming the field, before anything is queued:
// FirstName 40, LastName 80, Email 80, Phone 40 (the person fields, as the field reference lists
// them for Name, https://developer.salesforce.com/docs/platform/field-reference/references/field-reference/salesforce-field-reference-name.html;
// MobilePhone is a phone field like Phone), Lead Company 255 and Email 80
// (https://developer.salesforce.com/docs/platform/field-reference/references/field-reference/salesforce-field-reference-lead.html;
// a new Account takes the company as its Name, 255 as well: not confirmed in the pages searched,
// and a longer name would be refused by the describe check before any write), the package's Booking_Id__c and Booking_Page__c
// Text(255), Customer_Time_Zone__c Text(64), Meeting_Link__c a Url field (255: the length its
// describe gives; the field-type pages searched do not state a URL field's length).
// Free text that a mapping may send to any text field (subject, location, note, guests, reason,
// form answers, UTM values) may be as long as the longest standard text area, Description's
// 32,000 (Lead Description, textarea 32000, in the Lead field reference); a shorter target
// field is truncated with a warning before the write (mapped-fields.ts checkPlanValues), so it is not refused here.
export const TEXT_LIMITS: Readonly<Record<string, number>> = Object.freeze({
  bookingId: 255,
  'booking.person.firstName': 40,
  'booking.person.lastName': 80,
  'booking.person.email': 80,
  'booking.person.phone': 40,
  'booking.person.mobile': 40,
  'booking.person.company': 255,
  'booking.ownerEmail': 80,
  'booking.bookingPage': 255,
  'booking.timeZone': 64,
  'booking.meetingLink': 255,
  'booking.subject': 32_000,
  'booking.location': 32_000,
  'booking.note': 32_000,
  'booking.guests': 32_000,
  'booking.reason': 32_000
});
/** A form answer or UTM value (text a mapping may send to a long text area). */
export const ANSWER_MAX_LENGTH = 32_000;
/** A form question's key (a mapping names it as form.<key>). */
export const FORM_KEY_MAX_LENGTH = 255;
/** Form answers per booking. */
export const FORM_MAX_ANSWERS = 100;
/**
 * One event as JSON, in UTF-8 bytes: room for every field at its limit that a real booking uses,
 * far below what would strain the journal or a batch (200 events stay under 52 MB).
 */
export const EVENT_MAX_BYTES = 256 * 1024;

function tooLong(path: string, value: unknown, limit: number): string | null {
  return typeof value === 'string' && value.length > limit
    ? `${path} is ${value.length} characters; at most ${limit} are accepted`
    : null;
}
const BOOKING_TEXT_KEYS = [
  'timeZone',
  'bookingPage',
  'ownerEmail',
  'subject',
  'location',
  'meetingLink',
  'note',
  'guests',
  'reason',
  'salesforceRecordId'
];
const UTM_KEYS = ['source', 'medium', 'campaign', 'term', 'content'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(value: Record<string, unknown>, allowed: string[], path: string): string[] {
  return Object.keys(value)
    .filter((key) => !allowed.includes(key))
    .map((key) => `${path}${key} is not part of the format`);
}

function checkText(
  value: Record<string, unknown>,
  keys: string[],
  path: string,
  problems: string[]
): void {
  for (const key of keys) {
    if (value[key] !== undefined && typeof value[key] !== 'string') {
      problems.push(`${path}${key} must be a string`);
    }
  }
}

/** Problems with one event; empty when it follows the format. */
export function eventProblems(value: unknown): string[] {
  if (!isObject(value)) return ['an event must be a JSON object'];
  const problems = unknownKeys(
    value,
    ['schemaVersion', 'type', 'bookingId', 'sequence', 'occurredAt', 'booking'],
    ''
  );
  if (value.schemaVersion !== 1)
    problems.push(`schemaVersion must be 1 (got ${JSON.stringify(value.schemaVersion)})`);
  if (!EVENT_TYPES.includes(value.type as BookingEventType))
    problems.push(`type must be one of ${EVENT_TYPES.join(', ')}`);
  if (typeof value.bookingId !== 'string' || !value.bookingId)
    problems.push('bookingId must be a non-empty string of at most 255 characters');
  const bytes = jsonBytes(value);
  if (bytes > EVENT_MAX_BYTES)
    problems.push(`the event is ${bytes} bytes as JSON; at most ${EVENT_MAX_BYTES} are accepted`);
  if (!Number.isInteger(value.sequence) || (value.sequence as number) < 0)
    problems.push('sequence must be a whole number ≥ 0');
  if (value.occurredAt !== undefined && !ISO_DATE_TIME.test(String(value.occurredAt)))
    problems.push('occurredAt must be an ISO 8601 date-time with offset');
  const booking = value.booking;
  if (!isObject(booking)) {
    problems.push('booking must be an object');
    return problems;
  }
  problems.push(
    ...unknownKeys(
      booking,
      ['start', 'end', 'person', 'form', 'utm', ...BOOKING_TEXT_KEYS],
      'booking.'
    )
  );
  for (const key of ['start', 'end']) {
    if (typeof booking[key] !== 'string' || !ISO_DATE_TIME.test(booking[key] as string))
      problems.push(
        `booking.${key} must be an ISO 8601 date-time with offset, e.g. 2026-03-01T09:00:00Z`
      );
  }
  if (
    problems.length === 0 &&
    Date.parse(booking.end as string) < Date.parse(booking.start as string)
  )
    problems.push('booking.end must not be before booking.start');
  checkText(booking, BOOKING_TEXT_KEYS, 'booking.', problems);
  if (typeof booking.ownerEmail === 'string' && !EMAIL.test(booking.ownerEmail))
    problems.push('booking.ownerEmail must be an email address');
  if (typeof booking.salesforceRecordId === 'string' && !RECORD_ID.test(booking.salesforceRecordId))
    problems.push('booking.salesforceRecordId must be a 15- or 18-character Salesforce id');
  if (typeof booking.meetingLink === 'string' && !/^https?:\/\//.test(booking.meetingLink))
    problems.push('booking.meetingLink must be an http(s) URL');
  if (!isObject(booking.person)) {
    problems.push('booking.person must be an object');
  } else {
    problems.push(...unknownKeys(booking.person, PERSON_KEYS, 'booking.person.'));
    checkText(booking.person, PERSON_KEYS, 'booking.person.', problems);
    if (typeof booking.person.email === 'string' && !EMAIL.test(booking.person.email))
      problems.push('booking.person.email must be an email address');
  }
  if (booking.form !== undefined) {
    if (!isObject(booking.form)) problems.push('booking.form must be an object of answers by key');
    else
      for (const [key, answer] of Object.entries(booking.form)) {
        if (answer !== null && !['string', 'number', 'boolean'].includes(typeof answer))
          problems.push(`booking.form.${key} must be a string, number, boolean or null`);
      }
  }
  if (booking.utm !== undefined) {
    if (!isObject(booking.utm)) problems.push('booking.utm must be an object');
    else {
      problems.push(...unknownKeys(booking.utm, UTM_KEYS, 'booking.utm.'));
      checkText(booking.utm, UTM_KEYS, 'booking.utm.', problems);
    }
  }
  problems.push(...lengthProblems(value));
  return problems;
}

function jsonBytes(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  } catch {
    return 0;
  }
}

/** Values longer than the format allows, each named with its limit. */
function lengthProblems(event: Record<string, unknown>): string[] {
  const booking = isObject(event.booking) ? event.booking : {};
  const person = isObject(booking.person) ? booking.person : {};
  const at = (path: string): unknown => {
    if (path === 'bookingId') return event.bookingId;
    const key = path.slice(path.lastIndexOf('.') + 1);
    return path.startsWith('booking.person.') ? person[key] : booking[key];
  };
  const problems = Object.entries(TEXT_LIMITS)
    .map(([path, limit]) => tooLong(path, at(path), limit))
    .filter((problem): problem is string => problem !== null);
  if (isObject(booking.form)) {
    const keys = Object.keys(booking.form);
    if (keys.length > FORM_MAX_ANSWERS)
      problems.push(
        `booking.form has ${keys.length} answers; at most ${FORM_MAX_ANSWERS} are accepted`
      );
    for (const key of keys) {
      if (key.length > FORM_KEY_MAX_LENGTH)
        problems.push(
          `a booking.form key is ${key.length} characters; at most ${FORM_KEY_MAX_LENGTH} are accepted`
        );
      else {
        const problem = tooLong(`booking.form.${key}`, booking.form[key], ANSWER_MAX_LENGTH);
        if (problem) problems.push(problem);
      }
    }
  }
  if (isObject(booking.utm))
    for (const key of UTM_KEYS) {
      const problem = tooLong(`booking.utm.${key}`, booking.utm[key], ANSWER_MAX_LENGTH);
      if (problem) problems.push(problem);
    }
  return problems;
}

/** The event, typed, or an EventFormatError listing every problem. */
export function validateEvent(value: unknown, where?: string): BookingEvent {
  const problems = eventProblems(value);
  if (problems.length) throw new EventFormatError(problems, where);
  return value as BookingEvent;
}

/**
 * Events from text: one JSON object, a JSON array, or JSON lines. Every event is validated; the
 * error names the source (a file path, or "stdin") and the line of each bad JSON line or the
 * position of each bad event, with what to fix.
 */
export function parseEvents(text: string, source = 'input'): BookingEvent[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  const lines = text.split(/\r?\n/);
  const firstLine = lines.findIndex((line) => line.trim());
  // JSON lines when the first non-empty line is a whole JSON value on its own; otherwise the
  // text is one document (an object or array, possibly pretty-printed over several lines).
  const asJsonLines = !trimmed.startsWith('[') && lines.length > 1 && parsesAlone(lines[firstLine]);
  const entries: { value: unknown; where: string }[] = [];
  if (asJsonLines) {
    const notJson: string[] = [];
    lines.forEach((line, index) => {
      if (!line.trim()) return;
      try {
        entries.push({ value: JSON.parse(line), where: `line ${index + 1}` });
      } catch (error) {
        notJson.push(
          `line ${index + 1} is not JSON (${(error as Error).message}); each line must hold one whole event object`
        );
      }
    });
    if (notJson.length) throw new EventFormatError(notJson, `input in ${source}`);
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new EventFormatError(
        [
          `it is not JSON (${(error as Error).message}); give one event object, an array of events, or one event per line`
        ],
        `input in ${source}`
      );
    }
    const values = Array.isArray(parsed) ? parsed : [parsed];
    values.forEach((value, index) =>
      entries.push({ value, where: Array.isArray(parsed) ? `event ${index + 1}` : 'the event' })
    );
  }
  const problems: string[] = [];
  for (const { value, where } of entries)
    for (const problem of eventProblems(value)) problems.push(`${where}: ${problem}`);
  if (problems.length) throw new EventFormatError(problems, `input in ${source}`);
  return entries.map((entry) => entry.value as BookingEvent);
}

function parsesAlone(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads and validates the events of a file (or stdin for "-") before anything talks to an org,
 * so a typo never costs a login or a half-applied run.
 */
export function readEventsFile(path: string): BookingEvent[] {
  if (path === '-') return parseEvents(readFileSync(0, 'utf8'), 'stdin');
  if (!existsSync(path)) throw new Error(messages.getMessage('error.no-file', [path]));
  if (statSync(path).isDirectory()) throw new Error(messages.getMessage('error.folder', [path]));
  const events = parseEvents(readFileSync(path, 'utf8'), path);
  if (!events.length) throw new Error(messages.getMessage('error.no-events', [path]));
  return events;
}

/**
 * The booking as the rules' booking-field keys see it (fieldRules bookingValue): flat system
 * fields plus form answers under `form`.
 */
export function bookingFields(event: BookingEvent): Record<string, unknown> {
  const { booking } = event;
  const person = booking.person;
  const name = [person.firstName, person.lastName].filter(Boolean).join(' ') || undefined;
  const minutes = Math.round((Date.parse(booking.end) - Date.parse(booking.start)) / 60000);
  return {
    firstName: person.firstName,
    lastName: person.lastName,
    name,
    email: person.email,
    phone: person.phone,
    mobile: person.mobile,
    company: person.company,
    note: booking.note,
    guests: booking.guests,
    subject: booking.subject,
    location: booking.location,
    start: booking.start,
    end: booking.end,
    duration: minutes,
    // The Booking Status value the event leads to (reassignment keeps the current one).
    status: (EVENT_STATUS_BY_TYPE as Record<string, string | null>)[event.type] ?? undefined,
    bookingPage: booking.bookingPage,
    ownerEmail: booking.ownerEmail,
    timeZone: booking.timeZone,
    meetingLink: booking.meetingLink,
    reason: booking.reason,
    utm_source: booking.utm?.source,
    utm_medium: booking.utm?.medium,
    utm_campaign: booking.utm?.campaign,
    utm_term: booking.utm?.term,
    utm_content: booking.utm?.content,
    form: booking.form ?? {}
  };
}
