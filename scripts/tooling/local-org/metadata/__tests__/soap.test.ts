// Unit tests of the Metadata API SOAP handler, one operation at a time, without a server: the
// request is the envelope jsforce sends, the answer is parsed back as jsforce parses it. The org
// is the real seed in an in-memory store, so "unchanged" means byte-for-byte the same state.
import JSZip from 'jszip';
import { XMLParser } from 'fast-xml-parser';
import { LocalOrgStore } from '../../store.ts';
import { seedOrgState } from '../../seed.ts';
import { handleMetadataSoap } from '../soap.ts';
import { computeAccess } from '../../access.ts';
import { runQuery } from '../../soql.ts';
import { API_VERSION } from '../../../test-kit/login.ts';

const NS = 'http://soap.sforce.com/2006/04/metadata';
const META = (type: string, body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${type} xmlns="${NS}">\n${body}\n</${type}>\n`;
const CLASS_META = META(
  'ApexClass',
  `<apiVersion>${API_VERSION}</apiVersion><status>Active</status>`
);
const PACKAGE = META('Package', `<version>${API_VERSION}</version>`);

const responseParser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) =>
    ['componentSuccesses', 'componentFailures', 'messages', 'result'].includes(name)
});

function newOrg(namespace: string | null = null) {
  const store = new LocalOrgStore(
    seedOrgState({ instanceUrl: 'http://127.0.0.1:1', namespace }),
    null
  );
  const admin = Object.values(store.state.records.user ?? {})[0];
  return { store, userId: admin.Id, apiVersion: API_VERSION, instanceUrl: 'http://127.0.0.1:1' };
}
type Ctx = ReturnType<typeof newOrg>;

function envelope(operation: string, inner: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="${NS}">` +
    `<soapenv:Header><SessionHeader><sessionId>token</sessionId></SessionHeader></soapenv:Header>` +
    `<soapenv:Body><${operation}>${inner}</${operation}></soapenv:Body></soapenv:Envelope>`
  );
}

/** Calls one operation; returns the HTTP status and the parsed `result` elements (or the fault). */
async function call(ctx: Ctx, operation: string, inner: string) {
  const response = await handleMetadataSoap(envelope(operation, inner), ctx);
  const parsed = responseParser.parse(response.body) as {
    Envelope: {
      Body: Record<string, { result?: Record<string, unknown>[] } & Record<string, string>>;
    };
  };
  const body = parsed.Envelope.Body;
  return {
    status: response.status,
    raw: response.body,
    results: body[`${operation}Response`]?.result ?? [],
    fault: body.Fault as unknown as { faultcode: string; faultstring: string } | undefined
  };
}

async function zipOf(files: Record<string, string>): Promise<string> {
  const zip = new JSZip();
  zip.file('package.xml', PACKAGE);
  for (const [path, content] of Object.entries(files)) zip.file(path, content);
  return (await zip.generateAsync({ type: 'nodebuffer' })).toString('base64');
}

/** deploy, then checkDeployStatus with details, as SDR's pollStatus does. */
async function deploy(ctx: Ctx, files: Record<string, string>, options = '') {
  const started = await call(
    ctx,
    'deploy',
    `<ZipFile>${await zipOf(files)}</ZipFile><DeployOptions>${options.includes('rollbackOnError') ? '' : '<rollbackOnError>true</rollbackOnError>'}${options}</DeployOptions>`
  );
  expect(started.status).toBe(200);
  const id = String(started.results[0].id);
  expect(id).toMatch(/^0Af[0-9A-Za-z]{15}$/);
  const status = await call(
    ctx,
    'checkDeployStatus',
    `<asyncProcessId>${id}</asyncProcessId><includeDetails>true</includeDetails>`
  );
  expect(status.status).toBe(200);
  const result = status.results[0] as Record<string, unknown> & {
    details: {
      componentSuccesses?: Record<string, string>[];
      componentFailures?: Record<string, string>[];
    };
  };
  return { id, result };
}

