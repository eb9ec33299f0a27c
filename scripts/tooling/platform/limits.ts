// Platform rules: limits. The documented length and name limits of the metadata this package
// ships or could ship, written once: the validation gate (scripts/tooling/validate/checks/limits.ts) and
// the local org's deploy (scripts/tooling/local-org/metadata/limits.ts) both read METADATA_LIMITS, and
// LIMIT_RULES (the catalogue entries) are derived from the same list, so a limit cannot be
// enforced in one place and forgotten in the other.
//
// Only limits found in Salesforce's documentation are here, each with its page. Limits looked
// for and not found documented (so left out): CustomField description and inlineHelpText,
// CustomObject label, pluralLabel and description, CustomTab description, CustomLabel
// shortDescription and name, custom metadata record label and DeveloperName,
// LightningComponentBundle masterLabel, Apex class name, the package version description
// (not-modelled.ts lists the ones a real deploy is reported to refuse).
import type { PlatformRule } from './types.ts';
import { namespacePrefix } from '../../../force-app/main/default/lwc/bookingRules/metadataNames.js';

/** The metadata types whose limits are modelled. */
export type LimitedType =
  | 'PermissionSet'
  | 'LightningComponentBundle'
  | 'CustomPermission'
  | 'CustomField'
  | 'CustomObject'
  | 'CustomLabel'
  | 'CustomMetadata';

export interface MetadataLimit {
  /** Catalogue id, `limit.<type>.<element>`. */
  id: string;
  type: LimitedType;
  /**
   * The XML element (a direct child of the component's element) the limit applies to, or
   * `fullName` for the component's API name, which source format keeps in the file name.
   */
  element: string;
  /** How a person names it: "PermissionSet description". */
  subject: string;
  /** Longest allowed value, in characters. */
  maxLength?: number;
  /** For API names: the documented naming rule applies (see nameRuleProblem). */
  nameRule?: boolean;
  /** Suffix not counted in the name's length (`__c`: "40 characters without the suffix"). */
  ignoredSuffix?: RegExp;
  /** The field of the type's record that a real deploy's error names ("Description"). */
  recordField: string;
  source: string;
  assumption?: string;
}

// How long a value is. Salesforce's lengths are "in Unicode characters (not bytes)"
// (DescribeFieldResult.getLength, https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_methods_system_fields_describe.htm);
// counting code points keeps an emoji one character, as there.
export const characterCount = (value: string): number => [...value].length;

const NAME_RULE_TEXT =
  'can contain only underscores and alphanumeric characters, must begin with a letter, not include spaces, not end with an underscore, and not contain two consecutive underscores';
const FIELD_AND_OBJECT_NAMES =
  'https://help.salesforce.com/s/articleView?id=000381913&language=en_US&type=1';
const PERMISSION_SET_TOOLING =
  'https://developer.salesforce.com/docs/platform/api-tooling/references/tooling-objects/tooling-permissionset.html';
const PERMISSION_SET_OBJECT =
  'https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_permissionset.htm';
const CUSTOM_PERMISSION_OBJECT =
  'https://developer.salesforce.com/docs/platform/object-reference/references/standard-objects/object-custompermission.html';
const NAME_RULE_SOURCE = CUSTOM_PERMISSION_OBJECT;
const LWC_TOOLING =
  'https://developer.salesforce.com/docs/platform/api-tooling/references/tooling-objects/tooling-lightningcomponentbundle.html';
const CUSTOM_LABELS =
  'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_customlabels.htm';
const CUSTOM_METADATA =
  'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_custommetadata.htm';
const OBJECT_NAME_RULE =
  'https://help.salesforce.com/s/articleView?id=platform.schema_builder_elements_objects_ref.htm&language=en_US&type=5';

// Whether a deploy trims the whitespace around an element's text is not documented. Both sides
// take the strict reading (whitespace counts), so the package fits under either reading; the
// gate says when only the whitespace breaks the limit.
const WHITESPACE_ASSUMPTION =
  'The documentation does not say whether a deploy trims the whitespace around the element text; both the gate and the local org count it (the stricter reading), so what passes here fits either way.';
const NAMESPACE_ASSUMPTION =
  'The namespace prefix is not counted: the 40-character limit is on the name a developer types; with `ns__` and the suffix the stored name is longer (the same article).';

