// Phases 3 to 5 in Chromium, as an admin uses them, against a local org with the package, its
// default mappings and one universally required Lead field (Region__c) that no mapping fills:
// give the required field a value and see its deployment succeed; add, edit and remove mappings
// and see the org hold exactly the result; reorder the match keys, change a rule and save. Every
// step: screenshot, axe, no console error from the page's own code. The org, not the page, is
// asked what was saved.
import type { Locator } from 'playwright-core';
import {
  REQUIRED_FIELD,
  TEXT,
  expectPhaseStatus,
  mappingRow,
  openPhase,
  savedMappings,
  savedSettings,
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

const requiredTarget = `${REQUIRED_FIELD.object}.${REQUIRED_FIELD.field}`;

/** Opens the combobox named `name` inside `scope` and picks the option named `option`. */
async function pickIn(scope: Locator, name: string, option: string): Promise<void> {
  const combobox = scope.getByRole('combobox', { name, exact: true });
  await combobox.click();
  await scope.getByRole('option', { name: option, exact: true }).click();
  await expect(combobox.getAttribute('aria-expanded')).resolves.toBe('false');
}

/** Waits for the deployment the page just started to be shown succeeded. */
async function expectDeploymentSucceeded(): Promise<void> {
  const { page } = setup;
  await page.locator('.deployment').first().waitFor();
  await page.getByText(TEXT.deploymentSucceeded).first().waitFor({ timeout: 30_000 });
  // Defect 6: nothing says queued once it succeeded.
  await expect(page.getByText(TEXT.deploymentQueued).count()).resolves.toBe(0);
  await expect(page.getByText(TEXT.mappingsQueued).count()).resolves.toBe(0);
}

describe('phase 3, field validation', () => {
  const row = () => setup.page.locator(`li.required-row[data-target="${requiredTarget}"]`);
  const save = () => setup.page.getByRole('button', { name: TEXT.saveMappings });

  it('names the required field without a value and refuses to save until it has one', async () => {
    const { page } = setup;
    await openPhase(page, TEXT.fieldValidation);
    await row().waitFor();
    await expect(row().textContent()).resolves.toContain(REQUIRED_FIELD.label);
    // lightning-icon says its alternative text as assistive text beside the hidden svg.
    await row().getByText(TEXT.needsValue, { exact: true }).waitFor();
    await page.getByText(TEXT.unfilled(requiredTarget)).waitFor();
    await expect(save().isDisabled()).resolves.toBe(true);
    await expectPhaseStatus(page, TEXT.fieldValidation, TEXT.attention);
    await setup.check('phase 3, required field without a value');
  });

  it('saves a constant for it: Save is enabled once it has a value, and the deployment succeeds', async () => {
    const { page, admin } = setup;
    await pickIn(row(), TEXT.source, TEXT.constant);
    await row().getByRole('textbox', { name: TEXT.value, exact: true }).fill('EMEA');
    await expect(page.getByText(TEXT.unfilled(requiredTarget)).count()).resolves.toBe(0);
    await expect(save().isEnabled()).resolves.toBe(true);
    await setup.check('phase 3, value given');
    await save().click();
    await expectDeploymentSucceeded();
    expect(await savedMappings(admin)).toContain(`${requiredTarget}=Constant:EMEA`);
    // The page re-read the org: the row has its value and the phase is done.
    await row().getByText(TEXT.hasValue, { exact: true }).waitFor();
    await expectPhaseStatus(page, TEXT.fieldValidation, TEXT.done);
    await expect(save().isDisabled()).resolves.toBe(true);
    await setup.check('phase 3, saved');
  });
});

describe('phase 4, field mapping', () => {
  const save = () => setup.page.getByRole('button', { name: TEXT.saveMappings });
  let before: string[];

  it('opens with nothing to save and no message carried over from phase 3 (defect 6)', async () => {
    const { page, admin } = setup;
    before = await savedMappings(admin);
    await openPhase(page, TEXT.fieldMapping);
    await page.getByText(TEXT.noChanges).waitFor();
    await expect(save().isDisabled()).resolves.toBe(true);
    await expect(page.getByText(TEXT.mappingsQueued).count()).resolves.toBe(0);
    await expect(page.getByText(TEXT.mappingProblems).count()).resolves.toBe(0);
  });

  it('adds a mapping, edits one and removes one, and the org holds exactly that after the deployment', async () => {
    const { page, admin } = setup;
    // Add: a new row (Lead) mapping Title to a constant.
    await page.getByRole('button', { name: TEXT.addMapping }).click();
    const added = page.locator('li.mapping-row').last();
    await pickIn(added, TEXT.field, 'Title (Title)');
    await pickIn(added, TEXT.source, TEXT.constant);
    await added.getByRole('textbox', { name: TEXT.value, exact: true }).fill('Booked online');
    // Edit: the Lead source constant becomes another value of its picklist.
    await pickIn(mappingRow(page, 'Lead', 'LeadSource'), TEXT.value, 'Phone Inquiry');
    // Remove: the mobile phone mapping.
    await page.getByRole('button', { name: 'Remove the mapping of Lead.MobilePhone' }).click();
    await expect(mappingRow(page, 'Lead', 'MobilePhone').count()).resolves.toBe(0);
    await expect(save().isEnabled()).resolves.toBe(true);
    await setup.check('phase 4, mappings changed');

    await save().click();
    await expectDeploymentSucceeded();
    const expected = before
      .filter((mapping) => !/^Lead\.(MobilePhone|LeadSource)=/.test(mapping))
      .concat(['Lead.LeadSource=Constant:Phone Inquiry', 'Lead.Title=Constant:Booked online'])
      .sort();
    expect(await savedMappings(admin)).toEqual(expected);
    // The page re-read the saved mappings: nothing is left to save, the removed row is gone.
    await page.getByText(TEXT.noChanges).waitFor();
    await expect(mappingRow(page, 'Lead', 'MobilePhone').count()).resolves.toBe(0);
    await mappingRow(page, 'Lead', 'Title').waitFor();
    await setup.check('phase 4, saved');
  });
});

describe('phase 5, creation rules', () => {
  /** The match keys in their order, by the label of each one's checkbox. */
  const keyOrder = async () =>
    (await setup.page.locator('ol.match-keys > li').allInnerTexts()).map(
      (text) => text.split('\n')[0]
    );

  it('moves a match key up, announces the new place and saves the order and a rule to the org', async () => {
    const { page, admin } = setup;
    await openPhase(page, TEXT.creationRules);
    await expect(keyOrder()).resolves.toEqual([
      TEXT.matchRecordId,
      TEXT.matchEmail,
      TEXT.matchPhone
    ]);
    await page.getByRole('button', { name: `Move ${TEXT.matchPhone} up` }).click();
    await expect(keyOrder()).resolves.toEqual([
      TEXT.matchRecordId,
      TEXT.matchPhone,
      TEXT.matchEmail
    ]);
    await page.getByText(`${TEXT.matchPhone} is now number 2 of 3.`).waitFor({ state: 'attached' });
    // SLDS draws the radio over its input: an admin clicks the label.
    await page.locator('label', { hasText: TEXT.leadFirst }).click();
    await setup.check('phase 5, rules changed');

    await page.getByRole('button', { name: TEXT.saveCreationRules }).click();
    await page.getByText(TEXT.creationRulesSaved).waitFor();
    expect(await savedSettings(admin)).toMatchObject({
      MatchOrder__c: 'RecordId,Phone,Email',
      ContactBeforeLead__c: false
    });
    await setup.check('phase 5, saved');
  });

  it('shows the saved order after a reload, read from the org', async () => {
    const { page } = setup;
    await setup.open();
    await openPhase(page, TEXT.creationRules);
    await expect(keyOrder()).resolves.toEqual([
      TEXT.matchRecordId,
      TEXT.matchPhone,
      TEXT.matchEmail
    ]);
    await expect(page.getByRole('radio', { name: TEXT.leadFirst }).isChecked()).resolves.toBe(true);
  });
});
