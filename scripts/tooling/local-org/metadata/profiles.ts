// Profiles as Metadata API components, derived from the org's Profile rows, so listMetadata,
// retrieve and readMetadata answer for them as Salesforce does. Only what the tooling reads is
// written out: the license, whether the profile is custom, the Page Layout Assignments
// (layoutAssignments) and the Record Type Settings (recordTypeVisibilities), which no sObject
// exposes and the setup checks need.
import type { OrgState, StoredComponent } from '../model.ts';
import { escapeXml } from '../../../product/xml.ts';

const NS = 'http://soap.sforce.com/2006/04/metadata';

/** Standard profiles have metadata names that differ from their labels. */
const STANDARD_PROFILE_FULL_NAMES: Record<string, string> = {
  'System Administrator': 'Admin',
  'Standard User': 'Standard',
  'Read Only': 'ReadOnly',
  'Contract Manager': 'ContractManager',
  'Marketing User': 'MarketingProfile',
  'Solution Manager': 'SolutionManager'
};

export function profileFullName(name: string): string {
  return STANDARD_PROFILE_FULL_NAMES[name] ?? name;
}

function profileXml(state: OrgState, profile: Record<string, unknown>): string {
  const profileId = String(profile.Id);
  const license = state.records.userlicense?.[String(profile.UserLicenseId)];
  const active = Object.values(state.records.recordtype ?? {})
    .filter((type) => type.IsActive === true)
    .map((type) => `${String(type.SobjectType)}.${String(type.DeveloperName)}`)
    .sort();
  const visible = new Set(state.recordTypeVisibility?.[profileId] ?? []);
  // Salesforce lists every record type of the org with visible true or false.
  const visibilities = active.map(
    (recordType) =>
      `    <recordTypeVisibilities>\n        <default>false</default>\n        <recordType>${escapeXml(recordType)}</recordType>\n        <visible>${visible.has(recordType)}</visible>\n    </recordTypeVisibilities>`
  );
  const assignments = Object.entries(state.layoutAssignments?.[profileId] ?? {})
    .sort()
    .map(
      ([, layout]) =>
        `    <layoutAssignments>\n        <layout>${escapeXml(layout)}</layout>\n    </layoutAssignments>`
    );
  const isCustom = !(String(profile.Name) in STANDARD_PROFILE_FULL_NAMES);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<Profile xmlns="${NS}">`,
    `    <custom>${isCustom}</custom>`,
    ...assignments,
    ...visibilities,
    `    <userLicense>${escapeXml(String(license?.Name ?? 'Salesforce'))}</userLicense>`,
    '</Profile>',
    ''
  ].join('\n');
}

/** One Profile component per Profile row. */
export function profileComponents(state: OrgState): StoredComponent[] {
  return Object.values(state.records.profile ?? {}).map((profile) => {
    const fullName = profileFullName(String(profile.Name));
    return {
      type: 'Profile',
      fullName,
      id: String(profile.Id),
      lastModifiedDate: String(profile.LastModifiedDate ?? profile.CreatedDate ?? ''),
      files: { [`profiles/${fullName}.profile`]: profileXml(state, profile) }
    };
  });
}

/**
 * The body of a readMetadata answer: each named component's file content as a `records`
 * element of its type, with its fullName first. A name that does not exist answers an empty
 * record, as Salesforce does.
 */
export function readMetadataResult(
  type: string,
  fullNames: string[],
  components: StoredComponent[]
): string {
  const records = fullNames.map((fullName) => {
    const component = components.find((candidate) => candidate.fullName === fullName);
    const content = component ? Object.values(component.files)[0] : undefined;
    if (!content) return `<records xsi:type="${type}"/>`;
    const inner = /<\w+[^>]*>([\s\S]*)<\/\w+>\s*$/.exec(content.replace(/^<\?xml[^>]*\?>\s*/, ''));
    return `<records xsi:type="${type}"><fullName>${escapeXml(fullName)}</fullName>${inner?.[1] ?? ''}</records>`;
  });
  return `<result>${records.join('')}</result>`;
}
