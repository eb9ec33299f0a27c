// What every browser test of the setup page stands on: a local org in the state the test names
// (package deployed as a developer deploys it), the page built with the real LWC compiler and
// base components (build/build.ts), the setup-page server answering its Apex calls from that org
// (server/server.ts), and one headless Chromium per test file, with console capture, axe and a
// screenshot per step (scripts/tooling/browser).
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Connection } from '@salesforce/core';
import type { Locator, Page } from 'playwright-core';
import {
  captureConsole,
  expectNoSeriousAxeFindings,
  launchChromium,
  screenshot,
  type ConsoleCapture,
  type LaunchedChromium,
  type Viewport
} from '../../../browser/index.ts';
import { projectRoot } from '../../../../product/project.ts';
import { assignApiUserPermissionSet, ensureAdminPermissionSet } from '../../../../product/org/permset.ts';
import { startLocalOrg, type LocalOrg } from '../../../local-org/server.ts';
import { SEEDED_USERS } from '../../../local-org/seed.ts';
import { loginAs } from '../../../test-kit/login.ts';
import { deploySource } from '../../../test-kit/org.ts';
import { buildSetupPage } from '../../build/build.ts';
import { startSetupPageServer } from '../../server/server.ts';

export { SEEDED_USERS };

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

// ---- the org ---------------------------------------------------------------------------------

/**
 * The states a test starts the org in:
 *  - `fresh`: the package deployed, the admin holding the admin permission set (the Manage
 *    Booking Connector custom permission), nothing set up: no settings, the API user without the
 *    package's permission set, the Event layout without the package fields, the default
 *    mappings; plus one universally required custom field on Lead (Region__c) that no mapping
 *    fills, so phase 3 has a value to give;
 *  - `empty`: the package without its default mapping records, nothing set up;
 *  - `badMapping`: `fresh` with one saved mapping whose booking field does not exist.
 */
export type OrgState = 'fresh' | 'empty' | 'badMapping';

export const REQUIRED_FIELD = { object: 'Lead', field: 'Region__c', label: 'Region' };
export const BAD_MAPPING = {
  developerName: 'Lead_Title_Bad',
  object: 'Lead',
  field: 'Title',
  value: 'no_such_booking_field'
};

function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/**
 * A required Text field: nillable false, createable, no default (a universally required field).
 * A required field is visible and editable to every profile, so it needs no field permission
 * (deploying one for it is refused: "You cannot deploy to a required field").
 */
const REQUIRED_FIELD_XML = `<?xml version="1.0" encoding="UTF-8"?>
<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">
    <fullName>${REQUIRED_FIELD.field}</fullName>
    <label>${REQUIRED_FIELD.label}</label>
    <length>40</length>
    <required>true</required>
    <type>Text</type>
</CustomField>
`;

const BAD_MAPPING_XML = `<?xml version="1.0" encoding="UTF-8"?>
<CustomMetadata xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
    <label>Lead Title Bad</label>
    <protected>false</protected>
    <values><field>IsActive__c</field><value xsi:type="xsd:boolean">true</value></values>
    <values><field>SourceType__c</field><value xsi:type="xsd:string">BookingField</value></values>
    <values><field>SourceValue__c</field><value xsi:type="xsd:string">${BAD_MAPPING.value}</value></values>
    <values><field>TargetField__c</field><value xsi:type="xsd:string">${BAD_MAPPING.field}</value></values>
    <values><field>TargetObject__c</field><value xsi:type="xsd:string">${BAD_MAPPING.object}</value></values>
</CustomMetadata>
`;

async function deployOrThrow(admin: Connection, dir: string): Promise<void> {
  const result = await deploySource(admin, dir);
  if (!result.response.success)
    throw new Error(`deploy of ${dir} failed: ${JSON.stringify(result.response.details)}`);
}

