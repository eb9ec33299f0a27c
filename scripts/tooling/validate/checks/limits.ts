// Every description, label, help text and API name must fit Salesforce's documented limits: a
// deploy refuses a component over one, and the local org refuses it the same way. The limits
// come from the platform-rules catalogue (scripts/tooling/platform/limits.ts), written once for both.
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Check, Problem } from '../types.ts';
import { relativeTo } from '../project.ts';
import { childValues, xmlComponents } from '../../xml-elements.ts';
import {
  limitViolations,
  METADATA_LIMITS,
  type LimitedType,
  type LimitViolation
} from '../../platform/limits.ts';

/** Where a source-format file keeps components of a limited type. */
interface SourceKind {
  type: LimitedType;
  matches: (file: string) => boolean;
  /** Element path from the file's root to one component. */
  path: string[];
  /** The component's API name; labels carry theirs in <fullName>. */
  name: (file: string, values: Map<string, string>) => string;
}

const suffixed = (suffix: string) => (file: string) => basename(file, suffix);

const SOURCE_KINDS: readonly SourceKind[] = [
  {
    type: 'PermissionSet',
    matches: (file) => file.endsWith('.permissionset-meta.xml'),
    path: ['PermissionSet'],
    name: suffixed('.permissionset-meta.xml')
  },
  {
    type: 'CustomPermission',
    matches: (file) => file.endsWith('.customPermission-meta.xml'),
    path: ['CustomPermission'],
    name: suffixed('.customPermission-meta.xml')
  },
  {
    type: 'LightningComponentBundle',
    matches: (file) =>
      file.endsWith('.js-meta.xml') &&
      basename(dirname(dirname(file))) === 'lwc' &&
      basename(file, '.js-meta.xml') === basename(dirname(file)),
    path: ['LightningComponentBundle'],
    name: suffixed('.js-meta.xml')
  },
  {
    type: 'CustomLabel',
    matches: (file) => file.endsWith('.labels-meta.xml'),
    path: ['CustomLabels', 'labels'],
    name: (_file, values) => values.get('fullName') ?? ''
  },
  {
    type: 'CustomMetadata',
    matches: (file) => file.endsWith('.md-meta.xml'),
    path: ['CustomMetadata'],
    name: (file) => basename(file, '.md-meta.xml').split('.').slice(1).join('.')
  },
  {
    type: 'CustomField',
    matches: (file) => file.endsWith('.field-meta.xml') && basename(dirname(file)) === 'fields',
    path: ['CustomField'],
    name: suffixed('.field-meta.xml')
  },
  {
    type: 'CustomObject',
    matches: (file) =>
      file.endsWith('.object-meta.xml') &&
      basename(file, '.object-meta.xml') === basename(dirname(file)),
    path: ['CustomObject'],
    name: suffixed('.object-meta.xml')
  }
];

/** "<description> is 412 characters; PermissionSet description allows 255 (https://...)" */
export function describeViolation(violation: LimitViolation): string {
  const { limit, value, length, nameProblem } = violation;
  if (limit.element === 'fullName') {
    const suffix = limit.ignoredSuffix ? ' without its suffix' : '';
    if (nameProblem)
      return `the name "${value}" ${nameProblem}; a ${limit.subject} may contain only letters, digits and underscores, begin with a letter, not end with an underscore and not contain two consecutive underscores. Rename it (${limit.source})`;
    return `the name "${value}" is ${length} characters${suffix}; ${limit.subject} allows ${limit.maxLength}${suffix}. Shorten it (${limit.source})`;
  }
  if (violation.trimmedLength <= (limit.maxLength ?? Infinity))
    return `<${limit.element}> is ${violation.trimmedLength} characters, ${length} with the whitespace around it; ${limit.subject} allows ${limit.maxLength} and a deploy may count that whitespace. Remove it (${limit.source})`;
  return `<${limit.element}> is ${length} characters; ${limit.subject} allows ${limit.maxLength}. Shorten it (${limit.source})`;
}

export const limitsCheck: Check = async (project) => {
  const problems: Problem[] = [];
  let checked = 0;
  for (const file of project.files) {
    const kind = SOURCE_KINDS.find((candidate) => candidate.matches(file));
    if (!kind) continue;
    checked++;
    for (const component of xmlComponents(readFileSync(file, 'utf8'), kind.path)) {
      const name = kind.name(file, childValues(component));
      const values = childValues(component, 'untrimmed');
      for (const violation of limitViolations(kind.type, name, values, project.namespace || null)) {
        const child = component.children.find((entry) => entry.name === violation.limit.element);
        problems.push({
          file: relativeTo(project, file),
          line: child?.line ?? component.line,
          message: describeViolation(violation)
        });
      }
    }
  }
  const types = [...new Set(METADATA_LIMITS.map((limit) => limit.type))].join(', ');
  return {
    name: 'limits',
    proves: `every ${types} fits Salesforce's documented length and naming limits`,
    problems,
    checked
  };
};
