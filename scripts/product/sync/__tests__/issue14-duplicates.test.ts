// Issue 14 point 19 against the local org with the standard duplicate rules: a new person's
// Lead refused with DUPLICATES_DETECTED is replaced by the Lead Salesforce matched, and that
// Lead gets the booking's values by the update policy (fill empty, or overwrite), exactly as a
// Lead the engine's own look-ups matched; the outcome says so in a warning (point 17).
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

beforeAll(async () => {
  ({ org, admin, api, config } = await syncOrg({ duplicateRules: true }));
}, 90_000);
afterAll(async () => {
  await org.close();
});

for (const [policy, expected] of [
  [
    'FillEmpty',
    { Email: 'old.fillempty@reuse.example', Phone: '+1 202 555 0199', Title: 'Admiral' }
  ],
  [
    'Overwrite',
    { Email: 'new.overwrite@reuse.example', Phone: '+1 202 555 0188', Title: 'Admiral' }
  ]
] as const) {
  test(`issue 14 point 19: the Lead the duplicate rules matched gets the booking's values (${policy})`, async () => {
    // Same name and company (the standard Lead rule pairs them), another email: the engine's
    // own look-up finds nothing (another email; each test its own phone), the create is
    // refused, the match is used.
    const lastName = `Reuse${policy}`;
    const existing = (await admin.sobject('Lead').create({
      FirstName: 'Grace',
      LastName: lastName,
      Company: 'Navy Labs',
      Email: `old.${policy.toLowerCase()}@reuse.example`,
      Title: 'Admiral'
    })) as { id: string };
    const event = bookingEvent({
      booking: {
        person: {
          firstName: 'Grace',
          lastName,
          email: `new.${policy.toLowerCase()}@reuse.example`,
          phone: expected.Phone,
          company: 'Navy Labs'
        }
      }
    });
    const report = await syncEvents(api, [event], {
      store: openSyncStore(null),
      config: { ...config, settings: { ...config.settings, updatePolicy: policy } }
    });
    expect(report).toMatchObject({ applied: 1, failed: 0 });
    const leads = (
      await admin.query<Record<string, unknown>>(
        `SELECT Id, Email, Phone, Title FROM Lead WHERE LastName = '${lastName}'`
      )
    ).records;
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({ Id: existing.id, ...expected });
    expect(report.outcomes[0]).toMatchObject({
      person: { kind: 'Lead', id: existing.id, created: false }
    });
    expect(report.outcomes[0].warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^the org's duplicate rules matched Lead ${existing.id} instead of a new one: the booking uses it, writing .*Phone.* \\(update policy ${policy}\\)$`
        )
      )
    ]);
  });
}
