// CustomMetadata (custom metadata records) for listMetadata and retrieve, from the records the
// org holds, named as this org names them: a record of another namespace (one a managed package
// installed) carries that namespace (`bkconn__BookingFieldMapping.bkconn__Account_Name` in a
// subscriber org), the org's own records do not. A deploy may address a record by several names
// (see apply.ts parseCustomMetadataFullName); the org reports one.
import type { OrgState, StoredComponent } from '../model.ts';
import { escapeXml } from '../../../product/xml.ts';
import { namespacePrefix } from '../../../../force-app/main/default/lwc/bookingRules/metadataNames.js';
import { customMetadataFullNameIn } from './types/CustomMetadata.ts';

/** A field name as this org names it: its own namespace's prefix is left off. */
function localName(name: string, orgNs: string | null): string {
  const prefix = namespacePrefix(orgNs);
  return prefix && name.toLowerCase().startsWith(prefix.toLowerCase())
    ? name.slice(prefix.length)
    : name;
}

export function customMetadataComponents(state: OrgState): StoredComponent[] {
  const orgNs = state.org.namespacePrefix;
  return Object.entries(state.schema)
    .filter(([, definition]) => definition.customMetadata)
    .flatMap(([key, definition]) =>
      Object.values(state.records[key] ?? {}).map((record) => {
        const fullName = customMetadataFullNameIn(localName(definition.name, orgNs), record, orgNs);
        const values = Object.values(definition.fields)
          .filter((field) => field.custom)
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((field) => {
            const value = record[field.name];
            const content =
              value === null || value === undefined
                ? '<value xsi:nil="true"/>'
                : `<value xsi:type="xsd:${typeof value === 'boolean' ? 'boolean' : 'string'}">${escapeXml(String(value))}</value>`;
            return `    <values>\n        <field>${localName(field.name, orgNs)}</field>\n        ${content}\n    </values>`;
          });
        const xml = [
          '<?xml version="1.0" encoding="UTF-8"?>',
          '<CustomMetadata xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">',
          `    <label>${escapeXml(String(record.MasterLabel ?? record.DeveloperName))}</label>`,
          '    <protected>false</protected>',
          ...values,
          '</CustomMetadata>',
          ''
        ].join('\n');
        // Only an install puts a record of another namespace into an org (a deploy of one is
        // refused), so such a record is a managed package's and reported as installed.
        const recordNs = record.NamespacePrefix ? String(record.NamespacePrefix) : null;
        const installed =
          recordNs !== null && recordNs.toLowerCase() !== (orgNs ?? '').toLowerCase();
        return {
          type: 'CustomMetadata',
          fullName,
          ...(installed
            ? { namespacePrefix: recordNs, manageableState: 'installed' as const }
            : {}),
          files: { [`customMetadata/${fullName}.md`]: xml },
          lastModifiedDate: String(record.LastModifiedDate ?? record.CreatedDate ?? ''),
          id: String(record.Id)
        };
      })
    );
}
