// Installation step 3: the package's Activity fields on the Event layouts assigned to the API
// user's and the admins' profiles (product spec). Which layout a profile uses lives only in
// the profile's metadata (its Page Layout Assignments), so the Metadata API is asked: list the
// profiles to learn their metadata names, read the two profiles, retrieve their Event layouts.
// What is checked is what the org has, not what the source says. Adding the missing fields
// puts them in a "Booking" section, as the setup page's button does.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Connection } from '@salesforce/core';
import { ComponentSet } from '@salesforce/source-deploy-retrieve';
import {
  LAYOUT_SECTION_LABEL,
  READ_ONLY_LAYOUT_FIELDS
} from '../../../force-app/main/default/lwc/bookingRules/apiUserRules.js';
import { messageError, productMessages } from '../messages.ts';
import { escapeXml } from '../xml.ts';
import { namespacePrefix } from '../../../force-app/main/default/lwc/bookingRules/metadataNames.js';
import { deployGeneratedSource, packageSourceDir } from './deploy.ts';
import { asArray, ProfileMetadataReader } from './profile-metadata.ts';

const messages = productMessages('org.layout');

export const PACKAGE_EVENT_LAYOUT = 'Booking Connector Event Layout';
/** The admins' profile: the setup page and the CLI are used by System Administrators. */
/** The System Administrator profile's metadata name. */
export const ADMIN_PROFILE_FULL_NAME = 'Admin';

export interface LayoutStatus {
  layoutName: string;
  /** Profiles assigned this layout (empty when it was checked by name, not by assignment). */
  profiles: string[];
  readable: boolean;
  error?: string;
  presentFields: string[];
  missingFields: string[];
}

/** The package's Activity custom fields, from the source (Booking_Id__c, ...). */
export function packageActivityFields(sourceDir = packageSourceDir()): string[] {
  const folder = join(sourceDir, 'main', 'default', 'objects', 'Activity', 'fields');
  return readdirSync(folder)
    .filter((file) => file.endsWith('.field-meta.xml'))
    .map((file) => basename(file, '.field-meta.xml'))
    .sort();
}

function findFiles(dir: string, suffix: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => join(entry.parentPath, entry.name));
}

interface ProfileLayouts {
  fullName?: string;
  layoutAssignments?: { layout: string; recordType?: string } | { layout: string }[];
}

/**
 * The Event layouts assigned to the given profile (by Id) and to the System Administrator
 * profile, each with the profiles using it. Empty when the Metadata API cannot tell.
 */
export async function readEventLayoutAssignments(
  reader: ProfileMetadataReader,
  apiUserProfileId: string | null
): Promise<Map<string, string[]>> {
  const profiles = await reader.read<ProfileLayouts>({
    ids: apiUserProfileId ? [apiUserProfileId] : [],
    fullNames: [ADMIN_PROFILE_FULL_NAME]
  });
  const layouts = new Map<string, string[]>();
  for (const profile of profiles) {
    const label =
      profile.fullName === ADMIN_PROFILE_FULL_NAME ? 'System Administrator' : profile.fullName;
    for (const assignment of asArray(profile.layoutAssignments)) {
      const layout = decodeURIComponent(assignment.layout);
      if (!layout.startsWith('Event-')) continue;
      const users = layouts.get(layout) ?? [];
      if (!users.includes(label)) users.push(label);
      layouts.set(layout, users);
    }
  }
  return layouts;
}

/**
 * The package layout's full name as the org lists it: an installed package's layout carries
 * the namespace (Event-bkconn__Booking Connector Event Layout), source deployed into a
 * namespaced scratch org may not. Used when no assignment can be read.
 */
async function packageLayoutName(connection: Connection, prefix: string): Promise<string> {
  const listed = asArray(await connection.metadata.list({ type: 'Layout' }));
  const names = listed.map((item) => item.fullName);
  const candidates = [`Event-${prefix}${PACKAGE_EVENT_LAYOUT}`, `Event-${PACKAGE_EVENT_LAYOUT}`];
  return candidates.find((name) => names.includes(name)) ?? candidates[0];
}

interface RetrievedLayouts {
  statuses: LayoutStatus[];
  /** The retrieved XML of each readable layout, for adding fields without a second retrieve. */
  xml: Map<string, string>;
}

export async function retrieveLayouts(
  connection: Connection,
  namespace: string | null,
  assigned: Map<string, string[]>
): Promise<RetrievedLayouts> {
  const prefix = namespacePrefix(namespace);
  const expected = packageActivityFields().map((name) => `${prefix}${name}`);
  const output = mkdtempSync(join(tmpdir(), 'bkconn-layout-'));
  try {
    const set = new ComponentSet(
      [...assigned.keys()].map((fullName) => ({ fullName, type: 'Layout' }))
    );
    set.apiVersion = connection.getApiVersion();
    const retrieve = await set.retrieve({ usernameOrConnection: connection, output, merge: false });
    const result = await retrieve.pollStatus(200, 120);
    const files = new Map(
      findFiles(output, '.layout-meta.xml').map((file) => [
        basename(file, '.layout-meta.xml'),
        readFileSync(file, 'utf8')
      ])
    );
    const problems = asArray(result.response.messages).map((message) => message.problem);
    const xml = new Map<string, string>();
    const statuses = [...assigned.entries()].map(([layoutName, profiles]): LayoutStatus => {
      const content = files.get(layoutName);
      if (content === undefined) {
        const problem = problems.find((text) => text.includes(layoutName));
        return {
          layoutName,
          profiles,
          readable: false,
          error: problem ?? 'the layout is not in the org',
          presentFields: [],
          missingFields: expected
        };
      }
      xml.set(layoutName, content);
      const onLayout = new Set(
        [...content.matchAll(/<field>([^<]+)<\/field>/g)].map((match) => match[1])
      );
      // A retrieve from the org that owns the namespace may leave the prefix off its own fields.
      const present = (name: string): boolean =>
        onLayout.has(name) || onLayout.has(name.slice(prefix.length));
      return {
        layoutName,
        profiles,
        readable: true,
        presentFields: expected.filter(present),
        missingFields: expected.filter((name) => !present(name))
      };
    });
    return { statuses, xml };
  } finally {
    rmSync(output, { recursive: true, force: true });
  }
}

