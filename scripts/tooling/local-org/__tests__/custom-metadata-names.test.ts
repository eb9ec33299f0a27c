// Custom metadata records are identified by (NamespacePrefix, DeveloperName), and the Metadata
// API full name says both (platformRule('packaging.customMetadata.recordFullName')). In a
// subscriber org, the records a package installed are `ns__Type.ns__Record`; `ns__Type.Record`
// names the subscriber's own record, so deploying it creates a second record beside the
// installed one. The shared rule (bookingRules/metadataNames.js) must name the installed one.
import type { Connection } from '@salesforce/core';
import { ComponentSet, type RetrieveResult } from '@salesforce/source-deploy-retrieve';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalOrg, type LocalOrg } from '../server.ts';
import { loginAs } from '../../test-kit/login.ts';
import { installPackageSource } from '../../test-kit/org.ts';
import { deployGeneratedSource } from '../../../product/org/deploy.ts';
import { customMetadataXml, type MappingRecord } from '../../../product/org/config-transfer.ts';
import { customMetadataRecordFullName } from '../../../../force-app/main/default/lwc/bookingRules/metadataNames.js';

jest.setTimeout(60_000);

const MAPPINGS = 'bkconn__BookingFieldMapping__mdt';

const accountName = (source: string): MappingRecord => ({
  developerName: 'Account_Name',
  label: 'Account Name',
  TargetObject__c: 'Account',
  TargetField__c: 'Name',
  SourceType__c: 'BookingField',
  SourceValue__c: source,
  IsActive__c: true
});

async function deployRecord(connection: Connection, fullName: string, mapping: MappingRecord) {
  return deployGeneratedSource(
    connection,
    { [`customMetadata/${fullName}.md-meta.xml`]: customMetadataXml(mapping, 'bkconn__') },
    { pollIntervalMs: 50 }
  );
}

function accountNameRecords(org: LocalOrg) {
  return Object.values(org.store.state.records[MAPPINGS.toLowerCase()] ?? {}).filter(
    (record) => record.DeveloperName === 'Account_Name'
  );
}

describe('a subscriber org (no namespace) with the package installed as bkconn', () => {
  let org: LocalOrg;
  let admin: Connection;
  beforeEach(async () => {
    org = await startLocalOrg({ dataDir: null });
    await installPackageSource(org, 'bkconn');
    admin = await loginAs(org);
  });
  afterEach(async () => {
    await org?.close();
  });

  it('holds the installed records in the package namespace', async () => {
    const result = await admin.query<{ DeveloperName: string; NamespacePrefix: string | null }>(
      `SELECT DeveloperName, NamespacePrefix, QualifiedApiName FROM ${MAPPINGS} WHERE DeveloperName = 'Account_Name'`
    );
    expect(result.records).toEqual([
      expect.objectContaining({
        DeveloperName: 'Account_Name',
        NamespacePrefix: 'bkconn',
        QualifiedApiName: 'bkconn__Account_Name'
      })
    ]);
  });

  it('(a) the name the Apex deployer used to build makes a second record', async () => {
    const deploy = await deployRecord(
      admin,
      'bkconn__BookingFieldMapping.Account_Name',
      accountName('name')
    );
    expect(deploy.success).toBe(true);
    const records = accountNameRecords(org);
    expect(records.map((record) => record.NamespacePrefix ?? null).sort()).toEqual([
      'bkconn',
      null
    ]);
  });

  it("(b) the rule's name updates the installed record in place", async () => {
    const fullName = customMetadataRecordFullName({
      typeName: 'BookingFieldMapping',
      typeNamespace: 'bkconn',
      developerName: 'Account_Name',
      recordNamespace: 'bkconn',
      orgNamespace: null
    });
    expect(fullName).toBe('bkconn__BookingFieldMapping.bkconn__Account_Name');
    const deploy = await deployRecord(admin, fullName, accountName('name'));
    expect(deploy.success).toBe(true);
    const records = accountNameRecords(org);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ NamespacePrefix: 'bkconn', bkconn__SourceValue__c: 'name' });
  });

  it('refuses to create a record in a namespace that is not the org’s', async () => {
    const deploy = await deployRecord(
      admin,
      'bkconn__BookingFieldMapping.bkconn__Not_Installed',
      accountName('name')
    );
    expect(deploy.success).toBe(false);
    expect(deploy.failures[0].problem).toContain(
      'Cannot create a new component with the namespace: bkconn'
    );
  });

  it('listMetadata and retrieve name the installed records as a subscriber org does', async () => {
    await deployRecord(admin, 'bkconn__BookingFieldMapping.Account_Name', accountName('x'));
    const listed = await admin.metadata.list([{ type: 'CustomMetadata' }]);
    const names = [listed].flat().map((entry) => entry.fullName);
    expect(names).toContain('bkconn__BookingFieldMapping.bkconn__Account_Name');
    expect(names).toContain('bkconn__BookingFieldMapping.Account_Name');
    const output = mkdtempSync(join(tmpdir(), 'bkconn-cmdt-'));
    const retrieve = await new ComponentSet([
      { fullName: 'bkconn__BookingFieldMapping.bkconn__Account_Name', type: 'CustomMetadata' }
    ]).retrieve({ usernameOrConnection: admin, output, merge: false });
    const result: RetrieveResult = await retrieve.pollStatus(50, 60);
    const file = result
      .getFileResponses()
      .find((entry) => entry.filePath?.endsWith('.md-meta.xml'))?.filePath;
    expect(file).toContain('bkconn__BookingFieldMapping.bkconn__Account_Name.md-meta.xml');
    const xml = readFileSync(String(file), 'utf8');
    expect(xml).toContain('<field>bkconn__SourceValue__c</field>');
    expect(xml).toContain('company');
  });
});

describe('the org that owns the namespace (a namespaced scratch org)', () => {
  let org: LocalOrg;
  let admin: Connection;
  beforeAll(async () => {
    org = await startLocalOrg({ dataDir: null, namespace: 'bkconn' });
    await installPackageSource(org, 'bkconn');
    admin = await loginAs(org);
  });
  afterAll(async () => {
    await org?.close();
  });

  // The documentation does not say whether the owning org needs the record prefix: both
  // spellings address the one record of the org's own namespace.
  it.each([
    'bkconn__BookingFieldMapping.Account_Name',
    'bkconn__BookingFieldMapping.bkconn__Account_Name',
    'BookingFieldMapping.Account_Name'
  ])('%s updates the one record', async (fullName) => {
    const deploy = await deployRecord(admin, fullName, accountName(`via ${fullName}`));
    expect(deploy.success).toBe(true);
    const records = accountNameRecords(org);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      NamespacePrefix: 'bkconn',
      bkconn__SourceValue__c: `via ${fullName}`
    });
  });
});
