// Each rule of the validation gate fails on a project broken in exactly that way, with a message
// that names the file and the reason; the real force-app passes every check.
import { loadProject } from '../project.ts';
import { ProjectFileError } from '../../../product/project.ts';
import { runChecks } from '../run.ts';
import type { CheckResult } from '../types.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLASS_META, copyProject, DEFAULT, ROOT, type ProjectCopy } from './project-copy.ts';

const API_PERMSET = `${DEFAULT}/permissionsets/BookingConnectorApiUser.permissionset-meta.xml`;

let copy: ProjectCopy;
beforeEach(() => {
  copy = copyProject();
});
afterEach(() => copy.cleanup());

async function check(name: string): Promise<CheckResult> {
  const [result] = await runChecks(loadProject(copy.dir), [name]);
  return result;
}

function messages(result: CheckResult): string[] {
  return result.problems.map(
    (problem) => `${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`
  );
}

function addFieldPermission(field: string, editable = true): void {
  copy.edit(API_PERMSET, (xml) =>
    xml.replace(
      '<fieldPermissions>',
      `<fieldPermissions>\n        <editable>${editable}</editable>\n        <field>${field}</field>\n        <readable>true</readable>\n    </fieldPermissions>\n    <fieldPermissions>`
    )
  );
}

describe('the real project', () => {
  test('converts without a network call', async () => {
    // Any attempt to reach the network (the deploy library looking up an API version, say)
    // fails the test instead of waiting for a timeout.
    const http = jest.requireActual<typeof import('node:http')>('node:http');
    const https = jest.requireActual<typeof import('node:https')>('node:https');
    const refuse = (): never => {
      throw new Error('the validation gate tried to reach the network');
    };
    const spies = [
      jest.spyOn(http, 'request').mockImplementation(refuse),
      jest.spyOn(https, 'request').mockImplementation(refuse),
      jest.spyOn(globalThis, 'fetch').mockImplementation(refuse)
    ];
    try {
      const results = await runChecks(loadProject(ROOT), ['resolve', 'convert']);
      expect(results.flatMap(messages)).toEqual([]);
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      spies.forEach((spy) => spy.mockRestore());
    }
  });

  test('passes every check, including PMD', async () => {
    const results = await runChecks(loadProject(ROOT));
    for (const result of results) {
      expect({ check: result.name, problems: messages(result) }).toEqual({
        check: result.name,
        problems: []
      });
    }
    expect(results.map((result) => result.name)).toEqual([
      'resolve',
      'xml',
      'convert',
      'permission sets',
      'limits',
      'layouts',
      'report types',
      'apex',
      'pmd'
    ]);
  }, 120_000);
});

describe('resolve', () => {
  test('fails on an Apex class without its -meta.xml, which the deploy library would drop', async () => {
    copy.write(`${DEFAULT}/classes/Orphan.cls`, 'public with sharing class Orphan {}\n');
    const result = await check('resolve');
    expect(messages(result)).toEqual([
      expect.stringMatching(
        /^force-app\/main\/default\/classes\/Orphan\.cls: does not resolve to a metadata component: Orphan\.cls has no Orphan\.cls-meta\.xml/
      )
    ]);
  });

  test('fails on a stray file in a metadata folder', async () => {
    copy.write(`${DEFAULT}/objects/Activity/fields/notes.txt`, 'todo');
    const result = await check('resolve');
    expect(messages(result)).toEqual([
      expect.stringContaining(
        'objects/Activity/fields/notes.txt: does not resolve to a metadata component'
      )
    ]);
  });

  test('accepts a class with its -meta.xml', async () => {
    copy.write(`${DEFAULT}/classes/Fine.cls`, 'public with sharing class Fine {\n}\n');
    copy.write(`${DEFAULT}/classes/Fine.cls-meta.xml`, CLASS_META);
    expect(messages(await check('resolve'))).toEqual([]);
  });
});

