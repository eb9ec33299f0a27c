/*
 * How a custom metadata record is named in the Metadata API (what Metadata.Operations and a
 * deploy address it by), from the facts an org reports about it. Written once: the setup page
 * names the records it deploys with it, config:import names the files it deploys with it, and
 * the local org's tests check both against the way a subscriber org names records.
 *
 * Salesforce (Metadata API Developer Guide, CustomMetadata; Apex Reference, CustomMetadata
 * class): a record's full name is `Type.Record`, where the type carries the namespace of the
 * package that defines it (`ns__Type`, without __mdt) and a record that belongs to a namespace is
 * addressed `ns__Record`. A record a managed package installed belongs to the package's
 * namespace, so in a subscriber org it is `ns__Type.ns__Record`; `ns__Type.Record` names a
 * different record, the subscriber's own, and deploying it creates that record beside the
 * installed one. See scripts/tooling/platform/packaging.ts (packaging.customMetadata.*).
 */

/** Namespace prefix as orgs report it: '' and undefined mean none. */
function namespaceOf(value) {
  return value === undefined || value === null || value === '' ? null : String(value);
}

/**
 * What a namespace puts before the API names of its package's components: `ns__`, or nothing
 * for no namespace (Salesforce: "Namespace Prefix", the prefix and two underscores).
 * @param {string|null|undefined} namespace as orgs and sfdx-project.json report it
 * @returns {string} e.g. 'bkconn__', or ''
 */
export function namespacePrefix(namespace) {
  const own = namespaceOf(namespace);
  return own ? `${own}__` : '';
}

/**
 * A package component's API name as an org with that namespace knows it. The one place the
 * tooling and the engine prefix a name; the other rule files and the Apex classes cannot import
 * this module and prefix by the same rule.
 * @param {string} name the API name without namespace, e.g. 'Booking_Id__c'
 * @param {string|null|undefined} namespace
 * @returns {string} e.g. 'bkconn__Booking_Id__c', or the name as it is for no namespace
 */
export function withNamespace(name, namespace) {
  return `${namespacePrefix(namespace)}${name}`;
}

/**
 * The Metadata API full name of a custom metadata record.
 * @param {object} facts
 * @param {string} facts.typeName the type without namespace and without __mdt, e.g. 'BookingFieldMapping'
 * @param {string|null} [facts.typeNamespace] namespace of the package that defines the type
 * @param {string} facts.developerName the record's DeveloperName (never carries a namespace)
 * @param {string|null} [facts.recordNamespace] the record's NamespacePrefix as the org reports it;
 *   null for a record not saved yet (it is created in the org's own namespace)
 * @param {string|null} [facts.orgNamespace] the org's own namespace (Organization.NamespacePrefix)
 * @returns {string} e.g. 'bkconn__BookingFieldMapping.bkconn__Account_Name'
 */
export function customMetadataRecordFullName({
  typeName,
  typeNamespace,
  developerName,
  recordNamespace,
  orgNamespace
}) {
  const type = String(typeName ?? '').replace(/__mdt$/i, '');
  const name = String(developerName ?? '');
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(type) || type.includes('__'))
    throw new Error(
      `"${typeName}" is not a custom metadata type name: pass it without namespace and without __mdt.`
    );
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name) || name.includes('__'))
    throw new Error(
      `"${developerName}" is not a DeveloperName: pass it without namespace (NamespacePrefix says which one).`
    );
  const ownType = namespaceOf(typeNamespace);
  const ownRecord = namespaceOf(recordNamespace);
  // A record of the org's own namespace is addressed without prefix, as every source deploy
  // addresses it (whether the owning org also accepts the prefix is not documented; the local
  // org accepts both). A record of another namespace must carry it, or the name is another record.
  const recordPart =
    ownRecord && ownRecord !== namespaceOf(orgNamespace) ? withNamespace(name, ownRecord) : name;
  return `${withNamespace(type, ownType)}.${recordPart}`;
}

/**
 * Which record a name means, as the org identifies it: (namespace, DeveloperName). A record not
 * saved yet gets the org's own namespace when it is created.
 * @returns {string} 'bkconn.account_name', or '.account_name' for a record without namespace
 */
export function customMetadataRecordKey({ developerName, recordNamespace, orgNamespace }) {
  const namespace = namespaceOf(recordNamespace) ?? namespaceOf(orgNamespace) ?? '';
  return `${namespace.toLowerCase()}.${String(developerName ?? '').toLowerCase()}`;
}

/**
 * The namespace of the record a DeveloperName should update, among the records an org holds
 * (config:import names a file's mapping by DeveloperName only). The package's own record wins
 * over a subscriber record of the same name (one a faulty save left behind); with neither, the
 * record is new (null).
 * @param {string} developerName
 * @param {Array<{DeveloperName: string, NamespacePrefix: string|null}>} records
 * @param {string|null} packageNamespace
 * @returns {string|null}
 */
export function existingRecordNamespace(developerName, records, packageNamespace) {
  const wanted = String(developerName ?? '').toLowerCase();
  const matches = (records ?? []).filter(
    (record) => String(record.DeveloperName ?? '').toLowerCase() === wanted
  );
  const packaged = namespaceOf(packageNamespace);
  const own = matches.find(
    (record) => packaged && namespaceOf(record.NamespacePrefix) === packaged
  );
  const chosen = own ?? matches[0];
  return chosen ? namespaceOf(chosen.NamespacePrefix) : null;
}
