// CustomField: a field of an object's file (objects/X.object <fields>), built into the field
// definition describe and SOQL read; an Activity field goes on Event and Task.
// https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customfield.htm
import type { FieldDef, FieldType, ObjectDef } from '../../model.ts';
import { field } from '../../schema.ts';
import type { DeployComponent } from '../components.ts';
import {
  bool,
  ComponentError,
  message,
  qualify,
  text,
  type ApplyContext,
  type ComponentMessage
} from './shared.ts';

const FIELD_TYPES: Record<string, FieldType> = {
  Text: 'string',
  TextArea: 'textarea',
  LongTextArea: 'textarea',
  Html: 'textarea',
  EncryptedText: 'encryptedstring',
  Checkbox: 'boolean',
  Picklist: 'picklist',
  MultiselectPicklist: 'multipicklist',
  Number: 'double',
  Currency: 'currency',
  Percent: 'percent',
  Date: 'date',
  DateTime: 'datetime',
  Time: 'time',
  Email: 'email',
  Phone: 'phone',
  Url: 'url',
  Lookup: 'reference',
  MasterDetail: 'reference',
  MetadataRelationship: 'string',
  AutoNumber: 'string'
};

/**
 * The lengths a text field may have, by metadata type: Text 1 to 255 characters, Long Text Area
 * (and Rich Text Area, Html) 256 to 131,072
 * (https://help.salesforce.com/s/articleView?id=sf.custom_field_types.htm: "Text ... up to 255
 * characters", "Text Area (Long) ... up to 131,072 characters"; CustomField.length: "Length of
 * the field", https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customfield.htm).
 * The help page itself was not in the documentation search this was checked with; the ranges are
 * as Setup enforces them (Length 256 to 131,072 for Long Text Area). Assumption: the Metadata API
 * refuses a length outside the range with the Setup wording below; the deploy message is not
 * documented.
 */
export const TEXT_LENGTHS: Readonly<Record<string, { min: number; max: number }>> = {
  Text: { min: 1, max: 255 },
  LongTextArea: { min: 256, max: 131072 },
  Html: { min: 256, max: 131072 }
};

function checkLength(metadataType: string | null, length: number | undefined, name: string): void {
  const range = metadataType ? TEXT_LENGTHS[metadataType] : undefined;
  if (!range) return;
  if (length === undefined || !Number.isInteger(length))
    throw new ComponentError(`${name}: Length: You must enter a value`);
  if (length < range.min || length > range.max)
    throw new ComponentError(
      `${name}: Length: Value must be between ${range.min} and ${range.max}, inclusive`
    );
}

function buildField(xml: Record<string, unknown>, objectName: string, ctx: ApplyContext): FieldDef {
  const name = qualify(String(xml.fullName), ctx.ns);
  const metadataType = text(xml.type);
  const formula = text(xml.formula);
  if (!metadataType && !formula)
    throw new ComponentError(`Must specify a field type for ${objectName}.${name}`);
  const type = metadataType ? FIELD_TYPES[metadataType] : 'string';
  if (!type) {
    // Assumption: Salesforce rejects an unknown field type while parsing the file; the exact
    // wording is not documented, so this message names the value and the valid enumeration.
    throw new ComponentError(
      `Error parsing file: '${metadataType}' is not a valid value for the enum 'FieldType'`
    );
  }
  const valueSet = xml.valueSet as
    | {
        restricted?: unknown;
        valueSetDefinition?: {
          value?: { fullName: unknown; label?: unknown; default?: unknown }[];
        };
      }
    | undefined;
  const values = valueSet?.valueSetDefinition?.value ?? [];
  const defaultPicklist = values.find((value) => bool(value.default));
  const lengths: Partial<Record<string, number>> = { TextArea: 255 };
  const length =
    xml.length !== undefined ? Number(xml.length) : (lengths[metadataType ?? ''] ?? undefined);
  if (!formula) checkLength(metadataType, length, `${objectName}.${name}`);
  const readOnly = Boolean(formula) || metadataType === 'AutoNumber';
  const referenceTo = xml.referenceTo ? [qualify(String(xml.referenceTo), ctx.ns)] : [];
  const definition = field(name, type, {
    label: text(xml.label) ?? name,
    length,
    required: bool(xml.required) || metadataType === 'MasterDetail',
    defaultValue: metadataType === 'Checkbox' ? bool(xml.defaultValue) : null,
    defaultedOnCreate:
      metadataType === 'Checkbox' ||
      Boolean(defaultPicklist) ||
      xml.defaultValue !== undefined ||
      readOnly,
    createable: !readOnly,
    updateable: !readOnly,
    picklist: values.map((value) => String(value.fullName)),
    defaultPicklist: defaultPicklist ? String(defaultPicklist.fullName) : undefined,
    restricted: bool(valueSet?.restricted),
    externalId: bool(xml.externalId),
    unique: bool(xml.unique),
    referenceTo,
    relationshipName: xml.relationshipName
      ? `${qualify(String(xml.relationshipName) + '__c', ctx.ns).replace(/__c$/, '__r')}`
      : undefined,
    custom: true,
    helpText: text(xml.inlineHelpText) ?? undefined,
    description: text(xml.description) ?? undefined,
    precision: xml.precision !== undefined ? Number(xml.precision) : undefined,
    scale: xml.scale !== undefined ? Number(xml.scale) : undefined
  });
  definition.calculated = Boolean(formula);
  // A unique Text field is case-insensitive unless <caseSensitive> says otherwise (CustomField
  // caseSensitive: "Indicates whether the field is case sensitive (true) or not (false)", the
  // reference above); describe reports it as caseSensitive.
  definition.caseSensitive = bool(xml.caseSensitive);
  if (metadataType === 'AutoNumber') {
    definition.autoNumberFormat = text(xml.displayFormat) ?? '{0}';
    definition.autoNumberNext = Number(text(xml.startingNumber) ?? 1);
  }
  if (type === 'double' && Number(xml.scale ?? 0) === 0 && metadataType === 'Number')
    definition.digits = 0;
  return definition;
}

/**
 * Applies the <fields> of an object's file to `targets` (the object, or Event and Task for
 * Activity) and reports one CustomField result per field.
 */
export function applyCustomFields(
  component: DeployComponent,
  xml: Record<string, unknown>,
  targets: ObjectDef[],
  ctx: ApplyContext
): ComponentMessage[] {
  const messages: ComponentMessage[] = [];
  for (const fieldXml of (xml.fields as Record<string, unknown>[] | undefined) ?? []) {
    let fieldCreated = false;
    for (const target of targets) {
      const built = buildField(fieldXml, target.name, ctx);
      fieldCreated = !target.fields[built.name.toLowerCase()];
      target.fields[built.name.toLowerCase()] = built;
    }
    messages.push(
      message(
        ctx,
        component,
        'CustomField',
        `${component.fullName}.${String(fieldXml.fullName)}`,
        fieldCreated,
        !fieldCreated
      )
    );
  }
  return messages;
}
