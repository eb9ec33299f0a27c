// The Metadata API over SOAP, as jsforce (inside @salesforce/core) and source-deploy-retrieve
// call it: deploy / checkDeployStatus / cancelDeploy, retrieve / checkRetrieveStatus,
// listMetadata and describeMetadata. Deploys run to completion when they are received; the
// first checkDeployStatus already answers done, which every client handles.
import JSZip from 'jszip';
import { XMLParser } from 'fast-xml-parser';
import type { OrgStore, StoredComponent } from '../model.ts';
import { newId } from '../model.ts';
import { escapeXml } from '../../../product/xml.ts';
import { applyDeploy, type ComponentMessage } from './apply.ts';
import { addRetrievedFile, customFieldComponents } from './custom-fields.ts';
import { customMetadataComponents } from './custom-metadata.ts';
import { profileComponents, readMetadataResult } from './profiles.ts';

export interface MetadataSoapContext {
  store: OrgStore;
  userId: string;
  apiVersion: string;
  instanceUrl: string;
}

interface DeployJob {
  id: string;
  result: Record<string, unknown>;
}
interface RetrieveJob {
  id: string;
  result: Record<string, unknown>;
}

// Jobs belong to one org: several local orgs may run in one process (the tests do), and each
// mints Ids from its own counter, so the same Id can name different jobs in two orgs. The
// results are kept in memory only; a restarted org has forgotten its finished deploys.
const jobsByOrg = new WeakMap<
  OrgStore,
  { deploys: Map<string, DeployJob>; retrieves: Map<string, RetrieveJob> }
>();
function jobsOf(context: MetadataSoapContext) {
  let jobs = jobsByOrg.get(context.store);
  if (!jobs) {
    jobs = { deploys: new Map(), retrieves: new Map() };
    jobsByOrg.set(context.store, jobs);
  }
  return jobs;
}

const requestParser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) =>
    ['types', 'members', 'queries', 'packageNames', 'specificFiles', 'runTests'].includes(name)
});

