// Test kit: what tests put into an org besides the package (permission set assignments), the
// sync engine's view of an org with the package, and booking events built from a few overrides.
import type { Connection } from '@salesforce/core';
import { soqlString } from '../../product/soql.ts';
import { loadConfig, type SyncConfig } from '../../product/sync/config.ts';
import type { BookingEvent, BookingEventType } from '../../product/sync/events.ts';
import { SalesforceApi } from '../../product/sync/salesforce.ts';
import type { LocalOrgOptions } from '../local-org/server.ts';
import { orgWithPackage, type OrgWithPackage } from './org.ts';

/**
 * Assigns a permission set, as an admin must after a source deploy: field-level security applies
 * to administrators too, so a deployed custom field is visible only once a profile or permission
 * set grants it (platform rule `permission.fls.appliesToAdmins`). Returns the assignment's Id.
 */
export async function assignPermissionSet(
  admin: Connection,
  username: string,
  permissionSetName: string
): Promise<string> {
  const [user] = (
    await admin.query<{ Id: string }>(
      `SELECT Id FROM User WHERE Username = ${soqlString(username)}`
    )
  ).records;
  const [set] = (
    await admin.query<{ Id: string }>(
      `SELECT Id FROM PermissionSet WHERE Name = ${soqlString(permissionSetName)}`
    )
  ).records;
  if (!user || !set) throw new Error(`No user ${username} or permission set ${permissionSetName}`);
  const created = await admin.sobject('PermissionSetAssignment').create({
    AssigneeId: user.Id,
    PermissionSetId: set.Id
  });
  return String((created as { id: string }).id);
}

export interface SyncOrg extends OrgWithPackage {
  /** The engine's API as the API user, retrying fast so retry tests take milliseconds. */
  api: SalesforceApi;
  config: SyncConfig;
}

/** An org with the package, and the sync engine's API and configuration as the API user. */
export async function syncOrg(options: LocalOrgOptions = {}): Promise<SyncOrg> {
  const started = await orgWithPackage(options);
  const api = new SalesforceApi(started.apiUser, { retry: { baseDelayMs: 5, maxDelayMs: 20 } });
  return { ...started, api, config: await loadConfig(api) };
}

let counter = 0;
/** A booking event with a person and booking of its own (unique id, name and email). */
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
