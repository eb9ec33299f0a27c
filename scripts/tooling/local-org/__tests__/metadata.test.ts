// Contract tests of the local org's Metadata API through the deploy library: what a deploy
// changes, what makes it fail (with the org unchanged), validation-only deploys, retrieve,
// listMetadata, and the namespace prefix of a namespaced org.
import type { Connection } from '@salesforce/core';
import { ComponentSet, RetrieveResult } from '@salesforce/source-deploy-retrieve';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
  readFileSync,
  existsSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalOrg, type LocalOrg } from '../server.ts';
import { assignPermissionSet } from '../../test-kit/fixtures.ts';
import { API_VERSION, loginAs } from '../../test-kit/login.ts';
import { deploySource } from '../../test-kit/org.ts';

jest.setTimeout(60_000);

const CLASS_META = `<?xml version="1.0" encoding="UTF-8"?>\n<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">\n    <apiVersion>${API_VERSION}</apiVersion>\n    <status>Active</status>\n</ApexClass>\n`;

/** A copy of force-app with one thing changed, in a temporary folder. */
function brokenCopy(change: (root: string) => void): string {
  const root = mkdtempSync(join(tmpdir(), 'local-org-deploy-'));
  cpSync('force-app', join(root, 'force-app'), { recursive: true });
  change(join(root, 'force-app/main/default'));
  return join(root, 'force-app');
}

let org: LocalOrg;
let admin: Connection;
beforeAll(async () => {
  org = await startLocalOrg();
  admin = await loginAs(org);
});
afterAll(() => org.close());

const failuresOf = (result: Awaited<ReturnType<typeof deploySource>>) =>
  [result.response.details.componentFailures ?? []].flat().map((failure) => ({
    type: failure.componentType,
    name: failure.fullName,
    problem: failure.problem,
    line: failure.lineNumber
  }));

