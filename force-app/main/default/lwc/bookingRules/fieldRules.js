/*
 * Field rules: the booking field catalogue, the universally required fields of the five target
 * objects, and what makes a value or a mapping valid. Used by the setup page (phases 3 and 4),
 * the TypeScript tooling and the sync engine (which checks the same rules again at sync time).
 *
 * Facts come in as plain data shaped like Salesforce's describe results:
 *   field = { name, label, type, nillable, createable, updateable, defaultedOnCreate,
 *             permissionable, picklistValues?: string[], length? }
 * with `type` the lower-case DisplayType name (string, email, boolean, datetime, reference...).
 * Problems come out as { code, message, ...details }: `code` is stable (the setup page turns it
 * into a translated label), `message` is English for the command line and logs.
 * Self-contained on purpose: Node imports this file directly, and Node resolves relative ES
 * module imports only with an extension, which the LWC compiler does not accept.
 */

/** The objects a booking writes to, in the order the setup page shows them. */
export const TARGET_OBJECTS = ['Lead', 'Contact', 'Account', 'Case', 'Event'];

/** Where a mapped value comes from (BookingFieldMapping__mdt.SourceType__c). */
export const SOURCE_TYPES = {
  BOOKING_FIELD: 'BookingField',
  CONSTANT: 'Constant',
  KEEP_EXISTING: 'KeepExisting'
};

/**
 * Value types of booking fields. A custom form field declares one of these as its type.
 * `boolean` is a checkbox form field, which may only go onto a Salesforce checkbox.
 */
export const BOOKING_VALUE_TYPES = [
  'text',
  'textarea',
  'email',
  'phone',
  'url',
  'number',
  'boolean',
  'date',
  'datetime',
  'picklist'
];

/** Prefix of custom form field keys: `form.industry`. */
export const FORM_FIELD_PREFIX = 'form.';

/** The booking's system fields, with their value type. The order is the order shown. */
export const SYSTEM_BOOKING_FIELDS = Object.freeze([
  { key: 'firstName', type: 'text' },
  { key: 'lastName', type: 'text' },
  { key: 'name', type: 'text' },
  { key: 'email', type: 'email' },
  { key: 'phone', type: 'phone' },
  { key: 'mobile', type: 'phone' },
  { key: 'company', type: 'text' },
  { key: 'note', type: 'textarea' },
  { key: 'guests', type: 'textarea' },
  { key: 'subject', type: 'text' },
  { key: 'location', type: 'text' },
  { key: 'start', type: 'datetime' },
  { key: 'end', type: 'datetime' },
  { key: 'duration', type: 'number' },
  { key: 'status', type: 'picklist' },
  { key: 'bookingPage', type: 'text' },
  { key: 'ownerEmail', type: 'email' },
  { key: 'timeZone', type: 'text' },
  { key: 'meetingLink', type: 'url' },
  { key: 'reason', type: 'textarea' },
  { key: 'utm_source', type: 'text' },
  { key: 'utm_medium', type: 'text' },
  { key: 'utm_campaign', type: 'text' },
  { key: 'utm_term', type: 'text' },
  { key: 'utm_content', type: 'text' }
]);

/**
 * Salesforce field types the connector cannot fill from a booking, with why (English; the
 * setup page shows its own label per type). Anything not listed here and not in
 * ACCEPTED_SOURCES is unsupported too.
 */
export const UNSUPPORTED_FIELD_TYPES = Object.freeze({
  reference:
    'a lookup needs the Id of another record, which a booking does not carry; make the field optional or give it a default value in Salesforce',
  id: 'record Ids are set by Salesforce',
  base64: 'binary content cannot come from a booking',
  address: 'compound address fields are written through their parts (Street, City, ...)',
  location: 'compound geolocation fields are written through their latitude and longitude parts',
  anytype: 'the field has no fixed type',
  complexvalue: 'the field holds structured data',
  time: 'bookings carry date-times, not times of day',
  multipicklist: 'a booking gives one value, not a set of values',
  encryptedstring: 'Shield-encrypted text cannot be validated before it is written'
});

