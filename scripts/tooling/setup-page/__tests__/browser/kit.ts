// What every browser test of the setup page stands on: a local org in the state the test names
// (org-states.ts), the page built with the real LWC compiler and base components
// (page-build.ts), the setup-page server answering its Apex calls from that org
// (server/server.ts), and one headless Chromium per test file, with console capture, axe and a
// screenshot per step (scripts/tooling/browser).
import type { Connection } from '@salesforce/core';
import type { Page } from 'playwright-core';
import {
  captureConsole,
  expectNoSeriousAxeFindings,
  launchChromium,
  screenshot,
  type ConsoleCapture,
  type LaunchedChromium,
  type Viewport
} from '../../../browser/index.ts';
import type { LocalOrg } from '../../../local-org/server.ts';
import { startSetupPageServer } from '../../server/server.ts';
import { TEXT, WIDE } from './locators.ts';
import { orgInState, type OrgState } from './org-states.ts';
import { builtPage } from './page-build.ts';

export * from './locators.ts';
export * from './org-states.ts';

export type Scenario = 'no-permission' | 'load-failure';

export interface SetupPage {
  org: LocalOrg;
  admin: Connection;
  url: string;
  browser: LaunchedChromium;
  page: Page;
  console: ConsoleCapture;
  /** The Apex calls the server answered since the last reset. */
  apexCalls(): Promise<string[]>;
  resetStats(): Promise<void>;
  /** Opens the page and waits until it shows its phases (or its load error). */
  open(): Promise<void>;
  /** A screenshot, axe (no serious or critical finding) and no console error of the page's code. */
  check(step: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Everything one test file needs: the org in its state, the page built and served from it, one
 * Chromium with one page at the viewport given.
 */
export async function startSetupPage(
  options: {
    state?: OrgState;
    scenario?: Scenario;
    viewport?: Viewport;
    nulls?: 'send' | 'omit';
  } = {}
): Promise<SetupPage> {
  const [staticDir, orgRun] = await Promise.all([
    builtPage(),
    orgInState(options.state ?? 'fresh')
  ]);
  const closers: Array<() => Promise<unknown>> = [orgRun.close];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  try {
    const server = await startSetupPageServer({
      connection: orgRun.admin,
      staticDir,
      scenario: options.scenario,
      nulls: options.nulls
    });
    closers.push(() => server.close());
    const browser = await launchChromium({ viewport: options.viewport ?? WIDE, timeout: 15_000 });
    closers.push(() => browser.close());
    const page = await browser.newPage();
    const capture = captureConsole(page);
    const origin = new URL(server.url).origin;
    return {
      org: orgRun.org,
      admin: orgRun.admin,
      url: server.url,
      browser,
      page,
      console: capture,
      async apexCalls() {
        const response = await fetch(`${origin}/__stats`);
        const body = (await response.json()) as { apexCalls: Array<{ method: string }> };
        return body.apexCalls.map((call) => call.method);
      },
      async resetStats() {
        await fetch(`${origin}/__stats/reset`, { method: 'POST' });
      },
      async open() {
        await page.goto(server.url);
        await page
          .getByRole('navigation', { name: TEXT.phases })
          .or(page.getByRole('alert'))
          .first()
          .waitFor();
      },
      async check(step: string) {
        await screenshot(page, step);
        await expectNoSeriousAxeFindings(page, `${step} (${viewportName(page)})`);
        await capture.expectNoOwnErrors(`${step} (${viewportName(page)})`);
      },
      close
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function viewportName(page: Page): string {
  const size = page.viewportSize();
  return size ? `${size.width} px wide` : 'the page';
}
