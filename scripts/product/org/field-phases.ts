// Phases 3 and 4 as setup reports them: the universally required fields of the five objects
// that still need a value, and the mappings that are invalid, judged by the shared field rules
// (fieldRules.js) from the org's describes and mapping records, read in one composite request.
import type { Connection } from '@salesforce/core';
import * as fieldRules from '../../../force-app/main/default/lwc/bookingRules/fieldRules.js';
import { namespacePrefix } from '../../../force-app/main/default/lwc/bookingRules/metadataNames.js';
import { getTogether, type QueryRecord } from './composite.ts';

const TARGET_OBJECTS = fieldRules.TARGET_OBJECTS as string[];

interface DescribeField {
  name: string;
  label: string;
  type: string;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  defaultedOnCreate: boolean;
  permissionable: boolean;
  length?: number;
  picklistValues?: { value: string; active: boolean }[] | null;
}

export interface MappingFacts {
  developerName: string;
  label: string;
  targetObject: string;
  targetField: string;
  sourceType: string;
  sourceValue: string | null;
  isActive: boolean;
}

export interface FieldPhases {
  required: { missing: string[]; unsupported: string[]; canSave: boolean };
  /** Phase 4 as the setup page shows it: no active mapping is "notStarted", never "done". */
  mappingStatus: 'notStarted' | 'attention' | 'done';
  mappingProblems: string[];
}

/**
 * Describe results in the shape fieldRules.js documents. `apex` is the shape the setup page's
 * Apex sends (BookingSetupService.fieldFacts): picklist values only for picklist fields, null
 * for every other field.
 */
export function describeFacts(
  describe: { name: string; label: string; fields: DescribeField[] },
  shape: 'rules' | 'apex' = 'rules'
) {
  return {
    name: describe.name,
    label: describe.label,
    fields: describe.fields.map((field) => ({
      name: field.name,
      label: field.label,
      // Schema.DisplayType names, lower case; INTEGER is 'int' in the describe already.
      type: field.type,
      nillable: field.nillable,
      createable: field.createable,
      updateable: field.updateable,
      defaultedOnCreate: field.defaultedOnCreate,
      permissionable: field.permissionable,
      length: field.length,
      picklistValues:
        shape === 'apex' && field.type !== 'picklist'
          ? null
          : (field.picklistValues ?? []).filter((value) => value.active).map((value) => value.value)
    }))
  };
}

export interface FieldFacts {
  facts: { describes: Record<string, ReturnType<typeof describeFacts>>; namespace: string | null };
  mappings: MappingFacts[];
}

/** The five objects' describes and the org's mapping records, in one composite request. */
export async function readFieldFacts(
  connection: Connection,
  namespace: string | null
): Promise<FieldFacts> {
  const prefix = namespacePrefix(namespace);
  const soql = `SELECT DeveloperName, MasterLabel, ${prefix}TargetObject__c, ${prefix}TargetField__c, ${prefix}SourceType__c, ${prefix}SourceValue__c, ${prefix}IsActive__c FROM ${prefix}BookingFieldMapping__mdt`;
  const paths: Record<string, string> = { mappings: `query?q=${encodeURIComponent(soql)}` };
  for (const objectName of TARGET_OBJECTS) paths[objectName] = `sobjects/${objectName}/describe`;
  const bodies = await getTogether(connection, paths, { mappings: soql });
  const describes = Object.fromEntries(
    TARGET_OBJECTS.map((objectName) => [
      objectName,
      describeFacts(bodies[objectName] as { name: string; label: string; fields: DescribeField[] })
    ])
  );
  const mappings: MappingFacts[] = (bodies.mappings as { records: QueryRecord[] }).records.map(
    (record) => ({
      developerName: String(record.DeveloperName),
      label: String(record.MasterLabel),
      targetObject: String(record[`${prefix}TargetObject__c`] ?? ''),
      targetField: String(record[`${prefix}TargetField__c`] ?? ''),
      sourceType: String(record[`${prefix}SourceType__c`] ?? ''),
      sourceValue: (record[`${prefix}SourceValue__c`] as string | null) ?? null,
      isActive: record[`${prefix}IsActive__c`] === true
    })
  );
  // The API user's field access is not part of these facts: editability is checked on the
  // page, by api-user:check and by the sync engine (which describes as the API user).
  return { facts: { describes, namespace }, mappings };
}

/** Phases 3 and 4 judged by the shared field rules. */
export function judgeFieldPhases({ facts, mappings }: FieldFacts): FieldPhases {
  const status = fieldRules.requiredFieldStatus(facts, mappings) as {
    rows: { object: string; field: string; status: string; reason: string | null }[];
    canSave: boolean;
    missing: string[];
  };
  // The page's own phase 4 rule, so the CLI and the page report the same status.
  const mapping = fieldRules.mappingPhaseStatus(mappings, facts) as {
    status: FieldPhases['mappingStatus'];
    problems: { target: string; message: string }[];
  };
  return {
    required: {
      missing: status.missing,
      unsupported: status.rows
        .filter((row) => row.status === 'unsupported')
        .map((row) => `${row.object}.${row.field}${row.reason ? ` (${row.reason})` : ''}`),
      canSave: status.canSave
    },
    mappingStatus: mapping.status,
    mappingProblems: mapping.problems.map((problem) => `${problem.target}: ${problem.message}`)
  };
}

export async function readFieldPhases(
  connection: Connection,
  namespace: string | null
): Promise<FieldPhases> {
  return judgeFieldPhases(await readFieldFacts(connection, namespace));
}

/**
 * The mappings an org would have after `incoming` is deployed over its own (custom metadata
 * records are replaced by DeveloperName), judged as phases 3 and 4 would judge them, so an
 * import that would leave the org unable to sync is refused before anything is written.
 */
export function problemsAfterImport(orgFacts: FieldFacts, incoming: MappingFacts[]): string[] {
  const byName = new Map(orgFacts.mappings.map((mapping) => [mapping.developerName, mapping]));
  for (const mapping of incoming) byName.set(mapping.developerName, mapping);
  const merged = { facts: orgFacts.facts, mappings: [...byName.values()] };
  const incomingNames = new Set(incoming.map((mapping) => mapping.developerName));
  const mappingProblems = (
    fieldRules.validateMappings(merged.mappings, merged.facts) as {
      index: number;
      target: string;
      message: string;
    }[]
  )
    // Problems of records the import does not touch are the org's own, not the file's; they
    // are reported by setup, not used to refuse the import.
    .filter((problem) => incomingNames.has(merged.mappings[problem.index].developerName))
    .map(
      (problem) =>
        `mapping ${merged.mappings[problem.index].developerName} (${problem.target}): ${problem.message}`
    );
  const { required } = judgeFieldPhases(merged);
  return [
    ...mappingProblems,
    ...required.missing.map(
      (field) =>
        `${field} is required in this org and neither the file nor the org maps a valid value to it`
    )
  ];
}