describe('deploy', () => {
  test('a broken deploy fails with component failures and leaves the org unchanged', async () => {
    const before = JSON.stringify(org.store.state.schema);
    const source = brokenCopy((dir) => {
      writeFileSync(
        join(dir, 'objects/Activity/fields/Weird__c.field-meta.xml'),
        '<?xml version="1.0" encoding="UTF-8"?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">\n    <fullName>Weird__c</fullName>\n    <label>Weird</label>\n    <type>Hologram</type>\n</CustomField>\n'
      );
      mkdirSync(join(dir, 'classes'), { recursive: true });
      writeFileSync(
        join(dir, 'classes/Broken.cls'),
        'public with sharing class Broken {\n    public void run( {\n    }\n}\n'
      );
      writeFileSync(join(dir, 'classes/Broken.cls-meta.xml'), CLASS_META);
      const permset = join(dir, 'permissionsets/BookingConnectorApiUser.permissionset-meta.xml');
      writeFileSync(
        permset,
        readFileSync(permset, 'utf8')
          .replace('<field>Event.Booking_Page__c</field>', '<field>Event.Nope__c</field>')
          .replace('<field>Task.Booking_Page__c</field>', '<field>Lead.LastName</field>')
      );
    });
    const result = await deploySource(admin, source);
    expect(result.response.success).toBe(false);
    expect(result.response.status).toBe('Failed');
    expect(failuresOf(result)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'CustomObject',
          name: 'Activity',
          problem: expect.stringContaining(
            "'Hologram' is not a valid value for the enum 'FieldType'"
          )
        }),
        expect.objectContaining({ type: 'ApexClass', name: 'Broken', line: 2 }),
        expect.objectContaining({
          type: 'PermissionSet',
          name: 'BookingConnectorApiUser',
          problem: 'In field: field - no CustomField named Event.Nope__c found'
        })
      ])
    );
    expect(JSON.stringify(org.store.state.schema)).toBe(before);
    expect(
      (
        await admin.query(
          "SELECT COUNT() FROM PermissionSet WHERE Name = 'BookingConnectorApiUser'"
        )
      ).totalSize
    ).toBe(0);
    rmSync(join(source, '..'), { recursive: true, force: true });
  });

  // Events and tasks have no object permissions (platform rule permission.Event.noObjectPermissions).
  test('a permission set or profile may not carry object permissions for Event or Task', async () => {
    const eventGrant = (objectName: string) =>
      `    <objectPermissions>\n        <allowCreate>true</allowCreate>\n        <allowDelete>false</allowDelete>\n        <allowEdit>true</allowEdit>\n        <allowRead>true</allowRead>\n        <modifyAllRecords>false</modifyAllRecords>\n        <object>${objectName}</object>\n        <viewAllRecords>false</viewAllRecords>\n    </objectPermissions>\n`;
    const source = brokenCopy((dir) => {
      const permset = join(dir, 'permissionsets/BookingConnectorApiUser.permissionset-meta.xml');
      writeFileSync(
        permset,
        readFileSync(permset, 'utf8').replace(
          '</PermissionSet>',
          `${eventGrant('Event')}</PermissionSet>`
        )
      );
      mkdirSync(join(dir, 'profiles'), { recursive: true });
      writeFileSync(
        join(dir, 'profiles/Booking Secure.profile-meta.xml'),
        `<?xml version="1.0" encoding="UTF-8"?>\n<Profile xmlns="http://soap.sforce.com/2006/04/metadata">\n    <custom>true</custom>\n${eventGrant('Task')}    <userLicense>Salesforce</userLicense>\n</Profile>\n`
      );
    });
    const result = await deploySource(admin, source);
    expect(result.response.success).toBe(false);
    const failures = failuresOf(result);
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'PermissionSet',
          name: 'BookingConnectorApiUser',
          problem: expect.stringMatching(
            /^Event has no object permissions: access to events comes from the user permissions Edit Events and Access Activities\. Remove the objectPermissions entry for Event \(https:/
          ),
          line: expect.any(Number)
        }),
        expect.objectContaining({
          type: 'Profile',
          name: 'Booking Secure',
          problem: expect.stringContaining('Task has no object permissions')
        })
      ])
    );
    rmSync(join(source, '..'), { recursive: true, force: true });
  });

  test('a permission set may not grant a required field', async () => {
    const source = brokenCopy((dir) => {
      const permset = join(dir, 'permissionsets/BookingConnectorApiUser.permissionset-meta.xml');
      writeFileSync(
        permset,
        readFileSync(permset, 'utf8').replace(
          '<field>Task.Booking_Page__c</field>',
          '<field>Lead.LastName</field>'
        )
      );
    });
    const result = await deploySource(admin, source);
    expect(failuresOf(result)).toEqual([
      expect.objectContaining({
        type: 'PermissionSet',
        problem: 'You cannot deploy to a required field: Lead.LastName'
      })
    ]);
    rmSync(join(source, '..'), { recursive: true, force: true });
  });

  test('a validation-only deploy (checkOnly) succeeds without changing the org', async () => {
    const set = ComponentSet.fromSource('force-app');
    set.sourceApiVersion = API_VERSION;
    set.apiVersion = API_VERSION;
    const deploy = await set.deploy({
      usernameOrConnection: admin,
      apiOptions: { checkOnly: true }
    });
    const result = await deploy.pollStatus(50, 60);
    expect(result.response).toMatchObject({ success: true, checkOnly: true });
    expect(org.store.state.schema.event.fields.booking_id__c).toBeUndefined();
  });

  test('the package deploys, and its parts change describe, SOQL and the permission records', async () => {
    const result = await deploySource(admin, 'force-app');
    expect(result.response).toMatchObject({ success: true, status: 'Succeeded' });
    const successes = result.getFileResponses().filter((file) => file.state !== 'Failed');
    expect(successes.length).toBeGreaterThan(40);
    const grants = await admin.query<{ Field: string; PermissionsEdit: boolean }>(
      "SELECT Field, PermissionsEdit FROM FieldPermissions WHERE Parent.Name = 'BookingConnectorApiUser' AND SobjectType = 'Task'"
    );
    // One grant per package Activity field the API user edits (Booking_Sequence__c included).
    expect(grants.records).toHaveLength(9);
    expect(grants.records.map((grant) => grant.Field)).toContain('Task.Booking_Sequence__c');
    const objects = await admin.query<{ SobjectType: string; PermissionsDelete: boolean }>(
      "SELECT SobjectType, PermissionsDelete FROM ObjectPermissions WHERE Parent.Name = 'BookingConnectorApiUser' ORDER BY SobjectType"
    );
    // A managed package cannot grant standard-object permissions (they are dropped at install),
    // so the API-user permission set carries only its own object: the sync log, which the
    // engine creates and (retention) deletes.
    expect(objects.records).toEqual([
      expect.objectContaining({ SobjectType: 'BookingSyncLog__c', PermissionsDelete: true })
    ]);
    const mappings = await admin.query<{ TargetField__c: string }>(
      "SELECT TargetField__c FROM BookingFieldMapping__mdt WHERE TargetObject__c = 'Lead' AND DeveloperName = 'Lead_Email'"
    );
    expect(mappings.records[0].TargetField__c).toBe('Email');
    const custom = await admin.query<{ DeveloperName: string }>(
      'SELECT DeveloperName FROM CustomPermission'
    );
    expect(custom.records.map((row) => row.DeveloperName)).toEqual(['Manage_Booking_Connector']);
    const settings = await admin.sobject('BookingConnectorSettings__c').describe();
    expect(settings.customSetting).toBe(true);
  });

  test('listMetadata and retrieve return what was deployed', async () => {
    const layouts = await admin.metadata.list([{ type: 'Layout' }]);
    // The package's layout beside the standard Event layout every org starts with.
    expect(
      [layouts]
        .flat()
        .map((entry) => entry.fullName)
        .sort()
    ).toEqual([
      'BookingSyncLog__c-Booking Sync Log Layout',
      'Event-Booking Connector Event Layout',
      'Event-Event Layout'
    ]);
    const output = mkdtempSync(join(tmpdir(), 'local-org-retrieve-'));
    const retrieve = await new ComponentSet([
      { fullName: 'Event-Booking Connector Event Layout', type: 'Layout' },
      { fullName: 'Missing', type: 'Layout' }
    ]).retrieve({ usernameOrConnection: admin, output, merge: false });
    const result: RetrieveResult = await retrieve.pollStatus(50, 60);
    expect(result.response.success).toBe(true);
    const files = result.getFileResponses().map((file) => file.filePath ?? '');
    expect(
      files.some(
        (file) =>
          file.endsWith('Event-Booking Connector Event Layout.layout-meta.xml') && existsSync(file)
      )
    ).toBe(true);
    expect([result.response.messages ?? []].flat()).toEqual([
      expect.objectContaining({
        problem: "Entity of type 'Layout' named 'Missing' cannot be found"
      })
    ]);
    rmSync(output, { recursive: true, force: true });
  });
});