// Salesforce field type -> booking value types that may be written into it. Why these: a value
// must arrive intact. Text accepts anything that prints as text; typed fields accept only values
// of their own kind (or a datetime into a date, which keeps the day in the customer's zone).
const TEXTUAL = [
  'text',
  'textarea',
  'email',
  'phone',
  'url',
  'number',
  'picklist',
  'date',
  'datetime'
];
const ACCEPTED_SOURCES = Object.freeze({
  string: TEXTUAL,
  textarea: TEXTUAL,
  combobox: TEXTUAL,
  email: ['email'],
  phone: ['phone', 'text'],
  url: ['url', 'text'],
  picklist: ['picklist', 'text'],
  boolean: ['boolean'],
  int: ['number'],
  long: ['number'],
  double: ['number'],
  currency: ['number'],
  percent: ['number'],
  date: ['date', 'datetime'],
  datetime: ['datetime']
});

/**
 * Describe a booking field key: a system field, or a custom form field `form.<key>` whose type is
 * declared in `formFields` ([{ key: 'form.industry', type: 'text' }] or key without prefix).
 * @param {string} key booking field key
 * @param {Array<{key: string, type: string}>} [formFields] declared custom form fields
 * @returns {{key: string, type: string, custom: boolean} | null} null when the key is unknown
 */
export function bookingField(key, formFields = []) {
  if (typeof key !== 'string' || key.length === 0) return null;
  const system = SYSTEM_BOOKING_FIELDS.find((field) => field.key === key);
  if (system) return { key: system.key, type: system.type, custom: false };
  if (!key.startsWith(FORM_FIELD_PREFIX) || key.length === FORM_FIELD_PREFIX.length) return null;
  const declared = formFields.find(
    (field) => field.key === key || FORM_FIELD_PREFIX + field.key === key
  );
  if (!declared || !BOOKING_VALUE_TYPES.includes(declared.type)) return null;
  return { key, type: declared.type, custom: true };
}

/**
 * Every booking field a mapping may use: the system fields, then the declared form fields.
 * @param {Array<{key: string, type: string}>} [formFields]
 * @returns {Array<{key: string, type: string, custom: boolean}>}
 */
export function bookingFieldCatalogue(formFields = []) {
  const custom = formFields
    .map((field) =>
      bookingField(
        field.key.startsWith(FORM_FIELD_PREFIX) ? field.key : FORM_FIELD_PREFIX + field.key,
        formFields
      )
    )
    .filter(Boolean);
  return [...SYSTEM_BOOKING_FIELDS.map((field) => ({ ...field, custom: false })), ...custom];
}

/**
 * The custom form fields the mappings use (`form.<key>` booking fields), declared with the type
 * their answers are written as: a checkbox answer when the target is a checkbox, text
 * otherwise. A booking form's answers carry no type of their own, so the target decides.
 * @param {Array<{targetObject: string, targetField: string, sourceType: string, sourceValue?: string}>} mappings
 * @param {Record<string, {fields: object[]}>} describes
 * @param {string | null} [namespace]
 * @returns {Array<{key: string, type: string}>} keys without the prefix
 */
export function formFieldsFromMappings(mappings, describes, namespace) {
  const declared = new Map();
  for (const mapping of mappings ?? []) {
    const key = String(mapping?.sourceValue ?? '');
    if (mapping?.sourceType !== SOURCE_TYPES.BOOKING_FIELD || !key.startsWith(FORM_FIELD_PREFIX))
      continue;
    if (key.length === FORM_FIELD_PREFIX.length) continue;
    const field = findField(describes, mapping.targetObject, mapping.targetField, namespace);
    const type = normalType(field?.type) === 'boolean' ? 'boolean' : 'text';
    const name = key.slice(FORM_FIELD_PREFIX.length);
    // One answer has one type: a key mapped onto a checkbox anywhere is a checkbox answer.
    if (declared.get(name) !== 'boolean') declared.set(name, type);
  }
  return [...declared].map(([key, type]) => ({ key, type }));
}

/**
 * Whether the connector can write into a Salesforce field of this type at all.
 * @param {string} fieldType describe type, lower case
 * @returns {boolean}
 */
export function isSupportedFieldType(fieldType) {
  return Object.prototype.hasOwnProperty.call(ACCEPTED_SOURCES, normalType(fieldType));
}

/**
 * Why a field type is unsupported, or null when it is supported.
 * @param {string} fieldType
 * @returns {string | null}
 */
