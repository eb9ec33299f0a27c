// Duplicate rules, as the standard ones Salesforce ships for Leads, Contacts and Accounts: on
// create through the API, a record that a matching rule pairs with an existing one is refused
// with DUPLICATES_DETECTED and a duplicateResult naming the records it matched, unless the rule
// only alerts and the request carries `Sforce-Duplicate-Rule-Header: allowSave=true`; a
// blocking rule refuses either way. Off unless the org is started with duplicate rules on.
//
// The matching is a deliberate subset of Salesforce's standard matching rules: an exact
// (case-insensitive) email match, or the same first name, last name and company (Lead) or
// account (Contact), or the same account name (Account). Salesforce's fuzzy name and address
// matching is not emulated.
import type { IncomingHttpHeaders } from 'node:http';
import type { ObjectDef, OrgState, SObjectRecord } from './model.ts';
import { ApiError } from './errors.ts';
import { MAX_API_VERSION } from './rest/versions.ts';

export type DuplicateAction = 'Allow' | 'Block';

export interface DuplicateRule {
  object: 'Lead' | 'Contact' | 'Account';
  developerName: string;
  matchingRule: string;
  /** Each group matches when every one of its fields is equal and not empty. */
  keys: string[][];
  /** Action on create: Allow (with an alert, which the API reports as an error) or Block. */
  action: DuplicateAction;
  active: boolean;
}

export const STANDARD_DUPLICATE_RULES: readonly DuplicateRule[] = Object.freeze([
  {
    object: 'Lead',
    developerName: 'Standard_Lead_Duplicate_Rule',
    matchingRule: 'Standard_Lead_Match_Rule_v1_0',
    keys: [['Email'], ['FirstName', 'LastName', 'Company']],
    action: 'Allow',
    active: true
  },
  {
    object: 'Contact',
    developerName: 'Standard_Contact_Duplicate_Rule',
    matchingRule: 'Standard_Contact_Match_Rule_v1_1',
    keys: [['Email'], ['FirstName', 'LastName', 'AccountId']],
    action: 'Allow',
    active: true
  },
  {
    object: 'Account',
    developerName: 'Standard_Account_Duplicate_Rule',
    matchingRule: 'Standard_Account_Match_Rule_v1_0',
    keys: [['Name']],
    action: 'Allow',
    active: true
  }
]);

/** The active rules (copies, so a test may switch one to Block or off). */
export function standardDuplicateRules(): DuplicateRule[] {
  return STANDARD_DUPLICATE_RULES.map((rule) => ({ ...rule, keys: rule.keys.map((k) => [...k]) }));
}

/** A refusal that carries Salesforce's duplicateResult in the per-record error. */
export class DuplicatesDetected extends ApiError {
  readonly duplicateResult: Record<string, unknown>;

  constructor(duplicateResult: Record<string, unknown>) {
    super(400, 'DUPLICATES_DETECTED', 'Use one of these records?');
    this.duplicateResult = duplicateResult;
  }

  override entry() {
    return { ...super.entry(), duplicateResult: this.duplicateResult };
  }

  override body() {
    return super.body().map((entry) => ({ ...entry, duplicateResult: this.duplicateResult }));
  }
}

/** `Sforce-Duplicate-Rule-Header: allowSave=true; includeRecordDetails=false` */
export function allowSaveRequested(headers: IncomingHttpHeaders | undefined): boolean {
  const value = headers?.['sforce-duplicate-rule-header'];
  const text = Array.isArray(value) ? value.join(';') : (value ?? '');
  return /(?:^|;)\s*allowSave\s*=\s*true\s*(?:;|$)/i.test(text);
}

const normal = (value: unknown): string =>
  value === null || value === undefined ? '' : String(value).trim().toLowerCase();

function matches(rule: DuplicateRule, candidate: SObjectRecord, record: Record<string, unknown>) {
  return rule.keys.some((group) =>
    group.every(
      (field) => normal(record[field]) !== '' && normal(record[field]) === normal(candidate[field])
    )
  );
}

/**
 * Refuses a record that duplicates another one under an active rule of its object, as
 * Salesforce does on create and, with the standard rules (action on edit: allow with alert),
 * on edit: `record` is the record as it would be saved, with its Id when it is an edit.
 */
export function checkDuplicates(
  state: OrgState,
  definition: ObjectDef,
  record: Record<string, unknown>,
  headers: IncomingHttpHeaders | undefined,
  apiVersion = MAX_API_VERSION
): void {
  const rules = (state.duplicateRules ?? []).filter(
    (rule) => rule.active && rule.object === definition.name
  );
  for (const rule of rules) {
    if (rule.action === 'Allow' && allowSaveRequested(headers)) continue;
    // A person account is matched by the Contact rules in Salesforce, not the Account rule.
    const existing = Object.values(state.records[definition.name.toLowerCase()] ?? {}).filter(
      (candidate) =>
        candidate.Id !== record.Id &&
        candidate.IsPersonAccount !== true &&
        matches(rule, candidate, record)
    );
    if (existing.length === 0) continue;
    throw new DuplicatesDetected({
      allowSave: rule.action === 'Allow',
      duplicateRule: rule.developerName,
      duplicateRuleEntityType: rule.object,
      errorMessage: 'Use one of these records?',
      matchResults: [
        {
          entityType: rule.object,
          errors: [],
          matchEngine: 'ExactMatchEngine',
          matchRecords: existing.map((candidate) => ({
            additionalInformation: [],
            fieldDiffs: [],
            matchConfidence: 100,
            record: {
              attributes: {
                type: rule.object,
                url: `/services/data/v${apiVersion}/sobjects/${rule.object}/${candidate.Id}`
              },
              Id: candidate.Id
            }
          })),
          rule: rule.matchingRule,
          size: existing.length,
          success: true
        }
      ]
    });
  }
}
