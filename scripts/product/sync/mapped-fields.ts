// Field mappings applied to a booking: which fields of an object the mappings name (as the API
// user's describe spells them), and the values a booking gives them, converted to the field
// types. Pure functions of the run's config.
import * as fieldRules from '../../../force-app/main/default/lwc/bookingRules/fieldRules.js';
import type { DescribeField, SyncConfig } from './config.ts';
import { personAccountField } from './rules.ts';
import type { BookingEvent } from './events.ts';
import type { BookingPlan } from './plan.ts';

/** The describe of a field the API user can see, by its name with or without namespace. */
export function fieldOf(config: SyncConfig, object: string, name: string): DescribeField | null {
  return fieldRules.findField(
    config.describes,
    object,
    name,
    config.namespace
  ) as DescribeField | null;
}

/** The fields of an object that mappings write, by their describe names. */
export function mappedFields(config: SyncConfig, object: string): string[] {
  return config.mappings
    .filter((m) => m.targetObject === object)
    .map((m) => fieldOf(config, object, m.targetField)?.name)
    .filter((name): name is string => Boolean(name));
}

/** The phone fields of a person object the API user can see (a query naming another fails). */
export function visiblePhoneFields(config: SyncConfig, object: 'Lead' | 'Contact'): string[] {
  return ['Phone', 'MobilePhone'].filter((name) => fieldOf(config, object, name));
}

/** The Contact fields the engine reads of a candidate: match keys, owner, mapped values. */
export function contactCandidateFields(config: SyncConfig): string[] {
  return [
    ...new Set([
      'Id',
      'Email',
      ...visiblePhoneFields(config, 'Contact'),
      'OwnerId',
      'LastModifiedDate',
      'AccountId',
      ...mappedFields(config, 'Contact')
    ])
  ];
}

/** The Account fields a person account holds the mapped Contact values in. */
export function personAccountValueFields(config: SyncConfig): string[] {
  return mappedFields(config, 'Contact')
    .map((name) => personAccountField(name))
    .filter((name): name is string => Boolean(name && fieldOf(config, 'Account', name)));
}

/** Mapped values of one object for a booking (bookingFields), converted to the field types. */
export function mappedValues(
  config: SyncConfig,
  object: string,
  values: Record<string, unknown>
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const mapping of config.mappings) {
    if (mapping.targetObject !== object || mapping.sourceType === 'KeepExisting') continue;
    const field = fieldOf(config, object, mapping.targetField);
    if (!field) continue;
    const raw =
      mapping.sourceType === 'Constant'
        ? mapping.sourceValue
        : fieldRules.bookingValue(values, mapping.sourceValue ?? '');
    if (raw === undefined || raw === null || raw === '') continue;
    result[field.name] = convert(raw, field);
  }
  return result;
}

/** Mapped Contact values under their person-account field names (fields Account has). */
export function personAccountValues(
  config: SyncConfig,
  values: Record<string, unknown>
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(mappedValues(config, 'Contact', values))) {
    const target = personAccountField(name);
    const field = target ? fieldOf(config, 'Account', target) : null;
    if (field) result[field.name] = value;
  }
  return result;
}

/** A booking value as the field's type wants it (JSON numbers, booleans, dates). */
export function convert(value: unknown, field: DescribeField): unknown {
  switch (String(field.type).toLowerCase()) {
    case 'boolean':
      return value === true || value === 'true' || value === 1;
    case 'double':
    case 'currency':
    case 'percent':
    case 'int': {
      const number = Number(value);
      return Number.isNaN(number) ? value : number;
    }
    case 'date':
      return String(value).slice(0, 10);
    default:
      return typeof value === 'string' ? value : String(value);
  }
}

// Values checked against the describe the run already loaded, before any write (point 18 of
// issue 14): a value longer than a text field is cut to the field's length with a warning, and a
// value the field cannot take refuses its booking, naming the object, the field and the value,
// before anything of the booking is written. Salesforce would otherwise refuse the write late
// (STRING_TOO_LONG, INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST, INVALID_EMAIL_ADDRESS...), after the
// person had been written. Field lengths and types are the describe's (DescribeSObjectResult
// Field: length "for string fields, the maximum size of the field in Unicode characters (not
// bytes)", restrictedPicklist, picklistValues with active;
// https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_describesobjects_describesobjectresult.htm).

/**
 * Text that keeps its meaning when cut: a string field, a text area (long or rich too), or a
 * combobox ("a picklist that also allows users to type a value that is not already specified in
 * the list", free text like Event.Subject;
 * https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/field_types.htm).
 */
const CUTTABLE_TYPES = new Set(['string', 'textarea', 'combobox']);
/**
 * Values whose meaning a cut would change (an address, a number, a link, an id), or a picklist
 * value: refused when too long.
 */
const WHOLE_TYPES = new Set([
  'email',
  'phone',
  'url',
  'id',
  'reference',
  'picklist',
  'multipicklist',
  'encryptedstring'
]);
const NUMBER_TYPES = new Set(['double', 'currency', 'percent', 'int', 'long']);
const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A value no write can carry: its booking is refused, naming the object, field and value. */
export class ValueRefused extends Error {}

