// Platform rules: api. Each entry names the Salesforce documentation it comes from (see catalogue.ts).
import type { PlatformRule } from './types.ts';

export const API_RULES: readonly PlatformRule[] = Object.freeze([
  {
    id: 'api.soql.stringEscapes',
    rule:
      'A SOQL string literal reads the backslash escapes \\n \\N \\r \\R \\t \\T \\b \\B \\f \\F \\" \\\' \\\\ and \\uXXXX; ' +
      '\\_ and \\% only in a LIKE expression (a literal underscore or percent sign); a backslash in any other context is an error.',
    source:
      'https://developer.salesforce.com/docs/atlas.en-us.soql_sosl.meta/soql_sosl/sforce_api_calls_soql_select_quotedstringescapes.htm',
    enforcedBy: ['local-org'],
    assumption:
      'The error is MALFORMED_QUERY (the code of every SOQL syntax error); its wording ("Invalid string literal ... ' +
      "Illegal character sequence '\\q' in string literal.\") is not documented. \\b is read as the documentation says, Bell (U+0007)."
  },
  {
    id: 'api.soql.polymorphicName',
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
]);