describe('xml', () => {
  test('fails on XML that is not well-formed, naming file and line', async () => {
    copy.edit(`${DEFAULT}/objects/Activity/fields/Booking_Page__c.field-meta.xml`, (xml) =>
      xml.replace('</label>', '</labl>')
    );
    const result = await check('xml');
    expect(messages(result)).toEqual([
      expect.stringMatching(
        /^force-app\/main\/default\/objects\/Activity\/fields\/Booking_Page__c\.field-meta\.xml:\d+: XML is not well-formed: /
      )
    ]);
  });
});

describe('convert', () => {
  test('fails when the deploy library cannot convert the source', async () => {
    // The deploy library parses decomposed fields when it recomposes their object.
    copy.write(
      `${DEFAULT}/objects/Activity/fields/Booking_Page__c.field-meta.xml`,
      '<CustomField><<<'
    );
    const result = await check('convert');
    expect(messages(result)).toEqual([
      expect.stringMatching(
        /^force-app\/main\/default\/objects\/Activity\/fields\/Booking_Page__c\.field-meta\.xml: the deploy library cannot convert the source: .*invalid name/s
      )
    ]);
  });

  test('refuses a project without sourceApiVersion instead of going to the network', () => {
    copy.edit('sfdx-project.json', (json) => json.replace(/"sourceApiVersion": "[^"]+",\n/, ''));
    expect(() => loadProject(copy.dir)).toThrow(ProjectFileError);
    expect(() => loadProject(copy.dir)).toThrow(/must set "sourceApiVersion"/);
  });
});

describe('permission sets', () => {
  test('fails on a field permission for a field that does not exist', async () => {
    addFieldPermission('Event.Nope__c');
    expect(messages(await check('permissionSets'))).toEqual([
      expect.stringMatching(
        /BookingConnectorApiUser\.permissionset-meta\.xml:\d+: grants access to Event\.Nope__c, a field that does not exist/
      )
    ]);
  });

  test('fails when the API user misses one of the package Activity fields', async () => {
    copy.edit(API_PERMSET, (xml) =>
      xml.replace(
        /\s*<fieldPermissions>\s*<editable>true<\/editable>\s*<field>Task\.Meeting_Link__c<\/field>\s*<readable>true<\/readable>\s*<\/fieldPermissions>/,
        ''
      )
    );
    expect(messages(await check('permissionSets'))).toEqual([
      expect.stringContaining(
        'BookingConnectorApiUser.permissionset-meta.xml: misses Task.Meeting_Link__c'
      )
    ]);
  });

  test('fails when no permission set grants a sync log field, and when the API user cannot edit one', async () => {
    const adminPermissionSet = API_PERMSET.replace(
      'BookingConnectorApiUser',
      'BookingConnectorAdmin'
    );
    const withoutGrant = (field: string) => (xml: string) =>
      xml.replace(
        new RegExp(
          `\\s*<fieldPermissions>\\s*<editable>(true|false)</editable>\\s*<field>${field.replace('.', '\\.')}</field>\\s*<readable>true</readable>\\s*</fieldPermissions>`
        ),
        ''
      );
    copy.edit(API_PERMSET, withoutGrant('BookingSyncLog__c.Error__c'));
    expect(messages(await check('permissionSets'))).toEqual([
      expect.stringContaining(
        'BookingConnectorApiUser.permissionset-meta.xml: misses BookingSyncLog__c.Error__c: the API user writes BookingSyncLog__c records'
      )
    ]);
    copy.edit(adminPermissionSet, withoutGrant('BookingSyncLog__c.Error__c'));
    expect(messages(await check('permissionSets'))).toEqual([
      expect.stringContaining('misses BookingSyncLog__c.Error__c'),
      expect.stringContaining(
        'objects/BookingSyncLog__c/fields/Error__c.field-meta.xml: BookingSyncLog__c.Error__c is granted by no permission set of the package'
      )
    ]);
  });

  test('a settings field needs no field permission: the setting is granted as a whole', async () => {
    copy.write(
      `${DEFAULT}/objects/BookingConnectorSettings__c/fields/Extra__c.field-meta.xml`,
      `<?xml version="1.0" encoding="UTF-8"?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">\n    <fullName>Extra__c</fullName>\n    <label>Extra</label>\n    <length>10</length>\n    <type>Text</type>\n</CustomField>\n`
    );
    expect(messages(await check('permissionSets'))).toEqual([]);
  });

  test('fails on Activity.X__c', async () => {
    addFieldPermission('Activity.Booking_Page__c');
    expect(messages(await check('permissionSets'))).toEqual([
      expect.stringMatching(
        /grants Activity\.Booking_Page__c: .*write Event\.Booking_Page__c and Task\.Booking_Page__c instead/
      )
    ]);
  });

  test('fails on a field permission for a required custom field', async () => {
    copy.write(
      `${DEFAULT}/objects/Lead/fields/Must_Have__c.field-meta.xml`,
      `<?xml version="1.0" encoding="UTF-8"?>\n<CustomField xmlns="http://soap.sforce.com/2006/04/metadata">\n    <fullName>Must_Have__c</fullName>\n    <label>Must Have</label>\n    <length>10</length>\n    <required>true</required>\n    <type>Text</type>\n</CustomField>\n`
    );
    addFieldPermission('Lead.Must_Have__c');
    expect(messages(await check('permissionSets'))).toEqual([
      expect.stringContaining('grants access to Lead.Must_Have__c, a required field')
    ]);
  });

  // "You can only package permissions for metadata that's included in your package."
  test('fails on a field permission for a standard field, which a managed package cannot carry', async () => {
    addFieldPermission('Lead.Email');
    expect(messages(await check('permissionSets'))).toEqual([
      expect.stringMatching(
        /grants access to Lead\.Email, a standard field: a managed package can only package permissions for its own metadata .*https:\/\/developer\.salesforce\.com\/.*remove the grant/
      )
    ]);
  });

  const objectPermission = (object: string, extra = '') =>
    `    <objectPermissions>\n        <allowCreate>true</allowCreate>\n        <allowDelete>false</allowDelete>\n        <allowEdit>true</allowEdit>\n        <allowRead>true</allowRead>\n        <modifyAllRecords>false</modifyAllRecords>\n        <object>${object}</object>\n        <viewAllRecords>false</viewAllRecords>${extra}\n    </objectPermissions>\n`;
  const addObjectPermission = (object: string): void =>
    copy.edit(API_PERMSET, (xml) =>
      xml.replace('</PermissionSet>', `${objectPermission(object)}</PermissionSet>`)
    );

  // Packaging guide: object permissions for standard objects are ignored at install, so the
  // package's permission sets must not carry them (the profile gives that access).
  test.each(['Lead', 'Contact', 'Account', 'Case', 'Opportunity'])(
    'fails on object permissions on the standard object %s, citing the packaging rule',
    async (object) => {
      addObjectPermission(object);
      expect(messages(await check('permissionSets'))).toEqual([
        expect.stringMatching(
          new RegExp(
            `BookingConnectorApiUser\\.permissionset-meta\\.xml:\\d+: grants object permissions on ${object}, a standard object: "You can't include object permissions for standard objects in managed packages\\. During package installation, all object permissions for standard objects are ignored, and aren't installed in the org\\." \\(https://developer\\.salesforce\\.com/docs/atlas\\.en-us\\.pkg2_dev\\.meta/pkg2_dev/packaging_permission_set_groups\\.htm\\)`
          )
        )
      ]);
    }
  );

  test.each(['Event', 'Task'])(
    'fails on object permissions on %s, which has none in Salesforce',
    async (object) => {
      addObjectPermission(object);
      expect(messages(await check('permissionSets'))).toEqual([
        expect.stringContaining(
          `grants object permissions on ${object}: Salesforce has no object permissions for events and tasks`
        )
      ]);
    }
  );

  test('fails on object permissions on a custom object the package does not define', async () => {
    addObjectPermission('Somebody_Else__c');
    expect(messages(await check('permissionSets'))).toEqual([
      expect.stringContaining(
        'grants object permissions on Somebody_Else__c, which is not part of the package'
      )
    ]);
  });

  test('allows Delete on the sync log only (retention), never View All or Modify All on it', async () => {
    expect(messages(await check('permissionSets'))).toEqual([]);
    copy.edit(API_PERMSET, (xml) =>
      xml.replace(/(<object>BookingSyncLog__c<\/object>\s*<viewAllRecords>)false/, '$1true')
    );
    expect(messages(await check('permissionSets'))).toEqual([
      expect.stringContaining('grants View All or Modify All on BookingSyncLog__c')
    ]);
  });

  test('fails on Modify All Data, View All Data, and on Delete or View All on a package object', async () => {
    copy.write(
      `${DEFAULT}/objects/Booking_Note__c/Booking_Note__c.object-meta.xml`,
      `<?xml version="1.0" encoding="UTF-8"?>\n<CustomObject xmlns="http://soap.sforce.com/2006/04/metadata">\n    <label>Booking Note</label>\n    <pluralLabel>Booking Notes</pluralLabel>\n    <nameField>\n        <label>Name</label>\n        <type>Text</type>\n    </nameField>\n    <deploymentStatus>Deployed</deploymentStatus>\n    <sharingModel>ReadWrite</sharingModel>\n</CustomObject>\n`
    );
    copy.edit(API_PERMSET, (xml) =>
      xml.replace(
        '</PermissionSet>',
        `${objectPermission('Booking_Note__c').replace('<allowDelete>false', '<allowDelete>true').replace('<viewAllRecords>false', '<viewAllRecords>true')}    <userPermissions>\n        <enabled>true</enabled>\n        <name>ModifyAllData</name>\n    </userPermissions>\n    <userPermissions>\n        <enabled>true</enabled>\n        <name>ViewAllData</name>\n    </userPermissions>\n</PermissionSet>`
      )
    );
    expect(messages(await check('permissionSets'))).toEqual([
      expect.stringContaining('grants Delete on Booking_Note__c'),
      expect.stringContaining('grants View All or Modify All on Booking_Note__c'),
      expect.stringContaining('grants ModifyAllData'),
      expect.stringContaining('grants ViewAllData')
    ]);
  });

  test('allows Read on the package platform event and refuses more', async () => {
    const adminPermissionSet = API_PERMSET.replace(
      'BookingConnectorApiUser',
      'BookingConnectorAdmin'
    );
    expect(messages(await check('permissionSets'))).toEqual([]);
    copy.edit(adminPermissionSet, (xml) =>
      xml.replace(
        /<allowCreate>false<\/allowCreate>(\s*<allowDelete>false<\/allowDelete>\s*<allowEdit>false<\/allowEdit>\s*<allowRead>true<\/allowRead>\s*<modifyAllRecords>false<\/modifyAllRecords>\s*<object>BookingSetupDeployment__e<\/object>)/,
        '<allowCreate>true</allowCreate>$1'
      )
    );
    expect(messages(await check('permissionSets'))).toEqual([
      expect.stringContaining(
        'grants more than Read on the platform event BookingSetupDeployment__e'
      )
    ]);
  });
});

describe('limits', () => {
  const ADMIN_PERMSET = `${DEFAULT}/permissionsets/BookingConnectorAdmin.permissionset-meta.xml`;
  const BUNDLE = `${DEFAULT}/lwc/bookingRules/bookingRules.js-meta.xml`;
  const PERMISSION = `${DEFAULT}/customPermissions/Manage_Booking_Connector.customPermission-meta.xml`;
  const FIELD = `${DEFAULT}/objects/Activity/fields/Booking_Page__c.field-meta.xml`;
  const LABELS = `${DEFAULT}/labels/CustomLabels.labels-meta.xml`;
  const RECORD = `${DEFAULT}/customMetadata/BookingFieldMapping.Lead_Email.md-meta.xml`;
  const PERMSET_DOC =
    'https://developer.salesforce.com/docs/platform/api-tooling/references/tooling-objects/tooling-permissionset.html';
  const FIELD_DOC = 'https://help.salesforce.com/s/articleView?id=000381913&language=en_US&type=1';

  /** Replaces the text of the first <element> in a file. */
  function setElement(path: string, element: string, value: string): void {
    copy.edit(path, (xml) =>
      xml.replace(new RegExp(`<${element}>[^<]*</${element}>`), `<${element}>${value}</${element}>`)
    );
  }
  const lineOf = (path: string, needle: string): number =>
    readFileSync(join(copy.dir, path), 'utf8')
      .split('\n')
      .findIndex((line) => line.includes(needle)) + 1;

  test('fails on a permission set description over 255 characters, naming file, line, length, limit and source', async () => {
    setElement(API_PERMSET, 'description', 'x'.repeat(412));
    expect(messages(await check('limits'))).toEqual([
      `${API_PERMSET}:${lineOf(API_PERMSET, '<description>')}: <description> is 412 characters; PermissionSet description allows 255. Shorten it (${PERMSET_DOC})`
    ]);
  });

  test('accepts exactly 255 characters, counting an entity and an emoji as one character each', async () => {
    setElement(API_PERMSET, 'description', `&amp;😀${'x'.repeat(253)}`);
    expect(messages(await check('limits'))).toEqual([]);
    setElement(API_PERMSET, 'description', `&amp;😀${'x'.repeat(254)}`);
    expect(messages(await check('limits'))).toEqual([
      expect.stringContaining(
        '<description> is 256 characters; PermissionSet description allows 255'
      )
    ]);
  });

  test('counts the whitespace around a description, and says when only that breaks the limit', async () => {
    setElement(API_PERMSET, 'description', `\n        ${'w'.repeat(250)}\n    `);
    expect(messages(await check('limits'))).toEqual([
      `${API_PERMSET}:${lineOf(API_PERMSET, '<description>')}: <description> is 250 characters, 264 with the whitespace around it; PermissionSet description allows 255 and a deploy may count that whitespace. Remove it (${PERMSET_DOC})`
    ]);
  });

  test('fails on a permission set label over 80 characters and a name that breaks the naming rule', async () => {
    setElement(ADMIN_PERMSET, 'label', 'L'.repeat(81));
    copy.write(
      `${DEFAULT}/permissionsets/Booking__Extra.permissionset-meta.xml`,
      readFileSync(join(copy.dir, ADMIN_PERMSET), 'utf8')
    );
    const result = messages(await check('limits'));
    expect(result).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /BookingConnectorAdmin\.permissionset-meta\.xml:\d+: <label> is 81 characters; PermissionSet label allows 80\./
        ),
        expect.stringContaining(
          'Booking__Extra.permissionset-meta.xml:2: the name "Booking__Extra" contains two consecutive underscores'
        )
      ])
    );
  });

  test('fails on a Lightning web component bundle description over 255 characters', async () => {
    setElement(BUNDLE, 'description', 'd'.repeat(256));
    expect(messages(await check('limits'))).toEqual([
      expect.stringMatching(
        /^force-app\/main\/default\/lwc\/bookingRules\/bookingRules\.js-meta\.xml:\d+: <description> is 256 characters; LightningComponentBundle description allows 255\. Shorten it \(https:\/\/developer\.salesforce\.com\/docs\/platform\/api-tooling\/references\/tooling-objects\/tooling-lightningcomponentbundle\.html\)$/
      )
    ]);
  });

  test('fails on a custom permission description over 255 and label over 80', async () => {
    setElement(PERMISSION, 'description', 'p'.repeat(300));
    setElement(PERMISSION, 'label', 'q'.repeat(90));
    expect(messages(await check('limits'))).toEqual([
      expect.stringContaining(
        '<description> is 300 characters; CustomPermission description allows 255'
      ),
      expect.stringContaining('<label> is 90 characters; CustomPermission label allows 80')
    ]);
  });

  test('fails on a custom field label over 40 characters', async () => {
    setElement(FIELD, 'label', 'Booking Page Of The Scheduling Product X1');
    expect(messages(await check('limits'))).toEqual([
      `${FIELD}:${lineOf(FIELD, '<label>')}: <label> is 41 characters; CustomField label allows 40. Shorten it (${FIELD_DOC})`
    ]);
  });

  test('fails on a custom field API name over 40 characters without __c, and on each naming rule', async () => {
    const field = (name: string) => `${DEFAULT}/objects/Activity/fields/${name}.field-meta.xml`;
    const source = readFileSync(join(copy.dir, FIELD), 'utf8');
    const names = [
      `A${'b'.repeat(40)}__c`, // 41 without the suffix
      '1Booking__c',
      'Booking_Page___c',
      'Booking__Page__c',
      'Booking-Page__c'
    ];
    for (const name of names) copy.write(field(name), source.replace('Booking_Page__c', name));
    copy.write(
      field(`A${'b'.repeat(39)}__c`),
      source.replace('Booking_Page__c', `A${'b'.repeat(39)}__c`)
    );
    const result = messages(await check('limits'));
    expect(result).toEqual([
      expect.stringContaining('1Booking__c" does not begin with a letter'),
      expect.stringContaining(
        `the name "A${'b'.repeat(40)}__c" is 41 characters without its suffix; CustomField name allows 40 without its suffix`
      ),
      expect.stringContaining(
        'Booking-Page__c" contains a character other than letters, digits and underscores'
      ),
      expect.stringContaining('Booking_Page___c" ends with an underscore'),
      expect.stringContaining('Booking__Page__c" contains two consecutive underscores')
    ]);
  });

  test('fails on a custom object name over 40 characters; standard objects are not checked', async () => {
    const name = `Booking${'X'.repeat(34)}__c`;
    copy.write(
      `${DEFAULT}/objects/${name}/${name}.object-meta.xml`,
      readFileSync(
        join(
          copy.dir,
          `${DEFAULT}/objects/BookingConnectorSettings__c/BookingConnectorSettings__c.object-meta.xml`
        ),
        'utf8'
      )
    );
    expect(messages(await check('limits'))).toEqual([
      expect.stringContaining(
        `the name "${name}" is 41 characters without its suffix; CustomObject name allows 40`
      )
    ]);
  });

  test('fails on a custom label value over 1000 characters and categories over 255, at the label that breaks it', async () => {
    copy.edit(LABELS, (xml) => {
      const parts = xml.split('<value>');
      parts[2] = `${'v'.repeat(1001)}${parts[2].slice(parts[2].indexOf('</value>'))}`;
      return parts
        .join('<value>')
        .replace(/<categories>[^<]*<\/categories>/, `<categories>${'c'.repeat(256)}</categories>`);
    });
    const text = readFileSync(join(copy.dir, LABELS), 'utf8').split('\n');
    const valueLine = text.findIndex((line) => line.includes('v'.repeat(1001))) + 1;
    expect(messages(await check('limits'))).toEqual([
      expect.stringMatching(
        /CustomLabels\.labels-meta\.xml:5: <categories> is 256 characters; CustomLabel categories allows 255\./
      ),
      expect.stringContaining(
        `CustomLabels.labels-meta.xml:${valueLine}: <value> is 1001 characters; CustomLabel value allows 1000.`
      )
    ]);
  });

  test('fails on a custom metadata record description over 1000 characters', async () => {
    copy.edit(RECORD, (xml) =>
      xml.replace('<label>', `<description>${'m'.repeat(1001)}</description>\n    <label>`)
    );
    expect(messages(await check('limits'))).toEqual([
      expect.stringContaining(
        'BookingFieldMapping.Lead_Email.md-meta.xml:3: <description> is 1001 characters; CustomMetadata record description allows 1000.'
      )
    ]);
  });
});