/** Serialises plain data as SOAP elements: arrays repeat the element, null is xsi:nil. */
export function toXml(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => toXml(name, item)).join('');
  if (value === undefined) return '';
  if (value === null) return `<${name} xsi:nil="true"/>`;
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value as Record<string, unknown>)
      .map(([key, child]) => toXml(key, child))
      .join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function rawEnvelope(operation: string, resultXml: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<soapenv:Body><${operation}Response>${resultXml}</${operation}Response></soapenv:Body></soapenv:Envelope>`
  );
}

function envelope(operation: string, result: unknown): string {
  return rawEnvelope(operation, toXml('result', result));
}

export function soapFault(code: string, message: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="http://soap.sforce.com/2006/04/metadata">' +
    `<soapenv:Body><soapenv:Fault><faultcode>sf:${code}</faultcode><faultstring>${escapeXml(`${code}: ${message}`)}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`
  );
}

/** The text files of a zip, by path (deploy zips, and the package zips of a Dev Hub build). */
export async function unzipText(data: Buffer): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(data);
  const entries: Record<string, string> = {};
  for (const [path, file] of Object.entries(zip.files)) {
    if (!file.dir) entries[path] = await file.async('string');
  }
  return entries;
}

function userName(context: MetadataSoapContext): string {
  return String(context.store.state.records.user?.[context.userId]?.Name ?? 'User');
}

async function deploy(
  context: MetadataSoapContext,
  request: Record<string, unknown>
): Promise<unknown> {
  const options = (request.DeployOptions ?? {}) as Record<string, string>;
  const checkOnly = options.checkOnly === 'true';
  const rollbackOnError = options.rollbackOnError !== 'false';
  const started = new Date().toISOString();
  const next = structuredClone(context.store.state);
  const id = newId(next, '0Af');
  let successes: ComponentMessage[] = [];
  let failures: ComponentMessage[] = [];
  try {
    const outcome = applyDeploy(
      next,
      await unzipText(Buffer.from(String(request.ZipFile ?? ''), 'base64')),
      context.userId,
      {
        keepSuccesses: !rollbackOnError
      }
    );
    successes = outcome.successes;
    failures = outcome.failures;
  } catch (error) {
    failures = [
      {
        changed: false,
        componentType: '',
        created: false,
        createdDate: started,
        deleted: false,
        fileName: 'package.xml',
        fullName: 'package.xml',
        problem: `The deploy could not be read: ${(error as Error).message}`,
        problemType: 'Error',
        success: false
      }
    ];
  }
  const failed = failures.length > 0;
  // The org changes only when the deploy commits: not for a validation (checkOnly), and not
  // at all when something failed under rollbackOnError (the default and the only mode
  // production allows). Without rollbackOnError the successes are kept, as Salesforce does.
  if (!checkOnly && (!failed || !rollbackOnError)) {
    context.store.replace(next);
  } else {
    // Keep Id minting monotonic even when the copy is thrown away.
    context.store.state.nextIdSeq = Math.max(context.store.state.nextIdSeq, next.nextIdSeq);
  }
  const components = successes.filter((entry) => entry.fullName !== 'package.xml');
  const partial = failed && !rollbackOnError && components.length > 0;
  // Assumption: a partial deploy reports success false (not every component deployed); the
  // status SucceededPartial is what clients branch on.
  const status = partial ? 'SucceededPartial' : failed ? 'Failed' : 'Succeeded';
  const result = {
    checkOnly,
    completedDate: new Date().toISOString(),
    createdBy: context.userId.slice(0, 15),
    createdByName: userName(context),
    createdDate: started,
    details: {
      componentFailures: failures,
      componentSuccesses: failed && rollbackOnError ? [] : successes,
      runTestResult: { numFailures: 0, numTestsRun: 0, totalTime: 0 }
    },
    done: true,
    id,
    ignoreWarnings: options.ignoreWarnings === 'true',
    lastModifiedDate: new Date().toISOString(),
    numberComponentErrors: failures.length,
    numberComponentsDeployed: failed && !partial ? 0 : components.length,
    numberComponentsTotal: components.length + failures.length,
    numberTestErrors: 0,
    numberTestsCompleted: 0,
    numberTestsTotal: 0,
    rollbackOnError,
    runTestsEnabled: false,
    startDate: started,
    status,
    success: !failed
  };
  jobsOf(context).deploys.set(id, { id, result });
  return { done: false, id, state: 'Queued' };
}

function checkDeployStatus(
  context: MetadataSoapContext,
  request: Record<string, unknown>
): unknown {
  const job = jobsOf(context).deploys.get(String(request.asyncProcessId));
  if (!job)
    throw new SoapError('INVALID_ID_FIELD', `Invalid id: ${String(request.asyncProcessId)}`);
  if (String(request.includeDetails) === 'true') return job.result;
  const { details: _details, ...summary } = job.result;
  return summary;
}

/**
 * Deploys here finish when they are received, so there is never one left to stop: a cancel of a
 * known deploy answers done (as Salesforce does for a deploy that already finished), an unknown
 * id is a fault. jsforce names the parameter `id`; the WSDL's document style names it `String`.
 */
function cancelDeploy(context: MetadataSoapContext, request: Record<string, unknown>): unknown {
  const id = String(request.id ?? request.String ?? '');
  if (!jobsOf(context).deploys.has(id))
    throw new SoapError('INVALID_ID_FIELD', `Invalid id: ${id}`);
  return { done: true, id };
}

class SoapError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

function fileProperties(
  context: MetadataSoapContext,
  type: string,
  fullName: string,
  fileName: string,
  id: string,
  lastModifiedDate: string,
  /** A managed package's component (package-install.ts) reports its namespace and state. */
  installed?: Pick<StoredComponent, 'namespacePrefix' | 'manageableState'>
): Record<string, unknown> {
  return {
    createdById: context.userId,
    createdByName: userName(context),
    createdDate: lastModifiedDate,
    fileName,
    fullName,
    id,
    lastModifiedById: context.userId,
    lastModifiedByName: userName(context),
    lastModifiedDate,
    manageableState: installed?.manageableState ?? 'unmanaged',
    namespacePrefix:
      installed?.namespacePrefix ?? context.store.state.org.namespacePrefix ?? undefined,
    type
  };
}

/** The org's components of one metadata type (CustomField derived from the stored objects). */
function componentsOfType(context: MetadataSoapContext, type: string): StoredComponent[] {
  const stored = Object.values(context.store.state.components);
  if (type === 'CustomField') return customFieldComponents(stored);
  if (type === 'Profile') return profileComponents(context.store.state);
  // Records, not the files that deployed them: one record has one name however it was addressed.
  if (type === 'CustomMetadata') return customMetadataComponents(context.store.state);
  return stored.filter((component) => component.type === type);
}

function listMetadata(context: MetadataSoapContext, request: Record<string, unknown>): unknown {
  const queries = (request.queries as { type: string; folder?: string }[] | undefined) ?? [];
  const types = [...new Set(queries.map((query) => query.type))];
  return types
    .flatMap((type) => componentsOfType(context, type))
    .map((component) =>
      fileProperties(
        context,
        component.type,
        component.fullName,
        Object.keys(component.files)[0] ?? '',
        component.id,
        component.lastModifiedDate,
        component
      )
    );
}

async function retrieve(
  context: MetadataSoapContext,
  request: Record<string, unknown>
): Promise<unknown> {
  const body = (request.request ?? {}) as {
    unpackaged?: { types?: { name: string; members?: string[] }[] };
    apiVersion?: string;
  };
  const zip = new JSZip();
  const files = new Map<string, string>();
  const properties: Record<string, unknown>[] = [];
  const messages: { fileName: string; problem: string }[] = [];
  const typesXml: string[] = [];
  for (const type of body.unpackaged?.types ?? []) {
    const members = type.members ?? [];
    const stored = componentsOfType(context, type.name);
    const chosen = members.includes('*')
      ? stored
      : members.map(
          (member) => stored.find((component) => component.fullName === member) ?? member
        );
    for (const entry of chosen) {
      if (typeof entry === 'string') {
        messages.push({
          fileName: `unpackaged/package.xml`,
          problem: `Entity of type '${type.name}' named '${entry}' cannot be found`
        });
        continue;
      }
      for (const [path, content] of Object.entries(entry.files))
        addRetrievedFile(files, `unpackaged/${path}`, content);
      properties.push(
        fileProperties(
          context,
          entry.type,
          entry.fullName,
          `unpackaged/${Object.keys(entry.files)[0]}`,
          entry.id,
          entry.lastModifiedDate,
          entry
        )
      );
    }
    typesXml.push(
      `<types>${members.map((member) => `<members>${escapeXml(member)}</members>`).join('')}<name>${escapeXml(type.name)}</name></types>`
    );
  }
  for (const [path, content] of files) zip.file(path, content);
  zip.file(
    'unpackaged/package.xml',
    `<?xml version="1.0" encoding="UTF-8"?>\n<Package xmlns="http://soap.sforce.com/2006/04/metadata">${typesXml.join('')}<version>${body.apiVersion ?? context.apiVersion}</version></Package>\n`
  );
  const id = newId(context.store.state, '09S');
  const zipFile = (await zip.generateAsync({ type: 'nodebuffer' })).toString('base64');
  jobsOf(context).retrieves.set(id, {
    id,
    result: {
      done: true,
      fileProperties: properties,
      id,
      messages,
      status: 'Succeeded',
      success: true,
      zipFile
    }
  });
  return { done: false, id, state: 'Queued' };
}

function checkRetrieveStatus(
  context: MetadataSoapContext,
  request: Record<string, unknown>
): unknown {
  const job = jobsOf(context).retrieves.get(String(request.asyncProcessId));
  if (!job)
    throw new SoapError('INVALID_ID_FIELD', `Invalid id: ${String(request.asyncProcessId)}`);
  return job.result;
}

/**
 * The types this org deploys and retrieves, described as Salesforce describes them (folder in
 * the zip, file suffix, whether a -meta.xml accompanies the file). CustomField is a child of
 * CustomObject, not a top-level entry, as in a real describe.
 */
const DESCRIBED_TYPES: {
  xmlName: string;
  directoryName: string;
  suffix?: string;
  metaFile: boolean;
  childXmlNames?: string[];
}[] = [
  { xmlName: 'ApexClass', directoryName: 'classes', suffix: 'cls', metaFile: true },
  { xmlName: 'ApexTrigger', directoryName: 'triggers', suffix: 'trigger', metaFile: true },
  {
    xmlName: 'CustomObject',
    directoryName: 'objects',
    suffix: 'object',
    metaFile: false,
    childXmlNames: ['CustomField']
  },
  { xmlName: 'CustomMetadata', directoryName: 'customMetadata', suffix: 'md', metaFile: false },
  {
    xmlName: 'CustomPermission',
    directoryName: 'customPermissions',
    suffix: 'customPermission',
    metaFile: false
  },
  { xmlName: 'CustomTab', directoryName: 'tabs', suffix: 'tab', metaFile: false },
  {
    xmlName: 'CustomLabels',
    directoryName: 'labels',
    suffix: 'labels',
    metaFile: false,
    childXmlNames: ['CustomLabel']
  },
  { xmlName: 'FlexiPage', directoryName: 'flexipages', suffix: 'flexipage', metaFile: false },
  { xmlName: 'Layout', directoryName: 'layouts', suffix: 'layout', metaFile: false },
  { xmlName: 'LightningComponentBundle', directoryName: 'lwc', metaFile: false },
  {
    xmlName: 'PermissionSet',
    directoryName: 'permissionsets',
    suffix: 'permissionset',
    metaFile: false
  }
];

function describeMetadata(context: MetadataSoapContext): unknown {
  return {
    metadataObjects: DESCRIBED_TYPES.map((type) => ({ ...type, inFolder: false })),
    organizationNamespace: context.store.state.org.namespacePrefix ?? '',
    partialSaveAllowed: true,
    testRequired: false
  };
}

/** Answers one Metadata API SOAP request; the session was checked by the server. */
export async function handleMetadataSoap(
  body: string,
  context: MetadataSoapContext
): Promise<{ status: number; body: string }> {
  let operation = 'unknown';
  try {
    const parsed = requestParser.parse(body) as {
      Envelope?: { Body?: Record<string, Record<string, unknown>> };
    };
    const soapBody = parsed.Envelope?.Body ?? {};
    operation = Object.keys(soapBody)[0] ?? 'unknown';
    const request = soapBody[operation] ?? {};
    let result: unknown;
    switch (operation) {
      case 'deploy':
        result = await deploy(context, request);
        break;
      case 'checkDeployStatus':
        result = checkDeployStatus(context, request);
        break;
      case 'cancelDeploy':
        result = cancelDeploy(context, request);
        break;
      case 'retrieve':
        result = await retrieve(context, request);
        break;
      case 'checkRetrieveStatus':
        result = checkRetrieveStatus(context, request);
        break;
      case 'listMetadata':
        result = listMetadata(context, request);
        break;
      case 'describeMetadata':
        result = describeMetadata(context);
        break;
      case 'readMetadata': {
        // Answered as raw XML: each record carries its type in xsi:type.
        const type = String(request.type ?? '');
        const names = request.fullNames;
        const fullNames = (Array.isArray(names) ? names : [names]).filter(
          (name): name is string => typeof name === 'string'
        );
        return {
          status: 200,
          body: rawEnvelope(
            operation,
            readMetadataResult(type, fullNames, componentsOfType(context, type))
          )
        };
      }
      default:
        throw new SoapError(
          'UNKNOWN_EXCEPTION',
          `The local org does not implement the Metadata API operation '${operation}'.`
        );
    }
    return { status: 200, body: envelope(operation, result) };
  } catch (error) {
    const code = error instanceof SoapError ? error.code : 'UNKNOWN_EXCEPTION';
    return { status: 500, body: soapFault(code, (error as Error).message) };
  }
}
