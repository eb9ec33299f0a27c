// Test helpers: the local org with the package deployed, a connection as the API user, and
// booking events built from a few overrides.
import type { Connection } from '@salesforce/core';
import { connectionFor } from '../../../tooling/local-org/connection.ts';
import { ComponentSet } from '@salesforce/source-deploy-retrieve';
import {
  startLocalOrg,
  type LocalOrg,
  type LocalOrgOptions
} from '../../../tooling/local-org/server.ts';
import { SEEDED_USERS } from '../../../tooling/local-org/seed.ts';
import { assignApiUserPermissionSet } from '../../org/permset.ts';
import { assignPermissionSet } from '../../../tooling/local-org/__tests__/connect.ts';
import type { BookingEvent, BookingEventType } from '../events.ts';

export const API_VERSION = '66.0';

export function connect(org: LocalOrg, accessToken: string): Promise<Connection> {
  return connectionFor(org, accessToken, API_VERSION);
}

/**
 * The local org with force-app deployed and the API user set up as standard mode has it: the
 * System Administrator profile (its access to Lead, Contact, Account, Case and Event) and the
 * package's API-user permission set (the package's fields and settings, which no profile gets
 * by itself). Returns it with admin and API-user connections.
 */
export async function orgWithPackage(options: LocalOrgOptions = {}): Promise<{
  org: LocalOrg;
  admin: Connection;
  apiUser: Connection;
  apiToken: string;
}> {
  const org = await startLocalOrg(options);
  const admin = await connect(org, org.adminAccessToken);
  const set = ComponentSet.fromSource('force-app');
  set.sourceApiVersion = API_VERSION;
  set.apiVersion = API_VERSION;
  const deploy = await set.deploy({ usernameOrConnection: admin });
  const result = await deploy.pollStatus(50, 60);
  if (!result.response.success)
    throw new Error(`deploy failed: ${JSON.stringify(result.response.details)}`);
  // As in a real org after a source deploy (and as setup does): the package's fields are
  // visible to the admin and the API user once their permission sets are assigned.
  await assignPermissionSet(admin, org.adminUsername, 'BookingConnectorAdmin');
  await assignApiUserPermissionSet(admin, SEEDED_USERS.apiUser, options.namespace ?? null);
  const apiToken = org.accessTokenFor(SEEDED_USERS.apiUser);
  const apiUser = await connect(org, apiToken);
  return { org, admin, apiUser, apiToken };
}

let counter = 0;
export function bookingEvent(
  overrides: Partial<Omit<BookingEvent, 'booking'>> & {
    booking?: Partial<BookingEvent['booking']>;
  } = {}
): BookingEvent {
  counter++;
  const { booking, ...rest } = overrides;
  return {
    schemaVersion: 1,
    type: 'booked' as BookingEventType,
    bookingId: `bk-${counter}-${Math.random().toString(36).slice(2, 8)}`,
    sequence: 1,
    ...rest,
    booking: {
      start: '2026-03-02T09:00:00Z',
      end: '2026-03-02T09:30:00Z',
      timeZone: 'Europe/Berlin',
      bookingPage: 'Intro Call',
      subject: 'Intro call',
      person: {
        firstName: 'Ana',
        lastName: `Person${counter}`,
        email: `person${counter}@example.org`,
        company: 'Example Org'
      },
      ...booking
    }
  };
}