describe('layouts', () => {
  const LOG_LAYOUT = `${DEFAULT}/layouts/BookingSyncLog__c-Booking Sync Log Layout.layout-meta.xml`;

  test('passes on the package layouts', async () => {
    expect(messages(await check('layouts'))).toEqual([]);
  });

  test('fails on a layout item naming a missing field, and on a package object field left off its layout', async () => {
    copy.edit(LOG_LAYOUT, (xml) =>
      xml.replace('<field>Worker__c</field>', '<field>Workers__c</field>')
    );
    expect(messages(await check('layouts'))).toEqual([
      expect.stringMatching(
        /BookingSyncLog__c-Booking Sync Log Layout\.layout-meta\.xml:\d+: names BookingSyncLog__c\.Workers__c, which is not a field of the package/
      ),
      expect.stringContaining('misses BookingSyncLog__c.Worker__c')
    ]);
  });
});

describe('report types', () => {
  const REPORT_TYPE = `${DEFAULT}/reportTypes/Booking_Sync_Logs.reportType-meta.xml`;

  test('passes on the package report type', async () => {
    expect(messages(await check('reportTypes'))).toEqual([]);
  });

  test('fails on a column naming a missing field, on a field left out, and on a base object outside the package', async () => {
    copy.edit(REPORT_TYPE, (xml) =>
      xml.replace('<field>Worker__c</field>', '<field>Workers__c</field>')
    );
    expect(messages(await check('reportTypes'))).toEqual([
      expect.stringMatching(
        /Booking_Sync_Logs\.reportType-meta\.xml:\d+: names BookingSyncLog__c\.Workers__c, which is not a field of the package/
      ),
      expect.stringContaining('misses BookingSyncLog__c.Worker__c')
    ]);
    copy.edit(REPORT_TYPE, (xml) => xml.replace(/BookingSyncLog__c/g, 'Lead'));
    expect(messages(await check('reportTypes'))).toEqual([
      expect.stringContaining('is on Lead, which is not an object of the package')
    ]);
  });
});

