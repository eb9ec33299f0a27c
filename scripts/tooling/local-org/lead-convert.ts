// Lead conversion, as the SOAP API's convertLead() call does it (partner and enterprise
// endpoints, /services/Soap/u and /services/Soap/c): each LeadConvert turns a Lead into an
// Account and a Contact (new, or existing ones it is merged into) and, unless
// doNotCreateOpportunity, an Opportunity; the Lead keeps its row, marked converted, and is
// read-only from then on (records.ts). The rules, each with its Salesforce URL, are in
// scripts/tooling/platform/api.ts (api.convertLead.*, api.Lead.converted*). The REST API has no
// convert resource (api.convertLead.rest), so there is none here either.
import { XMLParser } from 'fast-xml-parser';
import type { FieldDef, ObjectDef, OrgState, SObjectRecord } from './model.ts';
import { computeAccess } from './access.ts';
import { ApiError } from './errors.ts';
import { convertedLeadError, createRecord, updateRecord, type WriteContext } from './records.ts';
import { apiTimestamp, modifiedStamp } from './rows.ts';
import { toXml } from './metadata/soap.ts';
import { escapeXml } from '../../product/xml.ts';

/** The platform rules this module enforces (scripts/tooling/platform/api.ts), each with its URL. */
export const LEAD_CONVERSION_RULES = [
  'api.Lead.convertedFields',
  'api.LeadStatus.object',
  'api.convertLead.soap',
  'api.convertLead.result',
  'api.convertLead.convertedStatus',
  'api.convertLead.accountAndContact',
  'api.Lead.convertedReadOnly',
  'api.Lead.convertedQueried',
  'api.convertLead.rest'
] as const;

/** One LeadConvert of the call, as the WSDL names its elements. */
export interface LeadConvertRequest {
  leadId: string;
  convertedStatus: string;
  accountId?: string | null;
  contactId?: string | null;
  doNotCreateOpportunity?: boolean;
  opportunityName?: string | null;
  overwriteLeadSource?: boolean;
  ownerId?: string | null;
  sendNotificationEmail?: boolean;
}

export interface LeadConvertResult {
  accountId: string | null;
  contactId: string | null;
  leadId: string | null;
  opportunityId: string | null;
  success: boolean;
  errors: { statusCode: string; message: string; fields: string[] }[];
}

/** Standard Lead fields and where conversion copies them (Account, Contact, Opportunity). */
const FIELD_MAPPING: Record<'Account' | 'Contact' | 'Opportunity', Record<string, string>> = {
  Account: { Company: 'Name', Phone: 'Phone', Website: 'Website', Industry: 'Industry' },
  Contact: {
    FirstName: 'FirstName',
    LastName: 'LastName',
    Email: 'Email',
    Phone: 'Phone',
    MobilePhone: 'MobilePhone',
    Title: 'Title',
    LeadSource: 'LeadSource',
    Description: 'Description'
  },
  Opportunity: { LeadSource: 'LeadSource' }
};

const empty = (value: unknown): boolean => value === null || value === undefined || value === '';

function crossReference(message: string, fields: string[]): ApiError {
  return new ApiError(400, 'INVALID_CROSS_REFERENCE_KEY', message, fields);
}

function findById(state: OrgState, objectName: string, id: string): SObjectRecord | undefined {
  return Object.values(state.records[objectName.toLowerCase()] ?? {}).find(
    (row) => row.Id.slice(0, 15) === id.slice(0, 15)
  );
}

function schemaOf(state: OrgState, objectName: string): ObjectDef {
  const definition = state.schema[objectName.toLowerCase()];
  if (!definition) throw new Error(`The local org has no ${objectName} object.`);
  return definition;
}

