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