describe('apex', () => {
  test('fails on Apex that does not parse, with line and column', async () => {
    copy.write(
      `${DEFAULT}/classes/Broken.cls`,
      'public with sharing class Broken {\n    public void run( {\n    }\n}\n'
    );
    copy.write(`${DEFAULT}/classes/Broken.cls-meta.xml`, CLASS_META);
    const result = await check('apex');
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems[0]).toMatchObject({ file: `${DEFAULT}/classes/Broken.cls`, line: 2 });
    expect(result.problems[0].message).toMatch(/^Apex does not parse: /);
  });

  test('fails on Apex that is not Prettier-formatted', async () => {
    copy.write(
      `${DEFAULT}/classes/Messy.cls`,
      'public with sharing class Messy{public Integer x=1;}\n'
    );
    copy.write(`${DEFAULT}/classes/Messy.cls-meta.xml`, CLASS_META);
    expect(messages(await check('apex'))).toEqual([
      expect.stringContaining('classes/Messy.cls: is not Prettier-formatted')
    ]);
  });

  test('fails on a trigger that does not parse', async () => {
    copy.write(`${DEFAULT}/triggers/Bad.trigger`, 'trigger Bad on Event (before insert {\n}\n');
    copy.write(
      `${DEFAULT}/triggers/Bad.trigger-meta.xml`,
      CLASS_META.replace(/ApexClass/g, 'ApexTrigger')
    );
    expect(messages(await check('apex'))).toEqual([
      expect.stringMatching(/triggers\/Bad\.trigger:1: Apex does not parse/)
    ]);
  });
});

describe('pmd', () => {
  test('fails on SOQL injection, missing CRUD checks and missing sharing, naming rule, file and line', async () => {
    copy.write(
      `${DEFAULT}/classes/Unsafe.cls`,
      [
        'public class Unsafe {',
        '  public static List<Account> find(String name) {',
        "    return Database.query('SELECT Id FROM Account WHERE Name = \\'' + name + '\\'');",
        '  }',
        '  public static void save(Account record) {',
        '    update record;',
        '  }',
        '}',
        ''
      ].join('\n')
    );
    copy.write(`${DEFAULT}/classes/Unsafe.cls-meta.xml`, CLASS_META);
    const found = messages(await check('pmd'));
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/classes\/Unsafe\.cls:3: PMD ApexSOQLInjection/),
        expect.stringMatching(/classes\/Unsafe\.cls:6: PMD ApexCRUDViolation/),
        expect.stringMatching(/classes\/Unsafe\.cls:1: PMD ApexSharingViolations/)
      ])
    );
  }, 120_000);
});