export function unsupportedReason(fieldType) {
  if (isSupportedFieldType(fieldType)) return null;
  return (
    UNSUPPORTED_FIELD_TYPES[normalType(fieldType)] ??
    `fields of type ${fieldType} cannot be written by the connector`
  );
}

/**
 * Whether a booking value of `bookingType` may be written into a field of `fieldType`.
 * @param {string} bookingType one of BOOKING_VALUE_TYPES
 * @param {string} fieldType describe type, lower case
 * @returns {boolean}
 */
export function isTypeCompatible(bookingType, fieldType) {
  const accepted = ACCEPTED_SOURCES[normalType(fieldType)];
  return Boolean(accepted) && accepted.includes(bookingType);
}

/**
 * A field is universally required when every insert must give it a value: not nillable,
 * createable, and not defaulted by Salesforce on create.
 * @param {object} field describe field
 * @returns {boolean}
 */
export function isUniversallyRequired(field) {
  return Boolean(field) && !field.nillable && field.createable && !field.defaultedOnCreate;
}

/**
 * The universally required fields of the target objects, unsupported types included (marked,
 * with the reason), so the admin sees every field that blocks a booking.
 * @param {Record<string, {fields: object[]}>} describes object name -> describe facts
 * @returns {Array<{object: string, field: string, label: string, type: string, supported: boolean, reason: string | null}>}
 */
export function universallyRequiredFields(describes) {
  const rows = [];
  for (const objectName of TARGET_OBJECTS) {
    const describe = describes?.[objectName];
    if (!describe) continue;
    for (const field of describe.fields ?? []) {
      if (!isUniversallyRequired(field)) continue;
      rows.push({
        object: objectName,
        field: field.name,
        label: field.label ?? field.name,
        type: normalType(field.type),
        supported: isSupportedFieldType(field.type),
        reason: unsupportedReason(field.type)
      });
    }
  }
  return rows;
}

/**
 * Whether the API user can write a field. `access` holds the API user's facts:
 *   { objects: { Lead: { create, edit } }, fields: { 'Lead.Email': true } }
 * where `fields` lists the field-level Edit grant of permissionable fields (from FieldPermissions
 * of the user's profile and permission sets). Fields that are not permissionable (required by
 * the platform) follow the object permission.
 * @param {string} objectName
 * @param {object} field describe field
 * @param {object | undefined} access API user's access facts; undefined means unknown (no API user yet)
 * @returns {boolean | null} null when unknown
 */
export function isEditableByApiUser(objectName, field, access) {
  if (!access) return null;
  const objectAccess = access.objects?.[objectName];
  if (!objectAccess || !(objectAccess.create || objectAccess.edit)) return false;
  if (!field.createable && !field.updateable) return false;
  if (field.permissionable === false) return true;
  return access.fields?.[`${objectName}.${field.name}`] === true;
}

/**
 * Check one constant against the field it goes into.
 * @param {string} value
 * @param {object} field describe field
 * @returns {{code: string, message: string} | null}
 */
export function constantProblem(value, field) {
  const type = normalType(field.type);
  if (value === undefined || value === null || String(value).trim() === '') {
    return problem(
      'emptyConstant',
      `${field.name} needs a constant value; type one or choose another source`
    );
  }
  const text = String(value).trim();
  const invalid = (expected) =>
    problem(
      'invalidConstant',
      `"${text}" is not ${expected}, which ${field.name} (${type}) needs`,
      {
        expected
      }
    );
  if (type === 'boolean' && !/^(true|false)$/i.test(text)) return invalid('true or false');
  if (['int', 'long'].includes(type) && !/^-?\d+$/.test(text)) return invalid('a whole number');
  if (['double', 'currency', 'percent'].includes(type) && !/^-?\d+(\.\d+)?$/.test(text)) {
    return invalid('a number');
  }
  if (type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(text)) return invalid('a date (YYYY-MM-DD)');
  if (type === 'datetime' && Number.isNaN(Date.parse(text))) {
    return invalid('a date-time (ISO 8601, for example 2026-01-31T09:00:00Z)');
  }
  if (type === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text))
    return invalid('an email address');
  if (
    type === 'picklist' &&
    Array.isArray(field.picklistValues) &&
    field.picklistValues.length > 0
  ) {
    if (!field.picklistValues.includes(text)) {
      return invalid(`one of the picklist values (${field.picklistValues.join(', ')})`);
    }
  }
  if (field.length && text.length > field.length) {
    return problem(
      'constantTooLong',
      `the constant is ${text.length} characters; ${field.name} holds at most ${field.length}`,
      { max: field.length }
    );
  }
  return null;
}

