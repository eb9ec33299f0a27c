// bkconn config export / import: the connector's configuration (the org-wide settings and the
// field mappings) from one org to a JSON file, and from the file into another org, so a setup
// finished in a sandbox can be promoted to production. Names in the file carry no namespace;
// each org's own prefix (read from the org) is added on the way in and removed on the way out.
// Settings are a hierarchy custom setting (org default row: SetupOwnerId = the org id), written
// with the REST API; mappings are custom metadata records, which only the Metadata API writes,
// so they are deployed.
import type { Connection } from '@salesforce/core';
import { messageError, productMessages } from '../messages.ts';
import { queryTogether } from './composite.ts';
import { soqlString } from '../soql.ts';
import { escapeXml } from '../xml.ts';
import { namespacePrefix } from '../../../force-app/main/default/lwc/bookingRules/metadataNames.js';
import { readOrgKind } from './api-user.ts';
import { deployGeneratedSource } from './deploy.ts';
import { API_USER_PERMISSION_SET } from './rules.ts';
import { problemsAfterImport, readFieldFacts, type MappingFacts } from './field-phases.ts';
import { ensureAdminPermissionSet } from './permset.ts';
import * as creationRules from '../../../force-app/main/default/lwc/bookingRules/creationRules.js';
import {
  customMetadataRecordFullName,
  existingRecordNamespace
} from '../../../force-app/main/default/lwc/bookingRules/metadataNames.js';

const messages = productMessages('org.config-transfer');

export const CONFIG_FORMAT = 'booking-connector-config';
export const CONFIG_VERSION = 1;
const SETTINGS = 'BookingConnectorSettings__c';
const MAPPING_TYPE = 'BookingFieldMapping';
const MAPPING_FIELDS = [
  'TargetObject__c',
  'TargetField__c',
  'SourceType__c',
  'SourceValue__c',
  'IsActive__c'
] as const;

export interface MappingRecord {
  developerName: string;
  label: string;
  TargetObject__c: string;
  TargetField__c: string;
  SourceType__c: string;
  SourceValue__c: string | null;
  IsActive__c: boolean;
}

export interface ConnectorConfig {
  format: typeof CONFIG_FORMAT;
  version: typeof CONFIG_VERSION;
  exportedAt: string;
  exportedFrom: { organizationId: string; isSandbox: boolean; instanceUrl: string };
  settings: Record<string, unknown>;
  mappings: MappingRecord[];
}

/** The package's namespace in this org (null where its components carry none). */
async function packageNamespace(connection: Connection): Promise<string | null> {
  const { sets } = await queryTogether(connection, {
    sets: `SELECT NamespacePrefix FROM PermissionSet WHERE Name = ${soqlString(API_USER_PERMISSION_SET)}`
  });
  if (sets.length === 0) {
    throw messageError(messages, 'package-missing', [], { name: 'PackageMissing' });
  }
  return (sets[0].NamespacePrefix as string | null) || null;
}

async function settingsFields(connection: Connection, prefix: string): Promise<string[]> {
  const describe = await connection.sobject(`${prefix}${SETTINGS}`).describe();
  return describe.fields
    .filter((field) => field.custom && field.createable)
    .map((field) => field.name);
}

const strip = (name: string, prefix: string): string =>
  prefix && name.startsWith(prefix) ? name.slice(prefix.length) : name;

export async function exportConfig(connection: Connection): Promise<ConnectorConfig> {
  const namespace = await packageNamespace(connection);
  const prefix = namespacePrefix(namespace);
  const kind = await readOrgKind(connection);
  const fields = await settingsFields(connection, prefix);
  const rows = await queryTogether(connection, {
    settings: `SELECT ${fields.join(', ')} FROM ${prefix}${SETTINGS} WHERE SetupOwnerId = ${soqlString(kind.organizationId)}`,
    mappings: `SELECT DeveloperName, NamespacePrefix, MasterLabel, ${MAPPING_FIELDS.map((field) => prefix + field).join(', ')} FROM ${prefix}${MAPPING_TYPE}__mdt ORDER BY DeveloperName`
  });
  // One mapping per name: where a faulty save left a subscriber record beside the package's
  // record of the same DeveloperName, the package's record is the one the file carries.
  const mappingRows = rows.mappings.filter(
    (record) =>
      ((record.NamespacePrefix as string | null) ?? null) ===
      existingRecordNamespace(
        String(record.DeveloperName),
        rows.mappings as { DeveloperName: string; NamespacePrefix: string | null }[],
        namespace
      )
  );
  const settings: Record<string, unknown> = {};
  for (const field of fields)
    if (rows.settings[0]) settings[strip(field, prefix)] = rows.settings[0][field] ?? null;
  return {
    format: CONFIG_FORMAT,
    version: CONFIG_VERSION,
    exportedAt: new Date().toISOString(),
    exportedFrom: {
      organizationId: kind.organizationId,
      isSandbox: kind.isSandbox,
      instanceUrl: connection.instanceUrl
    },
    settings,
    mappings: mappingRows.map((record) => ({
      developerName: String(record.DeveloperName),
      label: String(record.MasterLabel),
      TargetObject__c: String(record[`${prefix}TargetObject__c`] ?? ''),
      TargetField__c: String(record[`${prefix}TargetField__c`] ?? ''),
      SourceType__c: String(record[`${prefix}SourceType__c`] ?? ''),
      SourceValue__c: (record[`${prefix}SourceValue__c`] as string | null) ?? null,
      IsActive__c: record[`${prefix}IsActive__c`] === true
    }))
  };
}

