// Builders for describe-accurate field and object definitions, so the seed and the Metadata API
// side describe fields the same way Salesforce does (types, SOAP types, flags, defaults).
import type { FieldDef, FieldType, ObjectDef, PicklistValue } from './model.ts';

const SOAP_TYPES: Record<FieldType, string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  string: 'xsd:string',
  textarea: 'xsd:string',
  picklist: 'xsd:string',
  multipicklist: 'xsd:string',
  combobox: 'xsd:string',
  email: 'xsd:string',
  phone: 'xsd:string',
  url: 'xsd:string',
  encryptedstring: 'xsd:string',
  boolean: 'xsd:boolean',
  int: 'xsd:int',
  double: 'xsd:double',
  currency: 'xsd:double',
  percent: 'xsd:double',
  date: 'xsd:date',
  datetime: 'xsd:dateTime',
  time: 'xsd:time',
  address: 'urn:address',
  location: 'urn:location',
  base64: 'xsd:base64Binary',
  anyType: 'xsd:anyType'
};

export interface FieldOptions {
  label?: string;
  length?: number;
  required?: boolean; // not nillable, createable, not defaulted: "universally required"
  nillable?: boolean;
  createable?: boolean;
  updateable?: boolean;
  defaultedOnCreate?: boolean;
  defaultValue?: string | number | boolean | null;
  picklist?: string[];
  defaultPicklist?: string;
  restricted?: boolean;
  externalId?: boolean;
  unique?: boolean;
  /** A unique field that tells "ABC" from "abc" (CustomField caseSensitive). */
  caseSensitive?: boolean;
  referenceTo?: string[];
  relationshipName?: string;
  custom?: boolean;
  helpText?: string;
  description?: string;
  precision?: number;
  scale?: number;
}

export function field(name: string, type: FieldType, options: FieldOptions = {}): FieldDef {
  const readOnly = options.createable === false && options.updateable === false;
  const picklistValues: PicklistValue[] = (options.picklist ?? []).map((value) => ({
    value,
    label: value,
    active: true,
    defaultValue: value === options.defaultPicklist
  }));
  const textLength =
    type === 'textarea'
      ? 255
      : type === 'email' || type === 'phone'
        ? 80
        : type === 'url'
          ? 255
          : 0;
  const defaultLengths: Partial<Record<FieldType, number>> = {
    id: 18,
    reference: 18,
    picklist: 255,
    combobox: 255
  };
  return {
    name,
    label: options.label ?? name.replace(/__c$/, '').replace(/_/g, ' '),
    type,
    soapType: SOAP_TYPES[type],
    length: options.length ?? defaultLengths[type] ?? textLength,
    precision: options.precision ?? 0,
    scale: options.scale ?? 0,
    digits: type === 'int' ? 9 : 0,
    nillable: type === 'boolean' || type === 'id' ? false : (options.nillable ?? !options.required),
    createable: options.createable ?? (type !== 'id' && !readOnly),
    updateable: options.updateable ?? (type !== 'id' && !readOnly),
    defaultedOnCreate:
      options.defaultedOnCreate ?? (type === 'boolean' || options.defaultPicklist !== undefined),
    defaultValue:
      options.defaultValue ?? (type === 'boolean' ? false : (options.defaultPicklist ?? null)),
    picklistValues,
    restrictedPicklist: options.restricted ?? false,
    externalId: options.externalId ?? false,
    unique: options.unique ?? false,
    idLookup:
      type === 'id' || options.externalId === true || name === 'Email' || name === 'Username',
    caseSensitive: options.caseSensitive ?? false,
    calculated: false,
    custom: options.custom ?? name.endsWith('__c'),
    filterable: type !== 'textarea' || (options.length ?? 255) <= 255,
    sortable: type !== 'textarea',
    groupable: !['double', 'datetime', 'textarea', 'currency', 'percent'].includes(type),
    referenceTo: options.referenceTo ?? [],
    relationshipName: options.relationshipName ?? null,
    inlineHelpText: options.helpText ?? null,
    description: options.description ?? null
  };
}

export interface ObjectOptions {
  label?: string;
  labelPlural?: string;
  custom?: boolean;
  setupObject?: boolean;
  readOnly?: boolean;
  customSettingsType?: 'Hierarchy' | 'List' | null;
  customMetadata?: boolean;
}

/** System fields every object has, then its own fields, in describe order. */
export function object(
  name: string,
  keyPrefix: string,
  own: FieldDef[],
  options: ObjectOptions = {}
): ObjectDef {
  const system = [
    field('Id', 'id', {
      label: `${options.label ?? name} ID`,
      createable: false,
      updateable: false
    }),
    field('CreatedDate', 'datetime', {
      createable: false,
      updateable: false,
      required: true,
      defaultedOnCreate: true
    }),
    field('CreatedById', 'reference', {
      createable: false,
      updateable: false,
      required: true,
      defaultedOnCreate: true,
      referenceTo: ['User'],
      relationshipName: 'CreatedBy'
    }),
    field('LastModifiedDate', 'datetime', {
      createable: false,
      updateable: false,
      required: true,
      defaultedOnCreate: true
    }),
    field('LastModifiedById', 'reference', {
      createable: false,
      updateable: false,
      required: true,
      defaultedOnCreate: true,
      referenceTo: ['User'],
      relationshipName: 'LastModifiedBy'
    }),
    field('SystemModstamp', 'datetime', {
      createable: false,
      updateable: false,
      required: true,
      defaultedOnCreate: true
    })
  ];
  const fields: Record<string, FieldDef> = {};
  for (const definition of [...system.slice(0, 1), ...own, ...system.slice(1)]) {
    fields[definition.name.toLowerCase()] = definition;
  }
  const readOnly = options.readOnly ?? false;
  return {
    name,
    label: options.label ?? name,
    labelPlural: options.labelPlural ?? `${options.label ?? name}s`,
    keyPrefix,
    custom: options.custom ?? (name.endsWith('__c') || name.endsWith('__mdt')),
    customSetting: Boolean(options.customSettingsType),
    customSettingsType: options.customSettingsType ?? null,
    customMetadata: options.customMetadata ?? false,
    createable: !readOnly && !options.customMetadata,
    updateable: !readOnly && !options.customMetadata,
    deletable: !readOnly && !options.customMetadata,
    queryable: true,
    setupObject: options.setupObject ?? false,
    fields
  };
}

/** Lookup of a field on an object, case-insensitive as Salesforce is. */
export function findField(definition: ObjectDef, name: string): FieldDef | undefined {
  return definition.fields[name.toLowerCase()];
}