/**
 * Validate one mapping (a BookingFieldMapping__mdt record as plain data) against the facts.
 * @param {{targetObject: string, targetField: string, sourceType: string, sourceValue?: string, isActive?: boolean}} mapping
 * @param {{describes: Record<string, {fields: object[]}>, apiUserAccess?: object, formFields?: Array<{key: string, type: string}>, namespace?: string | null, forRequiredField?: boolean}} facts
 * @returns {Array<{code: string, message: string}>} empty when the mapping is valid
 */
export function validateMapping(mapping, facts) {
  const target = `${mapping?.targetObject}.${mapping?.targetField}`;
  if (!TARGET_OBJECTS.includes(mapping?.targetObject)) {
    return [
      problem(
        'unknownObject',
        `${mapping?.targetObject} is not an object the connector writes; use one of ${TARGET_OBJECTS.join(', ')}`
      )
    ];
  }
  const field = findField(
    facts.describes,
    mapping.targetObject,
    mapping.targetField,
    facts.namespace
  );
  if (!field) {
    return [
      problem(
        'unknownField',
        `${target} does not exist or you cannot see it; pick a field from the list`
      )
    ];
  }
  const problems = [];
  const type = normalType(field.type);
  if (!isSupportedFieldType(type)) {
    problems.push(
      problem('unsupportedType', `${target} cannot be filled: ${unsupportedReason(type)}`)
    );
  }
  if (isEditableByApiUser(mapping.targetObject, field, facts.apiUserAccess) === false) {
    problems.push(
      problem(
        'notEditableByApiUser',
        `the API user cannot edit ${target}; grant it Edit access to the field (field-level security) or remove the mapping`
      )
    );
  }
  switch (mapping.sourceType) {
    case SOURCE_TYPES.BOOKING_FIELD: {
      const source = bookingField(mapping.sourceValue, facts.formFields);
      if (!source) {
        problems.push(
          problem(
            'unknownBookingField',
            `"${mapping.sourceValue ?? ''}" is not a booking field; choose a system field or declare the form field`
          )
        );
      } else if (source.type === 'boolean' && type !== 'boolean') {
        problems.push(
          problem(
            'checkboxOnlyToBoolean',
            `checkbox form field ${source.key} can only be mapped to a checkbox field, and ${target} is ${type}`
          )
        );
      } else if (isSupportedFieldType(type) && !isTypeCompatible(source.type, type)) {
        problems.push(
          problem(
            'incompatibleType',
            `booking field ${source.key} (${source.type}) cannot be written into ${target} (${type})`,
            { bookingType: source.type, fieldType: type }
          )
        );
      }
      break;
    }
    case SOURCE_TYPES.CONSTANT: {
      const constant = constantProblem(mapping.sourceValue, field);
      if (constant) problems.push(constant);
      break;
    }
    case SOURCE_TYPES.KEEP_EXISTING:
      // Keeping the existing value fills nothing on insert: fine for an update, but a required
      // field needs a booking field or constant too when new records are created.
      if (facts.forRequiredField) {
        problems.push(
          problem(
            'keepExistingOnCreate',
            `${target} is required on every new record; "keep existing" leaves it empty when a record is created`
          )
        );
      }
      break;
    default:
      problems.push(
        problem(
          'unknownSourceType',
          `source type "${mapping.sourceType}" is not one of ${Object.values(SOURCE_TYPES).join(', ')}`
        )
      );
  }
  return problems;
}

/**
 * Validate a whole set of mappings: each one, plus two active mappings onto the same field.
 * @param {Array<object>} mappings
 * @param {object} facts see validateMapping
 * @returns {Array<{index: number, target: string, code: string, message: string}>}
 */
export function validateMappings(mappings, facts) {
  const results = [];
  const seen = new Map();
  mappings.forEach((mapping, index) => {
    const target = `${mapping.targetObject}.${mapping.targetField}`;
    if (mapping.isActive === false) return;
    for (const found of validateMapping(mapping, facts)) results.push({ index, target, ...found });
    const key = target.toLowerCase();
    if (seen.has(key)) {
      results.push({
        index,
        target,
        ...problem(
          'duplicateTarget',
          `${target} is mapped twice (rows ${seen.get(key) + 1} and ${index + 1}); keep one`
        )
      });
    } else {
      seen.set(key, index);
    }
  });
  return results;
}