/** The Lead's values for one target, limited to fields the target has and the user may write. */
function mapped(
  context: WriteContext,
  lead: SObjectRecord,
  target: keyof typeof FIELD_MAPPING,
  mode: 'create' | 'update'
): Record<string, unknown> {
  const definition = schemaOf(context.state, target);
  const values: Record<string, unknown> = {};
  for (const [from, to] of Object.entries(FIELD_MAPPING[target])) {
    const fieldDef: FieldDef | undefined = definition.fields[to.toLowerCase()];
    if (!fieldDef || empty(lead[from])) continue;
    const writable = mode === 'create' ? fieldDef.createable : fieldDef.updateable;
    if (!writable || !context.access.fieldAccess(definition, fieldDef.name).edit) continue;
    values[fieldDef.name] = lead[from];
  }
  return values;
}

/** Merging fills only the existing record's empty fields (LeadSource too, if asked). */
function fillEmpty(
  existing: SObjectRecord,
  values: Record<string, unknown>,
  overwrite: string[] = []
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).filter(([name]) => overwrite.includes(name) || empty(existing[name]))
  );
}

function requireAccess(context: WriteContext, request: LeadConvertRequest): void {
  const need: [string, 'create' | 'edit'][] = [
    ['Lead', 'edit'],
    ['Account', 'create'],
    ['Account', 'edit'],
    ['Contact', 'create'],
    ['Contact', 'edit'],
    ...(request.doNotCreateOpportunity
      ? []
      : ([
          ['Opportunity', 'create'],
          ['Opportunity', 'edit']
        ] as [string, 'create' | 'edit'][]))
  ];
  for (const [objectName, right] of need) {
    if (!context.access.objectAccess(schemaOf(context.state, objectName))[right])
      throw new ApiError(
        403,
        'INSUFFICIENT_ACCESS_OR_READONLY',
        `insufficient access rights on object: converting a Lead needs ${right === 'create' ? 'Create' : 'Edit'} on ${objectName}`
      );
  }
}

/** The LeadStatus row the value names, matched on ApiName or MasterLabel. */
function convertedStatusRow(state: OrgState, value: string): SObjectRecord | undefined {
  return Object.values(state.records.leadstatus ?? {}).find(
    (row) => row.ApiName === value || row.MasterLabel === value
  );
}

