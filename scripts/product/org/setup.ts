// setup: the main job. Deploy the package (unless it is installed: then the installed version
// is reported and nothing is deployed), choose or create the API user, assign the
// permission set (standard mode), check the API user and the Event layout, and report the five
// setup phases with what is done and what is left. Each step reads what it needs once and the
// checks share one composite query, so the whole run costs few API calls.
import type { Connection } from '@salesforce/core';
import { messageError, productMessages } from '../messages.ts';
import { deploySource, type DeploySummary } from './deploy.ts';
import { createApiUser, readOrgKind, type OrgKind } from './api-user.ts';
import { readApiUserFacts, type OrgApiUserFacts } from './facts.ts';
import { assignWithFacts, ensureAdminPermissionSet, type AssignResult } from './permset.ts';
import {
  ADMIN_PROFILE_FULL_NAME,
  addPackageFieldsToLayouts,
  readEventLayouts,
  type LayoutStatus
} from './layout.ts';
import { ProfileMetadataReader } from './profile-metadata.ts';
import { readFieldPhases, type FieldPhases } from './field-phases.ts';
import { readInstalledPackage, type InstalledPackage } from './installed-package.ts';
import {
  allPassed,
  checkApiUser,
  installationChecklist,
  normalizeSecurityMode,
  type RuleRow,
  type SecurityMode
} from './rules.ts';

const messages = productMessages('org.setup');

export interface SetupOptions {
  apiUser?: string;
  mode?: string;
  skipDeploy?: boolean;
  testLevel?: string;
  /**
   * Add the package fields to the assigned Event layouts that lack them. Done by default in
   * scratch and local orgs; a sandbox's or production's layouts change only when asked.
   */
  addLayoutFields?: boolean;
  projectNamespace: string | null;
  /** Used when no --api-user is given in the local org: its seeded standard-mode candidate. */
  defaultApiUser?: string;
  /** Whether the sf CLI state holds an auth for this username (set by `connect`). */
  isConnected?: (username: string) => Promise<boolean>;
  /** Wraps each step with progress output. */
  step: <T>(label: string, work: (update: (status: string) => void) => Promise<T>) => Promise<T>;
}

export interface PhaseReport {
  phase: number;
  name: string;
  status: 'done' | 'attention' | 'not started' | 'in the setup page';
  done: string[];
  left: string[];
}

export interface SetupReport {
  mode: SecurityMode;
  org: OrgKind;
  /** The package version installed in the org (then no source is deployed), or null. */
  installedPackage: InstalledPackage | null;
  deploy: DeploySummary | null;
  apiUser: {
    username: string;
    created: boolean;
    chosenBy: 'flag' | 'settings' | 'created' | 'local org';
  };
  permissionSet: AssignResult | null;
  checks: RuleRow[];
  installation: RuleRow[];
  /** The Event layouts of the API user's and admins' profiles (or the package's, see byAssignment). */
  layouts: LayoutStatus[];
  layoutsByAssignment: boolean;
  /** Layouts this run added the package fields to. */
  layoutsUpdated: string[];
  fields: FieldPhases;
  phases: PhaseReport[];
  success: boolean;
}

async function chooseApiUser(
  connection: Connection,
  kind: OrgKind,
  options: SetupOptions
): Promise<SetupReport['apiUser']> {
  if (options.apiUser) return { username: options.apiUser, created: false, chosenBy: 'flag' };
  if (kind.isLocal && options.defaultApiUser)
    return { username: options.defaultApiUser, created: false, chosenBy: 'local org' };
  if (kind.isScratch || kind.isLocal) {
    const user = await createApiUser(connection, {});
    return { username: user.username, created: user.created, chosenBy: 'created' };
  }
  throw messageError(messages, 'api-user-required', [], { name: 'ApiUserRequired' });
}

function rowsReport(rows: RuleRow[]): { done: string[]; left: string[] } {
  return {
    done: rows.filter((row) => row.passed && !row.unverified).map((row) => row.label),
    left: rows.filter((row) => !row.passed || row.unverified).map((row) => row.fix)
  };
}

export function phaseReports(
  apiUsername: string,
  checks: RuleRow[],
  installation: RuleRow[],
  fields: FieldPhases,
  connected = false
): PhaseReport[] {
  const connection = rowsReport(checks);
  if (connected)
    connection.done.push(`Connected as ${apiUsername} (auth saved by \`bkconn connect\`)`);
  else
    connection.left.push(
      `Connect the booking side as ${apiUsername}: \`npx bkconn connect --api-user ${apiUsername}\` (log out of Salesforce first if the browser is logged in as someone else).`
    );
  const install = rowsReport(installation);
  const inPage = (phase: number, name: string, what: string): PhaseReport => ({
    phase,
    name,
    status: 'in the setup page',
    done: [],
    left: [what]
  });
  return [
    {
      phase: 1,
      name: 'API connection',
      status: allPassed(checks) ? 'done' : 'attention',
      ...connection
    },
    {
      phase: 2,
      name: 'Installation',
      status: allPassed(installation) ? 'done' : 'attention',
      ...install
    },
    {
      phase: 3,
      name: 'Field validation',
      status: fields.required.canSave ? 'done' : 'attention',
      done: fields.required.canSave
        ? ['Every universally required field of Lead, Contact, Account, Case and Event has a value']
        : [],
      left: [
        ...fields.required.missing.map(
          (field) =>
            `Give ${field} a value (a booking field, a constant, or keep the existing value) on the Booking Connector setup tab.`
        ),
        ...fields.required.unsupported.map(
          (field) =>
            `${field} is required but of a type the connector cannot fill: make it optional or give it a default in Salesforce.`
        )
      ]
    },
    fieldMappingReport(fields),
    inPage(
      5,
      'Creation rules',
      'Choose matching, update and owner policies on the setup tab (the defaults apply until then).'
    )
  ];
}

