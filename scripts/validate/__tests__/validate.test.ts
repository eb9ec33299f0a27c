// Each rule of the validation gate fails on a project broken in exactly that way, with a message
// that names the file and the reason; the real force-app passes every check.
import { loadProject, ProjectConfigError } from '../project.ts';
import { runChecks } from '../run.ts';
import type { CheckResult } from '../types.ts';
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
    expect(() => loadProject(copy.dir)).toThrow(ProjectConfigError);
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