function convertOne(context: WriteContext, request: LeadConvertRequest): LeadConvertResult {
  const { state } = context;
  const leadId = String(request.leadId ?? '').trim();
  if (!leadId)
    throw new ApiError(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [leadId]', [
      'leadId'
    ]);
  const lead = findById(state, 'Lead', leadId);
  if (!lead || !context.access.objectAccess(schemaOf(state, 'Lead')).read)
    throw crossReference(`invalid cross reference id: leadId ${leadId} is not a Lead`, ['leadId']);
  if (lead.IsConverted === true) throw convertedLeadError(['leadId']);
  const status = request.convertedStatus
    ? convertedStatusRow(state, request.convertedStatus)
    : null;
  if (!status || status.IsConverted !== true)
    throw new ApiError(
      400,
      'INVALID_STATUS',
      `invalid convertedStatus: ${request.convertedStatus ?? ''}; use a value of SELECT ApiName FROM LeadStatus WHERE IsConverted = true`,
      ['convertedStatus']
    );
  requireAccess(context, request);

  const accountDef = schemaOf(state, 'Account');
  const contactDef = schemaOf(state, 'Contact');
  const account = request.accountId ? findById(state, 'Account', request.accountId) : undefined;
  if (request.accountId && !account)
    throw crossReference(`invalid cross reference id: accountId ${request.accountId}`, [
      'accountId'
    ]);
  let contact: SObjectRecord | undefined;
  if (request.contactId) {
    if (!account)
      throw crossReference('contactId needs the accountId of the Account the Contact belongs to', [
        'contactId'
      ]);
    contact = findById(state, 'Contact', request.contactId);
    if (!contact || String(contact.AccountId ?? '').slice(0, 15) !== account.Id.slice(0, 15))
      throw crossReference(
        `invalid cross reference id: contactId ${request.contactId} is not a Contact of Account ${account.Id}`,
        ['contactId']
      );
  }
  // Accounts and Contacts cannot be owned by a queue: a queue's Lead needs ownerId.
  const ownerId = request.ownerId || String(lead.OwnerId ?? '');
  if (!ownerId.startsWith('005'))
    throw crossReference(
      'The Lead is owned by a queue: give ownerId, the user who will own the Account, Contact and Opportunity',
      ['ownerId']
    );
  if (!findById(state, 'User', ownerId))
    throw crossReference(`invalid cross reference id: ownerId ${ownerId}`, ['ownerId']);

  let accountId: string;
  if (account) {
    const fill = fillEmpty(account, mapped(context, lead, 'Account', 'update'));
    if (Object.keys(fill).length) updateRecord(context, accountDef, account.Id, fill);
    accountId = account.Id;
  } else {
    accountId = createRecord(context, accountDef, {
      ...mapped(context, lead, 'Account', 'create'),
      OwnerId: ownerId
    }).Id;
  }
  let contactId: string;
  if (contact) {
    const fill = fillEmpty(
      contact,
      mapped(context, lead, 'Contact', 'update'),
      request.overwriteLeadSource ? ['LeadSource'] : []
    );
    if (Object.keys(fill).length) updateRecord(context, contactDef, contact.Id, fill);
    contactId = contact.Id;
  } else {
    contactId = createRecord(context, contactDef, {
      ...mapped(context, lead, 'Contact', 'create'),
      AccountId: accountId,
      OwnerId: ownerId
    }).Id;
  }
  let opportunityId: string | null = null;
  const today = new Date().toISOString().slice(0, 10);
  if (!request.doNotCreateOpportunity) {
    const opportunityDef = schemaOf(state, 'Opportunity');
    const stages = opportunityDef.fields.stagename?.picklistValues ?? [];
    opportunityId = createRecord(context, opportunityDef, {
      ...mapped(context, lead, 'Opportunity', 'create'),
      Name: request.opportunityName || `${String(lead.Company ?? '')}-`,
      StageName: stages[0]?.value ?? 'Prospecting',
      CloseDate: today,
      AccountId: accountId,
      OwnerId: ownerId
    }).Id;
  }
  // The Lead update of the conversion: read-only fields, so written here, not through updateRecord.
  const now = apiTimestamp();
  Object.assign(lead, {
    Status: status.ApiName,
    IsConverted: true,
    ConvertedDate: today,
    ConvertedAccountId: accountId,
    ConvertedContactId: contactId,
    ConvertedOpportunityId: opportunityId,
    ...modifiedStamp({ userId: context.access.user.Id, now })
  });
  return {
    accountId,
    contactId,
    leadId: lead.Id,
    opportunityId,
    success: true,
    errors: []
  };
}

/**
 * Converts each Lead on its own: one that fails leaves nothing behind (its Account, Contact and
 * Opportunity are rolled back) and does not stop the others (platform rule api.convertLead.result).
 */
export function convertLeads(
  context: WriteContext,
  requests: LeadConvertRequest[]
): LeadConvertResult[] {
  const tables = ['account', 'contact', 'opportunity', 'lead'] as const;
  return requests.map((request) => {
    const snapshot = tables.map((name) => [
      name,
      structuredClone(context.state.records[name] ?? {})
    ]);
    try {
      return convertOne(context, request);
    } catch (error) {
      for (const [name, rows] of snapshot)
        context.state.records[name as string] = rows as Record<string, SObjectRecord>;
      if (!(error instanceof ApiError)) throw error;
      return {
        accountId: null,
        contactId: null,
        leadId: null,
        opportunityId: null,
        success: false,
        errors: [{ statusCode: error.errorCode, message: error.message, fields: error.fields }]
      };
    }
  });
}

// ---- the SOAP envelope, as jsforce (conn.soap.convertLead) sends it ----

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) => name === 'leadConverts'
});

// The Metadata API's serialiser; a missing scalar here is answered xsi:nil, as before.
const element = (name: string, value: unknown): string => toXml(name, value ?? null);

function envelope(namespace: string, inner: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="${namespace}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>`
  );
}