function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

/**
 * The value a field can take: the same value, or text cut to the field's length (with the
 * warning), or a ValueRefused.
 */
export function checkedValue(
  object: string,
  field: DescribeField,
  value: unknown,
  warnings: string[]
): unknown {
  if (value === null || value === undefined) return value;
  const type = String(field.type).toLowerCase();
  const length = typeof field.length === 'number' ? field.length : 0;
  const refuse = (why: string) =>
    new ValueRefused(
      `${object}.${field.name} cannot take the value ${shown(value)}: ${why}; nothing was written for this booking`
    );
  if (type === 'picklist' || type === 'multipicklist') {
    const active = (field.picklistValues ?? []).filter((p) => p.active).map((p) => p.value);
    const given = type === 'multipicklist' ? String(value).split(';') : [String(value)];
    const missing = given.find((entry) => !active.includes(entry));
    if (field.restrictedPicklist && missing !== undefined)
      throw refuse(
        `${shown(missing)} is not an active value of the field's restricted picklist (${active.map((v) => JSON.stringify(v)).join(', ') || 'none'})`
      );
  }
  if (NUMBER_TYPES.has(type) && (typeof value !== 'number' || !Number.isFinite(value)))
    throw refuse('the field holds a number');
  if (type === 'int' && !Number.isInteger(value)) throw refuse('the field holds a whole number');
  if (type === 'boolean' && typeof value !== 'boolean')
    throw refuse('the field holds true or false');
  if (type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(String(value)))
    throw refuse('the field holds a date (YYYY-MM-DD)');
  if (type === 'datetime' && Number.isNaN(Date.parse(String(value))))
    throw refuse('the field holds a date and time');
  if (type === 'email' && typeof value === 'string' && value && !EMAIL_ADDRESS.test(value))
    throw refuse('the field holds an email address');
  if (typeof value === 'string' && length > 0 && value.length > length) {
    if (CUTTABLE_TYPES.has(type)) {
      warnings.push(
        `${object}.${field.name}: the value of ${value.length} characters was cut to the field's ${length}`
      );
      return value.slice(0, length);
    }
    if (WHOLE_TYPES.has(type) || !CUTTABLE_TYPES.has(type))
      throw refuse(`it is ${value.length} characters and the field holds at most ${length}`);
  }
  return value;
}

/** A record's values checked against its object's describe (fields it does not know are kept). */
function checkedRecord<T extends Record<string, unknown>>(
  config: SyncConfig,
  object: string,
  record: T,
  warnings: string[]
): T {
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(record)) {
    const field = name === 'attributes' || name === 'Id' ? null : fieldOf(config, object, name);
    result[name] = field ? checkedValue(object, field, value, warnings) : value;
  }
  return result as T;
}

function frozen<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) frozen(inner);
    Object.freeze(value);
  }
  return value;
}

export interface CheckedPlans {
  /** The plans with their values as the fields take them (text cut to length). */
  readonly plans: readonly BookingPlan[];
  /** Bookings with a value no field of theirs can take: nothing is written for them. */
  readonly refused: readonly { readonly event: BookingEvent; readonly error: string }[];
  /** What was changed in a booking's values, by booking id. */
  readonly warnings: ReadonlyMap<string, readonly string[]>;
}

/**
 * Every record of every plan checked against the describe before any write: the new Account,
 * the person (created, or the fields updated), the new Case and the Event.
 */
export function checkPlanValues(config: SyncConfig, plans: readonly BookingPlan[]): CheckedPlans {
  const checked: BookingPlan[] = [];
  const refused: { event: BookingEvent; error: string }[] = [];
  const warnings = new Map<string, string[]>();
  for (const plan of plans) {
    const notes: string[] = [];
    const personObject = plan.person.kind === 'PersonAccount' ? 'Account' : plan.person.kind;
    try {
      const next: BookingPlan = {
        ...plan,
        ...(plan.newAccount
          ? { newAccount: checkedRecord(config, 'Account', plan.newAccount, notes) }
          : {}),
        person: {
          ...plan.person,
          record: plan.person.created
            ? checkedRecord(config, personObject, plan.person.record, notes)
            : plan.person.record,
          updates: checkedRecord(config, personObject, plan.person.updates, notes)
        },
        ...(plan.newCase ? { newCase: checkedRecord(config, 'Case', plan.newCase, notes) } : {}),
        eventRecord: checkedRecord(config, 'Event', plan.eventRecord, notes)
      };
      // The booking event is the caller's and stays unfrozen, as in the plan.
      const { event, ...rest } = next;
      checked.push(Object.freeze({ event, ...frozen(rest) }) as BookingPlan);
      if (notes.length) warnings.set(plan.event.bookingId, notes);
    } catch (error) {
      if (!(error instanceof ValueRefused)) throw error;
      refused.push({ event: plan.event, error: error.message });
    }
  }
  return { plans: checked, refused, warnings };
}
