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
  if (typeof value.bookingId !== 'string' || !value.bookingId || value.bookingId.length > 255)
    problems.push('bookingId must be a non-empty string of at most 255 characters');
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
