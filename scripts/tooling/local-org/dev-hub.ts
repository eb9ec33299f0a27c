// The local org as a Dev Hub: the ScratchOrgInfo and ActiveScratchOrg objects, and a signup
// that starts a scratch org (another local org, in the same process) for each ScratchOrgInfo
// inserted, the way @salesforce/core's scratchOrgCreate drives a real Dev Hub: insert the
// request, poll it until Status is Active or Error, then exchange its AuthCode on the new org's
// token endpoint as the connected app named in the request. Deleting the ActiveScratchOrg row
// (`sf org delete scratch`) stops that org. Scratch orgs live as long as the hub process does:
// a restarted hub marks the ones it started before as Deleted.
import { randomBytes } from 'node:crypto';
import type { ObjectDef, OrgState, OrgStore, SObjectRecord } from './model.ts';
import { apiTimestamp, insertRow } from './rows.ts';
import { field, object } from './schema.ts';
import { createRecord, deleteRecord, findRecord, writableObject } from './records.ts';
import type { RestContext, RestRequest, RestResponse } from './rest.ts';
import type { OAuthService } from './oauth.ts';
import { Packaging, packagingObjects } from './packaging.ts';
import { registerHub } from './package-versions.ts';

/** Editions a scratch org definition may name (ScratchOrgInfo.Edition is a restricted picklist). */
export const SCRATCH_EDITIONS = [
  'Developer',
  'Enterprise',
  'Group',
  'Professional',
  'Partner Developer',
  'Partner Enterprise',
  'Partner Group',
  'Partner Professional'
];

const readOnly = { createable: false, updateable: false } as const;

function devHubObjects(): ObjectDef[] {
  const setup = { setupObject: true };
  return [
    object(
      'ScratchOrgInfo',
      '2SR',
      [
        field('OrgName', 'string', { length: 80 }),
        field('Edition', 'picklist', { picklist: SCRATCH_EDITIONS, restricted: true }),
        field('Description', 'textarea'),
        field('DurationDays', 'int'),
        field('AdminEmail', 'email'),
        field('Username', 'string', { length: 80 }),
        field('Country', 'string', { length: 2 }),
        field('Language', 'string', { length: 10 }),
        field('Features', 'textarea', { length: 4000 }),
        field('HasSampleData', 'boolean'),
        field('Namespace', 'string', { length: 15 }),
        field('Release', 'picklist', { picklist: ['Current', 'Previous', 'Preview'] }),
        field('SourceOrg', 'string', { length: 18 }),
        field('Snapshot', 'string', { length: 80 }),
        field('Package2AncestorIds', 'textarea', { length: 4000 }),
        field('ConnectedAppConsumerKey', 'string', { length: 255, required: true }),
        field('ConnectedAppCallbackUrl', 'url', { required: true }),
        field('Status', 'picklist', {
          picklist: ['New', 'Deleted', 'Active', 'Error'],
          defaultPicklist: 'New',
          ...readOnly
        }),
        field('ErrorCode', 'string', { length: 32, ...readOnly }),
        field('ScratchOrg', 'string', { length: 15, ...readOnly }),
        field('SignupUsername', 'string', { length: 80, ...readOnly }),
        field('SignupEmail', 'email', readOnly),
        field('SignupInstance', 'string', { length: 40, ...readOnly }),
        field('LoginUrl', 'url', readOnly),
        field('AuthCode', 'string', { length: 255, ...readOnly }),
        field('ExpirationDate', 'date', readOnly)
      ],
      { ...setup, label: 'Scratch Org Info' }
    ),
    object(
      'ActiveScratchOrg',
      '2AS',
      [
        field('ScratchOrg', 'string', { length: 15, ...readOnly }),
        field('ScratchOrgInfoId', 'reference', {
          referenceTo: ['ScratchOrgInfo'],
          relationshipName: 'ScratchOrgInfo',
          ...readOnly
        }),
        field('SignupUsername', 'string', { length: 80, ...readOnly }),
        field('OrgName', 'string', { length: 80, ...readOnly }),
        field('Edition', 'string', { length: 40, ...readOnly }),
        field('Namespace', 'string', { length: 15, ...readOnly }),
        field('Description', 'textarea', readOnly),
        field('ExpirationDate', 'date', readOnly)
      ],
      { ...setup, label: 'Active Scratch Org' }
    )
  ];
}