export const METADATA_LIMITS: readonly MetadataLimit[] = Object.freeze([
  {
    id: 'limit.PermissionSet.description',
    type: 'PermissionSet',
    element: 'description',
    subject: 'PermissionSet description',
    maxLength: 255,
    recordField: 'Description',
    source: PERMISSION_SET_TOOLING,
    assumption: WHITESPACE_ASSUMPTION
  },
  {
    id: 'limit.PermissionSet.label',
    type: 'PermissionSet',
    element: 'label',
    subject: 'PermissionSet label',
    maxLength: 80,
    recordField: 'Label',
    // Tooling API: Label "Limit: 80 characters"; the field reference agrees.
    source: PERMISSION_SET_TOOLING,
    assumption: WHITESPACE_ASSUMPTION
  },
  {
    id: 'limit.PermissionSet.name',
    type: 'PermissionSet',
    element: 'fullName',
    subject: 'PermissionSet name',
    maxLength: 80,
    nameRule: true,
    recordField: 'Name',
    // The object reference states the naming rule; the field reference gives Name length 80.
    source: PERMISSION_SET_OBJECT
  },
  {
    id: 'limit.LightningComponentBundle.description',
    type: 'LightningComponentBundle',
    element: 'description',
    subject: 'LightningComponentBundle description',
    maxLength: 255,
    recordField: 'Description',
    source: LWC_TOOLING,
    assumption: WHITESPACE_ASSUMPTION
  },
  {
    id: 'limit.LightningComponentBundle.name',
    type: 'LightningComponentBundle',
    element: 'fullName',
    subject: 'LightningComponentBundle name',
    nameRule: true,
    recordField: 'DeveloperName',
    source: LWC_TOOLING,
    assumption:
      'The Tooling API states the naming rule for DeveloperName but no length for it, so only the rule is checked.'
  },
  {
    id: 'limit.CustomPermission.description',
    type: 'CustomPermission',
    element: 'description',
    subject: 'CustomPermission description',
    maxLength: 255,
    recordField: 'Description',
    source: CUSTOM_PERMISSION_OBJECT,
    assumption: WHITESPACE_ASSUMPTION
  },
  {
    id: 'limit.CustomPermission.label',
    type: 'CustomPermission',
    element: 'label',
    subject: 'CustomPermission label',
    maxLength: 80,
    recordField: 'MasterLabel',
    // Object reference: MasterLabel "Limit: 80 characters"; the field reference agrees.
    source: CUSTOM_PERMISSION_OBJECT,
    assumption: WHITESPACE_ASSUMPTION
  },
  {
    id: 'limit.CustomPermission.name',
    type: 'CustomPermission',
    element: 'fullName',
    subject: 'CustomPermission name',
    maxLength: 80,
    nameRule: true,
    recordField: 'DeveloperName',
    source: CUSTOM_PERMISSION_OBJECT
  },
  {
    id: 'limit.CustomField.label',
    type: 'CustomField',
    element: 'label',
    subject: 'CustomField label',
    maxLength: 40,
    recordField: 'Label',
    // "The current character limit for creating field names and labels is 40 characters."
    source: FIELD_AND_OBJECT_NAMES,
    assumption: WHITESPACE_ASSUMPTION
  },
  {
    id: 'limit.CustomField.name',
    type: 'CustomField',
    element: 'fullName',
    subject: 'CustomField name',
    maxLength: 40,
    nameRule: true,
    ignoredSuffix: /__c$/,
    recordField: 'DeveloperName',
    source: FIELD_AND_OBJECT_NAMES,
    assumption: `${NAMESPACE_ASSUMPTION} The naming rule is the one Salesforce states for every API name (${NAME_RULE_SOURCE}); platform event fields are custom fields and follow it too.`
  },
  {
    id: 'limit.CustomObject.name',
    type: 'CustomObject',
    element: 'fullName',
    subject: 'CustomObject name',
    maxLength: 40,
    nameRule: true,
    ignoredSuffix: /__(c|mdt|e)$/,
    recordField: 'DeveloperName',
    // Length: the 40-character article; the naming rule: Schema Builder's object definition.
    source: OBJECT_NAME_RULE,
    assumption: `${NAMESPACE_ASSUMPTION} Length from ${FIELD_AND_OBJECT_NAMES}. Standard objects (no suffix) are not checked: they are not created by a deploy. Custom metadata types (__mdt) and platform events (__e) are assumed to follow the custom object rule.`
  },
  {
    id: 'limit.CustomLabel.value',
    type: 'CustomLabel',
    element: 'value',
    subject: 'CustomLabel value',
    maxLength: 1000,
    recordField: 'Value',
    source: CUSTOM_LABELS,
    assumption: WHITESPACE_ASSUMPTION
  },
  {
    id: 'limit.CustomLabel.categories',
    type: 'CustomLabel',
    element: 'categories',
    subject: 'CustomLabel categories',
    maxLength: 255,
    recordField: 'Category',
    source: CUSTOM_LABELS,
    assumption: WHITESPACE_ASSUMPTION
  },
  {
    id: 'limit.CustomMetadata.description',
    type: 'CustomMetadata',
    element: 'description',
    subject: 'CustomMetadata record description',
    maxLength: 1000,
    recordField: 'Description',
    source: CUSTOM_METADATA,
    assumption: WHITESPACE_ASSUMPTION
  }
]);

