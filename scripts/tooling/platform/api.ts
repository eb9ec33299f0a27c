// Platform rules: api. Each entry names the Salesforce documentation it comes from (see catalogue.ts).
import type { PlatformRule } from './types.ts';

// Lead conversion: what a converted Lead is, how convertLead() makes one,
// and what the API refuses on it afterwards. Enforced by scripts/tooling/local-org/lead-convert.ts and
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

// What the local org refuses as Salesforce does: SOQL literals, polymorphic names, URI length,
// API Enabled, one admin per org, durable writes.
const TRUST_RULES: readonly PlatformRule[] = [
  {
    id: 'api.soql.stringEscapes',
    title: 'SOQL string escapes',
    rule:
      'A SOQL string literal reads the backslash escapes \\n \\N \\r \\R \\t \\T \\b \\B \\f \\F \\" \\\' \\\\ and \\uXXXX; ' +
      '\\_ and \\% only in a LIKE expression (a literal underscore or percent sign); a backslash in any other context is an error.',
    source:
      'https://developer.salesforce.com/docs/platform/salesforce-soql-sosl/guide/sforce-api-calls-soql-select-quotedstringescapes.html',
    enforcedBy: ['local-org'],
    assumption:
      'The error is MALFORMED_QUERY (the code of every SOQL syntax error); its wording ("Invalid string literal ... ' +
      "Illegal character sequence '\\q' in string literal.\") is not documented. \\b is read as the documentation says, Bell (U+0007)."
  },
  {
    id: 'api.soql.polymorphicName',
    title: 'Polymorphic Who/What through Name',
    rule:
      'A polymorphic relationship (Who, What, Owner) refers to several object types; in SOQL its fields are those of ' +
      'the Name object (Type, Name, FirstName, LastName, Alias, Email, Phone, Title, Username, IsActive, ...), so ' +
      'Who.Type, Who.Name and What.Type work on any record, and a field of only one target object does not.',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_relationships_and_polymorph_keys.htm',
    enforcedBy: ['local-org'],
    assumption:
      'The nested record is typed "Name" with the URL of the record itself; the Name fields a record\'s object lacks are null. ' +
      'TYPEOF is not modelled (refused with MALFORMED_QUERY).'
  },
  {
    id: 'api.rest.uriLength',
    title: 'Request URI: 16,384 bytes',
    rule:
      'In each REST call the combined URI and headers may be at most 16,384 bytes: a request over the limit is refused ' +
      'with 431 Request Header Fields Too Large, and one whose URI alone is over it with 414 URI Too Long. Salesforce ' +
      'recommends URIs under 2,000 characters; a longer query can go in a Composite request body.',
    source: 'https://help.salesforce.com/s/articleView?id=000386264&type=1',
    enforcedBy: ['local-org'],
    assumption:
      "The body of the 414 and 431 answers is not documented: the local org answers Salesforce's REST error shape with " +
      'errorCode URI_TOO_LONG / REQUEST_HEADER_FIELDS_TOO_LARGE.'
  },
  {
    id: 'api.user.apiEnabled',
    title: 'API Enabled per user',
    rule:
      'A user needs the API Enabled user permission (PermissionsApiEnabled, from the profile or a permission set) for ' +
      'any Salesforce API: REST, SOAP, Tooling, Metadata. Without it every call is refused with API_CURRENTLY_DISABLED ' +
      '"API is disabled for this User"; API_DISABLED_FOR_ORG is the answer of an org (edition) without API access.',
    source: 'https://help.salesforce.com/s/articleView?id=sf.admin_userperms.htm&type=5',
    enforcedBy: ['local-org'],
    assumption:
      'The HTTP status (403) and the SOAP fault (500, sf:API_CURRENTLY_DISABLED) are not documented for this code; the ' +
      "message is the one integrations report (e.g. vendors' Salesforce error guides), the code is in the SOAP ExceptionCode enum. " +
      'Logging in (OAuth) and the identity endpoints (/services/oauth2/userinfo, /id/...) are assumed to work without ' +
      'API Enabled, as they are the OAuth service and not the API; the first API call is refused.'
  },
  {
    id: 'api.org.adminUsername',
    title: 'Usernames are unique across orgs',
    rule:
      'Usernames are unique across all Salesforce orgs (they have the form of an email address but need not be one), ' +
      "so every org's admin has a username of its own; tools such as the sf CLI key their stored logins by username.",
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_user.htm',
    enforcedBy: ['local-org'],
    assumption:
      'A local org names its admin admin+<15-character org Id, lower-cased>@bookingconnector.local, kept with its data dir. ' +
      'The User.Username description (email form, unique across all organizations) is cited from the object reference; ' +
      'its wording was not found in the search corpus.'
  },
  {
    id: 'api.write.durable',
    title: 'An acknowledged write is durable',
    rule:
      'A write that the API acknowledged (201 / 200 / 204) is committed: it is there after any failure of the server, ' +
      'and record Ids are never issued twice.',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/dome_sobject_create.htm',
    enforcedBy: ['local-org'],
    assumption:
      "The documentation describes the 201 answer with the new record's Id; that it survives a crash is the " +
      'transactional guarantee of the platform, not a sentence of the page.'
  }
];

