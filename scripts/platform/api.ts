// Platform rules: api. Each entry names the Salesforce documentation it comes from (see catalogue.ts).
import type { PlatformRule } from './types.ts';

// Lead conversion (issue 11, defect 6): what a converted Lead is, how convertLead() makes one,
// and what the API refuses on it afterwards. Enforced by scripts/local-org/lead-convert.ts and
// records.ts; the sync engine relies on them (creationRules.js convertedLeadContact).
const LEAD_CONVERSION_RULES: readonly PlatformRule[] = [
  {
    id: 'api.Lead.convertedFields',
    title: 'Lead conversion fields',
    rule: 'A Lead has IsConverted (boolean), ConvertedDate (date, without time), ConvertedAccountId, ConvertedContactId and ConvertedOpportunityId (references). Converting the Lead sets them, with Status, in one Lead update; they are not set by create or update calls.',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.change_data_capture.meta/change_data_capture/cdc_standard_objects_lead_conversion.htm',
    enforcedBy: ['local-org'],
    assumption:
      'Types and lengths from the field reference (https://developer.salesforce.com/docs/platform/field-reference/references/field-reference/salesforce-field-reference-lead.html). The only documented way to write these fields other than convertLead is the "Set Audit Fields upon Record Creation" permission (migrating converted Leads); the local org does not model it, so they are read-only on every create and update (INVALID_FIELD_FOR_INSERT_UPDATE, as for any read-only field).'
  },
  {
    id: 'api.LeadStatus.object',
    title: 'LeadStatus',
    rule: 'LeadStatus holds the values of the Lead Status picklist (ApiName, MasterLabel, SortOrder, IsDefault, IsConverted); several values can be converted ones. It supports describeSObjects(), query() and retrieve() only.',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_leadstatus.htm',
    enforcedBy: ['local-org'],
    assumption:
      'The local org seeds the four values of a new Developer Edition org, "Closed - Converted" the only converted one.'
  },
  {
    id: 'api.convertLead.soap',
    title: 'convertLead (SOAP)',
    rule: 'convertLead(LeadConvert[]) is a call of the SOAP API (partner and enterprise WSDLs). Each LeadConvert names leadId and convertedStatus (required), optionally accountId and contactId to merge into, doNotCreateOpportunity, opportunityName, overwriteLeadSource, ownerId and sendNotificationEmail. Without accountId a new Account is created, without contactId a new Contact, and an Opportunity unless doNotCreateOpportunity is true. Merged into existing records, only their empty fields are filled (LeadSource is overwritten when overwriteLeadSource is true).',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_convertlead.htm',
    enforcedBy: ['local-org'],
    assumption:
      'Field mapping: the standard one (Company to Account.Name; name, email, phones, title, lead source and description to the Contact; Phone, Website and Industry to the Account). The default Opportunity name is the Company followed by "-", its StageName the first stage and CloseDate the conversion date: the documentation does not give these defaults. Custom field mappings (LeadConvertSettings), record types, Chatter, notification emails, person-account conversion and accountRecord/contactRecord/opportunityId/bypass*DedupeCheck (newer LeadConvert fields) are not modelled.'
  },
  {
    id: 'api.convertLead.result',
    title: 'LeadConvertResult',
    rule: 'convertLead() answers one LeadConvertResult per LeadConvert, in order: accountId, contactId, leadId, opportunityId (new or existing), success and errors (statusCode, message, fields). One failed conversion does not undo the others.',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_convertlead_leadconvertresult.htm',
    enforcedBy: ['local-org']
  },
  {
    id: 'api.convertLead.convertedStatus',
    title: 'Converted status required',
    rule: 'convertedStatus must be a Lead status whose LeadStatus row has IsConverted = true (the documented way to find one is SELECT ... FROM LeadStatus WHERE IsConverted = true).',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/langCon_apex_dml_examples_convertlead.htm',
    enforcedBy: ['local-org'],
    assumption:
      'The error code and wording for a status that is not a converted one (INVALID_STATUS, "invalid convertedStatus: <value>") are not in the documentation; they are what integrations report. The value is matched against ApiName and MasterLabel (the Apex examples use either).'
  },
  {
    id: 'api.convertLead.accountAndContact',
    title: 'Converting into an Account and Contact',
    rule: 'accountId is the Account the Lead is merged into; contactId the Contact, which must belong to the given accountId (an accountId must be given with a contactId). When the Lead is owned by a queue, ownerId must be given: Accounts and Contacts cannot be owned by a queue. The caller needs Convert Leads and Edit on Lead, and Create and Edit on Account, Contact and Opportunity.',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.api.meta/api/sforce_api_calls_convertlead.htm',
    enforcedBy: ['local-org'],
    assumption:
      'Error codes are not documented: the local org answers INVALID_CROSS_REFERENCE_KEY for a missing or mismatched accountId/contactId and for a queue-owned Lead without ownerId, and INSUFFICIENT_ACCESS_OR_READONLY for missing object access. The "Convert Leads" user permission itself is not modelled (profiles carry no PermissionsConvertLeads); only the object access is checked.'
  },
  {
    id: 'api.Lead.convertedReadOnly',
    title: 'A converted Lead cannot be edited',
    rule: 'A converted Lead cannot be modified: an update (and converting it again) fails with CANNOT_UPDATE_CONVERTED_LEAD. After conversion only ConvertedAccountId and ConvertedContactId are to be referenced; a write that references the converted Lead (for example an Event with its Id in WhoId) fails with the same code.',
    source: 'https://help.salesforce.com/s/articleView?id=000384333&type=1',
    enforcedBy: ['local-org'],
    assumption:
      'The message "cannot reference converted lead" is the one integrations quote with the code; the article gives the code and its meaning, not the wording, nor the fields listed (the local org names the referencing field, e.g. WhoId, and none for an update). Deleting a converted Lead: the documentation found says nothing, so the local org allows it as for any Lead (the product never deletes a Lead it did not create in the same batch, so it depends on neither reading). The "View and Edit Converted Leads" user permission, which lets a user edit some converted-Lead fields in the UI, is not modelled.'
  },
  {
    id: 'api.Lead.convertedQueried',
    title: 'Converted Leads are queried like others',
    rule: 'Converted Leads stay in the org and are returned by SOQL like any other Lead; a query that wants only unconverted Leads filters on IsConverted = false.',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_leadstatus.htm',
    enforcedBy: ['local-org'],
    assumption:
      'The object reference describes checking IsConverted on queried Leads rather than stating the default in one sentence; the developer forums (https://developer.salesforce.com/forums?id=906F00000008l5MIAQ) confirm converted Leads are returned unless filtered.'
  },
  {
    id: 'api.convertLead.rest',
    title: 'No REST convertLead',
    rule: 'The REST API has no sObject resource that converts a Lead; convertLead is a SOAP API call (and Database.convertLead in Apex). Invocable actions (/services/data/vXX.X/actions/standard) are REST resources, but no standard convert-lead action was found in their documentation.',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_actions_invocable_standard_get.htm',
    enforcedBy: ['local-org'],
    assumption:
      'The local org converts Leads over SOAP only and answers a REST convert request as any unknown resource (NOT_FOUND). If a real org lists a convertLead standard action, it is not modelled.'
  }
];

export const API_RULES: readonly PlatformRule[] = Object.freeze([...LEAD_CONVERSION_RULES]);