/** The limits of one type. */
export function limitsOf(type: LimitedType): readonly MetadataLimit[] {
  return METADATA_LIMITS.filter((limit) => limit.type === type);
}

/** One value over its limit. */
export interface LimitViolation {
  limit: MetadataLimit;
  value: string;
  /** Characters counted, whitespace around the text included (for a name: without its suffix). */
  length: number;
  /** The same without the whitespace around the text: when within the limit, only that broke it. */
  trimmedLength: number;
  /** Set when the name breaks the naming rule rather than the length: what is wrong. */
  nameProblem?: string;
}

/** The documented naming rule, as one reason the name breaks it, or null. */
export function nameRuleProblem(name: string): string | null {
  if (!/^[A-Za-z0-9_]*$/.test(name))
    return 'contains a character other than letters, digits and underscores';
  if (!/^[A-Za-z]/.test(name)) return 'does not begin with a letter';
  if (name.endsWith('_')) return 'ends with an underscore';
  if (name.includes('__')) return 'contains two consecutive underscores';
  return null;
}

/**
 * Checks one component's values against its type's limits. `values` maps an element to its
 * entity-decoded text as written (see WHITESPACE_ASSUMPTION), `name` is the component's API name, `namespace`
 * the org's or project's namespace prefix, if any.
 */
export function limitViolations(
  type: LimitedType,
  name: string,
  values: ReadonlyMap<string, string>,
  namespace: string | null = null
): LimitViolation[] {
  const violations: LimitViolation[] = [];
  for (const limit of limitsOf(type)) {
    const isName = limit.element === 'fullName';
    const value = isName ? name : values.get(limit.element);
    if (value === undefined) continue;
    let measured = limit.ignoredSuffix ? value.replace(limit.ignoredSuffix, '') : value;
    if (isName && limit.ignoredSuffix && measured === value) continue; // standard object or field
    // A name may carry the org's own namespace (`bkconn__Booking_Id__c`); the limits apply to
    // the name after it. Any other prefix is a double underscore and breaks the naming rule.
    const prefix = namespacePrefix(namespace);
    if (isName && prefix && measured.startsWith(prefix)) measured = measured.slice(prefix.length);
    const length = characterCount(measured);
    const trimmedLength = characterCount(measured.trim());
    if (limit.maxLength !== undefined && length > limit.maxLength) {
      violations.push({ limit, value: value.trim(), length, trimmedLength });
      continue;
    }
    const problem = limit.nameRule ? nameRuleProblem(measured) : null;
    if (problem) violations.push({ limit, value, length, trimmedLength, nameProblem: problem });
  }
  return violations;
}

/**
 * What the local org answers for a value over its limit. Salesforce documents no deploy message
 * for it; the wording is the one real deploys print, as reported in public issues
 * (https://github.com/GSA/uswds-sf-lightning-community/issues/178: "Description: data value too
 * large: ... (max length=255)", the same text as the STRING_TOO_LONG DML error).
 */
export const DEPLOY_ERROR_ASSUMPTION =
  'The local org refuses the component with "<Field>: data value too large: <value> (max length=<n>)", the text real deploys print (https://github.com/GSA/uswds-sf-lightning-community/issues/178); Salesforce documents no deploy message. For a name that breaks the naming rule the wording is assumed.';

/** The catalogue entries, one per limit. */
export const LIMIT_RULES: readonly PlatformRule[] = Object.freeze(
  METADATA_LIMITS.map((limit): PlatformRule => ({
    id: limit.id,
    title: [
      limit.subject,
      limit.maxLength !== undefined ? `${limit.maxLength}` : '',
      limit.nameRule ? 'naming rule' : ''
    ]
      .filter(Boolean)
      .join(', '),
    rule: [
      limit.maxLength !== undefined
        ? `A ${limit.subject} allows at most ${limit.maxLength} characters${limit.ignoredSuffix ? ' (without its suffix)' : ''}; a deploy of a longer one fails.`
        : '',
      limit.nameRule ? `A ${limit.subject} ${NAME_RULE_TEXT}.` : ''
    ]
      .filter(Boolean)
      .join(' '),
    source: limit.source,
    enforcedBy: ['validate', 'local-org'],
    assumption: [limit.assumption, DEPLOY_ERROR_ASSUMPTION].filter(Boolean).join(' ')
  }))
);
