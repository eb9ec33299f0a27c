/*
 * The editable copy of the org's field mappings (BookingFieldMapping__mdt records) behind phases
 * 3 and 4, as plain data: what changed, the options each row may take, and names for new
 * records. Whether a row is valid is never decided here: the shared field rules judge the draft.
 */
import {
  SOURCE_TYPES,
  TARGET_OBJECTS,
  bookingFieldCatalogue,
  customMetadataRecordFullName,
  formFieldsFromMappings,
  isSupportedFieldType,
  isTypeCompatible,
  mappingFieldName
} from 'c/bookingRules';

/** The custom metadata type of a mapping record, without namespace and __mdt. */
export const MAPPING_TYPE = 'BookingFieldMapping';

const MAPPING_KEYS = [
  'developerName',
  'namespacePrefix',
  'label',
  'targetObject',
  'targetField',
  'sourceType',
  'sourceValue',
  'isActive'
];

/**
 * Draft rows from the saved mappings; each row gets a stable key for the template.
 * @param {Array<object>} mappings as getSetupState returns them
 * @returns {Array<object>}
 */
export function draftFrom(mappings) {
  return (mappings ?? []).map((mapping) => ({
    ...mapping,
    isActive: mapping.isActive !== false,
    key: savedKey(mapping),
    isNew: false
  }));
}

/**
 * A saved record's key: its namespace and DeveloperName, which is how the org tells records
 * apart (a subscriber org may hold the package's Account_Name and one of its own). A record
 * without namespace, like a new row, is keyed by its DeveloperName (new rows never take a name
 * the draft holds).
 */
function savedKey(mapping) {
  return mapping.namespacePrefix
    ? `${mapping.namespacePrefix}.${mapping.developerName}`
    : mapping.developerName;
}

/**
 * The Metadata API full name the record of a row is deployed as (the shared naming rule): an
 * installed record of a subscriber org is `bkconn__BookingFieldMapping.bkconn__Name`.
 * @param {object} row a draft row or saved mapping (developerName, namespacePrefix)
 * @param {{namespace?: string|null, orgNamespace?: string|null}} facts the package namespace and the org's own
 */
export function recordFullName(row, facts) {
  return customMetadataRecordFullName({
    typeName: MAPPING_TYPE,
    typeNamespace: facts?.namespace ?? null,
    developerName: row.developerName,
    recordNamespace: row.namespacePrefix ?? null,
    orgNamespace: facts?.orgNamespace ?? null
  });
}

/** The field rules' facts with the form fields the draft itself declares. */
export function draftFacts(facts, draft) {
  return {
    ...facts,
    formFields: formFieldsFromMappings(draft, facts?.describes ?? {}, facts?.namespace ?? null)
  };
}

/** The describe facts of a field, by the name a mapping stores. */
export function describeOf(facts, objectName, fieldName) {
  const fields = facts?.describes?.[objectName]?.fields ?? [];
  const wanted = String(fieldName ?? '').toLowerCase();
  return (
    fields.find(
      (field) => mappingFieldName(field.name, facts?.namespace).toLowerCase() === wanted
    ) ?? null
  );
}

/** Objects a mapping may target, as combobox options. */
export function objectOptions() {
  return TARGET_OBJECTS.map((name) => ({ label: name, value: name }));
}

/**
 * Fields of an object a mapping may write: createable or updateable, of a type the connector
 * can fill. Values are the names a mapping stores (without the package namespace).
 */
export function fieldOptions(facts, objectName) {
  return (facts?.describes?.[objectName]?.fields ?? [])
    .filter((field) => (field.createable || field.updateable) && isSupportedFieldType(field.type))
    .map((field) => ({
      label: `${field.label ?? field.name} (${mappingFieldName(field.name, facts.namespace)})`,
      value: mappingFieldName(field.name, facts.namespace)
    }))
    .sort((first, second) => first.label.localeCompare(second.label));
}

/**
 * Booking fields that may go into a field of this type (all of them when the type is unknown,
 * so the admin can still choose before picking the target).
 * @param {string} fieldType the target field's describe type, or '' when none is chosen yet
 * @param {Array<{key: string, type: string}>} formFields the form fields the draft declares
 * @param {string} formFieldLabel custom label with {0} for the key, marking a form answer
 */
export function bookingFieldOptions(fieldType, formFields, formFieldLabel) {
  return bookingFieldCatalogue(formFields)
    .filter((field) => !fieldType || isTypeCompatible(field.type, String(fieldType).toLowerCase()))
    .map((field) => ({
      label: field.custom ? formFieldLabel.replace('{0}', field.key) : field.key,
      value: field.key
    }));
}

/** The kinds of value a field may take; keep-existing applies to updates only. */
export function sourceTypeOptions(labels) {
  return [
    { label: labels.bookingField, value: SOURCE_TYPES.BOOKING_FIELD },
    { label: labels.constant, value: SOURCE_TYPES.CONSTANT },
    { label: labels.keepExisting, value: SOURCE_TYPES.KEEP_EXISTING }
  ];
}

/**
 * How a constant is typed in for a field: a list of values for picklists and checkboxes, an
 * input of the right type otherwise. A checkbox constant is stored as 'true' or 'false' (what
 * constantProblem accepts); the admin reads the labels.
 * @param {object} field the target field's describe facts
 * @param {{checked: string, unchecked: string}} checkboxLabels custom labels for the two values
 * @returns {{options: Array<{label: string, value: string}> | null, inputType: string}}
 */
