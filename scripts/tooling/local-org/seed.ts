// A new local org: the standard objects' schema (standard-objects.ts), its Organization row and
// what it starts with (fixtures.ts: licenses, profiles, users, a record type and a queue), the
// standard Event layout and the Lead Status values; and the changes an org gains later (Person
// Accounts, Lead conversion for an org saved before it existed). Every name tests and tools read
// from the seed is exported here too, where they have always imported it.
import type { OrgState } from './model.ts';
import { uniqueId } from './model.ts';
import { seedStandardEventLayout } from './standard-layouts.ts';
import { insertRow } from './rows.ts';
import { SeedWriter } from './seed-writer.ts';
import {
  LEAD_CONVERSION,
  PERSON_ACCOUNT_RECORD_TYPE,
  personAccountFields,
  standardObjects
} from './standard-objects.ts';
import {
  adminUsernameOf,
  localAdminUsername,
  seedCaseRecordType,
  seedLeadQueue,
  seedPeople
} from './fixtures.ts';

export {
  CONVERTED_LEAD_STATUS,
  LEAD_CONVERSION,
  OBJECT_PERMISSION_OBJECTS,
  PERSON_ACCOUNT_RECORD_TYPE,
  PROFILE_PERMISSIONS
} from './standard-objects.ts';
export {
  ADVANCED_REQUIREMENTS,
  LEGACY_ADMIN_USERNAME,
  LOCAL_DOMAIN,
  SEEDED_PROFILES,
  SEEDED_USERS,
  adminUsernameOf,
  advancedVariantProfile,
  localAdminUsername,
  seededUsername
} from './fixtures.ts';

export interface SeedOptions {
  instanceUrl: string;
  namespace?: string | null;
  isSandbox?: boolean;
  /** An org with Person Accounts enabled (see enablePersonAccounts). */
  personAccounts?: boolean;
  /** A scratch org signed up through a local Dev Hub (dev-hub.ts) instead of the fixture org. */
  scratch?: ScratchSeed;
}

/**
 * What a scratch org starts with: one admin (the signup username), the standard profiles and
 * nothing of the fixture org's test users, as a new scratch org has only its admin.
 */
export interface ScratchSeed {
  adminUsername: string;
  orgName: string;
  /** When the Dev Hub deletes it: Organization.TrialExpirationDate, set in every scratch org. */
  expirationDate: string;
}

/**
 * Person Accounts, as an org has them once they are enabled: Account gains the person fields
 * (FirstName, LastName, PersonEmail, PersonPhone, PersonMobilePhone, IsPersonAccount and the
 * read-only PersonContactId), Contact gains IsPersonAccount, RecordType gains IsPersonType, and
 * a person-account record type exists, visible to every profile. Creating an Account of that
 * record type creates its Contact (records.ts); the state is otherwise the standard seed's.
 */
export function enablePersonAccounts(state: OrgState, now: string): void {
  for (const [objectName, fields] of Object.entries(personAccountFields())) {
    const definition = state.schema[objectName.toLowerCase()];
    for (const fieldDef of fields) definition.fields[fieldDef.name.toLowerCase()] = fieldDef;
  }
  const sobjectType = state.schema.recordtype.fields.sobjecttype;
  if (!sobjectType.picklistValues.some((value) => value.value === 'Account'))
    sobjectType.picklistValues.push({
      value: 'Account',
      label: 'Account',
      active: true,
      defaultValue: false
    });
  const adminId = Object.values(state.records.user).find(
    (user) => user.Username === adminUsernameOf(state)
  )?.Id;
  insertRow(
    state,
    'RecordType',
    {
      Name: 'Person Account',
      DeveloperName: PERSON_ACCOUNT_RECORD_TYPE,
      SobjectType: 'Account',
      IsActive: true,
      IsPersonType: true
    },
    { userId: adminId, now }
  );
  for (const visible of Object.values(state.recordTypeVisibility ?? {}))
    visible.push(`Account.${PERSON_ACCOUNT_RECORD_TYPE}`);
}

export function seedOrgState(options: SeedOptions): OrgState {
  const scratch = options.scratch ?? null;
  const state: OrgState = {
    version: 1,
    org: {
      organizationId: '',
      name: scratch?.orgName ?? 'Booking Connector Local Org',
      instanceUrl: options.instanceUrl,
      // Scratch orgs answer IsSandbox = true, with a trial expiration date.
      isSandbox: scratch !== null || (options.isSandbox ?? false),
      organizationType: 'Developer Edition',
      namespacePrefix: options.namespace ?? null,
      apiCallCount: 0,
      dailyApiRequestsMax: 15000
    },
    schema: {},
    records: {},
    components: {},
    sessions: {},
    nextIdSeq: 1
  };
  for (const definition of standardObjects()) {
    state.schema[definition.name.toLowerCase()] = definition;
    state.records[definition.name.toLowerCase()] = {};
  }
  const now = new Date().toISOString();
  const writer = new SeedWriter(state, now);
  const minted = writer.insert('Organization', {
    Name: state.org.name,
    IsSandbox: state.org.isSandbox,
    OrganizationType: state.org.organizationType,
    NamespacePrefix: state.org.namespacePrefix,
    InstanceName: 'LOCAL',
    TrialExpirationDate: scratch?.expirationDate ?? null
  });
  // Every org has an Id of its own, as in Salesforce: the CLI tells orgs apart by it (a Dev Hub
  // will not delete a scratch org that has its own Id), and minted Ids would repeat per org.
  state.org.organizationId = uniqueId('00D');
  state.records.organization[state.org.organizationId] = {
    ...state.records.organization[minted],
    Id: state.org.organizationId
  };
  delete state.records.organization[minted];
  state.org.adminUsername = scratch?.adminUsername ?? localAdminUsername(state.org.organizationId);

  const profiles = seedPeople(writer, {
    adminUsername: state.org.adminUsername,
    fixtures: !scratch
  });
  seedCaseRecordType(state, writer, profiles);
  seedStandardEventLayout(state, new Date().toISOString());
  seedLeadQueue(writer);
  LEAD_CONVERSION.statuses.forEach((status, index) =>
    writer.insert('LeadStatus', {
      ApiName: status.value,
      MasterLabel: status.value,
      SortOrder: index + 1,
      IsConverted: status.isConverted,
      IsDefault: status.isDefault
    })
  );
  if (options.personAccounts) enablePersonAccounts(state, now);
  return state;
}

/**
 * Gives an org saved by an earlier local org (its org.json) what Lead conversion needs: the
 * Lead's conversion fields, LeadStatus with its rows, and Opportunity, from a new seed. Does
 * nothing to an org that has them.
 */
export function addLeadConversion(state: OrgState): boolean {
  if (
    state.schema.leadstatus &&
    state.schema.opportunity &&
    state.schema.lead?.fields.convertedcontactid
  )
    return false;
  const fresh = seedOrgState({ instanceUrl: state.org.instanceUrl });
  const lead = state.schema.lead;
  if (lead)
    for (const [key, definition] of Object.entries(fresh.schema.lead.fields))
      if (key.startsWith('converted') || key === 'isconverted') lead.fields[key] ??= definition;
  for (const name of ['leadstatus', 'opportunity']) {
    state.schema[name] ??= fresh.schema[name];
    state.records[name] ??= {};
  }
  if (Object.keys(state.records.leadstatus).length === 0)
    state.records.leadstatus = fresh.records.leadstatus;
  return true;
}