/**
 * Makes the org a Dev Hub: adds the objects (so `SELECT Id FROM ScratchOrgInfo`, core's Dev Hub
 * test, succeeds) and links the namespaces scratch orgs may be created with.
 */
export function enableDevHub(state: OrgState, namespaces: string[]): void {
  for (const definition of [...devHubObjects(), ...packagingObjects()]) {
    const key = definition.name.toLowerCase();
    state.schema[key] ??= definition;
    state.records[key] ??= {};
  }
  state.devHub = {
    ...state.devHub,
    namespaces: [...new Set([...(state.devHub?.namespaces ?? []), ...namespaces])]
  };
}

export function isDevHub(state: OrgState): boolean {
  return Boolean(state.devHub && state.schema.scratchorginfo);
}

/** What a signup needs to start a scratch org. */
export interface ScratchOrgSignup {
  adminUsername: string;
  orgName: string;
  namespace: string | null;
  expirationDate: string;
}

/** The part of a started local org the hub uses (server.ts's LocalOrg). */
export interface StartedScratchOrg {
  instanceUrl: string;
  organizationId: string;
  oauth: OAuthService;
  adminUserId: string;
  adminUsername: string;
  /** The org's state, for tests that look inside it as they do into the hub's. */
  store: OrgStore;
  close(): Promise<void>;
}

export interface DevHubOptions {
  state: () => OrgState;
  changed: () => void;
  /** The hub's connected apps: a signup copies the requested one into the new org. */
  oauth: OAuthService;
  startScratchOrg: (signup: ScratchOrgSignup) => Promise<StartedScratchOrg>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Salesforce's signup usernames look like test-abcdefghijkl@example.com. */
function signupUsername(): string {
  return `test-${randomBytes(6).toString('hex')}@example.com`;
}

export class DevHub {
  private readonly options: DevHubOptions;
  /** Running scratch orgs by the 18-character ScratchOrgInfo Id. */
  private readonly running = new Map<string, StartedScratchOrg>();
  private readonly pending = new Set<Promise<void>>();
  private readonly packaging: Packaging;
  /** Leaves the registry of hubs whose versions local orgs can install (package-versions.ts). */
  private readonly unregister: () => void;

  constructor(options: DevHubOptions) {
    this.options = options;
    this.packaging = new Packaging({ state: options.state, changed: options.changed });
    this.unregister = registerHub(options.state);
    // Scratch orgs are not persisted: those a previous run of the hub started are gone.
    const state = options.state();
    for (const info of Object.values(state.records.scratchorginfo ?? {})) {
      if (info.Status === 'Active' || info.Status === 'New') info.Status = 'Deleted';
    }
    state.records.activescratchorg = {};
  }

  /**
   * Signups, scratch org deletes and packaging (packaging.ts); null for every other request
   * (rest.ts answers those).
   */
  handle(context: RestContext, request: RestRequest): RestResponse | null {
    const packaging = this.packaging.handle(context, request, (work) => this.track(work));
    if (packaging) return packaging;
    const create = /^\/services\/data\/v\d+\.\d\/sobjects\/ScratchOrgInfo\/?$/i;
    const remove = /^\/services\/data\/v\d+\.\d\/sobjects\/ActiveScratchOrg\/(\w{15,18})\/?$/i;
    if (request.method === 'POST' && create.test(request.path)) {
      const info = createRecord(
        context,
        writableObject(context, 'ScratchOrgInfo'),
        (request.body ?? {}) as Record<string, unknown>
      );
      context.changed();
      this.track(this.signUp(info.Id));
      return { status: 201, body: { id: info.Id, success: true, errors: [] } };
    }
    const match = remove.exec(request.path);
    if (request.method === 'DELETE' && match) {
      const definition = writableObject(context, 'ActiveScratchOrg');
      const active = findRecord(context, definition, match[1]);
      deleteRecord(context, definition, active.Id);
      const infoId = String(active.ScratchOrgInfoId);
      const info = this.options.state().records.scratchorginfo?.[infoId];
      if (info) info.Status = 'Deleted';
      context.changed();
      const org = this.running.get(infoId);
      this.running.delete(infoId);
      if (org) this.track(org.close());
      return { status: 204 };
    }
    return null;
  }

