// Phase 4 with a saved mapping the org cannot use (a booking field that does not exist), in
// Chromium against a local org: the row shows its saved value and its problem legibly (issue 13
// defects 4 and 5), and no save message shows before a save was tried (defect 6).
import { BAD_MAPPING, TEXT, openPhase, startSetupPage, type SetupPage } from './kit.ts';

jest.setTimeout(180_000);

let setup: SetupPage;
beforeAll(async () => {
  setup = await startSetupPage({ state: 'badMapping' });
  await setup.open();
  await openPhase(setup.page, TEXT.fieldMapping);
});
afterAll(() => setup?.close());

it('shows the invalid saved value in its combobox, not the placeholder (defect 5)', async () => {
  const { page } = setup;
  await page.getByText(`${BAD_MAPPING.value} (not available)`).first().waitFor();
  await setup.check('invalid mapping shown');
});

it('marks the row with legible problem text, not red on orange (defect 4)', async () => {
  const { page } = setup;
  const problem = page.locator('.mapping-row_invalid .row-problems').first();
  await problem.waitFor();
  const colours = await problem.evaluate((element) => {
    const page = globalThis as unknown as {
      getComputedStyle(element: unknown): { color: string; backgroundColor: string };
    };
    const row = (element as unknown as { closest(selector: string): unknown }).closest(
      '.mapping-row_invalid'
    );
    return {
      text: page.getComputedStyle(element).color,
      row: page.getComputedStyle(row).backgroundColor
    };
  });
  // slds-theme_warning's orange was the background the red text sat on.
  expect(colours.row).not.toBe('rgb(254, 147, 57)');
  // axe's colour-contrast rule (run by check) holds the text to 4.5:1.
  await setup.check('problem row');
});

it('says nothing about saving before a save was tried (defect 6)', async () => {
  const { page } = setup;
  await expect(page.getByText(TEXT.mappingProblems).count()).resolves.toBe(0);
  await expect(page.getByText(TEXT.mappingsQueued).count()).resolves.toBe(0);
  // A change (a new, still empty row) makes Save available; saving it is refused.
  await page.getByRole('button', { name: TEXT.addMapping }).click();
  await page.getByRole('button', { name: TEXT.saveMappings }).click();
  await page.getByText(TEXT.mappingProblems).waitFor();
  await setup.check('save refused');
});