export function constantControl(field, checkboxLabels) {
  const type = String(field?.type ?? '').toLowerCase();
  if (type === 'boolean') {
    return {
      options: [
        { label: checkboxLabels.checked, value: 'true' },
        { label: checkboxLabels.unchecked, value: 'false' }
      ],
      inputType: 'text'
    };
  }
  if ((type === 'picklist' || type === 'multipicklist') && field.picklistValues?.length) {
    return {
      options: field.picklistValues.map((value) => ({ label: value, value })),
      inputType: 'text'
    };
  }
  const inputTypes = {
    int: 'number',
    long: 'number',
    double: 'number',
    currency: 'number',
    percent: 'number',
    date: 'date',
    datetime: 'datetime',
    email: 'email',
    url: 'url',
    phone: 'tel'
  };
  return { options: null, inputType: inputTypes[type] ?? 'text' };
}

/**
 * A custom metadata record name for a new mapping: Object_Field, letters, digits and single
 * underscores, at most 40 characters, not ending in an underscore, unique among `taken`.
 */
export function developerNameFor(targetObject, targetField, taken) {
  const base = `${targetObject}_${String(targetField).replace(/__c$/i, '')}`
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 36)
    .replace(/_+$/, '');
  const name = /^[A-Za-z]/.test(base) ? base : `M_${base}`;
  const used = new Set([...taken].map((entry) => entry.toLowerCase()));
  if (!used.has(name.toLowerCase())) return name;
  for (let suffix = 2; ; suffix++) {
    const candidate = `${name}_${suffix}`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

/** A new active row for a target, named so it does not collide with the draft's records. */
export function newRow(draft, targetObject, targetField, sourceType, sourceValue) {
  const developerName = developerNameFor(
    targetObject,
    targetField || 'Field',
    draft.map((row) => row.developerName)
  );
  return {
    key: developerName,
    developerName,
    label: `${targetObject} ${targetField || ''}`.trim().slice(0, 40),
    targetObject,
    targetField,
    sourceType,
    sourceValue,
    isActive: true,
    isNew: true
  };
}

/**
 * Changes a row. A row not saved yet is renamed after its target (Object_Field), so the record
 * it becomes says what it maps.
 */
export function withRowChange(draft, key, change) {
  return draft.map((row) => {
    if (row.key !== key) return row;
    const next = { ...row, ...change };
    if (
      !row.isNew ||
      (next.targetObject === row.targetObject && next.targetField === row.targetField)
    )
      return next;
    const others = draft.filter((other) => other.key !== key).map((other) => other.developerName);
    const developerName = developerNameFor(next.targetObject, next.targetField || 'Field', others);
    return {
      ...next,
      key: developerName,
      developerName,
      label: `${next.targetObject} ${next.targetField || ''}`.trim().slice(0, 40)
    };
  });
}

/**
 * Gives a required field its value: the active row that targets it changes, or a new row is
 * added when none does.
 */
export function withRequiredValue(draft, targetObject, targetField, change) {
  const index = draft.findIndex(
    (row) =>
      row.isActive &&
      row.targetObject === targetObject &&
      String(row.targetField).toLowerCase() === String(targetField).toLowerCase()
  );
  if (index < 0) {
    const row = newRow(
      draft,
      targetObject,
      targetField,
      change.sourceType ?? SOURCE_TYPES.BOOKING_FIELD,
      change.sourceValue ?? ''
    );
    return [...draft, row];
  }
  return draft.map((row, position) => (position === index ? { ...row, ...change } : row));
}

/** Removes a row: a saved record is deactivated (custom metadata is not deleted from Apex). */
export function withoutRow(draft, key) {
  return draft
    .filter((row) => !(row.key === key && row.isNew))
    .map((row) => (row.key === key ? { ...row, isActive: false } : row));
}

/**
 * The records to save: new rows and rows that differ from what the org has, each with the full
 * name it is deployed as (Apex deploys the names as given).
 * @param {Array<object>} saved the mappings as the org holds them
 * @param {Array<object>} draft the rows being edited
 * @param {{namespace?: string|null, orgNamespace?: string|null}} facts namespaces, for the record names
 */
export function changedMappings(saved, draft, facts) {
  const byKey = new Map((saved ?? []).map((mapping) => [savedKey(mapping), mapping]));
  return draft
    .filter((row) => {
      const before = row.isNew ? undefined : byKey.get(row.key);
      if (!before) return true;
      return MAPPING_KEYS.some(
        (name) =>
          (name === 'isActive' ? before.isActive !== false : (before[name] ?? '')) !==
          (name === 'isActive' ? row.isActive : (row[name] ?? ''))
      );
    })
    .map((row) => ({
      ...Object.fromEntries(MAPPING_KEYS.map((name) => [name, row[name] ?? null])),
      fullName: recordFullName(row, facts)
    }));
}

/**
 * Options with the current value among them: a combobox whose value is not one of its options
 * shows its placeholder, which would hide an invalid saved value. A missing value is added
 * first, labelled as not available, so the admin sees what is saved and can replace it.
 * @param {Array<{label: string, value: string}>} options
 * @param {string | null | undefined} value the current value ('' or none: nothing added)
 * @param {string} unavailableLabel custom label with {0} for the value
 * @returns {Array<{label: string, value: string}>}
 */
export function withCurrentValue(options, value, unavailableLabel) {
  if (value === undefined || value === null || value === '') return options;
  if (options.some((option) => option.value === value)) return options;
  return [{ label: String(unavailableLabel).replace('{0}', value), value }, ...options];
}