const BOOKING_OBJECT = META(
  'CustomObject',
  `<label>Booking</label><pluralLabel>Bookings</pluralLabel><deploymentStatus>Deployed</deploymentStatus>
<nameField><label>Booking Name</label><type>Text</type></nameField><sharingModel>ReadWrite</sharingModel>
<fields><fullName>Paid__c</fullName><label>Paid</label><type>Checkbox</type><defaultValue>true</defaultValue></fields>
<fields><fullName>Stage__c</fullName><label>Stage</label><type>Picklist</type><valueSet><restricted>true</restricted><valueSetDefinition>
<value><fullName>Booked</fullName><default>true</default><label>Booked</label></value>
<value><fullName>Cancelled</fullName><default>false</default><label>Cancelled</label></value>
</valueSetDefinition></valueSet></fields>
<fields><fullName>Page__c</fullName><label>Page</label><type>Url</type></fields>`
);
const ACTIVITY_FIELD = META(
  'CustomField',
  '<fullName>Booking_Id__c</fullName><label>Booking Id</label><type>Text</type><length>255</length><externalId>true</externalId>'
);

describe('deploy and checkDeployStatus', () => {
  test('a valid package commits: objects, Activity fields on Event and Task, Apex stored', async () => {
    const ctx = newOrg();
    const { result } = await deploy(ctx, {
      'objects/Booking__c.object': BOOKING_OBJECT,
      'objects/Activity.object': META(
        'CustomObject',
        `<fields>${ACTIVITY_FIELD.replace(/^[\s\S]*?<CustomField[^>]*>|<\/CustomField>\s*$/g, '')}</fields>`
      ),
      'classes/BookingService.cls':
        'public with sharing class BookingService {\n    public Integer count() { return 1; }\n}\n',
      'classes/BookingService.cls-meta.xml': CLASS_META
    });
    expect(result).toMatchObject({
      done: 'true',
      status: 'Succeeded',
      success: 'true',
      numberComponentErrors: '0',
      numberComponentsDeployed: '6',
      numberComponentsTotal: '6'
    });
    expect(result.details.componentFailures).toBeUndefined();
    const successes = result.details.componentSuccesses ?? [];
    expect(successes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          componentType: 'CustomObject',
          fullName: 'Booking__c',
          fileName: 'objects/Booking__c.object',
          created: 'true'
        }),
        expect.objectContaining({ componentType: 'CustomField', fullName: 'Booking__c.Stage__c' }),
        expect.objectContaining({
          componentType: 'CustomField',
          fullName: 'Activity.Booking_Id__c'
        }),
        expect.objectContaining({
          componentType: 'ApexClass',
          fullName: 'BookingService',
          fileName: 'classes/BookingService.cls',
          success: 'true'
        }),
        expect.objectContaining({ fullName: 'package.xml', fileName: 'package.xml' })
      ])
    );
    const booking = ctx.store.state.schema.booking__c;
    expect(booking.fields.paid__c).toMatchObject({
      type: 'boolean',
      defaultValue: true,
      nillable: false
    });
    expect(booking.fields.stage__c).toMatchObject({ type: 'picklist', restrictedPicklist: true });
    expect(
      booking.fields.stage__c.picklistValues.map((value) => [value.value, value.defaultValue])
    ).toEqual([
      ['Booked', true],
      ['Cancelled', false]
    ]);
    expect(booking.fields.page__c.type).toBe('url');
    for (const activity of ['event', 'task'])
      expect(ctx.store.state.schema[activity].fields.booking_id__c).toMatchObject({
        type: 'string',
        length: 255,
        externalId: true
      });
    expect(
      ctx.store.state.components['ApexClass:BookingService'].files['classes/BookingService.cls']
    ).toContain('count()');
  });

  test('a platform event deploys with its fields, publishable but not queryable or updatable', async () => {
    const ctx = newOrg();
    const { result } = await deploy(ctx, {
      'objects/Deployment__e.object': META(
        'CustomObject',
        `<deploymentStatus>Deployed</deploymentStatus><eventType>HighVolume</eventType>
<label>Deployment</label><pluralLabel>Deployments</pluralLabel><publishBehavior>PublishAfterCommit</publishBehavior>
<fields><fullName>JobId__c</fullName><label>Job Id</label><length>18</length><type>Text</type></fields>
<fields><fullName>Errors__c</fullName><label>Errors</label><length>131072</length><type>LongTextArea</type><visibleLines>5</visibleLines></fields>`
      )
    });
    expect(result).toMatchObject({ status: 'Succeeded', numberComponentErrors: '0' });
    const event = ctx.store.state.schema.deployment__e;
    expect(event).toMatchObject({
      custom: true,
      createable: true,
      queryable: false,
      updateable: false,
      deletable: false
    });
    expect(event.fields.jobid__c).toMatchObject({ type: 'string', length: 18 });
    expect(event.fields.errors__c).toMatchObject({ type: 'textarea', length: 131072 });
    expect(event.fields.replayid).toMatchObject({ createable: false });
  });

  test('deployed Apex becomes queryable ApexClass and ApexTrigger rows, with the component Id', async () => {
    const ctx = newOrg();
    await deploy(ctx, {
      'classes/BookingService.cls': 'public with sharing class BookingService {}\n',
      'classes/BookingService.cls-meta.xml': CLASS_META,
      'triggers/BookingLead.trigger': 'trigger BookingLead on Lead (before insert) {}\n',
      'triggers/BookingLead.trigger-meta.xml': META(
        'ApexTrigger',
        `<apiVersion>${API_VERSION}</apiVersion><status>Active</status>`
      )
    });
    const query = (soql: string) =>
      runQuery(
        {
          state: ctx.store.state,
          access: computeAccess(ctx.store.state, ctx.userId),
          apiVersion: API_VERSION
        },
        soql
      ).records;
    expect(query('SELECT Id, Name, ApiVersion, Status FROM ApexClass')).toEqual([
      expect.objectContaining({
        Id: ctx.store.state.components['ApexClass:BookingService'].id,
        Name: 'BookingService',
        ApiVersion: 66,
        Status: 'Active'
      })
    ]);
    expect(query('SELECT Name, TableEnumOrId FROM ApexTrigger')).toEqual([
      expect.objectContaining({ Name: 'BookingLead', TableEnumOrId: 'Lead' })
    ]);
  });

  test('without includeDetails the status has no details', async () => {
    const ctx = newOrg();
    const { id } = await deploy(ctx, { 'objects/Booking__c.object': BOOKING_OBJECT });
    const summary = await call(
      ctx,
      'checkDeployStatus',
      `<asyncProcessId>${id}</asyncProcessId><includeDetails>false</includeDetails>`
    );
    expect(summary.results[0]).toMatchObject({ done: 'true', status: 'Succeeded' });
    expect(summary.results[0].details).toBeUndefined();
  });

  test('Apex that does not parse fails like a compile error, with line and column, and nothing commits', async () => {
    const ctx = newOrg();
    const before = JSON.stringify([
      ctx.store.state.schema,
      ctx.store.state.records,
      ctx.store.state.components
    ]);
    const { result } = await deploy(ctx, {
      'objects/Booking__c.object': BOOKING_OBJECT,
      'classes/Broken.cls':
        'public with sharing class Broken {\n    public void run( {\n    }\n}\n',
      'classes/Broken.cls-meta.xml': CLASS_META
    });
    expect(result).toMatchObject({
      done: 'true',
      status: 'Failed',
      success: 'false',
      numberComponentErrors: '1',
      numberComponentsDeployed: '0'
    });
    expect(result.details.componentFailures).toEqual([
      expect.objectContaining({
        componentType: 'ApexClass',
        fullName: 'Broken',
        fileName: 'classes/Broken.cls',
        problem: "Unexpected token '{'.",
        problemType: 'Error',
        lineNumber: '2',
        columnNumber: expect.stringMatching(/^\d+$/),
        success: 'false'
      })
    ]);
    // rollbackOnError: the valid object did not reach the org either.
    expect(result.details.componentSuccesses).toBeUndefined();
    expect(
      JSON.stringify([ctx.store.state.schema, ctx.store.state.records, ctx.store.state.components])
    ).toBe(before);
    expect(ctx.store.state.schema.booking__c).toBeUndefined();
  });

  test('Apex compile errors read as Salesforce words them', async () => {
    const ctx = newOrg();
    const problemOf = async (body: string) => {
      const { result } = await deploy(ctx, {
        'classes/Oops.cls': body,
        'classes/Oops.cls-meta.xml': CLASS_META
      });
      const failure = result.details.componentFailures?.[0] ?? {};
      return `${failure.problem} @${failure.lineNumber}:${failure.columnNumber}`;
    };
    expect(
      await problemOf('public class Oops {\n    void run() {\n        Integer x = 1\n    }\n}\n')
    ).toBe("Missing ';' at '}' @4:5");
    expect(await problemOf('public class Oops {\n    void run() { # }\n}\n')).toMatch(
      /^Unexpected token '#'\. @2:/
    );
  });

  test('an unknown field type and XML that is not well-formed fail their components', async () => {
    const ctx = newOrg();
    const schemaBefore = JSON.stringify(ctx.store.state.schema);
    const { result } = await deploy(ctx, {
      'objects/Booking__c.object': BOOKING_OBJECT.replace(
        '<type>Url</type>',
        '<type>Hologram</type>'
      ),
      'layouts/Lead-Lead Layout.layout': META(
        'Layout',
        '<layoutSections><label>Oops</layoutSections>'
      )
    });
    expect(result.status).toBe('Failed');
    expect(result.details.componentFailures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          componentType: 'CustomObject',
          fullName: 'Booking__c',
          problem: expect.stringContaining(
            "'Hologram' is not a valid value for the enum 'FieldType'"
          )
        }),
        expect.objectContaining({
          componentType: 'Layout',
          fullName: 'Lead-Lead Layout',
          problem: expect.stringContaining('Error parsing file'),
          lineNumber: expect.any(String)
        })
      ])
    );
    expect(JSON.stringify(ctx.store.state.schema)).toBe(schemaBefore);
  });

  test('a permission set may not grant a missing field, a required field, or an Activity field', async () => {
    const ctx = newOrg();
    const permset = (field: string) =>
      META(
        'PermissionSet',
        `<label>Api</label><fieldPermissions><editable>true</editable><field>${field}</field><readable>true</readable></fieldPermissions>`
      );
    const problems: string[] = [];
    for (const field of ['Event.Foo__c', 'Lead.LastName', 'Activity.Booking_Id__c']) {
      const { result } = await deploy(ctx, { 'permissionsets/Api.permissionset': permset(field) });
      expect(result.status).toBe('Failed');
      problems.push(String(result.details.componentFailures?.[0].problem));
    }
    expect(problems).toEqual([
      'In field: field - no CustomField named Event.Foo__c found',
      'You cannot deploy to a required field: Lead.LastName',
      'In field: field - no CustomField named Activity.Booking_Id__c found'
    ]);
    expect(
      Object.values(ctx.store.state.records.permissionset ?? {}).some((row) => row.Name === 'Api')
    ).toBe(false);
  });

  test('a permission set creates its records, and a redeploy replaces its grants', async () => {
    const ctx = newOrg();
    await deploy(ctx, { 'objects/Booking__c.object': BOOKING_OBJECT });
    const grants = (fields: string[]) =>
      META(
        'PermissionSet',
        `<label>Api</label><objectPermissions><allowCreate>true</allowCreate><allowDelete>false</allowDelete><allowEdit>true</allowEdit><allowRead>true</allowRead><modifyAllRecords>false</modifyAllRecords><object>Booking__c</object><viewAllRecords>false</viewAllRecords></objectPermissions>` +
          fields
            .map(
              (field) =>
                `<fieldPermissions><editable>true</editable><field>${field}</field><readable>true</readable></fieldPermissions>`
            )
            .join('')
      );
    await deploy(ctx, {
      'permissionsets/Api.permissionset': grants(['Booking__c.Stage__c', 'Booking__c.Page__c'])
    });
    const setId = Object.values(ctx.store.state.records.permissionset).find(
      (row) => row.Name === 'Api'
    )?.Id;
    expect(setId).toBeDefined();
    const fieldRows = () =>
      Object.values(ctx.store.state.records.fieldpermissions)
        .filter((row) => row.ParentId === setId)
        .map((row) => row.Field);
    expect(fieldRows().sort()).toEqual(['Booking__c.Page__c', 'Booking__c.Stage__c']);
    const { result } = await deploy(ctx, {
      'permissionsets/Api.permissionset': grants(['Booking__c.Page__c'])
    });
    expect(result.details.componentSuccesses).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          componentType: 'PermissionSet',
          fullName: 'Api',
          created: 'false',
          changed: 'true'
        })
      ])
    );
    expect(fieldRows()).toEqual(['Booking__c.Page__c']);
    expect(
      Object.values(ctx.store.state.records.objectpermissions).filter(
        (row) => row.ParentId === setId
      )
    ).toHaveLength(1);
  });

  test('without rollbackOnError the good components commit and a failed one leaves no trace', async () => {
    const ctx = newOrg();
    const halfBroken = META(
      'CustomObject',
      '<label>Half</label><pluralLabel>Halves</pluralLabel><fields><fullName>Good__c</fullName><label>Good</label><type>Text</type><length>10</length></fields><fields><fullName>Bad__c</fullName><label>Bad</label><type>Hologram</type></fields>'
    );
    const { result } = await deploy(
      ctx,
      { 'objects/Booking__c.object': BOOKING_OBJECT, 'objects/Half__c.object': halfBroken },
      '<rollbackOnError>false</rollbackOnError>'
    );
    expect(result).toMatchObject({
      status: 'SucceededPartial',
      success: 'false',
      numberComponentErrors: '1',
      numberComponentsDeployed: '4'
    });
    expect(result.details.componentFailures).toEqual([
      expect.objectContaining({ componentType: 'CustomObject', fullName: 'Half__c' })
    ]);
    expect(ctx.store.state.schema.booking__c.fields.stage__c).toBeDefined();
    expect(ctx.store.state.schema.half__c).toBeUndefined();
  });

  test('checkOnly validates without changing the org', async () => {
    const ctx = newOrg();
    const before = JSON.stringify(ctx.store.state.schema);
    const { result } = await deploy(
      ctx,
      { 'objects/Booking__c.object': BOOKING_OBJECT },
      '<checkOnly>true</checkOnly>'
    );
    expect(result).toMatchObject({ checkOnly: 'true', status: 'Succeeded', success: 'true' });
    expect(JSON.stringify(ctx.store.state.schema)).toBe(before);
  });

  test('RunLocalTests runs no Apex: zero tests are reported', async () => {
    const ctx = newOrg();
    const { result } = await deploy(
      ctx,
      { 'objects/Booking__c.object': BOOKING_OBJECT },
      '<testLevel>RunLocalTests</testLevel>'
    );
    expect(result).toMatchObject({
      status: 'Succeeded',
      numberTestsTotal: '0',
      numberTestsCompleted: '0'
    });
    expect(result.details).toMatchObject({ runTestResult: { numTestsRun: '0', numFailures: '0' } });
  });

  test('a namespaced org prefixes package names', async () => {
    const ctx = newOrg('bkconn');
    await deploy(ctx, {
      'objects/Booking__c.object': BOOKING_OBJECT,
      'objects/Activity.object': META(
        'CustomObject',
        '<fields><fullName>Booking_Id__c</fullName><label>Booking Id</label><type>Text</type><length>64</length></fields>'
      )
    });
    expect(ctx.store.state.schema.bkconn__booking__c.fields.bkconn__stage__c.name).toBe(
      'bkconn__Stage__c'
    );
    expect(ctx.store.state.schema.task.fields.bkconn__booking_id__c.name).toBe(
      'bkconn__Booking_Id__c'
    );
  });

  test('an unknown deploy id is a fault, as Salesforce answers it', async () => {
    const ctx = newOrg();
    const answer = await call(
      ctx,
      'checkDeployStatus',
      '<asyncProcessId>0Af000000000000AAA</asyncProcessId><includeDetails>true</includeDetails>'
    );
    expect(answer.status).toBe(500);
    expect(answer.fault?.faultcode).toBe('sf:INVALID_ID_FIELD');
    expect(answer.raw).toContain('<soapenv:Envelope');
  });

  test('two orgs in one process keep their own deploy results, even under the same Id', async () => {
    const first = newOrg();
    const second = newOrg();
    const a = await deploy(first, { 'objects/Booking__c.object': BOOKING_OBJECT });
    const b = await deploy(second, {
      'objects/Booking__c.object': BOOKING_OBJECT.replace('<type>Url</type>', '<type>Nope</type>')
    });
    expect(b.id).toBe(a.id);
    const again = await call(
      first,
      'checkDeployStatus',
      `<asyncProcessId>${a.id}</asyncProcessId><includeDetails>true</includeDetails>`
    );
    expect(again.results[0]).toMatchObject({ status: 'Succeeded' });
    expect(b.result).toMatchObject({ status: 'Failed' });
  });

  test('cancelDeploy answers for a known deploy and faults for an unknown id', async () => {
    const ctx = newOrg();
    const { id } = await deploy(ctx, { 'objects/Booking__c.object': BOOKING_OBJECT });
    // jsforce sends the id as <id>; the WSDL's parameter name is String.
    for (const element of ['id', 'String']) {
      const answer = await call(ctx, 'cancelDeploy', `<${element}>${id}</${element}>`);
      expect(answer.status).toBe(200);
      expect(answer.results[0]).toMatchObject({ id, done: 'true' });
    }
    const unknown = await call(ctx, 'cancelDeploy', '<id>0Af000000000000AAA</id>');
    expect(unknown.fault?.faultcode).toBe('sf:INVALID_ID_FIELD');
  });
});

