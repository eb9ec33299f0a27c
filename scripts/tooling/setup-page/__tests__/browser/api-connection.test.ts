// Phases 1 and 2 in Chromium, as an admin uses them, against a local org with the package and
// nothing set up: the page's one Apex call on load, choosing the API user from the search
// listbox, changing the security mode, saving (issue 13 defects 1, 7, 8 (listbox) and 9), then
// assigning the permission set and adding the package fields to the Event layout, with the
// deployment's result pushed by the server (defects 2 and 3). Every step: screenshot, axe, no
// console error from the page's own code.
import { SEEDED_USERS } from '../../../local-org/seed.ts';
import {
  TEXT,
  chooseUser,
  expectPhaseStatus,
  openPhase,
  savedSettings,
  searchBox,
  startSetupPage,
  type SetupPage
} from './kit.ts';

jest.setTimeout(180_000);

let setup: SetupPage;
beforeAll(async () => {
  setup = await startSetupPage({ state: 'fresh' });
  await setup.open();
});
afterAll(() => setup?.close());

const saveButton = () => setup.page.getByRole('button', { name: TEXT.saveApiConnection });

it('loads with one Apex call and says what to do first in an org with nothing set up', async () => {
  const { page } = setup;
  expect(await setup.apexCalls()).toEqual(['getSetupState']);
  await page.getByText(TEXT.noApiUser).waitFor();
  // Defect 7: no "nothing needs attention" beside "no API user is chosen yet".
  await expect(page.getByText(TEXT.nothingToFix).count()).resolves.toBe(0);
  await expectPhaseStatus(page, TEXT.apiConnection, TEXT.notStarted);
  await setup.check('empty org, phase 1');
});

it('offers the users found in a listbox, with keyboard and ARIA state', async () => {
  const { page } = setup;
  const box = searchBox(page);
  await box.fill('api');
  const listbox = page.getByRole('listbox');
  await listbox.getByRole('option').first().waitFor();
  await expect(box.getAttribute('aria-expanded')).resolves.toBe('true');
  await box.press('ArrowDown');
  const active = await box.getAttribute('aria-activedescendant');
  expect(active).toBeTruthy();
  await setup.check('user search listbox');
  await box.press('Escape');
  await expect(box.getAttribute('aria-expanded')).resolves.toBe('false');
});

it('saves the chosen user: Save is enabled after the change and the org holds the setting (defect 1)', async () => {
  const { page } = setup;
  await expect(saveButton().isDisabled()).resolves.toBe(true);
  await chooseUser(page, 'api', SEEDED_USERS.apiUser);
  await expect(saveButton().isEnabled()).resolves.toBe(true);
  await setup.check('user chosen, not saved');
  await saveButton().click();
  await page.getByText(TEXT.saved, { exact: true }).waitFor();
  await expect(saveButton().isDisabled()).resolves.toBe(true);
  expect(await savedSettings(setup.admin)).toMatchObject({ ApiUsername__c: SEEDED_USERS.apiUser });
  await setup.check('API connection saved');
});

it('enables Save again when only the security mode changes (defect 1)', async () => {
  const { page } = setup;
  // SLDS draws the radio over its input: an admin clicks the label.
  await page.locator('label', { hasText: TEXT.advanced }).click();
  await expect(saveButton().isEnabled()).resolves.toBe(true);
  await page.locator('label', { hasText: TEXT.standard }).click();
  // Back to what is saved: nothing to save.
  await expect(saveButton().isDisabled()).resolves.toBe(true);
});

it('clears the typed term after picking the user who is already chosen (defect 9)', async () => {
  const { page } = setup;
  await chooseUser(page, 'api', SEEDED_USERS.apiUser);
  await expect(searchBox(page).inputValue()).resolves.toBe(SEEDED_USERS.apiUser);
  // The same user again is no change to save.
  await expect(saveButton().isDisabled()).resolves.toBe(true);
});

it('lists the installation checks above their buttons after arriving from phase 1 (defect 2)', async () => {
  const { page } = setup;
  await openPhase(page, TEXT.installation);
  const assign = page.getByRole('button', { name: TEXT.assign });
  await assign.waitFor();
  const checks = page.locator('ul.checks');
  const [list, button] = await Promise.all([checks.boundingBox(), assign.boundingBox()]);
  expect(list && button && list.y + list.height <= button.y + 1).toBe(true);
  await setup.check('installation');
});

it('assigns the permission set to the API user in the org', async () => {
  const { page, admin } = setup;
  await page.getByRole('button', { name: TEXT.assign }).click();
  await page.getByRole('button', { name: TEXT.assign }).waitFor({ state: 'detached' });
  const assignments = await admin.query(
    `SELECT Id FROM PermissionSetAssignment WHERE Assignee.Username = '${SEEDED_USERS.apiUser}' AND PermissionSet.Name = 'BookingConnectorApiUser'`
  );
  expect(assignments.totalSize).toBe(1);
  await setup.check('permission set assigned');
});

it('adds the fields to the layout and shows the deployment queued, then succeeded, in distinct SLDS themes (defect 3)', async () => {
  const { page } = setup;
  await page.getByRole('button', { name: TEXT.addFields }).click();
  const deployment = page.locator('.deployment').first();
  await deployment.waitFor();
  await page.locator('.deployment[data-state="succeeded"]').waitFor({ timeout: 30_000 });
  await expect(
    page.locator('.deployment[data-state="succeeded"]').getAttribute('class')
  ).resolves.toContain('slds-theme_success');
  await expect(page.locator('.slds-alert_success, .slds-alert_info').count()).resolves.toBe(0);
  await page.getByRole('button', { name: TEXT.addFields }).waitFor({ state: 'detached' });
  await setup.check('layout fields added');
});
