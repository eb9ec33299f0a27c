// Installing a package version into a local org over HTTP, for what `sf package install` does
// not show on its own: the managed-install transforms on a small package, and the refusals
// (unknown or malformed ids, a wrong installation key, an earlier version, the org that owns the
// namespace). The whole path with the real sf CLI: scripts/product/cli/__tests__/package-install.test.ts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { startLocalOrg, type LocalOrg } from '../server.ts';
import { API_VERSION, restAs } from '../../test-kit/login.ts';

const xml = (root: string, body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="http://soap.sforce.com/2006/04/metadata">\n${body}\n</${root}>\n`;

/** A small managed package: an object, a field on Event, a metadata type and record, a class, a permission set. */
const PACKAGE: Record<string, string> = {
  'package.xml': xml('Package', `<version>${API_VERSION}</version>`),
  'objects/Thing__c.object': xml(
    'CustomObject',
    '<label>Thing</label><pluralLabel>Things</pluralLabel><nameField><label>Name</label><type>Text</type></nameField><deploymentStatus>Deployed</deploymentStatus><sharingModel>ReadWrite</sharingModel>' +
      '<fields><fullName>Amount__c</fullName><label>Amount</label><type>Number</type><precision>10</precision><scale>0</scale></fields>'
  ),
  'objects/Event.object': xml(
    'CustomObject',
    '<fields><fullName>Booking_Id__c</fullName><label>Booking Id</label><type>Text</type><length>64</length></fields>'
  ),
  'objects/Mapping__mdt.object': xml(
    'CustomObject',
    '<label>Mapping</label><pluralLabel>Mappings</pluralLabel><fields><fullName>Target__c</fullName><label>Target</label><type>Text</type><length>80</length></fields>'
  ),
  'customMetadata/Mapping.One.md': xml(
    'CustomMetadata',
    '<label>One</label><values><field>Target__c</field><value>Lead.Email</value></values>'
  ),
  'classes/Thing.cls': 'public with sharing class Thing {}\n',
  'classes/Thing.cls-meta.xml': xml(
    'ApexClass',
    `<apiVersion>${API_VERSION}</apiVersion><status>Active</status>`
  ),
  'permissionsets/Api.permissionset': xml(
    'PermissionSet',
    '<label>Api</label>' +
      '<fieldPermissions><editable>true</editable><field>Event.Booking_Id__c</field><readable>true</readable></fieldPermissions>' +
      '<fieldPermissions><editable>true</editable><field>Thing__c.Amount__c</field><readable>true</readable></fieldPermissions>' +
      '<objectPermissions><allowCreate>true</allowCreate><allowDelete>false</allowDelete><allowEdit>true</allowEdit><allowRead>true</allowRead><modifyAllRecords>false</modifyAllRecords><object>Lead</object><viewAllRecords>false</viewAllRecords></objectPermissions>' +
      '<objectPermissions><allowCreate>true</allowCreate><allowDelete>false</allowDelete><allowEdit>true</allowEdit><allowRead>true</allowRead><modifyAllRecords>false</modifyAllRecords><object>Thing__c</object><viewAllRecords>false</viewAllRecords></objectPermissions>'
  )
};

let dataDir: string;
let hub: LocalOrg;
let packageId: string;

async function zip(files: Record<string, string>): Promise<Buffer> {
  const archive = new JSZip();
  for (const [path, content] of Object.entries(files)) archive.file(path, content);
  return archive.generateAsync({ type: 'nodebuffer' });
}

/** Builds a version in the hub, as package:version:create does; returns its 04t id. */
async function buildVersion(versionNumber: string, installKey?: string): Promise<string> {
  const info = new JSZip();
  info.file('package2-descriptor.json', JSON.stringify({ versionNumber }));
  info.file('package.zip', await zip(PACKAGE));
  const created = await restAs(
    hub,
    hub.adminAccessToken,
    'POST',
    '/tooling/sobjects/Package2VersionCreateRequest',
    {
      Package2Id: packageId,
      VersionInfo: (await info.generateAsync({ type: 'nodebuffer' })).toString('base64'),
      ...(installKey ? { InstallKey: installKey } : {})
    }
  );
  expect(created.status).toBe(201);
  await hub.devHub?.settled();
  const request =
    hub.store.state.records.package2versioncreaterequest[(created.body as { id: string }).id];
  expect(request.Status).toBe('Success');
  return String(
    hub.store.state.records.package2version[String(request.Package2VersionId)]
      .SubscriberPackageVersionId
  );
}

function release(subscriberPackageVersionId: string): void {
  const row = Object.values(hub.store.state.records.package2version).find(
    (candidate) => candidate.SubscriberPackageVersionId === subscriberPackageVersionId
  );
  if (row) row.IsReleased = true;
}

async function installInto(
  org: LocalOrg,
  key: string,
  password?: string
): Promise<Record<string, unknown>> {
  const created = await restAs(
    org,
    org.adminAccessToken,
    'POST',
    '/tooling/sobjects/PackageInstallRequest',
    {
      SubscriberPackageVersionKey: key,
      SecurityType: 'none',
      ...(password ? { Password: password } : {})
    }
  );
  expect(created.status).toBe(201);
  const id = (created.body as { id: string }).id;
  for (let attempt = 0; attempt < 100; attempt++) {
    const status = await restAs(
      org,
      org.adminAccessToken,
      'GET',
      `/tooling/sobjects/PackageInstallRequest/${id}`
    );
    const body = status.body as Record<string, unknown>;
    if (body.Status !== 'IN_PROGRESS') return body;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('The install did not finish.');
}

const rows = (org: LocalOrg, objectName: string): Record<string, unknown>[] =>
  Object.values(org.store.state.records[objectName.toLowerCase()] ?? {});

async function toolingQuery(org: LocalOrg, soql: string) {
  return restAs(org, org.adminAccessToken, 'GET', `/tooling/query?q=${encodeURIComponent(soql)}`);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'bkconn-hub-'));
  hub = await startLocalOrg({ dataDir, devHub: { namespaces: ['bkconn'] } });
  const created = await restAs(hub, hub.adminAccessToken, 'POST', '/tooling/sobjects/Package2', {
    Name: 'Things',
    NamespacePrefix: 'bkconn',
    ContainerOptions: 'Managed'
  });
  packageId = (created.body as { id: string }).id;
});

afterAll(async () => {
  await hub.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a managed install into an org without the namespace', () => {
  let subscriber: LocalOrg;
  let version: string;

  beforeAll(async () => {
    version = await buildVersion('1.0.0.NEXT');
    // Released (as package:version:promote leaves it): a beta cannot be upgraded.
    release(version);
    subscriber = await startLocalOrg({ dataDir: null });
  });

  afterAll(() => subscriber.close());

  it('applies the components with the namespace and drops the standard-object object permissions', async () => {
    expect(await installInto(subscriber, version)).toMatchObject({
      Status: 'SUCCESS',
      Errors: null
    });
    const [set] = rows(subscriber, 'PermissionSet').filter((row) => row.Name === 'Api');
    expect(set).toMatchObject({ NamespacePrefix: 'bkconn' });
    const objects = rows(subscriber, 'ObjectPermissions').filter((row) => row.ParentId === set.Id);
    expect(objects.map((row) => row.SobjectType)).toEqual(['bkconn__Thing__c']);
    const fields = rows(subscriber, 'FieldPermissions').filter((row) => row.ParentId === set.Id);
    expect(fields.map((row) => row.Field).sort()).toEqual([
      'Event.bkconn__Booking_Id__c',
      'bkconn__Thing__c.bkconn__Amount__c'
    ]);
    expect(rows(subscriber, 'bkconn__Mapping__mdt')).toEqual([
      expect.objectContaining({
        DeveloperName: 'One',
        NamespacePrefix: 'bkconn',
        bkconn__Target__c: 'Lead.Email'
      })
    ]);
    expect(rows(subscriber, 'ApexClass')).toEqual([
      expect.objectContaining({ Name: 'Thing', NamespacePrefix: 'bkconn' })
    ]);
    const components = subscriber.store.state.components;
    expect(components['CustomMetadata:bkconn__Mapping.bkconn__One']).toMatchObject({
      manageableState: 'installed',
      namespacePrefix: 'bkconn',
      files: { 'customMetadata/bkconn__Mapping.bkconn__One.md': expect.any(String) }
    });
    expect(components['CustomObject:bkconn__Thing__c']).toBeDefined();
    expect(components['CustomObject:Event']).toMatchObject({ manageableState: 'installed' });
    expect(components['PermissionSet:bkconn__Api']).toBeDefined();
    // Where the subscriber org shows the installed version.
    const installed = await toolingQuery(
      subscriber,
      'SELECT SubscriberPackage.NamespacePrefix, SubscriberPackageVersion.MajorVersion, SubscriberPackageVersion.BuildNumber FROM InstalledSubscriberPackage'
    );
    expect((installed.body as { records: unknown[] }).records).toEqual([
      expect.objectContaining({
        SubscriberPackage: expect.objectContaining({ NamespacePrefix: 'bkconn' }),
        SubscriberPackageVersion: expect.objectContaining({ MajorVersion: 1, BuildNumber: 1 })
      })
    ]);
    expect(rows(subscriber, 'Publisher')).toEqual([
      expect.objectContaining({ NamespacePrefix: 'bkconn', MajorVersion: 1, MinorVersion: 0 })
    ]);
  });

  it('upgrades to a newer version in place and refuses to go back to an earlier one', async () => {
    const classId = rows(subscriber, 'ApexClass')[0].Id;
    const newer = await buildVersion('1.1.0.NEXT');
    expect(await installInto(subscriber, newer)).toMatchObject({ Status: 'SUCCESS' });
    expect(rows(subscriber, 'ApexClass').map((row) => row.Id)).toEqual([classId]);
    expect(rows(subscriber, 'bkconn__Mapping__mdt')).toHaveLength(1);
    expect(rows(subscriber, 'InstalledSubscriberPackage')).toEqual([
      expect.objectContaining({ SubscriberPackageVersionId: newer, MinPackageVersionId: version })
    ]);
    expect(rows(subscriber, 'Publisher')).toEqual([expect.objectContaining({ MinorVersion: 1 })]);
    const back = await installInto(subscriber, version);
    expect(back).toMatchObject({
      Status: 'ERROR',
      Errors: { errors: [{ message: expect.stringContaining('CANNOT_INSTALL_EARLIER_VERSION') }] }
    });
  });
});

describe('refusals', () => {
  it('ends an install of an id no running hub built in ERROR, and refuses one that is not an id', async () => {
    const org = await startLocalOrg({ dataDir: null });
    try {
      expect(await installInto(org, '04t000000000000AAA')).toMatchObject({
        Status: 'ERROR',
        Errors: {
          errors: [{ message: expect.stringContaining('04t000000000000AAA was not found') }]
        }
      });
      const malformed = await restAs(
        org,
        org.adminAccessToken,
        'POST',
        '/tooling/sobjects/PackageInstallRequest',
        {
          SubscriberPackageVersionKey: '0Ho000000000000AAA'
        }
      );
      expect(malformed).toMatchObject({ status: 400, body: [{ errorCode: 'INVALID_ID_FIELD' }] });
      const unbounded = await toolingQuery(org, 'SELECT Id FROM SubscriberPackageVersion');
      expect(unbounded).toMatchObject({
        status: 400,
        body: [
          {
            errorCode: 'MALFORMED_QUERY',
            message: expect.stringContaining(
              'Implementation restriction: You can only perform queries of the form Id'
            )
          }
        ]
      });
    } finally {
      await org.close();
    }
  });

  it('needs the installation key of a protected version, and shows its row only with it', async () => {
    const protectedVersion = await buildVersion('2.0.0.NEXT', 'secret');
    const org = await startLocalOrg({ dataDir: null });
    try {
      const soql = (key: string) =>
        `SELECT Id, IsPasswordProtected FROM SubscriberPackageVersion WHERE Id = '${protectedVersion}' AND InstallationKey = '${key}'`;
      expect((await toolingQuery(org, soql('wrong'))).body).toMatchObject({ totalSize: 0 });
      expect((await toolingQuery(org, soql('secret'))).body).toMatchObject({
        totalSize: 1,
        records: [{ IsPasswordProtected: true }]
      });
      expect(await installInto(org, protectedVersion)).toMatchObject({ Status: 'ERROR' });
      expect(await installInto(org, protectedVersion, 'wrong')).toMatchObject({ Status: 'ERROR' });
      expect(await installInto(org, protectedVersion, 'secret')).toMatchObject({
        Status: 'SUCCESS'
      });
    } finally {
      await org.close();
    }
  });

  it('refuses to upgrade a beta', async () => {
    const beta = await buildVersion('5.0.0.NEXT');
    const next = await buildVersion('5.1.0.NEXT');
    const org = await startLocalOrg({ dataDir: null });
    try {
      expect(await installInto(org, beta)).toMatchObject({ Status: 'SUCCESS' });
      expect(await installInto(org, next)).toMatchObject({
        Status: 'ERROR',
        Errors: { errors: [{ message: expect.stringContaining('CANNOT_UPGRADE_BETA') }] }
      });
    } finally {
      await org.close();
    }
  });

  it('refuses to install into the org that owns the namespace', async () => {
    const version = await buildVersion('3.0.0.NEXT');
    const org = await startLocalOrg({ dataDir: null, namespace: 'bkconn' });
    try {
      expect(await installInto(org, version)).toMatchObject({
        Status: 'ERROR',
        Errors: { errors: [{ message: expect.stringContaining('INSTALL_INTO_DEV_ORG') }] }
      });
    } finally {
      await org.close();
    }
  });
});

describe('a restarted hub', () => {
  it('still serves the versions it built before (the package.zip is saved with its org)', async () => {
    const version = await buildVersion('4.0.0.NEXT');
    await hub.close();
    hub = await startLocalOrg({ dataDir, devHub: { namespaces: ['bkconn'] } });
    const org = await startLocalOrg({ dataDir: null });
    try {
      expect(await installInto(org, version)).toMatchObject({ Status: 'SUCCESS' });
    } finally {
      await org.close();
    }
  });
});
