// The setup page's texts (as the labels file has them) and the locators the browser tests find
// things with: roles and accessible names, which Playwright resolves through synthetic shadow.
import type { Connection } from '@salesforce/core';
import type { Locator, Page } from 'playwright-core';
import type { Viewport } from '../../../browser/index.ts';
import { SEEDED_USERS } from '../../../local-org/seed.ts';

export const WIDE: Viewport = { width: 1280, height: 800 };
export const NARROW: Viewport = { width: 600, height: 900 };
export const VIEWPORTS = [WIDE, NARROW];

/** The page's texts, as the labels file has them (CustomLabels.labels-meta.xml). */
export const TEXT = {
  title: 'Booking Connector Setup',
  phases: 'Setup phases',
  apiConnection: 'API connection',
  installation: 'Installation',
  fieldValidation: 'Field validation',
  fieldMapping: 'Field mapping',
  creationRules: 'Creation rules',
  search: 'API user (search active users by name or username)',
  saveApiConnection: 'Save API connection',
  saved: 'Saved.',
  standard: /^Standard: System Administrator profile/,
  advanced: /^Advanced secure:/,
  assign: 'Assign permission set',
  addFields: 'Add fields to layout',
  noApiUser: 'No API user is chosen yet.',
  nothingToFix: 'Nothing needs attention in this phase.',
  readOnly: /^You can view this setup but not change it/,
  retry: 'Try again',
  saveMappings: 'Save and deploy',
  addMapping: 'Add a mapping',
  mappingsQueued: /^Saved\. Deployment \S+ is queued/,
  mappingProblems: 'Nothing was saved: fix the mappings marked below, then save again.',
  noChanges: 'No changes to save.',
  noMappings: /^No field is mapped yet\./,
  unfilled: (targets: string) =>
    `Save is refused until these required fields have a valid value: ${targets}.`,
  needsValue: 'Needs a value',
  hasValue: 'Has a value',
  source: 'Value from',
  value: 'Value',
  field: 'Field',
  constant: 'A constant',
  matchRecordId: 'Salesforce record id from the booking link',
  matchEmail: 'Email',
  matchPhone: 'Phone',
  leadFirst: 'Use the Lead',
  deploymentQueued: /Deployment \S+ is queued\. This page updates itself/,
  deploymentSucceeded: /Deployment \S+ succeeded\./,
  saveCreationRules: 'Save creation rules',
  creationRulesSaved: 'Creation rules saved.',
  placeholder: 'Select an Option',
  done: 'Done',
  attention: 'Needs attention',
  notStarted: 'Not started'
} as const;

export const PHASE_NAMES = [
  TEXT.apiConnection,
  TEXT.installation,
  TEXT.fieldValidation,
  TEXT.fieldMapping,
  TEXT.creationRules
];

// ---- finding things on the page ---------------------------------------------------------------

/** The phase list's button of a phase. Its name carries the phase's status (Done, ...). */
export function phaseButton(page: Page, phase: string): Locator {
  return page
    .getByRole('navigation', { name: TEXT.phases })
    .getByRole('button', { name: new RegExp(escapeRegExp(phase)) });
}

/** Opens a phase and waits for its heading. */
export async function openPhase(page: Page, phase: string): Promise<void> {
  await phaseButton(page, phase).click();
  await page.getByRole('heading', { name: phase, exact: true }).waitFor();
}

/** The status a phase shows in the list: Done, Needs attention or Not started. */
export async function phaseStatus(page: Page, phase: string): Promise<string> {
  const name = (await phaseButton(page, phase).textContent()) ?? '';
  for (const status of [TEXT.done, TEXT.attention, TEXT.notStarted]) {
    if (name.includes(status)) return status;
  }
  throw new Error(`The phase button of ${phase} shows no status: "${name.trim()}"`);
}

/** Waits until a phase shows the status. */
export async function expectPhaseStatus(page: Page, phase: string, status: string): Promise<void> {
  await phaseButton(page, phase).filter({ hasText: status }).waitFor();
}

/** The user search box of phase 1 (a search box, or a combobox once it has listbox semantics). */
export function searchBox(page: Page): Locator {
  return page
    .getByRole('combobox', { name: TEXT.search })
    .or(page.getByRole('searchbox', { name: TEXT.search }));
}

/** Searches for a user and picks the result whose text names the username. */
export async function chooseUser(page: Page, term: string, username: string): Promise<void> {
  await searchBox(page).fill(term);
  const option = page
    .getByRole('listbox')
    .getByRole('option', { name: new RegExp(escapeRegExp(username)) });
  await option.click();
  await option.waitFor({ state: 'detached' });
}

/** The saved settings row of the org (BookingConnectorSettings__c org defaults), or undefined. */
export async function savedSettings(
  admin: Connection
): Promise<Record<string, unknown> | undefined> {
  const result = await admin.query<Record<string, unknown>>(
    'SELECT ApiUsername__c, SecurityMode__c, MatchOrder__c, ContactBeforeLead__c, NoMatchAction__c, UpdatePolicy__c, OwnerPolicy__c, ApiBudgetPercent__c, SyncLogEnabled__c, SyncLogRetentionDays__c FROM BookingConnectorSettings__c'
  );
  return result.records[0];
}

/** The org's active mapping records, as "Object.Field=SourceType:SourceValue". */
export async function savedMappings(admin: Connection): Promise<string[]> {
  const result = await admin.query<Record<string, unknown>>(
    'SELECT DeveloperName, TargetObject__c, TargetField__c, SourceType__c, SourceValue__c, IsActive__c FROM BookingFieldMapping__mdt'
  );
  return result.records
    .filter((row) => row.IsActive__c !== false)
    .map(
      (row) =>
        `${row.TargetObject__c}.${row.TargetField__c}=${row.SourceType__c}:${row.SourceValue__c ?? ''}`
    )
    .sort();
}

/** Whether the API user holds the package's API-user permission set. */
export async function apiUserHasPermissionSet(admin: Connection): Promise<boolean> {
  const result = await admin.query(
    `SELECT Id FROM PermissionSetAssignment WHERE PermissionSet.Name = 'BookingConnectorApiUser' AND Assignee.Username = '${SEEDED_USERS.apiUser}'`
  );
  return result.totalSize > 0;
}

/** The mapping row (list item) whose remove button or title names Object.Field. */
export function mappingRow(page: Page, object: string, field: string): Locator {
  return page.getByRole('listitem').filter({
    has: page.getByRole('button', { name: `Remove the mapping of ${object}.${field}` })
  });
}

/** Opens a combobox and picks an option by its label. */
export async function pick(combobox: Locator, option: string | RegExp): Promise<void> {
  await combobox.click();
  const page = combobox.page();
  await page.getByRole('option', { name: option }).first().click();
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