export interface EventLayouts extends RetrievedLayouts {
  /** False when no assignment could be read and the package's own layout was checked instead. */
  byAssignment: boolean;
}

/** Every Event layout the API user's and the admins' profiles use, each with the fields it lacks. */
export async function readEventLayouts(
  connection: Connection,
  namespace: string | null,
  apiUserProfileId: string | null,
  profiles: ProfileMetadataReader = new ProfileMetadataReader(connection, [ADMIN_PROFILE_FULL_NAME])
): Promise<EventLayouts> {
  const assigned = await readEventLayoutAssignments(profiles, apiUserProfileId).catch(
    () => new Map<string, string[]>()
  );
  if (assigned.size > 0)
    return { ...(await retrieveLayouts(connection, namespace, assigned)), byAssignment: true };
  const prefix = namespacePrefix(namespace);
  const fallback = new Map([[await packageLayoutName(connection, prefix), [] as string[]]]);
  return { ...(await retrieveLayouts(connection, namespace, fallback)), byAssignment: false };
}

function layoutItem(field: string, prefix: string): string {
  const behavior = READ_ONLY_LAYOUT_FIELDS.includes(field.slice(prefix.length))
    ? 'Readonly'
    : 'Edit';
  return `            <layoutItems>\n                <behavior>${behavior}</behavior>\n                <field>${escapeXml(field)}</field>\n            </layoutItems>\n`;
}

/**
 * The layout with the missing fields added: into its existing "Booking" section when it has
 * one, else into a new one-column section placed after the last section (the Metadata API
 * reads Layout elements in schema order, so the section goes among the other sections).
 */
export function withPackageFields(xml: string, missing: string[], prefix: string): string {
  const items = missing.map((field) => layoutItem(field, prefix)).join('');
  const sections = [...xml.matchAll(/<layoutSections>[\s\S]*?<\/layoutSections>/g)];
  const booking = sections.find((section) =>
    section[0].includes(`<label>${LAYOUT_SECTION_LABEL}</label>`)
  );
  if (booking && booking.index !== undefined) {
    const columnEnd = booking[0].indexOf('</layoutColumns>');
    if (columnEnd >= 0) {
      const at = booking.index + columnEnd;
      return `${xml.slice(0, at)}${items}        ${xml.slice(at)}`;
    }
  }
  const section =
    '    <layoutSections>\n' +
    '        <customLabel>true</customLabel>\n' +
    '        <detailHeading>true</detailHeading>\n' +
    '        <editHeading>true</editHeading>\n' +
    `        <label>${LAYOUT_SECTION_LABEL}</label>\n` +
    '        <layoutColumns>\n' +
    items +
    '        </layoutColumns>\n' +
    '        <style>OneColumn</style>\n' +
    '    </layoutSections>\n';
  const last = sections.at(-1);
  if (last?.index === undefined) {
    throw messageError(messages, 'no-sections', [], { name: 'LayoutNotEditable' });
  }
  const at = last.index + last[0].length;
  return `${xml.slice(0, at)}\n${section.trimEnd()}${xml.slice(at)}`;
}

/**
 * Adds the missing package fields to each readable layout that lacks some, in one deploy.
 * Returns the layouts changed; the statuses passed in are updated to what was deployed.
 */
export async function addPackageFieldsToLayouts(
  connection: Connection,
  namespace: string | null,
  layouts: RetrievedLayouts,
  pollIntervalMs: number
): Promise<string[]> {
  const prefix = namespacePrefix(namespace);
  const changing = layouts.statuses.filter(
    (status) =>
      status.readable && status.missingFields.length > 0 && layouts.xml.has(status.layoutName)
  );
  if (changing.length === 0) return [];
  const deploy = await deployGeneratedSource(
    connection,
    Object.fromEntries(
      changing.map((status) => [
        `layouts/${status.layoutName}.layout-meta.xml`,
        withPackageFields(layouts.xml.get(status.layoutName) ?? '', status.missingFields, prefix)
      ])
    ),
    { pollIntervalMs }
  );
  if (!deploy.success) {
    throw messageError(
      messages,
      'update-failed',
      [deploy.failures.map((failure) => `${failure.name}: ${failure.problem}`).join('; ')],
      { name: 'LayoutUpdateFailed', data: deploy }
    );
  }
  for (const status of changing) {
    status.presentFields = [...status.presentFields, ...status.missingFields];
    status.missingFields = [];
  }
  return changing.map((status) => status.layoutName);
}