/** Refuses a file that is not an export of this tool, naming what is wrong. */
export function parseConfig(text: string, file: string): ConnectorConfig {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw messageError(messages, 'not-json', [file, (error as Error).message], {
      name: 'InvalidConfigFile'
    });
  }
  const config = data as Partial<ConnectorConfig>;
  const problems: string[] = [];
  if (config.format !== CONFIG_FORMAT) problems.push(`"format" must be "${CONFIG_FORMAT}"`);
  if (config.version !== CONFIG_VERSION) problems.push(`"version" must be ${CONFIG_VERSION}`);
  if (typeof config.settings !== 'object' || config.settings === null)
    problems.push('"settings" must be an object');
  if (!Array.isArray(config.mappings)) problems.push('"mappings" must be a list');
  (config.mappings ?? []).forEach((mapping, index) => {
    if (
      !/^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(String(mapping?.developerName)) ||
      /__|_$/.test(String(mapping?.developerName))
    ) {
      problems.push(
        `mappings[${index}].developerName "${String(mapping?.developerName)}" is not a valid API name`
      );
    }
    for (const field of ['TargetObject__c', 'TargetField__c', 'SourceType__c'] as const) {
      if (typeof mapping?.[field] !== 'string' || mapping[field] === '')
        problems.push(`mappings[${index}].${field} is missing`);
    }
  });
  if (problems.length > 0) {
    throw messageError(messages, 'not-a-configuration', [file, problems.join('; ')], {
      name: 'InvalidConfigFile'
    });
  }
  return config as ConnectorConfig;
}

