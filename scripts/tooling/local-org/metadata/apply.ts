// Applies a Metadata API deploy (the files of the zip) to a copy of the org's state, component by
// component, and reports each success or failure as checkDeployStatus does. The caller commits
// the copy only when nothing failed (rollbackOnError), so a failed deploy changes nothing.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ApexErrorListener, ApexParserFactory } from '@apexdevtools/apex-parser';
import type { FieldDef, FieldType, OrgState, SObjectRecord } from '../model.ts';
import { newId } from '../model.ts';
import { field, object } from '../schema.ts';
import { recordApexRow } from './apex-rows.ts';
import { mergeObjectFiles } from './custom-fields.ts';
import { limitProblem } from './limits.ts';
import {
  activityObjectPermissionMessage,
  hasNoObjectPermissions
} from '../activity-permissions.ts';

export interface ComponentMessage {
  changed: boolean;
  columnNumber?: number;
  componentType: string;
  created: boolean;
  createdDate: string;
  deleted: boolean;
  fileName: string;
  fullName: string;
  id?: string;
  lineNumber?: number;
  problem?: string;
  problemType?: 'Error' | 'Warning';
  success: boolean;
}

export interface DeployOutcome {
  successes: ComponentMessage[];
  failures: ComponentMessage[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) =>
    [
      'fields',
      'value',
      'values',
      'fieldPermissions',
      'objectPermissions',
      'userPermissions',
      'customPermissions',
      'customSettingAccesses',
      'customMetadataTypeAccesses',
      'classAccesses',
      'tabSettings',
      'types',
      'members',
      'layoutSections',
      'layoutColumns',
      'layoutItems',
      'labels'
    ].includes(name)
});

/** The folder of a deploy zip entry and the metadata type it holds. */
const FOLDER_TYPES: Record<string, string> = {
  objects: 'CustomObject',
  permissionsets: 'PermissionSet',
  customPermissions: 'CustomPermission',
  customMetadata: 'CustomMetadata',
  classes: 'ApexClass',
  triggers: 'ApexTrigger',
  lwc: 'LightningComponentBundle',
  aura: 'AuraDefinitionBundle',
  layouts: 'Layout',
  tabs: 'CustomTab',
  labels: 'CustomLabels',
  flexipages: 'FlexiPage',
  applications: 'CustomApplication',
  staticresources: 'StaticResource',
  profiles: 'Profile',
  settings: 'Settings'
};

/** Order in which types are applied: definitions before what refers to them. */
const APPLY_ORDER = [
  'CustomObject',
  'CustomPermission',
  'ApexClass',
  'ApexTrigger',
  'CustomLabels',
  'LightningComponentBundle',
  'AuraDefinitionBundle',
  'StaticResource',
  'CustomTab',
  'Layout',
  'FlexiPage',
  'CustomApplication',
  'CustomMetadata',
  'PermissionSet',
  'Profile',
  'Settings'
];

export interface DeployComponent {
  type: string;
  fullName: string;
  /** The zip entry that defines it (what fileName in the result names). */
  fileName: string;
  /** Every zip entry of the component: path -> content. */
  files: Record<string, string>;
}

/** Groups the zip's entries into components (a class and its -meta.xml, an LWC bundle's files). */
export function componentsOf(entries: Record<string, string>, root = ''): DeployComponent[] {
  const components = new Map<string, DeployComponent>();
  for (const [rawPath, content] of Object.entries(entries)) {
    const path = root && rawPath.startsWith(root) ? rawPath.slice(root.length) : rawPath;
    if (path === 'package.xml' || path === 'destructiveChanges.xml' || path.endsWith('/')) continue;
    const [folder, ...rest] = path.split('/');
    const type = FOLDER_TYPES[folder] ?? 'Unknown';
    let fullName: string;
    let fileName = path;
    if (type === 'LightningComponentBundle' || type === 'AuraDefinitionBundle') {
      fullName = rest[0];
      fileName = `${folder}/${rest[0]}`;
    } else {
      fullName = rest
        .join('/')
        .replace(/-meta\.xml$/, '')
        .replace(/\.[^.]+$/, '');
      if (
        path.endsWith('-meta.xml') &&
        (type === 'ApexClass' || type === 'ApexTrigger' || type === 'StaticResource')
      ) {
        fileName = path.replace(/-meta\.xml$/, '');
      }
    }
    const key = `${type}:${fullName}`;
    const component = components.get(key) ?? { type, fullName, fileName, files: {} };
    component.files[path] = content;
    if (!path.endsWith('-meta.xml') && type !== 'LightningComponentBundle')
      component.fileName = fileName;
    components.set(key, component);
  }
  return [...components.values()].sort(
    (a, b) => APPLY_ORDER.indexOf(a.type) - APPLY_ORDER.indexOf(b.type)
  );
}

