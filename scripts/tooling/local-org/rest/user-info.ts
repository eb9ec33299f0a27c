// The OAuth user info of a session's user (what /services/oauth2/userinfo and the identity URL
// answer), in the shape @salesforce/core and jsforce read.
import type { RestContext } from './types.ts';

export function userInfo(
  context: Pick<RestContext, 'state' | 'instanceUrl'>,
  userId: string
): Record<string, unknown> {
  const user = context.state.records.user[userId];
  const orgId = context.state.org.organizationId;
  const base = context.instanceUrl;
  return {
    sub: `${base}/id/${orgId}/${userId}`,
    user_id: userId,
    organization_id: orgId,
    preferred_username: user.Username,
    nickname: String(user.Alias),
    name: user.Name,
    email: user.Email,
    email_verified: true,
    given_name: user.FirstName,
    family_name: user.LastName,
    zoneinfo: user.TimeZoneSidKey,
    active: user.IsActive,
    user_type: user.UserType === 'Standard' ? 'STANDARD' : 'CSN_ONLY',
    language: user.LanguageLocaleKey,
    locale: user.LocaleSidKey,
    utcOffset: -28800000,
    updated_at: user.LastModifiedDate,
    is_app_installed: true,
    urls: {
      enterprise: `${base}/services/Soap/c/{version}/${orgId}`,
      metadata: `${base}/services/Soap/m/{version}/${orgId}`,
      partner: `${base}/services/Soap/u/{version}/${orgId}`,
      rest: `${base}/services/data/v{version}/`,
      sobjects: `${base}/services/data/v{version}/sobjects/`,
      search: `${base}/services/data/v{version}/search/`,
      query: `${base}/services/data/v{version}/query/`,
      tooling_rest: `${base}/services/data/v{version}/tooling/`,
      profile: `${base}/${userId}`
    }
  };
}
