// The Sync health section in Chromium (issue 15), against a local org with the package and sync
// log records of the last day, the last week and older: the page shows the counts of each window
// by outcome and the newest failures with their error; an admin changes the API budget and the
// retention and saves, and the org's settings record holds the new values after a reload.
// Screenshot, axe and no console error at each step.
import { insertTestRecords } from '../../../local-org/test-records.ts';
import { savedSettings, startSetupPage, type SetupPage } from './kit.ts';

jest.setTimeout(180_000);

let setup: SetupPage;
const hour = 3_600_000;
beforeAll(async () => {
  setup = await startSetupPage({ state: 'fresh' });
  const ago = (ms: number) => ({ createdDate: new Date(Date.now() - ms) });
  const log = (outcome: string, bookingId: string, extra: Record<string, unknown> = {}) => ({
    Outcome__c: outcome,
    Booking_Id__c: bookingId,
    Booking_Sequence__c: 1,
    Log_Key__c: `browser:${bookingId}`,
    ...extra
  });
  const { org } = setup;
  insertTestRecords(
    org,
    'BookingSyncLog__c',
    [log('Applied', 'day-1'), log('Applied', 'day-2')],
    ago(hour)
  );
  insertTestRecords(
    org,
    'BookingSyncLog__c',
    [
      log('Failed', 'day-fail', {
        Error__c: 'Lead write rejected by Salesforce: REQUIRED_FIELD_MISSING'
      })
    ],
    ago(2 * hour)
  );
  insertTestRecords(
    org,
    'BookingSyncLog__c',
    [log('Skipped', 'week-skip'), log('Failed', 'week-fail', { Error__c: 'older failure' })],
    ago(3 * 24 * hour)
  );
  insertTestRecords(org, 'BookingSyncLog__c', [log('Applied', 'month-old')], ago(20 * 24 * hour));
  await setup.open();
});
afterAll(() => setup?.close());

const section = () => setup.page.locator('section.sync-health');
const cells = async (period: string) =>
  section().locator(`tr.count-row[data-period="${period}"] td`).allTextContents();

test('shows the counts of the last 24 hours and 7 days by outcome, and the newest failures', async () => {
  await section().getByRole('heading', { name: 'Sync health' }).waitFor();
  await section().locator('tr.count-row').first().waitFor();
  const rows = section().locator('tr.count-row');
  await expect(rows.count()).resolves.toBe(2);
  const periods = [
    await rows.nth(0).getAttribute('data-period'),
    await rows.nth(1).getAttribute('data-period')
  ];
  expect(periods).toHaveLength(2);
  // Applied, Skipped, Failed: the day holds 2 applied and 1 failure; the week adds a skip and a failure.
  expect(await cells(periods[0]!)).toEqual(['2', '0', '1']);
  expect(await cells(periods[1]!)).toEqual(['2', '1', '2']);
  const failures = section().locator('tr.failure');
  await expect(failures.count()).resolves.toBe(2);
  await expect(failures.nth(0).locator('.booking-id').textContent()).resolves.toBe('day-fail');
  await expect(failures.nth(0).locator('.failure-error').textContent()).resolves.toContain(
    'REQUIRED_FIELD_MISSING'
  );
  await expect(failures.nth(1).locator('.booking-id').textContent()).resolves.toBe('week-fail');
  await setup.check('sync health with failures');
});

test('an admin saves a new API budget and retention; the org holds them after a reload', async () => {
  const { page, admin } = setup;
  const budget = section().getByRole('spinbutton', { name: 'API Budget Percent' });
  const retention = section().getByRole('spinbutton', { name: 'Sync Log Retention Days' });
  await budget.fill('20');
  await retention.fill('14');
  await section().getByRole('button', { name: 'Save sync settings' }).click();
  await page.getByText('Sync settings saved.').first().waitFor();
  expect(await savedSettings(admin)).toMatchObject({
    ApiBudgetPercent__c: 20,
    SyncLogRetentionDays__c: 14
  });
  await setup.check('sync settings saved');
  await setup.open();
  await section().locator('tr.count-row').first().waitFor();
  await expect(
    section().getByRole('spinbutton', { name: 'API Budget Percent' }).inputValue()
  ).resolves.toBe('20');
  await expect(
    section().getByRole('spinbutton', { name: 'Sync Log Retention Days' }).inputValue()
  ).resolves.toBe('14');
});