export class ComponentError extends Error {
  readonly lineNumber?: number;
  readonly columnNumber?: number;
  constructor(message: string, lineNumber?: number, columnNumber?: number) {
    super(message);
    this.lineNumber = lineNumber;
    this.columnNumber = columnNumber;
  }
}

interface ApplyContext {
  state: OrgState;
  userId: string;
  now: string;
  /**
   * The namespace of the components being applied: their unprefixed names get its prefix, and
   * the rows they create (permission sets, custom metadata records, ...) carry it as
   * NamespacePrefix. It is the org's own namespace for a deploy; a managed package install
   * applies the package's components with the package's namespace (applyDeploy's
   * componentNamespace) into an org whose own namespace differs.
   */
  ns: string | null;
  /** The org's own namespace (Organization.NamespacePrefix); null for a subscriber-like org. */
  orgNs: string | null;
}

/** bkconn__Foo__c for Foo__c in a namespaced org; names that already carry a namespace stay. */
export function qualify(name: string, ns: string | null): string {
  if (!ns) return name;
  if (!/__(c|mdt|e|b|x)$/.test(name)) return name;
  const withoutSuffix = name.replace(/__(c|mdt|e|b|x)$/, '');
  return withoutSuffix.includes('__') ? name : `${ns}__${name}`;
}

function qualifyPath(path: string, ns: string | null): string {
  return path
    .split('.')
    .map((part) => qualify(part, ns))
    .join('.');
}

function parseXml(component: DeployComponent, path: string): Record<string, unknown> {
  const text = component.files[path];
  const valid = XMLValidator.validate(text);
  if (valid !== true)
    throw new ComponentError(`Error parsing file: ${valid.err.msg}`, valid.err.line, valid.err.col);
  const parsed = parser.parse(text) as Record<string, unknown>;
  const rootKey = Object.keys(parsed).find((key) => !key.startsWith('?'));
  return (rootKey ? parsed[rootKey] : {}) as Record<string, unknown>;
}

function mainXmlPath(component: DeployComponent): string {
  const path = Object.keys(component.files).find(
    (candidate) =>
      !candidate.endsWith('.cls') &&
      !candidate.endsWith('.trigger') &&
      (candidate.endsWith('-meta.xml') || !candidate.includes('-meta'))
  );
  return path ?? Object.keys(component.files)[0];
}

const bool = (value: unknown): boolean => String(value).trim() === 'true';
const text = (value: unknown): string | null =>
  value === undefined || value === null ? null : String(value);

// ---- CustomObject / CustomField ---------------------------------------------------------

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

function nextKeyPrefix(state: OrgState): string {
  const used = new Set(Object.values(state.schema).map((definition) => definition.keyPrefix));
  for (let n = 0; ; n++) {
    const prefix = `a${n.toString(36).padStart(2, '0').toUpperCase()}`;
    if (!used.has(prefix)) return prefix;
  }
}

