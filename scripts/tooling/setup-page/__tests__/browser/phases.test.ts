// Every phase in Chromium at 1280 and 600 px against a local org with the package (axe on each,
// a screenshot, no console error from the page's own code), plus the states a local org cannot
// reach for real: a user without the custom permission, and a failed load.
import { LOAD_FAILURE_MESSAGE } from '../../server/server.ts';
import {
  BAD_MAPPING,
  NARROW,
  PHASE_NAMES,
  TEXT,
  WIDE,
  expectPhaseStatus,
  openPhase,
  startSetupPage,
  type SetupPage
} from './kit.ts';

jest.setTimeout(240_000);

describe.each([
  ['1280 px', WIDE],
  ['600 px', NARROW]
])('every phase at %s', (_name, viewport) => {
  let setup: SetupPage;
  beforeAll(async () => {
    setup = await startSetupPage({ state: 'fresh', viewport });
    await setup.open();
  });
  afterAll(() => setup?.close());

  it.each(PHASE_NAMES)('%s passes axe and logs no error of the page', async (phase) => {
    await openPhase(setup.page, phase);
    await setup.check(phase);
  });

  it('keeps the phase 4 fields usable (defect 8)', async () => {
    const { page } = setup;
    await openPhase(page, TEXT.fieldMapping);
    await page.getByRole('combobox').first().waitFor();
    // At 600 px the fixed sixths left a field a few pixels wide.
    for (const combobox of await page.getByRole('combobox').all()) {
      const box = await combobox.boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(100);
    }
  });

  it('numbers the match keys of phase 5 (defect 8)', async () => {
    const { page } = setup;
    await openPhase(page, TEXT.creationRules);
    const item = page.locator('ol.match-keys > li').first();
    await item.waitFor();
    // Runs in the page; the tooling's TypeScript has no DOM types, hence the cast.
    const style = await item.evaluate((element) => {
      const page = globalThis as unknown as {
        getComputedStyle(element: unknown): { display: string; listStyleType: string };
      };
      const computed = page.getComputedStyle(element);
      return { display: computed.display, listStyleType: computed.listStyleType };
    });
    expect(style).toEqual({ display: 'list-item', listStyleType: 'decimal' });
  });
});

// Salesforce does not document whether Lightning sends an Apex answer's null members as null or
// leaves them out (server.ts); the tests above get nulls, this one gets them left out.
describe('Apex answers with their null members left out', () => {
  let setup: SetupPage;
  beforeAll(async () => {
    setup = await startSetupPage({ state: 'badMapping', nulls: 'omit' });
    await setup.open();
  });
  afterAll(() => setup?.close());

  it.each(PHASE_NAMES)('%s renders, passes axe and logs no error of the page', async (phase) => {
    await openPhase(setup.page, phase);
    await setup.check(`${phase}, nulls left out`);
  });

  it('still shows the unusable saved mapping as itself (defect 5)', async () => {
    const { page } = setup;
    await openPhase(page, TEXT.fieldMapping);
    await page.getByText(`${BAD_MAPPING.value} (not available)`).first().waitFor();
  });
});

describe('an org with the package but no mapping records', () => {
  let setup: SetupPage;
  beforeAll(async () => {
    setup = await startSetupPage({ state: 'empty' });
    await setup.open();
  });
  afterAll(() => setup?.close());

  it('shows field mapping not started, never done, and says no field is mapped yet (defect 7)', async () => {
    const { page } = setup;
    await expectPhaseStatus(page, TEXT.fieldMapping, TEXT.notStarted);
    await expectPhaseStatus(page, TEXT.apiConnection, TEXT.notStarted);
    await expect(page.getByText(TEXT.nothingToFix).count()).resolves.toBe(0);
    await openPhase(page, TEXT.fieldMapping);
    await page.getByText(TEXT.noMappings).waitFor();
    await expect(page.locator('li.mapping-row').count()).resolves.toBe(0);
    await page.getByRole('button', { name: TEXT.addMapping }).waitFor();
    await setup.check('empty org, phase 4');
  });
});

describe('a user without the Manage Setup custom permission', () => {
  let setup: SetupPage;
  beforeAll(async () => {
    setup = await startSetupPage({ state: 'fresh', scenario: 'no-permission' });
    await setup.open();
  });
  afterAll(() => setup?.close());

  it('sees the setup read-only, with every control that changes it disabled', async () => {
    const { page } = setup;
    await page.getByText(TEXT.readOnly).waitFor();
    const save = page.getByRole('button', { name: TEXT.saveApiConnection });
    await expect(save.isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('combobox', { name: TEXT.search }).isDisabled()).resolves.toBe(
      true
    );
    await setup.check('read-only');
  });
});

describe('a failed load', () => {
  let setup: SetupPage;
  beforeAll(async () => {
    setup = await startSetupPage({ state: 'fresh', scenario: 'load-failure' });
    await setup.open();
  });
  afterAll(() => setup?.close());

  it("shows Apex's message and a way to try again, and nothing else", async () => {
    const { page } = setup;
    const alert = page.getByRole('alert');
    await expect(alert.textContent()).resolves.toContain(LOAD_FAILURE_MESSAGE.slice(0, 40));
    await page.getByRole('button', { name: TEXT.retry }).waitFor();
    await expect(page.getByRole('navigation', { name: TEXT.phases }).count()).resolves.toBe(0);
    await setup.check('load failure');
  });
});