// Activities: what an Event or Task may be related to. Enforced by
// scripts/tooling/local-org/records.ts; the sync engine relies on it (creationRules.js eventWhatId).
const ACTIVITY_RULES: readonly PlatformRule[] = [
  {
    id: 'api.Activity.leadHasNoWhat',
    title: 'A Lead activity has no WhatId',
    rule: 'The Event and Task objects both have WhoId and WhatId cross-reference ID fields: WhoId points to a Contact or Lead, WhatId to an Account, Opportunity, Campaign, Case (or another non-person object). If the WhoId field refers to a Lead, then the WhatId field must be empty.',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/field_types.htm',
    enforcedBy: ['local-org'],
    assumption:
      'The page states the rule but not the error a create or update that breaks it gets; the local org answers FIELD_INTEGRITY_EXCEPTION naming WhatId, the code Salesforce gives to other cross-reference values of the wrong kind. The sync engine never sends such a pair, so only the refusal itself matters to the product. Shared Activities (several Contacts per Event through EventRelation) is not modelled.'
  }
];

// The org's daily API requests and what the sync engine reads of them; enforced by
// scripts/tooling/local-org/api-usage.ts and server.ts.
const API_LIMIT_RULES: readonly PlatformRule[] = [
  {
    id: 'api.limits.limitInfoHeader',
    title: 'Sforce-Limit-Info: api-usage',
    rule: 'Every REST API response carries the Sforce-Limit-Info header, api-usage=<used>/<max>: the API requests the org has used (in the last 24 hours) and its allowance. It is returned on each request except to the versions resource (/), which does not count against the limits.',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/headers_api_usage.htm',
    enforcedBy: ['local-org'],
    assumption:
      'The value counts the request it answers (the page does not say). per-app-api-usage and api-bursts (in older versions of the page) are not sent.'
  },
  {
    id: 'api.limits.requestsCounted',
    title: 'What counts as an API request',
    rule: "The limits apply to the SOAP and REST APIs and the APIs built on them; the SOAP LimitInfoHeader is returned by every call except login(), and the REST versions resource is not counted. Limits are enforced on the aggregate of the org's API calls in a 24-hour period, not per user.",
    source:
      'https://developer.salesforce.com/docs/platform/salesforce-app-limits-cheatsheet/guide/salesforce-app-limits-platform-api.html',
    enforcedBy: ['local-org'],
    assumption:
      'A Composite request counts once for all its subrequests ("The entire series of requests counts as a single call toward your API limits", https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-composite-post.html); the local org counts a Graph or sObject Collections request once too (one request; their pages found do not say). The OAuth endpoints (token, authorize, userinfo, the identity URL) are not counted: the docs found say nothing. The rolling 24 hours is approximated by a window that starts again at 0 when 24 hours old; tests set the usage (setApiUsage).'
  },
  {
    id: 'api.limits.dailyRequestsExceeded',
    title: 'Over the daily API allowance',
    rule: 'When an org exceeds its total API request allocation, all users in the org can be temporarily blocked from making calls, until usage for the preceding 24 hours drops below the limit; a call that exceeds a request limit gets an error (REQUEST_LIMIT_EXCEEDED for request limits).',
    source:
      'https://help.salesforce.com/s/articleView?id=xcloud.setup_system_overview_api.htm&type=5',
    enforcedBy: ['local-org'],
    assumption:
      'The status 403 and the message "TotalRequests Limit exceeded." are what integrations report, not in the pages found (the limits cheat sheet names REQUEST_LIMIT_EXCEEDED for the concurrent-request limit). Salesforce may let an org run over for a while ("can be blocked"; older Limit Info pages show usage above the limit with api-bursts); the local org refuses every counted call once used has reached max, and does not count the refused call.'
  },
  {
    id: 'api.soql.aggregate',
    title: 'SOQL aggregates and GROUP BY',
    rule: 'A query with aggregate functions (COUNT(field), COUNT_DISTINCT, MIN, MAX, SUM, AVG), with or without GROUP BY, returns AggregateResult records: each aggregate under its alias, or the implied alias expr<i> (i counting the aggregates without an alias, from 0); aggregates other than COUNT() and COUNT(Id) ignore nulls. COUNT() stands alone, returns the count in totalSize (no records) and may have a LIMIT.',
    source:
      'https://developer.salesforce.com/docs/platform/salesforce-soql-sosl/guide/sforce-api-calls-soql-select-agg-functions.html',
    enforcedBy: ['local-org'],
    assumption:
      'Implied aliases from https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/langCon_apex_SOQL_agg_fns.htm. The REST shape of an AggregateResult (attributes with only type "AggregateResult", grouped fields under their names) is what the REST API answers, not shown on these pages. HAVING, GROUP BY ROLLUP/CUBE and ordering by an aggregate are not modelled (refused).'
  },
  {
    id: 'api.soql.caseSensitiveCompare',
    title: 'SOQL compares text without case',
    rule: 'Comparisons on strings are case-sensitive for unique case-sensitive fields; for all other fields they are case-insensitive (=, !=, IN, NOT IN).',
    source:
      'https://developer.salesforce.com/docs/platform/salesforce-soql-sosl/guide/sforce-api-calls-soql-select-comparisonoperators.html',
    enforcedBy: ['local-org'],
    assumption:
      'LIKE and the order of < and > stay case-insensitive on every field in the local org.'
  },
  {
    id: 'api.soql.dateLiterals',
    title: 'SOQL dateTime values and date literals',
    rule: 'A dateTime field is compared with YYYY-MM-DDThh:mm:ssZ or ±hh:mm values (stored in UTC). A date literal stands for a range: TODAY, YESTERDAY, LAST_N_DAYS:n (today and the n days before it: LAST_N_DAYS:1 is yesterday and today), NEXT_N_DAYS:n; = is within the range, > after it, < before it.',
    source:
      'https://developer.salesforce.com/docs/platform/salesforce-soql-sosl/guide/sforce-api-calls-soql-select-dateformats.html',
    enforcedBy: ['local-org'],
    assumption:
      "Salesforce takes a day in the querying user's locale; the local org's days are UTC days. Other date literals (THIS_WEEK, LAST_MONTH, fiscal ones) are refused with MALFORMED_QUERY."
  },
  {
    id: 'api.field.autoNumber',
    title: 'Auto number fields',
    rule: "An auto number field (or a custom object's auto number Name) is read-only: the org gives each new record the next number, from startingNumber, in the field's displayFormat (e.g. BSL-{0000000}).",
    source:
      'https://developer.salesforce.com/docs/platform/api-metadata/references/meta-types/metadata-customfield.html',
    enforcedBy: ['local-org'],
    assumption:
      'Numbers are not reused after a delete and a failed create does not use one up in the local org (the docs found do not say). The date tokens ({YY}, {MM}, {DD}) use UTC.'
  },
  {
    id: 'api.upsert.externalIdCase',
    title: 'Upsert matches external ids by case',
    rule: 'Upsert matches a custom external id field case-insensitively only if the field is Unique and "Treat ABC and abc as duplicate values (case insensitive)"; then "ABC123" matches "abc123". A unique case-sensitive field matches exactly. A key that matches several records is an error (300 in REST).',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.apexcode.meta/apexcode/langCon_apex_dml_examples_upsert.htm',
    enforcedBy: ['local-org'],
    assumption:
      "The page read literally makes a non-unique external id (Booking_Id__c on Event) match case-sensitively; the local org matches it case-insensitively, the reading the sync engine must guard against (it creates instead of upserting when another booking's Event has the same id in another case, plan.ts), so the guard is exercised. Standard idLookup fields (Email, Username) match case-insensitively (not documented)."
  },
  {
    id: 'api.collections.limit',
    title: 'sObject Collections: 200 records',
    rule: 'An sObject Collections request creates, updates, upserts or deletes up to 200 records (DELETE: ids is a list of up to 200 Ids, of any object types; allOrNone defaults to false); results come in the order of the request.',
    source:
      'https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-sobjects-collections-delete.html',
    enforcedBy: ['local-org'],
    assumption:
      'The refusal of more than 200 is not shown on the page: the local org answers 400 EXCEEDED_ID_LIMIT ("record limit reached. cannot submit more than 200 records into this call"), the code and wording integrations report, and changes nothing.'
  },
  {
    id: 'api.graph.limits',
    title: 'Composite graph limits',
    rule: 'A Composite Graph payload holds up to 75 graphs and 500 nodes, a graph up to 500 nodes and a depth of 15, with at most 15 different nodes (API version, method, object type) a payload; only sObject and sObject-by-external-id resources can be nodes.',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api/resources_composite_graph_limits.htm',
    enforcedBy: ['local-org']
  },
  {
    id: 'api.graph.allOrNothing',
    title: 'A composite graph is all or nothing',
    rule: "Each graph of a Composite Graph request succeeds or fails as a whole: when a node fails, the graph's other changes are rolled back; other graphs of the payload are independent. References @{ref.field} reach earlier nodes of the same graph.",
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_graph_introduction.htm',
    enforcedBy: ['local-org'],
    assumption:
      "The body of a failed graph's nodes is not shown in the docs; the local org answers as /composite with allOrNone (rest/graph.ts)."
  },
  {
    id: 'api.graph.processingHalted',
    title: 'Composite graph: PROCESSING_HALTED',
    rule: 'After 14 graphs of a payload have failed, the graphs after them are not processed: each answers PROCESSING_HALTED.',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api/resources_composite_graph_limits.htm',
    enforcedBy: ['local-org']
  }
];

export const API_RULES: readonly PlatformRule[] = Object.freeze([
  ...LEAD_CONVERSION_RULES,
  ...TRUST_RULES,
  ...ACTIVITY_RULES,
  ...API_LIMIT_RULES
]);