function applyCustomObject(component: DeployComponent, ctx: ApplyContext): ComponentMessage[] {
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
              field('Name', 'string', {
                length: 80,
                required: true,
                label:
                  text(xml.nameField && (xml.nameField as Record<string, unknown>).label) ??
                  `${text(xml.label)} Name`
              }),
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
  for (const fieldXml of (xml.fields as Record<string, unknown>[] | undefined) ?? []) {
    const targets =
      component.fullName === 'Activity'
        ? [ctx.state.schema.event, ctx.state.schema.task]
        : [definition];
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

// ---- PermissionSet ----------------------------------------------------------------------

function fieldExists(state: OrgState, objectName: string, fieldName: string): FieldDef | null {
  const definition = state.schema[objectName.toLowerCase()];
  return definition?.fields[fieldName.toLowerCase()] ?? null;
}

function table(state: OrgState, name: string): Record<string, SObjectRecord> {
  state.records[name.toLowerCase()] ??= {};
  return state.records[name.toLowerCase()];
}

function insertRow(ctx: ApplyContext, objectName: string, values: Record<string, unknown>): string {
  const definition = ctx.state.schema[objectName.toLowerCase()];
  const id = newId(ctx.state, definition.keyPrefix);
  table(ctx.state, objectName)[id] = {
    Id: id,
    CreatedDate: ctx.now,
    CreatedById: ctx.userId,
    LastModifiedDate: ctx.now,
    LastModifiedById: ctx.userId,
    SystemModstamp: ctx.now,
    ...values
  };
  return id;
}

/**
 * Events and tasks have no object permissions (permission.Event.noObjectPermissions): a
 * permission set or profile naming one in objectPermissions is refused.
 */
function refuseActivityObjectPermissions(xml: Record<string, unknown>, source: string): void {
  for (const grant of (xml.objectPermissions as Record<string, unknown>[] | undefined) ?? []) {
    const objectName = String(grant.object);
    if (!hasNoObjectPermissions(objectName)) continue;
    const needle = `<object>${objectName}</object>`;
    const index = source.indexOf(needle);
    throw new ComponentError(
      activityObjectPermissionMessage(objectName),
      index < 0 ? undefined : source.slice(0, index).split('\n').length
    );
  }
}

/** A profile is stored as deployed, after the checks Salesforce makes that the product meets. */
function applyProfile(component: DeployComponent, ctx: ApplyContext): ComponentMessage[] {
  const path = mainXmlPath(component);
  refuseActivityObjectPermissions(parseXml(component, path), component.files[path]);
  return storeComponent(component, ctx);
}

function applyPermissionSet(component: DeployComponent, ctx: ApplyContext): ComponentMessage[] {
  const path = mainXmlPath(component);
  const source = component.files[path];
  const xml = parseXml(component, path);
  const lineOf = (needle: string): number | undefined => {
    const index = source.indexOf(needle);
    return index < 0 ? undefined : source.slice(0, index).split('\n').length;
  };
  const fieldGrants = (xml.fieldPermissions as Record<string, unknown>[] | undefined) ?? [];
  for (const grant of fieldGrants) {
    const reference = String(grant.field);
    const [objectName, fieldName] = qualifyPath(reference, ctx.ns).split('.');
    const definition = fieldExists(ctx.state, objectName, fieldName ?? '');
    if (!definition) {
      throw new ComponentError(
        `In field: field - no CustomField named ${reference} found`,
        lineOf(`<field>${reference}</field>`)
      );
    }
    if (!definition.nillable && definition.type !== 'boolean') {
      throw new ComponentError(
        `You cannot deploy to a required field: ${reference}`,
        lineOf(`<field>${reference}</field>`)
      );
    }
  }
  refuseActivityObjectPermissions(xml, source);
  const objectGrants = (xml.objectPermissions as Record<string, unknown>[] | undefined) ?? [];
  for (const grant of objectGrants) {
    const objectName = qualify(String(grant.object), ctx.ns);
    if (!ctx.state.schema[objectName.toLowerCase()]) {
      throw new ComponentError(
        `In field: object - no CustomObject named ${String(grant.object)} found`,
        lineOf(`<object>${String(grant.object)}</object>`)
      );
    }
  }
  const customPermissions = (
    (xml.customPermissions as Record<string, unknown>[] | undefined) ?? []
  ).filter((grant) => bool(grant.enabled));
  const customPermissionIds = customPermissions.map((grant) => {
    const record = Object.values(table(ctx.state, 'CustomPermission')).find(
      (row) => row.DeveloperName === String(grant.name)
    );
    if (!record)
      throw new ComponentError(
        `In field: customPermission - no CustomPermission named ${String(grant.name)} found`,
        lineOf(`<name>${String(grant.name)}</name>`)
      );
    return record.Id;
  });
  const typeAccesses = [
    ...((xml.customSettingAccesses as Record<string, unknown>[] | undefined) ?? []),
    ...((xml.customMetadataTypeAccesses as Record<string, unknown>[] | undefined) ?? [])
  ].filter((grant) => bool(grant.enabled));
  const typeIds = typeAccesses.map((grant) => {
    const definition = ctx.state.schema[qualify(String(grant.name), ctx.ns).toLowerCase()];
    if (!definition?.definitionId)
      throw new ComponentError(
        `In field: name - no CustomObject named ${String(grant.name)} found`,
        lineOf(`<name>${String(grant.name)}</name>`)
      );
    return definition.definitionId;
  });
  const classIds = ((xml.classAccesses as Record<string, unknown>[] | undefined) ?? [])
    .filter((grant) => bool(grant.enabled))
    .map((grant) => {
      const stored = ctx.state.components[`ApexClass:${String(grant.apexClass)}`];
      if (!stored)
        throw new ComponentError(
          `In field: apexClass - no ApexClass named ${String(grant.apexClass)} found`,
          lineOf(`<apexClass>${String(grant.apexClass)}</apexClass>`)
        );
      return stored.id;
    });
  const userPermissions = ((xml.userPermissions as Record<string, unknown>[] | undefined) ?? [])
    .filter((grant) => bool(grant.enabled))
    .map((grant) => String(grant.name));

  const sets = table(ctx.state, 'PermissionSet');
  const existing = Object.values(sets).find(
    (row) =>
      row.Name === component.fullName &&
      !row.IsOwnedByProfile &&
      (row.NamespacePrefix ?? null) === ctx.ns
  );
  const flags: Record<string, boolean> = {};
  for (const fieldDef of Object.values(ctx.state.schema.permissionset.fields)) {
    if (fieldDef.name.startsWith('Permissions'))
      flags[fieldDef.name] = userPermissions.includes(fieldDef.name.slice('Permissions'.length));
  }
  const values = {
    Name: component.fullName,
    Label: text(xml.label) ?? component.fullName,
    Description: text(xml.description),
    NamespacePrefix: ctx.ns,
    IsOwnedByProfile: false,
    ProfileId: null,
    LicenseId: null,
    Type: 'Regular',
    ...flags
  };
  let setId: string;
  if (existing) {
    Object.assign(existing, values, { LastModifiedDate: ctx.now, LastModifiedById: ctx.userId });
    setId = existing.Id;
    // A redeployed permission set replaces its grants.
    for (const child of ['ObjectPermissions', 'FieldPermissions', 'SetupEntityAccess']) {
      const rows = table(ctx.state, child);
      for (const row of Object.values(rows)) if (row.ParentId === setId) delete rows[row.Id];
    }
  } else {
    setId = insertRow(ctx, 'PermissionSet', values);
  }
  for (const grant of objectGrants) {
    insertRow(ctx, 'ObjectPermissions', {
      ParentId: setId,
      SobjectType: qualify(String(grant.object), ctx.ns),
      PermissionsRead: bool(grant.allowRead),
      PermissionsCreate: bool(grant.allowCreate),
      PermissionsEdit: bool(grant.allowEdit),
      PermissionsDelete: bool(grant.allowDelete),
      PermissionsViewAllRecords: bool(grant.viewAllRecords),
      PermissionsModifyAllRecords: bool(grant.modifyAllRecords),
      PermissionsViewAllFields: bool(grant.viewAllFields)
    });
  }
  for (const grant of fieldGrants) {
    const qualified = qualifyPath(String(grant.field), ctx.ns);
    insertRow(ctx, 'FieldPermissions', {
      ParentId: setId,
      SobjectType: qualified.split('.')[0],
      Field: qualified,
      PermissionsRead: bool(grant.readable),
      PermissionsEdit: bool(grant.editable)
    });
  }
  for (const entityId of customPermissionIds)
    insertRow(ctx, 'SetupEntityAccess', {
      ParentId: setId,
      SetupEntityId: entityId,
      SetupEntityType: 'CustomPermission'
    });
  for (const entityId of typeIds)
    insertRow(ctx, 'SetupEntityAccess', {
      ParentId: setId,
      SetupEntityId: entityId,
      SetupEntityType: 'CustomEntityDefinition'
    });
  for (const entityId of classIds)
    insertRow(ctx, 'SetupEntityAccess', {
      ParentId: setId,
      SetupEntityId: entityId,
      SetupEntityType: 'ApexClass'
    });
  return [
    message(
      ctx,
      component,
      'PermissionSet',
      component.fullName,
      !existing,
      Boolean(existing),
      setId
    )
  ];
}

function applyCustomPermission(component: DeployComponent, ctx: ApplyContext): ComponentMessage[] {
  const xml = parseXml(component, mainXmlPath(component));
  const rows = table(ctx.state, 'CustomPermission');
  const existing = Object.values(rows).find((row) => row.DeveloperName === component.fullName);
  const values = {
    DeveloperName: component.fullName,
    MasterLabel: text(xml.label) ?? component.fullName,
    NamespacePrefix: ctx.ns
  };
  if (existing) Object.assign(existing, values);
  const id = existing?.Id ?? insertRow(ctx, 'CustomPermission', values);
  return [
    message(
      ctx,
      component,
      'CustomPermission',
      component.fullName,
      !existing,
      Boolean(existing),
      id
    )
  ];
}

/**
 * A custom metadata record's identity is (NamespacePrefix, DeveloperName), and its full name says
 * both: `[ns__]Type.[ns2__]Name`. A record part without a prefix means the record of the
 * namespace being applied (the org's own for a deploy); `ns2__Name` means the record of namespace
 * ns2. So in a subscriber org, `bkconn__BookingFieldMapping.Account_Name` is a record of the
 * subscriber's own and `bkconn__BookingFieldMapping.bkconn__Account_Name` is the installed one.
 * See platformRule('packaging.customMetadata.recordFullName').
 */
export function parseCustomMetadataFullName(
  fullName: string,
  ns: string | null
): { typeName: string; developerName: string; recordNs: string | null } {
  const dot = fullName.indexOf('.');
  const typeName = dot < 0 ? fullName : fullName.slice(0, dot);
  const recordPart = dot < 0 ? '' : fullName.slice(dot + 1);
  const prefixed = /^([A-Za-z][A-Za-z0-9]{0,14})__([A-Za-z][A-Za-z0-9_]*)$/.exec(recordPart);
  return prefixed
    ? { typeName, developerName: prefixed[2], recordNs: prefixed[1] }
    : { typeName, developerName: recordPart, recordNs: ns };
}

/** The full name of a stored record as this org names it (listMetadata, retrieve). */
export function customMetadataFullNameIn(
  typeObjectName: string,
  record: SObjectRecord,
  orgNs: string | null
): string {
  const recordNs = (record.NamespacePrefix as string | null | undefined) ?? null;
  const developerName = String(record.DeveloperName);
  const recordPart =
    recordNs && recordNs !== orgNs ? `${recordNs}__${developerName}` : developerName;
  return `${typeObjectName.replace(/__mdt$/, '')}.${recordPart}`;
}

function applyCustomMetadata(component: DeployComponent, ctx: ApplyContext): ComponentMessage[] {
  const xml = parseXml(component, mainXmlPath(component));
  const { typeName, developerName, recordNs } = parseCustomMetadataFullName(
    component.fullName,
    ctx.ns
  );
  const objectName = qualify(`${typeName}__mdt`, ctx.ns);
  const definition = ctx.state.schema[objectName.toLowerCase()];
  if (!definition) throw new ComponentError(`Invalid type: ${typeName}__mdt`);
  if (!/^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(developerName) || /__|_$/.test(developerName))
    throw new ComponentError(
      `${component.fullName}: the record name ${developerName} is not valid: use up to 40 letters, digits and single underscores, starting with a letter`
    );
  const rows = table(ctx.state, objectName);
  const existing = Object.values(rows).find(
    (candidate) =>
      String(candidate.DeveloperName).toLowerCase() === developerName.toLowerCase() &&
      ((candidate.NamespacePrefix as string | null | undefined) ?? null) === recordNs
  );
  if (!existing && recordNs !== ctx.ns && recordNs !== ctx.orgNs) {
    // Assumption: the wording of the refusal is the one reported for creating a record in another
    // namespace through the API (not in Salesforce's documentation).
    throw new ComponentError(
      `Cannot create a new component with the namespace: ${recordNs}. Only components in the same namespace as the organization can be created through the API`
    );
  }
  const row: Record<string, unknown> = {
    DeveloperName: developerName,
    MasterLabel: text(xml.label) ?? developerName,
    Label: text(xml.label) ?? developerName,
    // Assumption: QualifiedApiName carries the record's namespace (ns__Name) where it is not the
    // org's own, as the org names other namespaces' components; not spelled out for records.
    QualifiedApiName:
      recordNs && recordNs !== ctx.orgNs ? `${recordNs}__${developerName}` : developerName,
    NamespacePrefix: recordNs,
    Language: 'en_US'
  };
  for (const entry of (xml.values as Record<string, unknown>[] | undefined) ?? []) {
    const fieldName = qualify(String(entry.field), ctx.ns);
    const fieldDef = definition.fields[fieldName.toLowerCase()];
    if (!fieldDef)
      throw new ComponentError(
        `${component.fullName}: the field ${String(entry.field)} does not exist on ${typeName}__mdt`
      );
    const raw = entry.value as Record<string, unknown> | string | undefined;
    const valueNode = Array.isArray(raw) ? raw[0] : raw;
    const nil =
      typeof valueNode === 'object' && valueNode !== null && valueNode['@_nil'] === 'true';
    const value = nil
      ? null
      : typeof valueNode === 'object' && valueNode !== null
        ? (valueNode['#text'] ?? '')
        : valueNode;
    if (
      fieldDef.restrictedPicklist &&
      value !== null &&
      !fieldDef.picklistValues.some((option) => option.value === value)
    ) {
      throw new ComponentError(
        `${component.fullName}: bad value for restricted picklist field ${String(entry.field)}: ${String(value)}`
      );
    }
    row[fieldDef.name] =
      fieldDef.type === 'boolean' ? String(value) === 'true' : value === undefined ? null : value;
  }
  if (existing) Object.assign(existing, row, { LastModifiedDate: ctx.now });
  const id = existing?.Id ?? insertRow(ctx, objectName, row);
  return [
    message(ctx, component, 'CustomMetadata', component.fullName, !existing, Boolean(existing), id)
  ];
}

// ---- Apex and stored components ------------------------------------------------------

class CollectingListener extends ApexErrorListener {
  readonly errors: { line: number; column: number; message: string }[] = [];
  apexSyntaxError(line: number, column: number, messageText: string): void {
    this.errors.push({ line, column, message: messageText });
  }
}

function checkApex(component: DeployComponent): void {
  const sourcePath = Object.keys(component.files).find(
    (path) => path.endsWith('.cls') || path.endsWith('.trigger')
  );
  if (!sourcePath)
    throw new ComponentError(`No source file for ${component.type} ${component.fullName}`);
  if (!component.files[`${sourcePath}-meta.xml`])
    throw new ComponentError(
      `${sourcePath}-meta.xml is missing: an Apex file needs its metadata file`
    );
  const listener = new CollectingListener();
  const { parser: apexParser } = ApexParserFactory.createLexerAndParser(
    component.files[sourcePath],
    listener
  );
  if (component.type === 'ApexTrigger') apexParser.triggerUnit();
  else apexParser.compilationUnit();
  const first = listener.errors[0];
  if (first)
    throw new ComponentError(compileErrorText(first.message), first.line, first.column + 1);
}

/**
 * Rewrites the parser's message in the words of Salesforce's Apex compiler, which says
 * "Unexpected token '{'." or "Missing ';' at '}'" rather than listing every token it expected.
 * Assumption: only these two shapes are modelled; anything else keeps the parser's text.
 */
export function compileErrorText(parserMessage: string): string {
  const missing = /^missing (.+?) at (.+)$/.exec(parserMessage);
  if (missing) return `Missing ${missing[1]} at ${missing[2]}`;
  const offending =
    /^(?:mismatched|extraneous) input (.+?) expecting/.exec(parserMessage)?.[1] ??
    /^token recognition error at: (.+)$/.exec(parserMessage)?.[1] ??
    // "no viable alternative at input 'void run('": the last token is where parsing stopped.
    /^no viable alternative at input '(?:.*?)([^\s]+)'$/s.exec(parserMessage)?.[1];
  if (!offending) return parserMessage;
  const token = offending.startsWith("'") ? offending : `'${offending}'`;
  return `Unexpected token ${token}.`;
}

/**
 * Org settings (settings/Activities.settings holds <ActivitiesSettings>), which scratch org
 * creation deploys from the definition's "settings". They are stored for retrieve; the local org
 * models none of the features they switch on.
 */
function applySettings(component: DeployComponent, ctx: ApplyContext): ComponentMessage[] {
  const path = Object.keys(component.files)[0];
  const text = component.files[path];
  const valid = XMLValidator.validate(text);
  if (valid !== true)
    throw new ComponentError(`Error parsing file: ${valid.err.msg}`, valid.err.line, valid.err.col);
  const root = Object.keys(parser.parse(text) as Record<string, unknown>).find(
    (key) => !key.startsWith('?')
  );
  if (root !== `${component.fullName}Settings`)
    throw new ComponentError(
      `The root element of ${component.fileName} must be ${component.fullName}Settings, not ${root ?? 'missing'}.`
    );
  return storeComponent(component, ctx);
}

function storeComponent(component: DeployComponent, ctx: ApplyContext): ComponentMessage[] {
  if (component.type === 'ApexClass' || component.type === 'ApexTrigger') checkApex(component);
  else
    for (const path of Object.keys(component.files))
      if (
        path.endsWith('.xml') ||
        /\.(layout|tab|labels|flexipage|app|permissionset|object)$/.test(path)
      )
        parseXml(component, path);
  const key = `${component.type}:${component.fullName}`;
  const existing = ctx.state.components[key];
  const prefixes: Record<string, string> = {
    ApexClass: '01p',
    ApexTrigger: '01q',
    LightningComponentBundle: '0Rb',
    Layout: '00h',
    CustomTab: '01r',
    FlexiPage: '0M0',
    CustomApplication: '02u'
  };
  const id = existing?.id ?? newId(ctx.state, prefixes[component.type] ?? '0X0');
  ctx.state.components[key] = {
    type: component.type,
    fullName: component.fullName,
    files: component.files,
    lastModifiedDate: ctx.now,
    id
  };
  if (component.type === 'ApexClass' || component.type === 'ApexTrigger') {
    const sourcePath = component.fileName;
    recordApexRow(ctx.state, {
      type: component.type,
      id,
      fullName: component.fullName,
      body: component.files[sourcePath] ?? '',
      metaXml: component.files[`${sourcePath}-meta.xml`] ?? '',
      now: ctx.now,
      userId: ctx.userId,
      namespace: ctx.ns
    });
  }
  return [
    message(ctx, component, component.type, component.fullName, !existing, Boolean(existing), id)
  ];
}

function message(
  ctx: ApplyContext,
  component: DeployComponent,
  type: string,
  fullName: string,
  created: boolean,
  changed: boolean,
  id?: string
): ComponentMessage {
  return {
    changed,
    componentType: type,
    created,
    createdDate: ctx.now,
    deleted: false,
    fileName: component.fileName,
    fullName,
    id,
    success: true
  };
}

/**
 * Applies every component to `state` (a copy the caller owns) and reports each. With
 * keepSuccesses (a deploy without rollbackOnError) a failed component is undone on its own, so
 * the copy holds exactly the components that succeeded, as a partial deploy leaves the org.
 */
export function applyDeploy(
  state: OrgState,
  entries: Record<string, string>,
  userId: string,
  options: {
    keepSuccesses?: boolean;
    /**
     * The namespace of the components in the zip; defaults to the org's own. A managed package
     * install passes the package's namespace, so its components and records carry it in an org
     * whose own namespace is another (or none), as in a subscriber org.
     */
    componentNamespace?: string | null;
  } = {}
): DeployOutcome {
  const root =
    Object.keys(entries)
      .find((path) => path.endsWith('package.xml'))
      ?.replace(/package\.xml$/, '') ?? '';
  const ctx: ApplyContext = {
    state,
    userId,
    now: new Date().toISOString(),
    ns:
      options.componentNamespace === undefined
        ? state.org.namespacePrefix
        : options.componentNamespace || null,
    orgNs: state.org.namespacePrefix
  };
  const outcome: DeployOutcome = { successes: [], failures: [] };
  const packageXml = entries[`${root}package.xml`];
  if (!packageXml) {
    outcome.failures.push({
      changed: false,
      componentType: '',
      created: false,
      createdDate: ctx.now,
      deleted: false,
      fileName: 'package.xml',
      fullName: 'package.xml',
      problem: 'No package.xml found',
      problemType: 'Error',
      success: false
    });
    return outcome;
  }
  outcome.successes.push({
    changed: true,
    componentType: '',
    created: false,
    createdDate: ctx.now,
    deleted: false,
    fileName: 'package.xml',
    fullName: 'package.xml',
    success: true
  });
  for (const component of componentsOf(entries, root)) {
    // A component may fail half-way (an object whose third field is invalid); only a partial
    // deploy needs to undo that, the all-or-nothing caller throws the whole copy away.
    const before = options.keepSuccesses ? structuredClone(state) : null;
    try {
      // A description, label or name over Salesforce's documented limit fails the component
      // before anything of it is applied (scripts/tooling/platform/limits.ts).
      const overLimit = limitProblem(component, ctx.ns);
      if (overLimit) throw new ComponentError(overLimit);
      let messages: ComponentMessage[];
      switch (component.type) {
        case 'CustomObject':
          messages = applyCustomObject(component, ctx);
          break;
        case 'PermissionSet':
          messages = applyPermissionSet(component, ctx);
          break;
        case 'Profile':
          messages = applyProfile(component, ctx);
          break;
        case 'CustomPermission':
          messages = applyCustomPermission(component, ctx);
          break;
        case 'CustomMetadata':
          messages = applyCustomMetadata(component, ctx);
          break;
        case 'Settings':
          messages = applySettings(component, ctx);
          break;
        case 'Unknown':
          throw new ComponentError(`Unknown type name for ${component.fileName}`);
        default:
          messages = storeComponent(component, ctx);
      }
      outcome.successes.push(...messages);
      const key = `${component.type}:${component.fullName}`;
      if (!state.components[key]) {
        // Kept as deployed so retrieve and listMetadata can answer for it.
        state.components[key] = {
          type: component.type,
          fullName: component.fullName,
          files: component.files,
          lastModifiedDate: ctx.now,
          id: messages[0]?.id ?? newId(state, '0X0')
        };
      } else {
        state.components[key].files =
          component.type === 'CustomObject'
            ? mergeObjectFiles(state.components[key].files, component.files)
            : { ...state.components[key].files, ...component.files };
        state.components[key].lastModifiedDate = ctx.now;
      }
    } catch (error) {
      if (!(error instanceof ComponentError)) throw error;
      if (before) Object.assign(state, before, { nextIdSeq: state.nextIdSeq });
      outcome.failures.push({
        changed: false,
        componentType: component.type,
        created: false,
        createdDate: ctx.now,
        deleted: false,
        fileName: component.fileName,
        fullName: component.fullName,
        problem: error.message,
        problemType: 'Error',
        success: false,
        ...(error.lineNumber
          ? { lineNumber: error.lineNumber, columnNumber: error.columnNumber ?? 1 }
          : {})
      });
    }
  }
  return outcome;
}
