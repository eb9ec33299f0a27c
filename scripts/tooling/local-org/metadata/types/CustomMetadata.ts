// CustomMetadata: a custom metadata record (customMetadata/Type.Name.md) becomes a row of its
// type (Type__mdt), identified by (NamespacePrefix, DeveloperName).
// https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_custommetadata.htm
import type { SObjectRecord } from '../../model.ts';
import type { DeployComponent } from '../components.ts';
import { withNamespace } from '../../../../../force-app/main/default/lwc/bookingRules/metadataNames.js';
import {
  ComponentError,
  insertRow,
  mainXmlPath,
  message,
  parseXml,
  qualify,
  table,
  text,
  type ApplyContext,
  type ComponentMessage
} from './shared.ts';

/**
 * A custom metadata record's identity is (NamespacePrefix, DeveloperName), and its full name says
 * both: `[ns__]Type.[ns2__]Name`. A record part without a prefix means the record of the
 * namespace being applied (the org's own for a deploy); `ns2__Name` means the record of namespace
 * ns2. So in a subscriber org, `bkconn__BookingFieldMapping.Account_Name` is a record of the
 * subscriber's own and `bkconn__BookingFieldMapping.bkconn__Account_Name` is the installed one.
 * See platformRule('packaging.customMetadata.recordFullName').
 */
export function parseCustomMetadataFullName(
  fullName: string,
  ns: string | null
): { typeName: string; developerName: string; recordNs: string | null } {
  const dot = fullName.indexOf('.');
  const typeName = dot < 0 ? fullName : fullName.slice(0, dot);
  const recordPart = dot < 0 ? '' : fullName.slice(dot + 1);
  const prefixed = /^([A-Za-z][A-Za-z0-9]{0,14})__([A-Za-z][A-Za-z0-9_]*)$/.exec(recordPart);
  return prefixed
    ? { typeName, developerName: prefixed[2], recordNs: prefixed[1] }
    : { typeName, developerName: recordPart, recordNs: ns };
}

/** The full name of a stored record as this org names it (listMetadata, retrieve). */
export function customMetadataFullNameIn(
  typeObjectName: string,
  record: SObjectRecord,
  orgNs: string | null
): string {
  const recordNs = (record.NamespacePrefix as string | null | undefined) ?? null;
  const developerName = String(record.DeveloperName);
  const recordPart =
    recordNs && recordNs !== orgNs ? withNamespace(developerName, recordNs) : developerName;
  return `${typeObjectName.replace(/__mdt$/, '')}.${recordPart}`;
}

export function applyCustomMetadata(
  component: DeployComponent,
  ctx: ApplyContext
): ComponentMessage[] {
  const xml = parseXml(component, mainXmlPath(component));
  const { typeName, developerName, recordNs } = parseCustomMetadataFullName(
    component.fullName,
    ctx.ns
  );
  const objectName = qualify(`${typeName}__mdt`, ctx.ns);
  const definition = ctx.state.schema[objectName.toLowerCase()];
  if (!definition) throw new ComponentError(`Invalid type: ${typeName}__mdt`);
  if (!/^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(developerName) || /__|_$/.test(developerName))
    throw new ComponentError(
      `${component.fullName}: the record name ${developerName} is not valid: use up to 40 letters, digits and single underscores, starting with a letter`
    );
  const rows = table(ctx.state, objectName);
  const existing = Object.values(rows).find(
    (candidate) =>
      String(candidate.DeveloperName).toLowerCase() === developerName.toLowerCase() &&
      ((candidate.NamespacePrefix as string | null | undefined) ?? null) === recordNs
  );
  if (!existing && recordNs !== ctx.ns && recordNs !== ctx.orgNs) {
    // Assumption: the wording of the refusal is the one reported for creating a record in another
    // namespace through the API (not in Salesforce's documentation).
    throw new ComponentError(
      `Cannot create a new component with the namespace: ${recordNs}. Only components in the same namespace as the organization can be created through the API`
    );
  }
  const row: Record<string, unknown> = {
    DeveloperName: developerName,
    MasterLabel: text(xml.label) ?? developerName,
    Label: text(xml.label) ?? developerName,
    // Assumption: QualifiedApiName carries the record's namespace (ns__Name) where it is not the
    // org's own, as the org names other namespaces' components; not spelled out for records.
    QualifiedApiName:
      recordNs && recordNs !== ctx.orgNs ? withNamespace(developerName, recordNs) : developerName,
    NamespacePrefix: recordNs,
    Language: 'en_US'
  };
  for (const entry of (xml.values as Record<string, unknown>[] | undefined) ?? []) {
    const fieldName = qualify(String(entry.field), ctx.ns);
    const fieldDef = definition.fields[fieldName.toLowerCase()];
    if (!fieldDef)
      throw new ComponentError(
        `${component.fullName}: the field ${String(entry.field)} does not exist on ${typeName}__mdt`
      );
    const raw = entry.value as Record<string, unknown> | string | undefined;
    const valueNode = Array.isArray(raw) ? raw[0] : raw;
    const nil =
      typeof valueNode === 'object' && valueNode !== null && valueNode['@_nil'] === 'true';
    const value = nil
      ? null
      : typeof valueNode === 'object' && valueNode !== null
        ? (valueNode['#text'] ?? '')
        : valueNode;
    if (
      fieldDef.restrictedPicklist &&
      value !== null &&
      !fieldDef.picklistValues.some((option) => option.value === value)
    ) {
      throw new ComponentError(
        `${component.fullName}: bad value for restricted picklist field ${String(entry.field)}: ${String(value)}`
      );
    }
    row[fieldDef.name] =
      fieldDef.type === 'boolean' ? String(value) === 'true' : value === undefined ? null : value;
  }
  if (existing) Object.assign(existing, row, { LastModifiedDate: ctx.now });
  const id = existing?.Id ?? insertRow(ctx, objectName, row);
  return [
    message(ctx, component, 'CustomMetadata', component.fullName, !existing, Boolean(existing), id)
  ];
}
