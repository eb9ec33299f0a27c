// The local Dev Hub over HTTP, for what the client libraries never send: requests it must refuse
// with Salesforce's errors, signups that fail with Salesforce's error codes, and multipart
// bodies that are not well formed. (The happy paths run through the CLI: scratch-org.test.ts,
// packaging.test.ts.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { startLocalOrg, type LocalOrg } from '../server.ts';
import { dataPath } from '../../test-kit/login.ts';

let hub: LocalOrg;
let base: string;

beforeAll(async () => {
  hub = await startLocalOrg({ dataDir: null, devHub: { namespaces: ['bkconn'] } });
  base = `${hub.instanceUrl}${dataPath()}`;
});

afterAll(async () => {
  await hub.close();
});

function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${hub.adminAccessToken}`,
      'Content-Type': 'application/json'
    },
    body: JSON.stringify(body)
  });
}

function postMultipart(path: string, form: FormData): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${hub.adminAccessToken}` },
    body: form
  });
}

async function scratchOrgInfo(id: string): Promise<Record<string, unknown>> {
  await hub.devHub?.settled();
  return hub.store.state.records.scratchorginfo[id];
}

const signup = {
  Edition: 'Developer',
  DurationDays: 1,
  ConnectedAppConsumerKey: 'PlatformCLI',
  ConnectedAppCallbackUrl: 'http://localhost:1717/OauthRedirect'
};

describe('scratch org signup', () => {
  it('answers 201, then is Active with the login details', async () => {
    const response = await post('/sobjects/ScratchOrgInfo', signup);
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    expect(await scratchOrgInfo(id)).toMatchObject({
      Status: 'Active',
      ScratchOrg: expect.stringMatching(/^00D\w{12}$/),
      SignupUsername: expect.stringMatching(/@example\.com$/),
      AuthCode: expect.any(String),
      LoginUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/)
    });
  });

  it.each([
    ['a namespace the hub has not linked', { Namespace: 'other' }, 'S-1017'],
    ['a connected app the hub does not have', { ConnectedAppConsumerKey: 'Unknown' }, 'C-1016'],
    ['no edition', { Edition: null }, 'C-1027']
  ])('fails with Salesforce’s error code for %s', async (_case, change, code) => {
    const response = await post('/sobjects/ScratchOrgInfo', { ...signup, ...change });
    const { id } = (await response.json()) as { id: string };
    expect(await scratchOrgInfo(id)).toMatchObject({ Status: 'Error', ErrorCode: code });
  });

  it('refuses an edition that is not one (restricted picklist) and a request without its app', async () => {
    const edition = await post('/sobjects/ScratchOrgInfo', { ...signup, Edition: 'Ultimate' });
    expect(edition.status).toBe(400);
    const noApp = await post('/sobjects/ScratchOrgInfo', {
      Edition: 'Developer',
      ConnectedAppCallbackUrl: signup.ConnectedAppCallbackUrl
    });
    expect(noApp.status).toBe(400);
    expect(await noApp.json()).toEqual([
      expect.objectContaining({ errorCode: 'REQUIRED_FIELD_MISSING' })
    ]);
  });
});

describe('packaging requests', () => {
  it('refuses a managed package without a namespace or with one the hub has not linked', async () => {
    const none = await post('/tooling/sobjects/Package2', {
      Name: 'No Namespace',
      ContainerOptions: 'Managed'
    });
    expect(none.status).toBe(400);
    expect(JSON.stringify(await none.json())).toContain('requires a namespace');
    const other = await post('/tooling/sobjects/Package2', {
      Name: 'Other',
      ContainerOptions: 'Managed',
      NamespacePrefix: 'other'
    });
    expect(JSON.stringify(await other.json())).toContain('not linked to this Dev Hub');
  });

  it('refuses a version request for a package it does not have', async () => {
    const response = await post('/tooling/sobjects/Package2VersionCreateRequest', {
      Package2Id: '0Ho000000000000AAA'
    });
    expect(response.status).toBe(404);
  });

  it('fails a version whose VersionInfo lacks the descriptor, saying what it must hold', async () => {
    const created = await post('/tooling/sobjects/Package2', {
      Name: 'Booking Connector',
      ContainerOptions: 'Managed',
      NamespacePrefix: 'bkconn'
    });
    const { id: packageId } = (await created.json()) as { id: string };
    const zip = new JSZip();
    zip.file('package.zip', 'not really a zip');
    const form = new FormData();
    form.append(
      'VersionInfo',
      new Blob([await zip.generateAsync({ type: 'uint8array' })], { type: 'application/zip' }),
      'package-version-info.zip'
    );
    form.append(
      'Package2VersionCreateRequest',
      new Blob([JSON.stringify({ Package2Id: packageId })], { type: 'application/json' })
    );
    const response = await postMultipart('/tooling/sobjects/Package2VersionCreateRequest', form);
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    await hub.devHub?.settled();
    expect(hub.store.state.records.package2versioncreaterequest[id].Status).toBe('Error');
    expect(Object.values(hub.store.state.records.package2versioncreaterequesterror)).toEqual([
      expect.objectContaining({
        ParentRequestId: id,
        Message: expect.stringContaining('package2-descriptor.json and package.zip')
      })
    ]);
  });

  it('refuses a multipart body without the JSON part of the record', async () => {
    const form = new FormData();
    form.append('VersionInfo', new Blob([new Uint8Array([1, 2, 3])]), 'x.zip');
    const response = await postMultipart('/tooling/sobjects/Package2VersionCreateRequest', form);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual([
      expect.objectContaining({ errorCode: 'INVALID_MULTIPART_REQUEST' })
    ]);
  });
});

describe('a restarted Dev Hub', () => {
  it('marks the scratch orgs and builds of its previous run as gone, instead of forever under way', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bkconn-hub-'));
    const first = await startLocalOrg({ dataDir, devHub: { namespaces: ['bkconn'] } });
    const signup = await fetch(`${first.instanceUrl}${dataPath('/sobjects/ScratchOrgInfo')}`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${first.adminAccessToken}`,
        'Content-Type': 'application/json'
      },
      body: JSON.stringify({
        Edition: 'Developer',
        ConnectedAppConsumerKey: 'PlatformCLI',
        ConnectedAppCallbackUrl: 'http://localhost:1717/OauthRedirect'
      })
    });
    const { id: infoId } = (await signup.json()) as { id: string };
    await first.devHub?.settled();
    // A build caught mid-way by the stop (builds run in memory).
    const requestId = '08c0L00000000zzQAA';
    first.store.state.records.package2versioncreaterequest[requestId] = {
      Id: requestId,
      Status: 'InProgress',
      CreatedById: first.adminUserId
    };
    first.store.save();
    await first.close();

    const second = await startLocalOrg({ dataDir, devHub: true });
    try {
      const state = second.store.state;
      expect(state.records.scratchorginfo[infoId].Status).toBe('Deleted');
      expect(Object.keys(state.records.activescratchorg)).toEqual([]);
      expect(state.records.package2versioncreaterequest[requestId].Status).toBe('Error');
      expect(Object.values(state.records.package2versioncreaterequesterror)).toEqual([
        expect.objectContaining({
          ParentRequestId: requestId,
          Message: expect.stringContaining('Create the version again')
        })
      ]);
    } finally {
      await second.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
