// Applies a Metadata API deploy (the files of the zip) to a copy of the org's state, component by
// component, and reports each success or failure as checkDeployStatus does. The caller commits
// the copy only when nothing failed (rollbackOnError), so a failed deploy changes nothing.
// Each metadata type is applied by its module under types/ (the registry below); what they share
// is types/shared.ts, and the zip's grouping into components is components.ts.
import { newId, type OrgState } from '../model.ts';
import { componentsOf } from './components.ts';
import { mergeObjectFiles } from './custom-fields.ts';
import { limitProblem } from './limits.ts';
import { applyApex } from './types/Apex.ts';
import { applyCustomMetadata } from './types/CustomMetadata.ts';
import { applyCustomObject } from './types/CustomObject.ts';
import { applyCustomPermission } from './types/CustomPermission.ts';
import { applyCustomTab } from './types/CustomTab.ts';
import { applyPermissionSet } from './types/PermissionSet.ts';
import { applyProfile } from './types/Profile.ts';
import { applyReportType } from './types/ReportType.ts';
import { applySettings } from './types/Settings.ts';
import { STORED_TYPES, storeComponent } from './types/stored.ts';
import {
  ComponentError,
  failure,
  type Applier,
  type ApplyContext,
  type ComponentMessage
} from './types/shared.ts';

// What other modules import from here, where it has always been.
export { componentsOf, type DeployComponent } from './components.ts';
export { compileErrorText } from './types/Apex.ts';
export { customMetadataFullNameIn, parseCustomMetadataFullName } from './types/CustomMetadata.ts';
export { ComponentError, qualify, type ComponentMessage } from './types/shared.ts';

export interface DeployOutcome {
  successes: ComponentMessage[];
  failures: ComponentMessage[];
}

/** The metadata types a deploy applies, each by its module's applier. */
const APPLIERS: Record<string, Applier> = {
  CustomObject: applyCustomObject,
  CustomPermission: applyCustomPermission,
  ApexClass: applyApex,
  ApexTrigger: applyApex,
  CustomMetadata: applyCustomMetadata,
  PermissionSet: applyPermissionSet,
  Profile: applyProfile,
  ReportType: applyReportType,
  Settings: applySettings,
  ...Object.fromEntries(STORED_TYPES.map((type) => [type, storeComponent])),
  // After the stored types: a tab is stored too, once its object is known.
  CustomTab: applyCustomTab
};

/**
 * Applies every component to `state` (a copy the caller owns) and reports each. With
 * keepSuccesses (a deploy without rollbackOnError) a failed component is undone on its own, so
 * the copy holds exactly the components that succeeded, as a partial deploy leaves the org.
 */
export function applyDeploy(
  state: OrgState,
  entries: Record<string, string>,
  userId: string,
  options: {
    keepSuccesses?: boolean;
    /**
     * The namespace of the components in the zip; defaults to the org's own. A managed package
     * install passes the package's namespace, so its components and records carry it in an org
     * whose own namespace is another (or none), as in a subscriber org.
     */
    componentNamespace?: string | null;
  } = {}
): DeployOutcome {
  const root =
    Object.keys(entries)
      .find((path) => path.endsWith('package.xml'))
      ?.replace(/package\.xml$/, '') ?? '';
  const ctx: ApplyContext = {
    state,
    userId,
    now: new Date().toISOString(),
    ns:
      options.componentNamespace === undefined
        ? state.org.namespacePrefix
        : options.componentNamespace || null,
    orgNs: state.org.namespacePrefix
  };
  const outcome: DeployOutcome = { successes: [], failures: [] };
  const packageXml = entries[`${root}package.xml`];
  if (!packageXml) {
    outcome.failures.push(
      failure(ctx, '', 'package.xml', 'package.xml', new ComponentError('No package.xml found'))
    );
    return outcome;
  }
  outcome.successes.push({
    changed: true,
    componentType: '',
    created: false,
    createdDate: ctx.now,
    deleted: false,
    fileName: 'package.xml',
    fullName: 'package.xml',
    success: true
  });
  for (const component of componentsOf(entries, root)) {
    // A component may fail half-way (an object whose third field is invalid); only a partial
    // deploy needs to undo that, the all-or-nothing caller throws the whole copy away.
    const before = options.keepSuccesses ? structuredClone(state) : null;
    try {
      // A description, label or name over Salesforce's documented limit fails the component
      // before anything of it is applied (scripts/tooling/platform/limits.ts).
      const overLimit = limitProblem(component, ctx.ns);
      if (overLimit) throw new ComponentError(overLimit);
      // A zip entry outside the known folders is of type Unknown, which has no applier.
      const apply = Object.hasOwn(APPLIERS, component.type) ? APPLIERS[component.type] : null;
      if (!apply) throw new ComponentError(`Unknown type name for ${component.fileName}`);
      const messages = apply(component, ctx);
      outcome.successes.push(...messages);
      const key = `${component.type}:${component.fullName}`;
      if (!state.components[key]) {
        // Kept as deployed so retrieve and listMetadata can answer for it.
        state.components[key] = {
          type: component.type,
          fullName: component.fullName,
          files: component.files,
          lastModifiedDate: ctx.now,
          id: messages[0]?.id ?? newId(state, '0X0')
        };
      } else {
        state.components[key].files =
          component.type === 'CustomObject'
            ? mergeObjectFiles(state.components[key].files, component.files)
            : { ...state.components[key].files, ...component.files };
        state.components[key].lastModifiedDate = ctx.now;
      }
    } catch (error) {
      if (!(error instanceof ComponentError)) throw error;
      if (before) Object.assign(state, before, { nextIdSeq: state.nextIdSeq });
      outcome.failures.push(
        failure(ctx, component.type, component.fileName, component.fullName, error)
      );
    }
  }
  return outcome;
}
