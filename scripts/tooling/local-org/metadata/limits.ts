// The local org refuses a deployed component whose description, label or API name is over
// Salesforce's documented limit, as a real deploy does. The limits are the platform catalogue's
// (scripts/tooling/platform/limits.ts), the same entries the validation gate checks.
import { XMLValidator } from 'fast-xml-parser';
import { childValues, xmlComponents } from '../../xml-elements.ts';
import { limitViolations, type LimitedType, type LimitViolation } from '../../platform/limits.ts';

/** The part of a deploy component this check reads. */
interface Component {
  type: string;
  fullName: string;
  files: Record<string, string>;
}

/** Where a deploy zip (Metadata API format) keeps components of a limited type. */
interface ZipKind {
  type: LimitedType;
  /** The component's file, among the component's zip entries. */
  file: (path: string) => boolean;
  path: string[];
  /** null: the name is in the entry's <fullName> (fields and labels). */
  name: ((component: Component) => string) | null;
}

const byFullName = (component: Component): string => component.fullName;

const ZIP_KINDS: Record<string, readonly ZipKind[]> = {
  PermissionSet: [
    {
      type: 'PermissionSet',
      file: (path) => path.endsWith('.permissionset'),
      path: ['PermissionSet'],
      name: byFullName
    }
  ],
  CustomPermission: [
    {
      type: 'CustomPermission',
      file: (path) => path.endsWith('.customPermission'),
      path: ['CustomPermission'],
      name: byFullName
    }
  ],
  LightningComponentBundle: [
    {
      type: 'LightningComponentBundle',
      file: (path) => path.endsWith('.js-meta.xml'),
      path: ['LightningComponentBundle'],
      name: byFullName
    }
  ],
  CustomLabels: [
    {
      type: 'CustomLabel',
      file: (path) => path.endsWith('.labels'),
      path: ['CustomLabels', 'labels'],
      name: null
    }
  ],
  CustomMetadata: [
    {
      type: 'CustomMetadata',
      file: (path) => path.endsWith('.md'),
      path: ['CustomMetadata'],
      name: (component) => component.fullName.split('.').slice(1).join('.')
    }
  ],
  CustomObject: [
    {
      type: 'CustomObject',
      file: (path) => path.endsWith('.object'),
      path: ['CustomObject'],
      name: byFullName
    },
    {
      type: 'CustomField',
      file: (path) => path.endsWith('.object'),
      path: ['CustomObject', 'fields'],
      name: null
    }
  ]
};

/**
 * The problem text of a component failure. For a value over its length the text a real deploy
 * prints, "Description: data value too large: <value> (max length=255)"; for a name that breaks
 * the naming rule Salesforce's Setup wording (an assumption: no deploy message is documented).
 * See the catalogue entry's assumption.
 */
export function deployProblem(violation: LimitViolation): string {
  const { limit, value, nameProblem } = violation;
  if (nameProblem)
    return `${limit.recordField}: The ${limit.subject} "${value}" can only contain underscores and alphanumeric characters. It must be unique, begin with a letter, not include spaces, not end with an underscore, and not contain two consecutive underscores.`;
  return `${limit.recordField}: data value too large: ${value} (max length=${limit.maxLength})`;
}

/** The first limit the component breaks, as a deploy problem, or null. */
export function limitProblem(component: Component, namespace: string | null): string | null {
  for (const kind of ZIP_KINDS[component.type] ?? []) {
    for (const [path, text] of Object.entries(component.files)) {
      // A file that does not parse is reported by the type's own handler, with its line.
      if (!kind.file(path) || XMLValidator.validate(text) !== true) continue;
      for (const entry of xmlComponents(text, kind.path)) {
        const name = kind.name ? kind.name(component) : (childValues(entry).get('fullName') ?? '');
        const values = childValues(entry, 'untrimmed');
        const [first] = limitViolations(kind.type, name, values, namespace);
        if (first) return deployProblem(first);
      }
    }
  }
  return null;
}