const LOG_OBJECT = (
  fields: string,
  nameField = '<displayFormat>L-{0000}</displayFormat><label>Log Number</label><type>AutoNumber</type>'
) =>
  META(
    'CustomObject',
    `<label>Log</label><pluralLabel>Logs</pluralLabel><deploymentStatus>Deployed</deploymentStatus>
<nameField>${nameField}</nameField><sharingModel>ReadWrite</sharingModel>${fields}`
  );
const REPORT_TYPE = (baseObject: string, category = 'other', field = 'Note__c') =>
  META(
    'ReportType',
    `<baseObject>${baseObject}</baseObject><category>${category}</category><deployed>true</deployed><label>Logs</label>
<sections><columns><checkedByDefault>true</checkedByDefault><field>${field}</field><table>${baseObject}</table></columns><masterLabel>Log</masterLabel></sections>`
  );
const NOTE_FIELD = (type: string, length: number) =>
  `<fields><fullName>Note__c</fullName><label>Note</label><type>${type}</type><length>${length}</length>${type === 'LongTextArea' ? '<visibleLines>3</visibleLines>' : ''}</fields>`;

describe('the sync log kinds of metadata', () => {
  test('an AutoNumber name, a case-sensitive unique id, a list view, a tab and a report type deploy', async () => {
    const ctx = newOrg();
    const { result } = await deploy(ctx, {
      'objects/Log__c.object': LOG_OBJECT(
        `${NOTE_FIELD('LongTextArea', 131072)}<fields><fullName>Key__c</fullName><label>Key</label><type>Text</type><length>80</length><unique>true</unique><caseSensitive>true</caseSensitive><externalId>true</externalId></fields>
<listViews><fullName>All</fullName><columns>NAME</columns><filterScope>Everything</filterScope><label>All</label></listViews>`
      ),
      'tabs/Log__c.tab': META(
        'CustomTab',
        '<customObject>true</customObject><motif>Custom19: Wrench</motif>'
      ),
      'reportTypes/Logs.reportType': REPORT_TYPE('Log__c')
    });
    expect(result).toMatchObject({ status: 'Succeeded', numberComponentErrors: '0' });
    const log = ctx.store.state.schema.log__c;
    expect(log.fields.name).toMatchObject({
      createable: false,
      updateable: false,
      nillable: false
    });
    expect(log.fields.key__c).toMatchObject({
      unique: true,
      caseSensitive: true,
      externalId: true
    });
    expect(log.fields.note__c).toMatchObject({ type: 'textarea', length: 131072 });
    expect(ctx.store.state.components['ReportType:Logs']).toBeDefined();
  });

  test("a text length outside Salesforce's range, an AutoNumber without a display format and a report type on a missing object or field fail", async () => {
    const cases: [Record<string, string>, string][] = [
      [
        {
          'tabs/Missing__c.tab': META(
            'CustomTab',
            '<customObject>true</customObject><motif>Custom19: Wrench</motif>'
          )
        },
        'Invalid custom object: Missing__c'
      ],
      [
        { 'objects/Log__c.object': LOG_OBJECT(NOTE_FIELD('LongTextArea', 131073)) },
        'Value must be between 256 and 131072'
      ],
      [
        { 'objects/Log__c.object': LOG_OBJECT(NOTE_FIELD('LongTextArea', 255)) },
        'Value must be between 256 and 131072'
      ],
      [
        { 'objects/Log__c.object': LOG_OBJECT(NOTE_FIELD('Text', 256)) },
        'Value must be between 1 and 255'
      ],
      [
        {
          'objects/Log__c.object': LOG_OBJECT(
            '',
            '<label>Log Number</label><type>AutoNumber</type>'
          )
        },
        'Required field is missing: displayFormat'
      ],
      [
        { 'reportTypes/Logs.reportType': REPORT_TYPE('Missing__c') },
        'Invalid baseObject: Missing__c'
      ],
      [
        {
          'objects/Log__c.object': LOG_OBJECT(NOTE_FIELD('Text', 40)),
          'reportTypes/Logs.reportType': REPORT_TYPE('Log__c', 'other', 'Nope__c')
        },
        'Invalid field Nope__c for table Log__c'
      ],
      [
        {
          'objects/Log__c.object': LOG_OBJECT(NOTE_FIELD('Text', 40)),
          'reportTypes/Logs.reportType': REPORT_TYPE('Log__c', 'stuff')
        },
        "'stuff' is not a valid value for the enum 'ReportTypeCategory'"
      ]
    ];
    for (const [files, problem] of cases) {
      const ctx = newOrg();
      const before = JSON.stringify(ctx.store.state.schema);
      const { result } = await deploy(ctx, files);
      expect(result.status).toBe('Failed');
      expect(result.details.componentFailures).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ problem: expect.stringContaining(problem) })
        ])
      );
      expect(JSON.stringify(ctx.store.state.schema)).toBe(before);
    }
  });
});

