// ReportType: a custom report type (reportTypes/X.reportType) is checked as a deploy checks it
// and then stored for retrieve and listMetadata; the local org runs no reports.
// https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_reporttype.htm
// Fields it reads: baseObject (required; "All objects, including custom objects, are
// supported"), category (required; the ReportTypeCategory enumeration), deployed (required),
// label (required) and sections[].columns[] (field and table).
import type { DeployComponent } from '../components.ts';
import { keepComponent } from './stored.ts';
import {
  ComponentError,
  mainXmlPath,
  message,
  parseXml,
  qualify,
  text,
  type ApplyContext,
  type ComponentMessage
} from './shared.ts';

/**
 * ReportTypeCategory values the page lists for current API versions (the metadata reference
 * above). Assumption: a value outside the list fails the component while the file is parsed, as
 * any enumeration does; the wording is not documented, so the message names the enumeration.
 */
export const REPORT_TYPE_CATEGORIES = [
  'accounts',
  'opportunities',
  'forecasts',
  'cases',
  'leads',
  'campaigns',
  'activities',
  'busop',
  'products',
  'admin',
  'territory',
  'territory2',
  'usage_entitlement',
  'wdc',
  'calibration',
  'other',
  'content',
  'quotes',
  'individual'
] as const;

interface ReportColumn {
  field?: unknown;
  table?: unknown;
}

export function applyReportType(component: DeployComponent, ctx: ApplyContext): ComponentMessage[] {
  const xml = parseXml(component, mainXmlPath(component));
  for (const required of ['baseObject', 'category', 'deployed', 'label']) {
    if (!text(xml[required]))
      // Assumption: the wording of a missing required field is not documented for ReportType.
      throw new ComponentError(`Required field is missing: ${required}`);
  }
  const category = String(text(xml.category));
  if (!(REPORT_TYPE_CATEGORIES as readonly string[]).includes(category))
    throw new ComponentError(
      `Error parsing file: '${category}' is not a valid value for the enum 'ReportTypeCategory'`
    );
  const baseObject = qualify(String(text(xml.baseObject)), ctx.ns);
  const definition = ctx.state.schema[baseObject.toLowerCase()];
  // Assumption: the exact text of an unknown base object is not documented.
  if (!definition) throw new ComponentError(`Invalid baseObject: ${baseObject}`);
  const sections = (xml.sections as { columns?: ReportColumn[] }[] | undefined) ?? [];
  for (const column of sections.flatMap((section) => section.columns ?? [])) {
    const table = qualify(String(text(column.table) ?? ''), ctx.ns);
    const field = qualify(String(text(column.field) ?? ''), ctx.ns);
    // Only columns of the base object are checked; a join's tables are relationship paths.
    if (table.toLowerCase() !== baseObject.toLowerCase()) continue;
    if (!definition.fields[field.toLowerCase()])
      // Assumption: the wording is not documented; it names the column as the file does.
      throw new ComponentError(`Invalid field ${field} for table ${table}`);
  }
  const { id, existing } = keepComponent(component, ctx);
  return [
    message(ctx, component, 'ReportType', component.fullName, !existing, Boolean(existing), id)
  ];
}