/** Phase 4: the status the setup page shows for the same mappings (fieldRules.mappingPhaseStatus). */
function fieldMappingReport(fields: FieldPhases): PhaseReport {
  const report = { phase: 4, name: 'Field mapping' };
  if (fields.mappingStatus === 'notStarted')
    return {
      ...report,
      status: 'not started',
      done: [],
      left: [
        'Map the booking values Salesforce should receive (Add a mapping on the setup tab); no mapping is active.'
      ]
    };
  if (fields.mappingStatus === 'attention')
    return {
      ...report,
      status: 'attention',
      done: [],
      left: fields.mappingProblems.map((problem) => `Fix the mapping ${problem} on the setup tab.`)
    };
  return {
    ...report,
    status: 'done',
    done: ['The field mappings are valid (types compatible, targets exist)'],
    left: []
  };
}

export async function runSetup(
  connection: Connection,
  options: SetupOptions
): Promise<SetupReport> {
  const mode = normalizeSecurityMode(options.mode);
  const kind = await readOrgKind(connection);
  // An org where the package is installed, as admins do it, gets no source deploy: the source
  // would land beside the installed package as unnamespaced copies.
  const installedPackage = await options.step('Looking for the installed package', () =>
    readInstalledPackage(connection, options.projectNamespace)
  );
  let deploy: DeploySummary | null = null;
  if (!options.skipDeploy && !installedPackage) {
    deploy = await options.step('Deploying the package source', (update) =>
      deploySource(connection, {
        testLevel: options.testLevel,
        onProgress: update,
        pollIntervalMs: kind.isLocal ? 50 : 1000
      })
    );
    if (!deploy.success) {
      throw messageError(messages, 'deploy-failed', [deploy.failures.length], {
        name: 'DeployFailed',
        data: deploy
      });
    }
  }
  // The package's fields are visible to the admin running setup only through a permission set
  // (field-level security applies to admins too): without it every check below misreads them.
  await options.step('Giving you the package admin permission set', () =>
    ensureAdminPermissionSet(connection)
  );
  const apiUser = await options.step('Choosing the API user', () =>
    chooseApiUser(connection, kind, options)
  );
  // The record-type check (advanced mode) and the layout check both read profile metadata:
  // the API user's profile and the admins'. One reader fetches both the first time.
  const profiles = new ProfileMetadataReader(connection, [ADMIN_PROFILE_FULL_NAME]);
  let facts: OrgApiUserFacts = await options.step(`Reading ${apiUser.username}`, () =>
    readApiUserFacts(connection, apiUser.username, options.projectNamespace, {
      withObjectPermissions: mode === 'Advanced',
      profiles
    })
  );
  // Both modes: the permission set grants the package's fields and settings (installationChecklist).
  const permissionSet: AssignResult = await options.step('Assigning the permission set', () =>
    assignWithFacts(connection, facts)
  );
  facts = { ...facts, user: { ...facts.user, apiUserPermissionSetAssigned: true } };
  const checks = checkApiUser(facts.user, mode);
  const namespace = facts.permissionSet?.namespace ?? null;
  const layouts = await options.step('Checking the Event layouts of the profiles', () =>
    readEventLayouts(connection, namespace, facts.user.profileId, profiles)
  );
  const addFields = options.addLayoutFields ?? (kind.isScratch || kind.isLocal);
  const layoutsUpdated = addFields
    ? await options.step('Adding the package fields to the Event layouts', () =>
        addPackageFieldsToLayouts(connection, namespace, layouts, kind.isLocal ? 50 : 1000)
      )
    : [];
  const installation = installationChecklist(
    {
      packageVersion: installedPackage?.versionNumber ?? null,
      deployedFromSource: deploy?.success === true || facts.permissionSet !== null,
      permissionSetName: facts.permissionSet?.fullName,
      apiUserPermissionSetAssigned: facts.user.apiUserPermissionSetAssigned,
      layouts: layouts.statuses
    },
    mode
  );
  const fields = await options.step('Checking required fields and mappings', () =>
    readFieldPhases(connection, namespace)
  );
  const connected = (await options.isConnected?.(apiUser.username)) ?? false;
  const phases = phaseReports(apiUser.username, checks, installation, fields, connected);
  return {
    mode,
    org: kind,
    installedPackage,
    deploy,
    apiUser,
    permissionSet,
    checks,
    installation,
    layouts: layouts.statuses,
    layoutsByAssignment: layouts.byAssignment,
    layoutsUpdated,
    fields,
    phases,
    success: allPassed(checks) && allPassed(installation)
  };
}
