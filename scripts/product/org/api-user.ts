// bkconn api-user create (scratch and local orgs only): a development API user with the Salesforce
// license and the System Administrator profile (or the profile given). In a customer's
// sandbox or production org the API user is a person's decision, made in Setup; this refuses.
// Running it twice with the same username returns the user made the first time.
import { randomBytes } from 'node:crypto';
import type { Connection } from '@salesforce/core';
import { messageError, productMessages } from '../messages.ts';
import { queryTogether } from './composite.ts';
import { soqlString } from '../soql.ts';
import { REQUIRED_LICENSE } from './rules.ts';

const messages = productMessages('org.api-user');

export interface OrgKind {
  organizationId: string;
  isSandbox: boolean;
  isScratch: boolean;
  isLocal: boolean;
  organizationType: string;
  namespace: string | null;
}

/** An org served from this machine: the local org (or a scratch org of the local Dev Hub). */
export function isLocalInstance(instanceUrl: string): boolean {
  const host = new URL(instanceUrl).hostname;
  return host === '127.0.0.1' || host === 'localhost';
}

export async function readOrgKind(connection: Connection): Promise<OrgKind> {
  const { org } = await queryTogether(connection, {
    org: 'SELECT Id, IsSandbox, OrganizationType, NamespacePrefix, TrialExpirationDate FROM Organization'
  });
  const record = org[0] ?? {};
  return {
    organizationId: String(record.Id ?? ''),
    isSandbox: record.IsSandbox === true,
    // Scratch orgs are sandboxes-by-nature with a trial expiration date.
    isScratch: record.TrialExpirationDate !== null && record.TrialExpirationDate !== undefined,
    isLocal: isLocalInstance(connection.instanceUrl),
    organizationType: String(record.OrganizationType ?? ''),
    namespace: (record.NamespacePrefix as string | null) || null
  };
}

export interface CreateApiUserOptions {
  username?: string;
  profile?: string;
  email?: string;
  lastName?: string;
}

export interface CreatedApiUser {
  id: string;
  username: string;
  profile: string;
  created: boolean;
}

export function generatedUsername(organizationId: string): string {
  return `booking-api.${randomBytes(4).toString('hex')}@${organizationId.toLowerCase().slice(0, 15)}.bookingconnector.dev`;
}

export async function createApiUser(
  connection: Connection,
  options: CreateApiUserOptions = {}
): Promise<CreatedApiUser> {
  const kind = await readOrgKind(connection);
  if (!kind.isScratch && !kind.isLocal) {
    throw messageError(messages, 'not-a-development-org', [], { name: 'NotADevelopmentOrg' });
  }
  const profileName = options.profile ?? 'System Administrator';
  const username = options.username ?? generatedUsername(kind.organizationId);
  const found = await queryTogether(connection, {
    user: `SELECT Id, Username, Profile.Name FROM User WHERE Username = ${soqlString(username)}`,
    profile: `SELECT Id, Name, UserLicense.Name FROM Profile WHERE Name = ${soqlString(profileName)}`
  });
  if (found.user[0]) {
    const existing = found.user[0];
    return {
      id: String(existing.Id),
      username,
      profile: String((existing.Profile as { Name?: string } | null)?.Name ?? ''),
      created: false
    };
  }
  const profile = found.profile[0];
  if (!profile) {
    throw messageError(messages, 'profile-not-found', [profileName], { name: 'ProfileNotFound' });
  }
  const license = (profile.UserLicense as { Name?: string } | null)?.Name;
  if (license !== REQUIRED_LICENSE) {
    throw messageError(
      messages,
      'profile-license',
      [profileName, license ?? 'unknown', REQUIRED_LICENSE],
      { name: 'ProfileLicense' }
    );
  }
  const result = await connection.sobject('User').create({
    Username: username,
    LastName: options.lastName ?? 'Booking API',
    FirstName: 'Booking Connector',
    Email: options.email ?? username,
    Alias: 'bkapi',
    ProfileId: profile.Id,
    TimeZoneSidKey: 'America/Los_Angeles',
    LocaleSidKey: 'en_US',
    EmailEncodingKey: 'UTF-8',
    LanguageLocaleKey: 'en_US'
  });
  if (!result.success || !result.id) {
    throw messageError(messages, 'user-create-failed', [username, JSON.stringify(result.errors)], {
      name: 'UserCreateFailed'
    });
  }
  return { id: result.id, username, profile: profileName, created: true };
}
