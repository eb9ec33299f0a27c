// The local org's state: the one data model shared by its REST side (describe, SOQL, CRUD,
// access checks) and its Metadata API side (deploy changes the schema and the setup records).
//
// Everything the org "knows" is plain JSON in OrgState, so that it persists to the data folder
// as it is, and so that a deploy can work on a copy and swap it in only when every component
// succeeded (rollbackOnError) -- the org is never left half-deployed.
//
// Permissions live where Salesforce keeps them: as records of PermissionSet (a profile owns one
// with IsOwnedByProfile = true), ObjectPermissions, FieldPermissions, SetupEntityAccess (custom
// permissions, Apex class access) and PermissionSetAssignment. Access checks read those records,
// so what `sf data query` shows is exactly what is enforced.

/** Field types as describe reports them (DescribeFieldResult.type). */
import { randomBytes } from 'node:crypto';
import type { AssignmentRule } from './assignment-rules.ts';
import type { DuplicateRule } from './duplicate-rules.ts';
export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'picklist'
  | 'multipicklist'
  | 'combobox'
  | 'boolean'
  | 'int'
  | 'double'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'time'
  | 'email'
  | 'phone'
  | 'url'
  | 'reference'
  | 'encryptedstring'
  | 'address'
  | 'location'
  | 'base64'
  | 'anyType';

export interface PicklistValue {
  value: string;
  label: string;
  active: boolean;
  defaultValue: boolean;
}

export interface FieldDef {
  name: string; // API name as Salesforce spells it, e.g. "Email", "bkconn__Booking_Id__c"
  label: string;
  type: FieldType;
  /** Salesforce's SOAP type, e.g. "xsd:string", "tns:ID", "xsd:boolean", "xsd:dateTime". */
  soapType: string;
  length: number; // 0 where not applicable
  precision: number;
  scale: number;
  digits: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  defaultedOnCreate: boolean;
  /** Value applied on create when the field is not given (checkbox defaults, picklist default). */
  defaultValue: string | number | boolean | null;
  picklistValues: PicklistValue[];
  restrictedPicklist: boolean;
  externalId: boolean;
  unique: boolean;
  idLookup: boolean;
  caseSensitive: boolean;
  /**
   * An auto number field's display format (`BSL-{0000000}`), set by the deploy of an AutoNumber
   * field or name field; the org fills it on create (records.ts assignAutoNumbers).
   */
  autoNumberFormat?: string;
  /** The number the next record of an auto number field gets (startingNumber, default 1). */
  autoNumberNext?: number;
  calculated: boolean;
  custom: boolean;
  filterable: boolean;
  sortable: boolean;
  groupable: boolean;
  referenceTo: string[];
  relationshipName: string | null;
  inlineHelpText: string | null;
  description?: string | null;
}

export interface ObjectDef {
  name: string; // "Lead", "bkconn__BookingConnectorSettings__c", "bkconn__BookingFieldMapping__mdt"
  label: string;
  labelPlural: string;
  keyPrefix: string; // 3 characters; ids of its records start with it
  custom: boolean;
  customSetting: boolean;
  /** 'Hierarchy' or 'List' for custom settings; null otherwise. */
  customSettingsType: 'Hierarchy' | 'List' | null;
  /** Custom metadata types are read-only through the data API (records come from deploys). */
  customMetadata: boolean;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  queryable: boolean;
  /** Access is not governed by ObjectPermissions (setup objects, User, Profile, ...): any API session may read them. */
  setupObject: boolean;
  /**
   * Id of the object's definition for custom settings and custom metadata types: permission
   * sets grant access to them through SetupEntityAccess rows pointing at it.
   */
  definitionId?: string;
  /** Fields in describe order, keyed by lower-cased API name for case-insensitive lookup. */
  fields: Record<string, FieldDef>;
  recordTypeInfos?: {
    recordTypeId: string;
    name: string;
    developerName: string;
    active: boolean;
    defaultRecordTypeMapping: boolean;
    master: boolean;
    available: boolean;
  }[];
}

/** A stored record: field API names as keys (canonical case), always with Id. */
export type SObjectRecord = Record<string, unknown> & { Id: string };

/** Metadata that is stored but does not change the data model (Apex, LWC, layouts, tabs, ...). */
export interface StoredComponent {
  type: string; // Metadata API type name: "ApexClass", "LightningComponentBundle", "Layout", ...
  fullName: string;
  /** Files of the component as deployed, path inside the deploy zip -> UTF-8 content (or base64 for binaries). */
  files: Record<string, string>;
  lastModifiedDate: string;
  id: string;
  /** Set on components a managed package installed (package-install.ts): its namespace. */
  namespacePrefix?: string;
  /** 'installed' for a managed package's components; absent (unmanaged) otherwise. */
  manageableState?: 'installed';
  /** The name the package's own zip gives an installed component (before the namespace). */
  packageFullName?: string;
}

