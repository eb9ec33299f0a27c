// What every metadata type's module uses: the context a deploy applies components in, the
// component error (a failure with its line and column), the XML parser, namespace qualifying,
// the row-insert of deployed rows and the per-component result of checkDeployStatus.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { OrgState, SObjectRecord } from '../../model.ts';
import { insertRow as insertOrgRow } from '../../rows.ts';
import type { DeployComponent } from '../components.ts';
import { withNamespace } from '../../../../../force-app/main/default/lwc/bookingRules/metadataNames.js';

export interface ComponentMessage {
  changed: boolean;
  columnNumber?: number;
  componentType: string;
  created: boolean;
  createdDate: string;
  deleted: boolean;
  fileName: string;
  fullName: string;
  id?: string;
  lineNumber?: number;
  problem?: string;
  problemType?: 'Error' | 'Warning';
  success: boolean;
}

export const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) =>
    [
      'fields',
      'value',
      'values',
      'fieldPermissions',
      'objectPermissions',
      'userPermissions',
      'customPermissions',
      'customSettingAccesses',
      'customMetadataTypeAccesses',
      'classAccesses',
      'tabSettings',
      'types',
      'members',
      'layoutSections',
      'layoutColumns',
      'layoutItems',
      'labels',
      'sections',
      'columns',
      'listViews',
      'filters'
    ].includes(name)
});

export class ComponentError extends Error {
  readonly lineNumber?: number;
  readonly columnNumber?: number;
  constructor(message: string, lineNumber?: number, columnNumber?: number) {
    super(message);
    this.lineNumber = lineNumber;
    this.columnNumber = columnNumber;
  }
}

export interface ApplyContext {
  state: OrgState;
  userId: string;
  now: string;
  /**
   * The namespace of the components being applied: their unprefixed names get its prefix, and
   * the rows they create (permission sets, custom metadata records, ...) carry it as
   * NamespacePrefix. It is the org's own namespace for a deploy; a managed package install
   * applies the package's components with the package's namespace (applyDeploy's
   * componentNamespace) into an org whose own namespace differs.
   */
  ns: string | null;
  /** The org's own namespace (Organization.NamespacePrefix); null for a subscriber-like org. */
  orgNs: string | null;
}

/** How a metadata type applies one component: the results it reports, or a ComponentError. */
export type Applier = (component: DeployComponent, ctx: ApplyContext) => ComponentMessage[];

/** bkconn__Foo__c for Foo__c in a namespaced org; names that already carry a namespace stay. */
export function qualify(name: string, ns: string | null): string {
  if (!ns) return name;
  if (!/__(c|mdt|e|b|x)$/.test(name)) return name;
  const withoutSuffix = name.replace(/__(c|mdt|e|b|x)$/, '');
  return withoutSuffix.includes('__') ? name : withNamespace(name, ns);
}

export function qualifyPath(path: string, ns: string | null): string {
  return path
    .split('.')
    .map((part) => qualify(part, ns))
    .join('.');
}

export function parseXml(component: DeployComponent, path: string): Record<string, unknown> {
  const text = component.files[path];
  const valid = XMLValidator.validate(text);
  if (valid !== true)
    throw new ComponentError(`Error parsing file: ${valid.err.msg}`, valid.err.line, valid.err.col);
  const parsed = parser.parse(text) as Record<string, unknown>;
  const rootKey = Object.keys(parsed).find((key) => !key.startsWith('?'));
  return (rootKey ? parsed[rootKey] : {}) as Record<string, unknown>;
}

export function mainXmlPath(component: DeployComponent): string {
  const path = Object.keys(component.files).find(
    (candidate) =>
      !candidate.endsWith('.cls') &&
      !candidate.endsWith('.trigger') &&
      (candidate.endsWith('-meta.xml') || !candidate.includes('-meta'))
  );
  return path ?? Object.keys(component.files)[0];
}

export const bool = (value: unknown): boolean => String(value).trim() === 'true';
export const text = (value: unknown): string | null =>
  value === undefined || value === null ? null : String(value);

export function table(state: OrgState, name: string): Record<string, SObjectRecord> {
  state.records[name.toLowerCase()] ??= {};
  return state.records[name.toLowerCase()];
}

/** Inserts a row the deploy creates (a permission set, its grants, a record), as its user. */
export function insertRow(
  ctx: ApplyContext,
  objectName: string,
  values: Record<string, unknown>
): string {
  return insertOrgRow(ctx.state, objectName, values, { userId: ctx.userId, now: ctx.now }).Id;
}

export function message(
  ctx: ApplyContext,
  component: DeployComponent,
  type: string,
  fullName: string,
  created: boolean,
  changed: boolean,
  id?: string
): ComponentMessage {
  return {
    changed,
    componentType: type,
    created,
    createdDate: ctx.now,
    deleted: false,
    fileName: component.fileName,
    fullName,
    id,
    success: true
  };
}

/** The result of a component that failed, with the line and column of the error when known. */
export function failure(
  ctx: ApplyContext,
  componentType: string,
  fileName: string,
  fullName: string,
  error: ComponentError
): ComponentMessage {
  return {
    changed: false,
    componentType,
    created: false,
    createdDate: ctx.now,
    deleted: false,
    fileName,
    fullName,
    problem: error.message,
    problemType: 'Error',
    success: false,
    ...(error.lineNumber
      ? { lineNumber: error.lineNumber, columnNumber: error.columnNumber ?? 1 }
      : {})
  };
}