/**
 * Phase 4 (field mapping) as the setup page and the CLI judge it: not started while no active
 * mapping exists (an org with none maps nothing, so nothing is "done"), needs attention while
 * the rules find a problem, done otherwise.
 * @param {Array<object>} mappings active and inactive mappings
 * @param {object} facts see validateMapping
 * @returns {{status: 'notStarted' | 'attention' | 'done', problems: Array<object>}}
 */
export function mappingPhaseStatus(mappings, facts) {
  const active = (mappings ?? []).filter((mapping) => mapping.isActive !== false);
  if (active.length === 0) return { status: 'notStarted', problems: [] };
  const problems = validateMappings(mappings, facts);
  return { status: problems.length ? 'attention' : 'done', problems };
}

/**
 * Phase 3: the state of each universally required field given the mappings, and whether the
 * values may be saved. Saving is refused while any supported required field has no valid value;
 * an unsupported required field blocks bookings for its object until the admin changes it in
 * Salesforce, so it is reported but does not block saving the others.
 * @param {{describes: object, apiUserAccess?: object, formFields?: Array}} facts
 * @param {Array<object>} mappings active and inactive mappings
 * @returns {{rows: Array<object>, canSave: boolean, missing: string[]}}
 */
export function requiredFieldStatus(facts, mappings) {
  const rows = universallyRequiredFields(facts.describes).map((required) => {
    const mapping = mappings.find(
      (candidate) =>
        candidate.isActive !== false &&
        candidate.targetObject === required.object &&
        String(candidate.targetField).toLowerCase() ===
          mappingFieldName(required.field, facts.namespace).toLowerCase()
    );
    const problems =
      required.supported && mapping
        ? validateMapping(mapping, { ...facts, forRequiredField: true })
        : [];
    let status = 'unsupported';
    if (required.supported) status = !mapping ? 'missing' : problems.length ? 'invalid' : 'filled';
    return { ...required, mapping: mapping ?? null, status, problems };
  });
  const missing = rows
    .filter((row) => row.status === 'missing' || row.status === 'invalid')
    .map((row) => `${row.object}.${row.field}`);
  return { rows, canSave: missing.length === 0, missing };
}

/**
 * The value of a booking for a booking field key, for the sync engine and previews.
 * @param {object} booking booking event data; form fields under booking.form
 * @param {string} key booking field key
 * @returns {*} the value, or undefined when the booking has none
 */
export function bookingValue(booking, key) {
  if (!booking || typeof key !== 'string') return undefined;
  if (key.startsWith(FORM_FIELD_PREFIX)) return booking.form?.[key.slice(FORM_FIELD_PREFIX.length)];
  return booking[key];
}

/**
 * The name a mapping stores for a field: package fields without the namespace prefix (the
 * connector adds it back where the package is namespaced), so mappings move between orgs.
 * @param {string} fieldName API name as describe returns it
 * @param {string | null | undefined} namespace the package namespace in this org, if any
 * @returns {string}
 */
export function mappingFieldName(fieldName, namespace) {
  const prefix = namespace ? `${namespace}__` : '';
  if (prefix && String(fieldName).toLowerCase().startsWith(prefix.toLowerCase())) {
    return fieldName.slice(prefix.length);
  }
  return fieldName;
}

/**
 * The describe facts of a mapping's target field; the stored name may lack the namespace prefix.
 * @param {Record<string, {fields: object[]}>} describes
 * @param {string} objectName
 * @param {string} fieldName name as stored in the mapping
 * @param {string | null} [namespace]
 * @returns {object | null}
 */
export function findField(describes, objectName, fieldName, namespace) {
  const fields = describes?.[objectName]?.fields ?? [];
  const wanted = String(fieldName ?? '').toLowerCase();
  return (
    fields.find((field) => mappingFieldName(field.name, namespace).toLowerCase() === wanted) ??
    fields.find((field) => field.name.toLowerCase() === wanted) ??
    null
  );
}

function normalType(fieldType) {
  return String(fieldType ?? '').toLowerCase();
}

function problem(code, message, details = {}) {
  return { code, message, ...details };
}