  /** The running scratch org whose admin is this username (tests read its state). */
  scratchOrg(adminUsername: string): StartedScratchOrg | undefined {
    return [...this.running.values()].find(
      (org) => org.adminUsername === adminUsername.toLowerCase()
    );
  }

  /** Resolves once every signup, build and shutdown under way has finished (tests, close). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  async close(): Promise<void> {
    await this.settled();
    this.unregister();
    const orgs = [...this.running.values()];
    this.running.clear();
    await Promise.all(orgs.map((org) => org.close()));
  }

  private track(work: Promise<void>): void {
    const tracked = work.finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  private info(id: string): SObjectRecord {
    const info = this.options.state().records.scratchorginfo?.[id];
    if (!info) throw new Error(`ScratchOrgInfo ${id} vanished during its signup.`);
    return info;
  }

  private fail(id: string, errorCode: string): void {
    Object.assign(this.info(id), { Status: 'Error', ErrorCode: errorCode });
    this.options.changed();
  }

  /**
   * The signup service's part: checks what only the service can judge (the error codes are
   * Salesforce's: S-1017 a namespace not linked to this hub, C-1016 a connected app it cannot
   * copy, C-1027 no edition), then starts the org and records how to log in to it.
   */
  private async signUp(id: string): Promise<void> {
    // Salesforce answers the insert first and signs up afterwards; so does this.
    await new Promise((resolve) => setImmediate(resolve));
    const request = this.info(id);
    const namespace = typeof request.Namespace === 'string' ? request.Namespace : null;
    if (namespace && !this.options.state().devHub?.namespaces.includes(namespace))
      return this.fail(id, 'S-1017');
    if (!request.Edition && !request.Snapshot && !request.SourceOrg) return this.fail(id, 'C-1027');
    const app = this.options.oauth.connectedApp(String(request.ConnectedAppConsumerKey));
    if (!app) return this.fail(id, 'C-1016');
    const days = Number(request.DurationDays ?? 7);
    const expirationDate = new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
    const adminUsername =
      typeof request.Username === 'string' && request.Username
        ? request.Username.toLowerCase()
        : signupUsername();
    let org: StartedScratchOrg;
    try {
      org = await this.options.startScratchOrg({
        adminUsername,
        orgName: String(request.OrgName ?? 'Company'),
        namespace,
        expirationDate
      });
    } catch {
      return this.fail(id, 'S-9999');
    }
    if (this.info(id).Status === 'Deleted') return org.close();
    this.running.set(id, org);
    const callbackUrl = String(request.ConnectedAppCallbackUrl);
    org.oauth.registerApp({
      ...app,
      callbackUrls: [...new Set([...app.callbackUrls, callbackUrl])]
    });
    const authCode = org.oauth.issueCode(org.adminUserId, app.consumerKey, callbackUrl);
    const scratchOrgId = org.organizationId.slice(0, 15);
    Object.assign(this.info(id), {
      Status: 'Active',
      ScratchOrg: scratchOrgId,
      SignupUsername: adminUsername,
      SignupEmail: request.AdminEmail ?? null,
      SignupInstance: null,
      LoginUrl: org.instanceUrl,
      AuthCode: authCode,
      ExpirationDate: expirationDate
    });
    const state = this.options.state();
    // The service writes this row (it is read-only through the API), so no access check.
    insertRow(
      state,
      'ActiveScratchOrg',
      {
        ScratchOrg: scratchOrgId,
        ScratchOrgInfoId: id,
        SignupUsername: adminUsername,
        OrgName: request.OrgName ?? null,
        Edition: request.Edition ?? null,
        Namespace: namespace,
        Description: request.Description ?? null,
        ExpirationDate: expirationDate
      },
      { userId: request.CreatedById as string, now: apiTimestamp() }
    );
    this.options.changed();
  }
}
