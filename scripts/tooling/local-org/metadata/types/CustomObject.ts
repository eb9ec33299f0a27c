// CustomObject: a custom object, custom setting, custom metadata type or platform event (objects/
// X__c.object) becomes an object of the schema, with its fields (CustomField.ts); a standard
// object's file (Lead, Activity) only adds fields.
// https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customobject.htm
import type { FieldDef, OrgState } from '../../model.ts';
import { newId } from '../../model.ts';
import { field, object } from '../../schema.ts';
import type { DeployComponent } from '../components.ts';
import { applyCustomFields } from './CustomField.ts';
import {
  ComponentError,
  mainXmlPath,
  message,
  parseXml,
  qualify,
  text,
  type ApplyContext,
  type ComponentMessage
} from './shared.ts';

function nextKeyPrefix(state: OrgState): string {
  const used = new Set(Object.values(state.schema).map((definition) => definition.keyPrefix));
  for (let n = 0; ; n++) {
    const prefix = `a${n.toString(36).padStart(2, '0').toUpperCase()}`;
    if (!used.has(prefix)) return prefix;
  }
}

/**
 * The Name field of a custom object, from its <nameField>: Text (80 characters, required) or
 * AutoNumber, which the platform fills on insert and nobody writes (not createable, not
 * updateable, defaulted on create). nameField: "The field that holds the record name", type Text
 * or AutoNumber, displayFormat for an AutoNumber
 * (https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/customobject.htm).
 */
function nameField(xml: Record<string, unknown>): FieldDef {
  const definition = (xml.nameField as Record<string, unknown> | undefined) ?? {};
  const label = text(definition.label) ?? `${text(xml.label)} Name`;
  if (text(definition.type) === 'AutoNumber') {
    if (!text(definition.displayFormat))
      // Assumption: the wording of a missing display format is not documented.
      throw new ComponentError('Required field is missing: displayFormat');
    return {
      ...field('Name', 'string', {
        length: 80,
        label,
        createable: false,
        updateable: false,
        defaultedOnCreate: true,
        nillable: false
      }),
      autoNumberFormat: text(definition.displayFormat)!,
      autoNumberNext: Number(text(definition.startingNumber) ?? 1)
    };
  }
  return field('Name', 'string', { length: 80, required: true, label });
}

export function applyCustomObject(
  component: DeployComponent,
  ctx: ApplyContext
): ComponentMessage[] {
  const xml = parseXml(component, mainXmlPath(component));
  const objectName = qualify(component.fullName, ctx.ns);
  const key = objectName.toLowerCase();
  // Activity fields live on Event and Task; Event carries the object-level result.
  let definition =
    component.fullName === 'Activity' ? ctx.state.schema.event : ctx.state.schema[key];
  const created = !definition;
  if (!definition) {
    if (!/__(c|mdt|e)$/.test(component.fullName)) {
      throw new ComponentError(
        `Cannot create a standard object: ${component.fullName} does not exist in this org`
      );
    }
    const isMetadataType = component.fullName.endsWith('__mdt');
    const isPlatformEvent = component.fullName.endsWith('__e');
    const settingsType = text(xml.customSettingsType) as 'Hierarchy' | 'List' | null;
    // A platform event is published, never stored: it has a replay id and a UUID instead of a
    // name and an owner, and the data API cannot query, update or delete it.
    const eventFields: FieldDef[] = [
      field('ReplayId', 'string', { length: 255, createable: false, updateable: false }),
      field('EventUuid', 'string', { length: 36, createable: false, updateable: false })
    ];
    const own: FieldDef[] = isPlatformEvent
      ? eventFields
      : isMetadataType
        ? [
            field('DeveloperName', 'string', {
              length: 40,
              required: true,
              label: 'Custom Metadata Record Name'
            }),
            field('MasterLabel', 'string', { length: 40, required: true, label: 'Label' }),
            field('Label', 'string', { length: 40, createable: false, updateable: false }),
            field('QualifiedApiName', 'string', {
              length: 70,
              createable: false,
              updateable: false
            }),
            field('NamespacePrefix', 'string', {
              length: 15,
              createable: false,
              updateable: false
            }),
            field('Language', 'picklist', {
              picklist: ['en_US'],
              createable: false,
              updateable: false
            })
          ]
        : settingsType
          ? [
              field('Name', 'string', { length: 38 }),
              field('SetupOwnerId', 'reference', {
                referenceTo: ['Organization', 'Profile', 'User'],
                relationshipName: 'SetupOwner',
                required: true
              })
            ]
          : [
              nameField(xml),
              field('OwnerId', 'reference', {
                referenceTo: ['User'],
                relationshipName: 'Owner',
                defaultedOnCreate: true,
                required: true
              })
            ];
    definition = object(objectName, nextKeyPrefix(ctx.state), own, {
      label: text(xml.label) ?? objectName,
      labelPlural: text(xml.pluralLabel) ?? text(xml.label) ?? objectName,
      custom: true,
      customSettingsType: settingsType,
      customMetadata: isMetadataType
    });
    if (isPlatformEvent) {
      definition.queryable = false;
      definition.updateable = false;
      definition.deletable = false;
    }
    definition.definitionId = newId(ctx.state, '01I');
    ctx.state.schema[key] = definition;
    ctx.state.records[key] = {};
  }
  // A standard object deployed only for its custom fields (Activity, Lead, ...) reports just
  // its fields. Assumption: the source has no object definition for a client to match an
  // object-level result to, and the deploy library warns about results it cannot match.
  const messages: ComponentMessage[] = definition.custom
    ? [message(ctx, component, 'CustomObject', component.fullName, created, !created)]
    : [];
  const targets =
    component.fullName === 'Activity'
      ? [ctx.state.schema.event, ctx.state.schema.task]
      : [definition];
  return [...messages, ...applyCustomFields(component, xml, targets, ctx)];
}