/** A new local org in the given state, with the admin's connection. */
export async function orgInState(
  state: OrgState
): Promise<{ org: LocalOrg; admin: Connection; close(): Promise<void> }> {
  const org = await startLocalOrg();
  const scratch = mkdtempSync(join(tmpdir(), 'bkconn-page-source-'));
  try {
    const admin = await loginAs(org);
    if (state === 'empty') {
      // The package's source without its default mapping records.
      const source = join(scratch, 'package');
      copyTree(join(projectRoot(), 'force-app'), source, (path) => !/customMetadata/.test(path));
      await deployOrThrow(admin, source);
    } else {
      await deployOrThrow(admin, join(projectRoot(), 'force-app'));
      const extra: Record<string, string> = {
        [`objects/${REQUIRED_FIELD.object}/fields/${REQUIRED_FIELD.field}.field-meta.xml`]:
          REQUIRED_FIELD_XML
      };
      if (state === 'badMapping') {
        extra[`customMetadata/BookingFieldMapping.${BAD_MAPPING.developerName}.md-meta.xml`] =
          BAD_MAPPING_XML;
      }
      writeFiles(join(scratch, 'extra'), extra);
      await deployOrThrow(admin, join(scratch, 'extra'));
    }
    const adminSet = await ensureAdminPermissionSet(admin);
    if (!adminSet || adminSet.problem)
      throw new Error(`admin permission set not assigned: ${adminSet?.problem ?? 'not in the org'}`);
    return { org, admin, close: () => org.close() };
  } catch (error) {
    await org.close();
    throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function copyTree(from: string, to: string, keep: (path: string) => boolean): void {
  for (const name of readdirSync(from)) {
    const source = join(from, name);
    if (!keep(relative(projectRoot(), source))) continue;
    const target = join(to, name);
    if (statSync(source).isDirectory()) {
      mkdirSync(target, { recursive: true });
      copyTree(source, target, keep);
    } else {
      mkdirSync(to, { recursive: true });
      writeFileSync(target, readFileSync(source));
    }
  }
}

/** The assignment the Assign button makes, as the CLI's setup makes it (for tests that skip phase 2). */
export async function assignApiUser(admin: Connection): Promise<void> {
  await assignApiUserPermissionSet(admin, SEEDED_USERS.apiUser, null);
}

// ---- the page --------------------------------------------------------------------------------

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/**
 * The built page, built once for the sources as they are: a folder under .setup-page/test-build
 * named after a hash of every input of the build (LWC sources, labels, build and shim code, the
 * lock file). Test files running in parallel build it at most once each and keep the first
 * finished copy (the rename is atomic).
 */
export async function builtPage(): Promise<string> {
  const root = projectRoot();
  const inputs = [
    ...filesUnder(join(root, 'force-app', 'main', 'default', 'lwc')),
    join(root, 'force-app', 'main', 'default', 'labels', 'CustomLabels.labels-meta.xml'),
    ...filesUnder(join(root, 'scripts', 'tooling', 'setup-page', 'build')),
    ...filesUnder(join(root, 'scripts', 'tooling', 'setup-page', 'platform')),
    join(root, 'package-lock.json')
  ].filter((path) => !/__tests__/.test(path));
  const hash = createHash('sha256');
  for (const path of inputs) hash.update(relative(root, path)).update(readFileSync(path));
  const cache = join(root, '.setup-page', 'test-build');
  const outDir = join(cache, hash.digest('hex').slice(0, 16));
  if (existsSync(join(outDir, 'index.html'))) return outDir;
  mkdirSync(cache, { recursive: true });
  const building = join(cache, `building-${process.pid}-${randomBytes(4).toString('hex')}`);
  await buildSetupPage({ outDir: building });
  try {
    renameSync(building, outDir);
  } catch {
    // Another test file finished first: its copy is the same build.
    rmSync(building, { recursive: true, force: true });
  }
  return outDir;
}

export type Scenario = 'no-permission' | 'load-failure';

export interface SetupPage {
  org: LocalOrg;
  admin: Connection;
  url: string;
  browser: LaunchedChromium;
  page: Page;
  console: ConsoleCapture;
  /** The Apex calls the server answered since the last reset. */
  apexCalls(): Promise<string[]>;
  resetStats(): Promise<void>;
  /** Opens the page and waits until it shows its phases (or its load error). */
  open(): Promise<void>;
  /** A screenshot, axe (no serious or critical finding) and no console error of the page's code. */
  check(step: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Everything one test file needs: the org in its state, the page built and served from it, one
 * Chromium with one page at the viewport given.
 */
export async function startSetupPage(
  options: { state?: OrgState; scenario?: Scenario; viewport?: Viewport } = {}
): Promise<SetupPage> {
  const [staticDir, orgRun] = await Promise.all([builtPage(), orgInState(options.state ?? 'fresh')]);
  const closers: Array<() => Promise<unknown>> = [orgRun.close];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  try {
    const server = await startSetupPageServer({
      connection: orgRun.admin,
      staticDir,
      scenario: options.scenario
    });
    closers.push(() => server.close());
    const browser = await launchChromium({ viewport: options.viewport ?? WIDE, timeout: 15_000 });
    closers.push(() => browser.close());
    const page = await browser.newPage();
    const capture = captureConsole(page);
    const origin = new URL(server.url).origin;
    return {
      org: orgRun.org,
      admin: orgRun.admin,
      url: server.url,
      browser,
      page,
      console: capture,
      async apexCalls() {
        const response = await fetch(`${origin}/__stats`);
        const body = (await response.json()) as { apexCalls: Array<{ method: string }> };
        return body.apexCalls.map((call) => call.method);
      },
      async resetStats() {
        await fetch(`${origin}/__stats/reset`, { method: 'POST' });
      },
      async open() {
        await page.goto(server.url);
        await page
          .getByRole('navigation', { name: TEXT.phases })
          .or(page.getByRole('alert'))
          .first()
          .waitFor();
      },
      async check(step: string) {
        await screenshot(page, step);
        await expectNoSeriousAxeFindings(page, `${step} (${viewportName(page)})`);
        await capture.expectNoOwnErrors(`${step} (${viewportName(page)})`);
      },
      close
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function viewportName(page: Page): string {
  const size = page.viewportSize();
  return size ? `${size.width} px wide` : 'the page';
}

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
  const option = page.getByRole('listbox').getByRole('option', { name: new RegExp(escapeRegExp(username)) });
  await option.click();
  await option.waitFor({ state: 'detached' });
}

/** The saved settings row of the org (BookingConnectorSettings__c org defaults), or undefined. */
export async function savedSettings(
  admin: Connection
): Promise<Record<string, unknown> | undefined> {
  const result = await admin.query<Record<string, unknown>>(
    'SELECT ApiUsername__c, SecurityMode__c, MatchOrder__c, ContactBeforeLead__c, NoMatchAction__c, UpdatePolicy__c, OwnerPolicy__c FROM BookingConnectorSettings__c'
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
      (row) => `${row.TargetObject__c}.${row.TargetField__c}=${row.SourceType__c}:${row.SourceValue__c ?? ''}`
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
  return page
    .getByRole('listitem')
    .filter({ has: page.getByRole('button', { name: `Remove the mapping of ${object}.${field}` }) });
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
