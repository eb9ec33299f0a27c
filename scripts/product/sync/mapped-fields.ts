// Field mappings applied to a booking: which fields of an object the mappings name (as the API
// user's describe spells them), and the values a booking gives them, converted to the field
// types. Pure functions of the run's config.
import * as fieldRules from '../../../force-app/main/default/lwc/bookingRules/fieldRules.js';
import type { DescribeField, SyncConfig } from './config.ts';
import { personAccountField } from './rules.ts';

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
