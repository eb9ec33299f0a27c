// A screenshot per test step: PNGs under .setup-page/screenshots/ (git-ignored), named after the
// test, the step and the viewport, e.g. `walk-through/03-user-chosen@1280x800.png`. The README
// names this folder.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { projectRoot } from '../../product/project.ts';

/** The folder every screenshot goes to (SETUP_PAGE_SCREENSHOTS overrides it). */
export function screenshotDir(): string {
  return process.env.SETUP_PAGE_SCREENSHOTS ?? join(projectRoot(), '.setup-page', 'screenshots');
}

/** A name that is safe as a file name: lowercase words joined by dashes. */
export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'step'
  );
}

/** The running Jest test's full name, when there is one. */
function currentTestName(): string | undefined {
  const expectGlobal = (
    globalThis as { expect?: { getState?: () => { currentTestName?: string } } }
  ).expect;
  return expectGlobal?.getState?.().currentTestName;
}

const counters = new Map<string, number>();

export interface ScreenshotOptions {
  /** The test's name (a folder); default the running Jest test's name. */
  test?: string;
  /** The folder; default screenshotDir(). */
  dir?: string;
}

/**
 * Writes a full-page PNG of the page for a step and returns its path. Steps of one test are
 * numbered in the order they are taken.
 */
export async function screenshot(
  page: Page,
  step: string,
  options: ScreenshotOptions = {}
): Promise<string> {
  const test = slug(options.test ?? currentTestName() ?? 'screenshots');
  const viewport = page.viewportSize();
  const size = viewport ? `${viewport.width}x${viewport.height}` : 'page';
  const folder = join(options.dir ?? screenshotDir(), test);
  const number = (counters.get(folder) ?? 0) + 1;
  counters.set(folder, number);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${String(number).padStart(2, '0')}-${slug(step)}@${size}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}