describe('metadata limits, as a real deploy refuses them', () => {
  const API_USER = 'permissionsets/BookingConnectorApiUser.permissionset-meta.xml';
  const setElement = (file: string, element: string, value: string): void =>
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        new RegExp(`<${element}>[^<]*</${element}>`),
        `<${element}>${value}</${element}>`
      )
    );

  test('a description, label or API name over its limit fails its component with the deploy error text, and nothing changes', async () => {
    const before = JSON.stringify(org.store.state.records.permissionset);
    const tooLong = 'For the one dedicated API user. '.repeat(13); // 416 characters
    const source = brokenCopy((dir) => {
      setElement(join(dir, API_USER), 'description', tooLong);
      // 250 characters inside, 264 with the whitespace around them: the strict reading refuses.
      setElement(
        join(dir, 'permissionsets/BookingConnectorAdmin.permissionset-meta.xml'),
        'description',
        `\n        ${'w'.repeat(250)}\n    `
      );
      setElement(
        join(dir, 'lwc/bookingRules/bookingRules.js-meta.xml'),
        'description',
        'd'.repeat(256)
      );
      setElement(
        join(dir, 'objects/Activity/fields/Booking_Page__c.field-meta.xml'),
        'label',
        'L'.repeat(41)
      );
      const fieldXml = readFileSync(
        join(dir, 'objects/Activity/fields/Booking_Page__c.field-meta.xml'),
        'utf8'
      );
      writeFileSync(
        join(dir, 'objects/BookingSetupDeployment__e/fields/Job__Id__c.field-meta.xml'),
        fieldXml
          .replace(/<fullName>[^<]*<\/fullName>/, '<fullName>Job__Id__c</fullName>')
          .replace('L'.repeat(41), 'Job')
      );
      const labels = join(dir, 'labels/CustomLabels.labels-meta.xml');
      writeFileSync(
        labels,
        readFileSync(labels, 'utf8').replace(
          /<value>[^<]*<\/value>/,
          `<value>${'v'.repeat(1001)}</value>`
        )
      );
    });
    const result = await deploySource(admin, source);
    expect(result.response.success).toBe(false);
    expect(failuresOf(result)).toEqual(
      expect.arrayContaining([
        {
          type: 'PermissionSet',
          name: 'BookingConnectorApiUser',
          problem: `Description: data value too large: ${tooLong.trim()} (max length=255)`,
          line: undefined
        },
        expect.objectContaining({
          type: 'PermissionSet',
          name: 'BookingConnectorAdmin',
          problem: `Description: data value too large: ${'w'.repeat(250)} (max length=255)`
        }),
        expect.objectContaining({
          type: 'LightningComponentBundle',
          name: 'bookingRules',
          problem: `Description: data value too large: ${'d'.repeat(256)} (max length=255)`
        }),
        expect.objectContaining({
          type: 'CustomObject',
          name: 'Activity',
          problem: `Label: data value too large: ${'L'.repeat(41)} (max length=40)`
        }),
        expect.objectContaining({
          type: 'CustomObject',
          name: 'BookingSetupDeployment__e',
          problem: expect.stringContaining(
            'DeveloperName: The CustomField name "Job__Id__c" can only contain underscores and alphanumeric characters.'
          )
        }),
        expect.objectContaining({
          type: 'CustomLabels',
          problem: `Value: data value too large: ${'v'.repeat(1001)} (max length=1000)`
        })
      ])
    );
    expect(JSON.stringify(org.store.state.records.permissionset)).toBe(before);
    rmSync(join(source, '..'), { recursive: true, force: true });
  });

  test('a description of exactly 255 characters deploys, an entity counting as one character', async () => {
    const exact = `Booking &amp; ${'x'.repeat(245)}`; // "Booking & " is 10 characters
    const source = brokenCopy((dir) => setElement(join(dir, API_USER), 'description', exact));
    const result = await deploySource(admin, source);
    expect(failuresOf(result)).toEqual([]);
    const sets = await admin.query<{ Description: string }>(
      "SELECT Description FROM PermissionSet WHERE Name = 'BookingConnectorApiUser'"
    );
    expect(sets.records[0].Description).toHaveLength(255);
    rmSync(join(source, '..'), { recursive: true, force: true });
  });
});