describe('retrieve, listMetadata, describeMetadata', () => {
  test('retrieve returns the deployed files and a message for a missing member', async () => {
    const ctx = newOrg();
    await deploy(ctx, {
      'classes/BookingService.cls': 'public with sharing class BookingService {}\n',
      'classes/BookingService.cls-meta.xml': CLASS_META
    });
    const started = await call(
      ctx,
      'retrieve',
      `<request><apiVersion>${API_VERSION}</apiVersion><singlePackage>false</singlePackage><unpackaged><types><members>BookingService</members><members>Missing</members><name>ApexClass</name></types></unpackaged></request>`
    );
    const id = String(started.results[0].id);
    const status = await call(
      ctx,
      'checkRetrieveStatus',
      `<asyncProcessId>${id}</asyncProcessId><includeZip>true</includeZip>`
    );
    const result = status.results[0] as Record<string, unknown> & {
      zipFile: string;
      messages: Record<string, string>[];
    };
    expect(result).toMatchObject({ done: 'true', status: 'Succeeded', success: 'true' });
    expect(result.messages).toEqual([
      {
        fileName: 'unpackaged/package.xml',
        problem: "Entity of type 'ApexClass' named 'Missing' cannot be found"
      }
    ]);
    expect(result.fileProperties).toMatchObject({
      type: 'ApexClass',
      fullName: 'BookingService',
      fileName: 'unpackaged/classes/BookingService.cls'
    });
    const zip = await JSZip.loadAsync(Buffer.from(result.zipFile, 'base64'));
    expect(await zip.file('unpackaged/classes/BookingService.cls')?.async('string')).toBe(
      'public with sharing class BookingService {}\n'
    );
    expect(zip.file('unpackaged/package.xml')).not.toBeNull();
  });

  test('fields retrieve and list as CustomField components of their object', async () => {
    const ctx = newOrg();
    await deploy(ctx, { 'objects/Booking__c.object': BOOKING_OBJECT });
    const started = await call(
      ctx,
      'retrieve',
      `<request><apiVersion>${API_VERSION}</apiVersion><unpackaged><types><members>Booking__c.Stage__c</members><members>Booking__c.Page__c</members><members>Booking__c.Nope__c</members><name>CustomField</name></types></unpackaged></request>`
    );
    const status = await call(
      ctx,
      'checkRetrieveStatus',
      `<asyncProcessId>${String(started.results[0].id)}</asyncProcessId>`
    );
    const result = status.results[0] as { zipFile: string; messages: Record<string, string>[] };
    expect(result.messages).toEqual([
      expect.objectContaining({
        problem: "Entity of type 'CustomField' named 'Booking__c.Nope__c' cannot be found"
      })
    ]);
    const zip = await JSZip.loadAsync(Buffer.from(result.zipFile, 'base64'));
    const objectFile = await zip.file('unpackaged/objects/Booking__c.object')?.async('string');
    const fieldNames = [...(objectFile ?? '').matchAll(/<fields>\s*<fullName>(\w+)/g)].map(
      (match) => match[1]
    );
    expect(fieldNames).toEqual(['Stage__c', 'Page__c']);
    expect(objectFile).toContain('<valueSetDefinition>');
    const listed = await call(ctx, 'listMetadata', '<queries><type>CustomField</type></queries>');
    expect(listed.results.map((entry) => entry.fullName)).toEqual([
      'Booking__c.Paid__c',
      'Booking__c.Stage__c',
      'Booking__c.Page__c'
    ]);
  });

  test('a redeploy that carries some fields keeps the others retrievable', async () => {
    const ctx = newOrg();
    await deploy(ctx, { 'objects/Booking__c.object': BOOKING_OBJECT });
    await deploy(ctx, {
      'objects/Booking__c.object': META(
        'CustomObject',
        '<label>Booking</label><pluralLabel>Bookings</pluralLabel><fields><fullName>Notes__c</fullName><label>Notes</label><type>LongTextArea</type><length>32768</length><visibleLines>3</visibleLines></fields>'
      )
    });
    const listed = await call(ctx, 'listMetadata', '<queries><type>CustomField</type></queries>');
    expect(listed.results.map((entry) => entry.fullName).sort()).toEqual([
      'Booking__c.Notes__c',
      'Booking__c.Page__c',
      'Booking__c.Paid__c',
      'Booking__c.Stage__c'
    ]);
    expect(ctx.store.state.schema.booking__c.fields.notes__c).toMatchObject({
      type: 'textarea',
      length: 32768
    });
  });

  test('an unknown retrieve id is a fault', async () => {
    const answer = await call(
      newOrg(),
      'checkRetrieveStatus',
      '<asyncProcessId>09S000000000000AAA</asyncProcessId>'
    );
    expect(answer.status).toBe(500);
    expect(answer.fault?.faultcode).toBe('sf:INVALID_ID_FIELD');
  });

  test('listMetadata lists components of the queried type only', async () => {
    const ctx = newOrg();
    await deploy(ctx, {
      'classes/BookingService.cls': 'public with sharing class BookingService {}\n',
      'classes/BookingService.cls-meta.xml': CLASS_META,
      'objects/Booking__c.object': BOOKING_OBJECT
    });
    const answer = await call(
      ctx,
      'listMetadata',
      `<queries><type>ApexClass</type></queries><asOfVersion>${API_VERSION}</asOfVersion>`
    );
    expect(answer.results).toEqual([
      expect.objectContaining({
        type: 'ApexClass',
        fullName: 'BookingService',
        id: expect.stringMatching(/^01p/)
      })
    ]);
    const none = await call(ctx, 'listMetadata', '<queries><type>CustomTab</type></queries>');
    expect(none.results).toEqual([]);
  });

  test('describeMetadata names the supported types and the org namespace', async () => {
    const answer = await call(
      newOrg('bkconn'),
      'describeMetadata',
      `<asOfVersion>${API_VERSION}</asOfVersion>`
    );
    expect(answer.results[0]).toMatchObject({ organizationNamespace: 'bkconn' });
    const described = answer.results[0].metadataObjects as Record<string, unknown>[];
    expect(described).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          xmlName: 'ApexClass',
          directoryName: 'classes',
          suffix: 'cls',
          metaFile: 'true'
        }),
        expect.objectContaining({
          xmlName: 'CustomObject',
          directoryName: 'objects',
          childXmlNames: 'CustomField'
        }),
        expect.objectContaining({
          xmlName: 'PermissionSet',
          directoryName: 'permissionsets',
          inFolder: 'false'
        })
      ])
    );
  });

  test('an operation the local org does not implement is a clear fault', async () => {
    const answer = await call(newOrg(), 'renameMetadata', '<type>ApexClass</type>');
    expect(answer.status).toBe(500);
    expect(answer.fault?.faultstring).toContain(
      "does not implement the Metadata API operation 'renameMetadata'"
    );
  });
});

