// Headless Chromium for the browser tests and the setup page's benchmark: Debian's own Chromium
// (/usr/bin/chromium, `apt-get install chromium`) driven by playwright-core, which downloads no
// browser of its own. Every launch gets a new, empty profile folder that close() removes, so no
// run sees another's cookies, storage or cache.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Where Debian's chromium package installs the browser; CHROMIUM_PATH overrides it. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * The flags every launch uses: headless without a sandbox (CI runs as root), no GPU, and none of
 * the background traffic (component updates, sync, field trials over QUIC) a test must not wait
 * on or depend on.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic'
];

/** Chromium is not installed where the harness looks; the message says how to install it. */
export class ChromiumMissingError extends Error {
  constructor(path: string) {
    super(
      `Chromium was not found at ${path}. Install Debian's Chromium with ` +
        '`apt-get update && apt-get install -y chromium` (as root), or set CHROMIUM_PATH to ' +
        "the path of a Chromium or Chrome binary. playwright-core's own browser download is not " +
        'used by this project.'
    );
    this.name = 'ChromiumMissingError';
  }
}

export interface Viewport {
  width: number;
  height: number;
}

export interface LaunchOptions {
  /** The browser binary; default CHROMIUM_PATH or /usr/bin/chromium. */
  executablePath?: string;
  /** The viewport of every page; default 1280 x 800. */
  viewport?: Viewport;
  /** Milliseconds Playwright waits for an action or a locator state; default 10 s. */
  timeout?: number;
}

export interface LaunchedChromium {
  context: BrowserContext;
  /** A new tab in the browser's only context. */
  newPage(): Promise<Page>;
  /** Closes the browser and removes its profile folder. Safe to call twice. */
  close(): Promise<void>;
}

/** The binary the harness will launch (CHROMIUM_PATH, else Debian's), or a ChromiumMissingError. */
export function chromiumPath(explicit?: string): string {
  const path = explicit ?? process.env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH;
  if (!existsSync(path)) throw new ChromiumMissingError(path);
  return path;
}

/** Launches headless Chromium with a fresh profile. Close it with close(). */
export async function launchChromium(options: LaunchOptions = {}): Promise<LaunchedChromium> {
  const executablePath = chromiumPath(options.executablePath);
  const profile = mkdtempSync(join(tmpdir(), 'bkconn-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: options.viewport ?? { width: 1280, height: 800 }
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  context.setDefaultTimeout(options.timeout ?? 10_000);
  let closed = false;
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      if (closed) return;
      closed = true;
      try {
        await context.close();
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    }
  };
}
