// describeGlobal (/sobjects), the sObject basic information (/sobjects/X) and describe
// (/sobjects/X/describe, also on the Tooling API), filtered by what the user can see:
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_describeGlobal.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_sobject_describe.htm
import type { ObjectDef } from '../model.ts';
import { notFound } from '../errors.ts';
import { MAX_COLLECTION } from './collections.ts';
import { json, type RestContext, type Route } from './types.ts';

function describeField(definition: ObjectDef, name: string): Record<string, unknown> {
  const f = definition.fields[name];
  return {
    aggregatable: f.groupable,
    autoNumber: f.name === 'CaseNumber' || Boolean(f.autoNumberFormat),
    byteLength: f.length * 3,
    calculated: f.calculated,
    caseSensitive: f.caseSensitive,
    createable: f.createable,
    custom: f.custom,
    defaultValue: f.type === 'boolean' ? f.defaultValue : null,
    defaultedOnCreate: f.defaultedOnCreate,
    deprecatedAndHidden: false,
    digits: f.digits,
    externalId: f.externalId,
    filterable: f.filterable,
    groupable: f.groupable,
    htmlFormatted: false,
    idLookup: f.idLookup,
    inlineHelpText: f.inlineHelpText,
    label: f.label,
    length: f.length,
    name: f.name,
    nameField: f.name === 'Name',
    namePointing: f.referenceTo.length > 1,
    nillable: f.nillable,
    permissionable: f.custom && f.nillable,
    picklistValues: f.picklistValues.map((value) => ({ ...value, validFor: null })),
    polymorphicForeignKey: f.referenceTo.length > 1,
    precision: f.precision,
    referenceTo: f.referenceTo,
    relationshipName: f.relationshipName,
    relationshipOrder: null,
    restrictedPicklist: f.restrictedPicklist,
    scale: f.scale,
    soapType: f.soapType,
    sortable: f.sortable,
    type: f.type,
    unique: f.unique,
    updateable: f.updateable
  };
}

function objectUrls(definition: ObjectDef, version: string): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${definition.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

function describeGlobalEntry(
  context: RestContext,
  definition: ObjectDef,
  version: string
): Record<string, unknown> {
  const access = context.access.objectAccess(definition);
  return {
    name: definition.name,
    label: definition.label,
    labelPlural: definition.labelPlural,
    keyPrefix: definition.keyPrefix,
    custom: definition.custom,
    customSetting: definition.customSetting,
    createable: definition.createable && access.create,
    updateable: definition.updateable && access.edit,
    deletable: definition.deletable && access.delete,
    queryable: true,
    retrieveable: true,
    searchable: !definition.setupObject,
    layoutable: !definition.setupObject,
    triggerable: !definition.setupObject,
    urls: objectUrls(definition, version)
  };
}

function describeObject(
  context: RestContext,
  definition: ObjectDef,
  version: string
): Record<string, unknown> {
  const visible = Object.keys(definition.fields).filter(
    (key) => context.access.fieldAccess(definition, definition.fields[key].name).read
  );
  return {
    ...describeGlobalEntry(context, definition, version),
    fields: visible.map((key) => describeField(definition, key)),
    childRelationships: [],
    recordTypeInfos: definition.recordTypeInfos ?? [
      {
        active: true,
        available: true,
        defaultRecordTypeMapping: true,
        developerName: 'Master',
        master: true,
        name: 'Master',
        recordTypeId: '012000000000000AAA',
        urls: {}
      }
    ],
    supportedScopes: [{ label: 'All', name: 'everything' }],
    urls: objectUrls(definition, version)
  };
}

function visibleObject(context: RestContext, objectName: string): ObjectDef {
  const definition = context.state.schema[objectName.toLowerCase()];
  if (!definition || !context.access.objectAccess(definition).read) throw notFound();
  return definition;
}

/** describeGlobal, sObject basic information and describe. */
export const describeRoutes: Route[] = [
  [
    'GET',
    /^\/services\/data\/v(\d+\.\d)\/sobjects\/?$/,
    (context, _request, match) =>
      json({
        encoding: 'UTF-8',
        maxBatchSize: MAX_COLLECTION,
        sobjects: Object.values(context.state.schema)
          .filter((definition) => context.access.objectAccess(definition).read)
          .map((definition) => describeGlobalEntry(context, definition, match[1]))
      })
  ],
  [
    'GET',
    /^\/services\/data\/v(\d+\.\d)\/(?:tooling\/)?sobjects\/(\w+)\/describe\/?$/,
    (context, _request, match) =>
      json(describeObject(context, visibleObject(context, match[2]), match[1]))
  ],
  [
    'GET',
    /^\/services\/data\/v(\d+\.\d)\/sobjects\/(\w+)\/?$/,
    (context, _request, match) => {
      const definition = visibleObject(context, match[2]);
      return json({
        objectDescribe: describeGlobalEntry(context, definition, match[1]),
        recentItems: []
      });
    }
  ]
];