describe('profiles (listMetadata and readMetadata)', () => {
  it('lists each profile under its metadata name, standard profiles renamed', async () => {
    const ctx = newOrg();
    const { results } = await call(ctx, 'listMetadata', '<queries><type>Profile</type></queries>');
    const names = results.map((entry) => entry.fullName);
    expect(names).toContain('Admin');
    expect(names).toContain('Standard');
    expect(names).not.toContain('System Administrator');
    const admin = results.find((entry) => entry.fullName === 'Admin');
    const profileRow = Object.values(ctx.store.state.records.profile).find(
      (row) => row.Name === 'System Administrator'
    );
    expect(admin?.id).toBe(profileRow?.Id);
  });

  it('reads the Record Type Settings of a profile, each record type visible or not', async () => {
    const ctx = newOrg();
    const read = async (fullName: string) =>
      (await call(ctx, 'readMetadata', `<type>Profile</type><fullNames>${fullName}</fullNames>`))
        .raw;
    const admin = await read('Admin');
    expect(admin).toContain('<records xsi:type="Profile"><fullName>Admin</fullName>');
    expect(admin).toMatch(
      /<recordTypeVisibilities>\s*<default>false<\/default>\s*<recordType>Case\.Support<\/recordType>\s*<visible>true<\/visible>/
    );
    const without = await read('Booking API Secure - no Case Record Types');
    expect(without).toMatch(/<recordType>Case\.Support<\/recordType>\s*<visible>false<\/visible>/);
    expect(await read('NoSuchProfile')).toContain('<records xsi:type="Profile"/>');
  });
});