export function customMetadataXml(mapping: MappingRecord, prefix: string): string {
  const values = MAPPING_FIELDS.map((field) => {
    const value = mapping[field];
    const content =
      value === null || value === undefined
        ? '<value xsi:nil="true"/>'
        : `<value xsi:type="xsd:${typeof value === 'boolean' ? 'boolean' : 'string'}">${escapeXml(String(value))}</value>`;
    return `    <values>\n        <field>${prefix}${field}</field>\n        ${content}\n    </values>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<CustomMetadata xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">',
    `    <label>${escapeXml(mapping.label)}</label>`,
    '    <protected>false</protected>',
    ...values,
    '</CustomMetadata>',
    ''
  ].join('\n');
}

export interface ImportResult {
  settings: 'created' | 'updated' | 'unchanged';
  mappingsDeployed: number;
  apiUsername: string | null;
}

export async function importConfig(
  connection: Connection,
  config: ConnectorConfig,
  options: { apiUser?: string } = {}
): Promise<ImportResult> {
  const namespace = await packageNamespace(connection);
  const prefix = namespacePrefix(namespace);
  const kind = await readOrgKind(connection);
  const fields = new Set(await settingsFields(connection, prefix));
  const settings: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(config.settings)) {
    if (!fields.has(prefix + name)) {
      throw messageError(messages, 'unknown-setting', [name], { name: 'UnknownSetting' });
    }
    settings[prefix + name] = value;
  }
  // Sandbox usernames carry the sandbox's suffix: production's API user is a different username.
  if (options.apiUser) settings[`${prefix}ApiUsername__c`] = options.apiUser;
  const apiUsername = (settings[`${prefix}ApiUsername__c`] as string | null | undefined) ?? null;
  const { existing, user } = await queryTogether(connection, {
    existing: `SELECT Id FROM ${prefix}${SETTINGS} WHERE SetupOwnerId = ${soqlString(kind.organizationId)}`,
    user: `SELECT Id FROM User WHERE Username = ${soqlString(apiUsername ?? '')}`
  });
  if (apiUsername && user.length === 0) {
    throw messageError(messages, 'api-user-not-found', [apiUsername], { name: 'ApiUserNotFound' });
  }
  await refuseConfigThatCannotWork(connection, config, namespace);
  // Mappings first: their deploy is all-or-nothing, and a refused deploy must not leave the
  // settings of the file applied without the mappings they were made for.
  const mappingsDeployed = await deployMappings(connection, config.mappings, {
    namespace,
    orgNamespace: kind.namespace,
    isLocal: kind.isLocal
  });
  let settingsResult: ImportResult['settings'] = 'unchanged';
  if (Object.keys(settings).length > 0) {
    const sobject = connection.sobject(`${prefix}${SETTINGS}`);
    if (existing[0]) {
      await sobject.update({ Id: existing[0].Id as string, ...settings });
      settingsResult = 'updated';
    } else {
      await sobject.create({ SetupOwnerId: kind.organizationId, ...settings });
      settingsResult = 'created';
    }
  }
  return { settings: settingsResult, mappingsDeployed, apiUsername };
}

const asMappingFacts = (mapping: MappingRecord): MappingFacts => ({
  developerName: mapping.developerName,
  label: mapping.label,
  targetObject: mapping.TargetObject__c,
  targetField: mapping.TargetField__c,
  sourceType: mapping.SourceType__c,
  sourceValue: mapping.SourceValue__c,
  isActive: mapping.IsActive__c
});

/**
 * Judges the file against this org with the rules the setup page and the sync engine use:
 * settings that cannot work, mappings onto fields this org lacks or cannot take, and
 * required fields that would be left without a value. Nothing is written when any is found.
 */
async function refuseConfigThatCannotWork(
  connection: Connection,
  config: ConnectorConfig,
  namespace: string | null
): Promise<void> {
  const settingProblems =
    Object.keys(config.settings).length > 0
      ? (
          creationRules.validateSettings(
            creationRules.settingsFromRecord(config.settings, null)
          ) as {
            setting: string;
            message: string;
          }[]
        ).map((problem) => `setting ${problem.setting}: ${problem.message}`)
      : [];
  // The package's fields are visible to the importing admin only through a permission set.
  await ensureAdminPermissionSet(connection);
  const orgFacts = await readFieldFacts(connection, namespace);
  const problems = [
    ...settingProblems,
    ...problemsAfterImport(orgFacts, config.mappings.map(asMappingFacts))
  ];
  if (problems.length > 0) {
    throw messageError(messages, 'does-not-fit', [problems.join('; ')], {
      name: 'ConfigDoesNotFitOrg',
      data: { problems }
    });
  }
}

/**
 * Deploys the file's mappings onto this org's records. A record is named by the shared rule
 * (bookingRules/metadataNames.js) from the NamespacePrefix the org reports for it: in a
 * subscriber org the package's records are `bkconn__BookingFieldMapping.bkconn__Name`, and the
 * name without the record prefix would create a second record beside each of them.
 */
async function deployMappings(
  connection: Connection,
  mappings: MappingRecord[],
  target: { namespace: string | null; orgNamespace: string | null; isLocal: boolean }
): Promise<number> {
  if (mappings.length === 0) return 0;
  const { namespace: typeNamespace, orgNamespace, isLocal } = target;
  const prefix = namespacePrefix(typeNamespace);
  const { records } = await queryTogether(connection, {
    records: `SELECT DeveloperName, NamespacePrefix FROM ${prefix}${MAPPING_TYPE}__mdt`
  });
  const existing = records.map((record) => ({
    DeveloperName: String(record.DeveloperName),
    NamespacePrefix: (record.NamespacePrefix as string | null) ?? null
  }));
  const deploy = await deployGeneratedSource(
    connection,
    Object.fromEntries(
      mappings.map((mapping) => [
        `customMetadata/${customMetadataRecordFullName({
          typeName: MAPPING_TYPE,
          typeNamespace,
          developerName: mapping.developerName,
          recordNamespace: existingRecordNamespace(mapping.developerName, existing, typeNamespace),
          orgNamespace
        })}.md-meta.xml`,
        customMetadataXml(mapping, prefix)
      ])
    ),
    { pollIntervalMs: isLocal ? 50 : 1000 }
  );
  if (!deploy.success) {
    throw messageError(
      messages,
      'mapping-import-failed',
      [deploy.failures.map((failure) => `${failure.name}: ${failure.problem}`).join('; ')],
      { name: 'MappingImportFailed', data: deploy }
    );
  }
  return mappings.length;
}