describe('a namespaced org', () => {
  test('package names carry the namespace prefix', async () => {
    const namespaced = await startLocalOrg({ namespace: 'bkconn' });
    try {
      const connection = await loginAs(namespaced);
      const result = await deploySource(connection, 'force-app');
      expect(result.response.success).toBe(true);
      // Field-level security applies to the admin too: the field shows once a set grants it.
      await assignPermissionSet(connection, namespaced.adminUsername, 'BookingConnectorAdmin');
      const event = await connection.sobject('Event').describe();
      expect(event.fields.map((field) => field.name)).toContain('bkconn__Booking_Id__c');
      const grants = await connection.query<{ Field: string }>(
        "SELECT Field FROM FieldPermissions WHERE Parent.Name = 'BookingConnectorApiUser' AND Field = 'Event.bkconn__Booking_Id__c'"
      );
      expect(grants.totalSize).toBe(1);
      const sets = await connection.query<{ NamespacePrefix: string }>(
        "SELECT NamespacePrefix FROM PermissionSet WHERE Name = 'BookingConnectorApiUser'"
      );
      expect(sets.records[0].NamespacePrefix).toBe('bkconn');
      expect(
        (await connection.query('SELECT COUNT() FROM bkconn__BookingFieldMapping__mdt')).totalSize
      ).toBe(32);
    } finally {
      await namespaced.close();
    }
  });
});
