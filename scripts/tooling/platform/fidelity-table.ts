// The README's fidelity table, rendered from the catalogue so that it says exactly what the
// local org and the validation gate check and what only a real org shows. `npm run
// docs:fidelity` writes it between the FIDELITY markers of README.md; a test fails when the
// README is out of date.
import { endMarker, replaceSection, startMarker } from '../readme-sections.ts';
import type { NotModelledRule, PlatformRule } from './types.ts';

export const FIDELITY_SECTION = { name: 'FIDELITY', generator: 'npm run docs:fidelity' };
export const START_MARKER = startMarker(FIDELITY_SECTION);
export const END_MARKER = endMarker(FIDELITY_SECTION);

/** Area names by id prefix, in the order the table lists them. */
const AREAS: ReadonlyArray<[prefix: string, label: string]> = [
  ['limit', 'Metadata limits'],
  ['permission', 'Permissions and access'],
  ['packaging', 'Packaging and managed installs'],
  ['api', 'API behaviour']
];

function areaOf(id: string): string {
  const prefix = id.split('.')[0];
  return AREAS.find(([candidate]) => candidate === prefix)?.[1] ?? 'Other';
}

function titleOf(rule: { id: string; title?: string }): string {
  return rule.title ?? rule.id.split('.').slice(1).join(' ');
}

function link(rule: { id: string; title?: string; source: string }): string {
  return `[${titleOf(rule).replace(/[[\]|]/g, ' ')}](${rule.source})`;
}

function enforcers(rule: PlatformRule): string {
  const label = { 'local-org': 'local org', validate: '`validate`', product: 'product tests' };
  const names = rule.enforcedBy.map((who) => label[who]);
  return names.join(', ');
}

/** The markdown between the markers: checked rules by area, then what only a real org shows. */
export function renderFidelityTable(
  rules: readonly PlatformRule[],
  notModelled: readonly NotModelledRule[]
): string {
  const lines = [
    '| Area | Checked here as a real org checks it (by) | Only a real org shows |',
    '| ---- | ----------------------------------------- | --------------------- |'
  ];
  const areas = [...AREAS.map(([, label]) => label), 'Other'];
  for (const area of areas) {
    const checked = rules.filter((rule) => areaOf(rule.id) === area);
    const unchecked = notModelled.filter((rule) => areaOf(rule.id) === area);
    if (checked.length === 0 && unchecked.length === 0) continue;
    const left = checked.map((rule) => `${link(rule)} (${enforcers(rule)})`).join('; ');
    const right = unchecked.map((rule) => link(rule)).join('; ');
    lines.push(`| ${area} | ${left || '-'} | ${right || '-'} |`);
  }
  const assumed = rules.filter((rule) => rule.assumption).length;
  lines.push(
    '',
    `${rules.length} rules, each linked to the Salesforce documentation it comes from; ${assumed} of them where the documentation is silent on a detail and the local org assumes one reading (the catalogue, \`scripts/tooling/platform/\`, says which).`
  );
  return lines.join('\n');
}

/** The README with its fidelity section replaced; throws when the markers are missing. */
export function withFidelityTable(readme: string, table: string): string {
  return replaceSection(readme, FIDELITY_SECTION, table);
}