export interface OrgInfo {
  organizationId: string; // 00D...
  name: string;
  instanceUrl: string; // http://127.0.0.1:<port>
  isSandbox: boolean;
  organizationType: string; // "Developer Edition"
  namespacePrefix: string | null; // the org's own namespace (null for a subscriber-like org)
  /**
   * The admin's username, unique to this org as usernames are across Salesforce (seed.ts
   * localAdminUsername). Absent in an org saved before it was recorded: that one keeps
   * LEGACY_ADMIN_USERNAME.
   */
  adminUsername?: string;
  /**
   * API requests counted in the current 24-hour window (api-usage.ts; reported by /limits and
   * Sforce-Limit-Info).
   */
  apiCallCount: number;
  dailyApiRequestsMax: number;
  /** When the current 24-hour usage window began (ISO); absent in an org saved before it. */
  apiUsageSince?: string;
}

export interface OrgState {
  version: 1;
  org: OrgInfo;
  /** Keyed by lower-cased object API name. */
  schema: Record<string, ObjectDef>;
  /** Keyed by lower-cased object API name, then by 18-character Id. */
  records: Record<string, Record<string, SObjectRecord>>;
  /** Keyed by `${type}:${fullName}`. */
  components: Record<string, StoredComponent>;
  /** Access tokens -> the user (18-char User Id) each session belongs to. */
  sessions: Record<string, { userId: string; createdAt: string; expired: boolean }>;
  /** Counter used to mint unique Ids. */
  nextIdSeq: number;
  /**
   * Record types each profile may use (profile Id -> "Case.Support"), the Record Type Settings
   * of a profile. Salesforce keeps them only in Profile metadata (no sObject holds them), so
   * the Metadata API is how they are read; a profile absent here sees none.
   */
  recordTypeVisibility?: Record<string, string[]>;
  /**
   * The page layout each profile uses per object (profile Id -> { Event: "Event-Event Layout" }),
   * the profile's Page Layout Assignment, also only in Profile metadata.
   */
  layoutAssignments?: Record<string, Record<string, string>>;
  /** Active duplicate rules (none unless the org was started with them). */
  duplicateRules?: DuplicateRule[];
  /** Active Lead and Case assignment rules (none unless the org was started with them). */
  assignmentRules?: AssignmentRule[];
  /** Set when the org is a Dev Hub (dev-hub.ts). */
  devHub?: DevHubSettings;
  /**
   * The package.zip each package version this Dev Hub built (Package2Version Id -> base64), kept
   * so subscriber orgs can install it (package-versions.ts). In org.json, so a restarted hub
   * still serves its versions.
   */
  packageVersionZips?: Record<string, string>;
}

export interface DevHubSettings {
  /** Namespaces linked to the hub: scratch orgs and managed packages may use them. */
  namespaces: string[];
  /**
   * The Apex code coverage a package version build reports when asked to compute it. The local
   * org runs no Apex, so there is no real figure; null (the default) reports none, and such a
   * version cannot be promoted (packaging.ts).
   */
  apexCoveragePercent?: number | null;
}

/**
 * How the local org's two sides reach the state. A deploy works on structuredClone(state) and
 * calls replace() only when it commits, so a failed deploy leaves the org as it was.
 */
export interface OrgStore {
  readonly state: OrgState;
  /** Swap in a new state (a committed deploy) and persist it to the data folder. */
  replace(next: OrgState): void;
  /** Persist in-place changes made to `state`. */
  save(): void;
}

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Salesforce's 3-character case-safety suffix that turns a 15-character Id into 18. */
export function caseSafeSuffix(id15: string): string {
  let suffix = '';
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charAt(block * 5 + i);
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += ID_CHARS.charAt(bits);
  }
  return suffix;
}

/** A random 18-character Id with the key prefix, for what must differ between orgs (their own Id). */
export function uniqueId(keyPrefix: string): string {
  const bytes = randomBytes(10);
  const body = [...bytes].map((byte) => BASE62.charAt(byte % 62)).join('');
  const id15 = keyPrefix + '0L' + body;
  return id15 + caseSafeSuffix(id15);
}

/** Mints a new 18-character Id with the object's key prefix, advancing state.nextIdSeq. */
export function newId(state: OrgState, keyPrefix: string): string {
  let n = state.nextIdSeq++;
  let body = '';
  for (let i = 0; i < 9; i++) {
    body = BASE62.charAt(n % 62) + body;
    n = Math.floor(n / 62);
  }
  const id15 = keyPrefix + '0L' + body.slice(-10).padStart(10, '0');
  return id15 + caseSafeSuffix(id15);
}