export function soapFault(kind: 'partner' | 'enterprise', code: string, message: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:sf="urn:fault.${kind}.soap.sforce.com">` +
    `<soapenv:Body><soapenv:Fault><faultcode>sf:${code}</faultcode><faultstring>${escapeXml(`${code}: ${message}`)}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`
  );
}

const asBoolean = (value: unknown): boolean => String(value ?? '').trim() === 'true';
const asText = (value: unknown): string | null => {
  const text = typeof value === 'string' ? value.trim() : '';
  return text === '' ? null : text;
};

export interface DataSoapContext {
  state: OrgState;
  userId: string;
  /** Persists the state after a write. */
  changed: () => void;
}

/**
 * A call on the partner (/services/Soap/u) or enterprise (/services/Soap/c) endpoint. The local
 * org answers convertLead only; every other operation gets a fault saying so.
 */
export function handleDataSoap(
  path: string,
  bodyText: string,
  context: DataSoapContext
): { status: number; body: string } {
  const kind = path.startsWith('/services/Soap/c/') ? 'enterprise' : 'partner';
  const namespace = `urn:${kind}.soap.sforce.com`;
  let body: Record<string, unknown> | undefined;
  try {
    const parsed = parser.parse(bodyText) as { Envelope?: { Body?: Record<string, unknown> } };
    body = parsed.Envelope?.Body;
  } catch {
    body = undefined;
  }
  if (!body || typeof body !== 'object')
    return {
      status: 500,
      body: soapFault(kind, 'INVALID_REQUEST', 'The request is not a SOAP envelope with a Body.')
    };
  const operation = Object.keys(body)[0];
  if (operation !== 'convertLead')
    return {
      status: 500,
      body: soapFault(
        kind,
        'UNKNOWN_OPERATION',
        `The local org answers only convertLead on the ${kind} SOAP endpoint, not ${operation ?? 'an empty Body'}; use the REST API for other data calls.`
      )
    };
  const call = (body.convertLead ?? {}) as { leadConverts?: Record<string, unknown>[] };
  const items = call.leadConverts ?? [];
  if (items.length === 0 || items.length > 200)
    return {
      status: 500,
      body: soapFault(
        kind,
        'INVALID_BATCH_SIZE',
        `convertLead takes 1 to 200 LeadConvert elements; this call has ${items.length}.`
      )
    };
  const requests: LeadConvertRequest[] = items.map((item) => ({
    leadId: asText(item.leadId) ?? '',
    convertedStatus: asText(item.convertedStatus) ?? '',
    accountId: asText(item.accountId),
    contactId: asText(item.contactId),
    doNotCreateOpportunity: asBoolean(item.doNotCreateOpportunity),
    opportunityName: asText(item.opportunityName),
    overwriteLeadSource: asBoolean(item.overwriteLeadSource),
    ownerId: asText(item.ownerId),
    sendNotificationEmail: asBoolean(item.sendNotificationEmail)
  }));
  let results: LeadConvertResult[];
  try {
    results = convertLeads(
      { state: context.state, access: computeAccess(context.state, context.userId) },
      requests
    );
  } catch (error) {
    // A SOAP client reads faults, not the REST error JSON the server answers otherwise.
    return {
      status: 500,
      body: soapFault(
        kind,
        'UNKNOWN_EXCEPTION',
        `An unexpected error occurred in the local org: ${(error as Error).message}`
      )
    };
  }
  context.changed();
  const resultXml = results
    .map(
      (result) =>
        `<result>${element('accountId', result.accountId)}${element('contactId', result.contactId)}${result.errors
          .map(
            (error) =>
              `<errors>${error.fields.map((name) => element('fields', name)).join('')}${element('message', error.message)}${element('statusCode', error.statusCode)}</errors>`
          )
          .join(
            ''
          )}${element('leadId', result.leadId)}${element('opportunityId', result.opportunityId)}${element('success', result.success)}</result>`
    )
    .join('');
  return {
    status: 200,
    body: envelope(namespace, `<convertLeadResponse>${resultXml}</convertLeadResponse>`)
  };
}
