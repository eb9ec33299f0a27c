// The org's Lead assignment rule against the engine's owner policies. Salesforce runs active
// assignment rules on REST creates unless the request sends Sforce-Auto-Assign: FALSE, so the
// policy "AssignmentRules" must let the rule choose, and the other policies must stop it from
// overriding the owner the connector chose.
import type { Connection } from '@salesforce/core';
import type { LocalOrg } from '../../../tooling/local-org/server.ts';
import type { SyncConfig } from '../config.ts';
import { syncEvents } from '../engine.ts';
import { openSyncStore } from '../store.ts';
import type { SalesforceApi } from '../salesforce.ts';
import { bookingEvent, syncOrg } from '../../../tooling/test-kit/fixtures.ts';

jest.setTimeout(60_000);
let org: LocalOrg;
let admin: Connection;
let api: SalesforceApi;
let config: SyncConfig;
let queueId: string;
let owner: { Id: string; Email: string };

beforeAll(async () => {
  ({ org, admin, api, config } = await syncOrg({ assignmentRules: true }));
  queueId = (
    await admin.query<{ Id: string }>("SELECT Id FROM Group WHERE DeveloperName = 'Booking_Leads'")
  ).records[0].Id;
  owner = (
    await admin.query<{ Id: string; Email: string }>(
      "SELECT Id, Email FROM User WHERE IsActive = true AND Email != null AND Profile.Name = 'System Administrator' LIMIT 1"
    )
  ).records[0];
}, 90_000);
afterAll(async () => {
  await org.close();
});

async function newLeadOwner(ownerPolicy: SyncConfig['settings']['ownerPolicy']): Promise<string> {
  const event = bookingEvent({ booking: { ownerEmail: owner.Email } });
  const report = await syncEvents(api, [event], {
    store: openSyncStore(null),
    config: { ...config, settings: { ...config.settings, ownerPolicy, noMatchAction: 'Lead' } }
  });
  expect(report).toMatchObject({ applied: 1, failed: 0 });
  const [lead] = (
    await admin.query<{ OwnerId: string }>(
      `SELECT OwnerId FROM Lead WHERE Email = '${event.booking.person.email}'`
    )
  ).records;
  return lead.OwnerId;
}

test('the org rule applies to a REST create that does not say otherwise', async () => {
  const created = (await admin.sobject('Lead').create({ LastName: 'Direct', Company: 'D' })) as {
    id: string;
  };
  const lead = (await admin.sobject('Lead').retrieve(created.id)) as { OwnerId: string };
  expect(lead.OwnerId).toBe(queueId);
});

test('owner policy AssignmentRules: the Lead goes where the org rule sends it', async () => {
  expect(await newLeadOwner('AssignmentRules')).toBe(queueId);
});

test('owner policy BookingOwner: the rule does not override the booking owner', async () => {
  expect(await newLeadOwner('BookingOwner')).toBe(owner.Id);
});

test('owner policy Keep: a new Lead stays with the API user, not the queue', async () => {
  const apiUserId = config.apiUserId;
  expect(await newLeadOwner('Keep')).toBe(apiUserId);
});
