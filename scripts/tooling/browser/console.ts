// Console errors and uncaught page errors, each attributed to where it came from: the setup
// page's own code (force-app's LWC sources), the base components and the LWC engine
// (node_modules), the development shims of the platform modules, or the browser itself (a
// failed request). A script's source map, when the build serves one next to the script, turns
// the bundle position into the original file; without one the script's URL decides.
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import type { ConsoleMessage, Page } from 'playwright-core';

/** Where an error came from. `unknown` counts as the page's own: nothing may slip by unplaced. */
export type Origin = 'page' | 'base' | 'shim' | 'browser' | 'unknown';

export interface CapturedError {
  kind: 'console' | 'pageerror';
  text: string;
  /** The script position the error was raised at, as the browser reports it. */
  url?: string;
  line?: number;
  column?: number;
  /** The original source file, when a source map placed it. */
  source?: string;
  stack?: string;
  origin: Origin;
}

/** Where a source path or script URL belongs, by the folders it names. */
export function originOfPath(path: string): Origin {
  const normalized = path.replaceAll('\\', '/');
  if (/force-app\/|\/lwc\/booking|\/modules\/c\//.test(normalized)) return 'page';
  if (/setup-page\/platform\//.test(normalized)) return 'shim';
  if (/node_modules\/|lightning-base-components|\/@lwc\/|\/lwc\/dist\//.test(normalized))
    return 'base';
  return 'unknown';
}

/** The first "url:line:column" frame of a V8 stack that points at an http(s) script. */
export function firstScriptFrame(
  stack: string | undefined
): { url: string; line: number; column: number } | undefined {
  for (const match of (stack ?? '').matchAll(/(https?:\/\/[^\s()]+):(\d+):(\d+)/g)) {
    return { url: match[1], line: Number(match[2]), column: Number(match[3]) };
  }
  return undefined;
}

export interface ConsoleCapture {
  /** Every console error and page error so far, in order, attributed. */
  errors(): Promise<CapturedError[]>;
  /** The errors of the page's own code (and those nothing could place). */
  ownErrors(): Promise<CapturedError[]>;
  /** Throws listing every error of the page's own code; `where` names the step. */
  expectNoOwnErrors(where: string): Promise<void>;
  /** Forgets what was captured (the next step starts clean). */
  clear(): void;
}

/** Starts collecting console.error messages and uncaught errors of the page. */
export function captureConsole(page: Page): ConsoleCapture {
  const raw: Array<Omit<CapturedError, 'origin' | 'source'>> = [];
  const maps = new Map<string, Promise<TraceMap | null>>();

  page.on('console', (message: ConsoleMessage) => {
    if (message.type() !== 'error') return;
    const location = message.location();
    raw.push({
      kind: 'console',
      text: message.text(),
      url: location.url || undefined,
      // Playwright's console locations are 0-based, like source maps' lines are not: keep 1-based.
      line: location.url ? location.lineNumber + 1 : undefined,
      column: location.url ? location.columnNumber : undefined
    });
  });
  page.on('pageerror', (error: Error) => {
    const frame = firstScriptFrame(error.stack);
    raw.push({
      kind: 'pageerror',
      text: `${error.name}: ${error.message}`,
      stack: error.stack,
      url: frame?.url,
      line: frame?.line,
      column: frame ? frame.column - 1 : undefined
    });
  });

  /** The source map served beside a script (script.js.map), or null when there is none. */
  function mapFor(url: string): Promise<TraceMap | null> {
    const scriptUrl = url.split(/[?#]/)[0];
    let map = maps.get(scriptUrl);
    if (!map) {
      map = fetch(`${scriptUrl}.map`)
        .then(async (response) => (response.ok ? new TraceMap(await response.text()) : null))
        .catch(() => null);
      maps.set(scriptUrl, map);
    }
    return map;
  }

  async function attribute(
    entry: Omit<CapturedError, 'origin' | 'source'>
  ): Promise<CapturedError> {
    // A failed request: Chromium logs it as a console error located at the resource itself.
    if (entry.kind === 'console' && /^Failed to load resource\b/.test(entry.text))
      return { ...entry, origin: 'browser' };
    if (!entry.url || entry.line === undefined) return { ...entry, origin: 'unknown' };
    const map = /^https?:/.test(entry.url) ? await mapFor(entry.url) : null;
    if (map) {
      const original = originalPositionFor(map, {
        line: entry.line,
        column: entry.column ?? 0
      });
      if (original.source) {
        return { ...entry, source: original.source, origin: originOfPath(original.source) };
      }
    }
    return { ...entry, origin: originOfPath(new URL(entry.url).pathname) };
  }

  const errors = () => Promise.all(raw.map(attribute));
  const ownErrors = async () =>
    (await errors()).filter((error) => error.origin === 'page' || error.origin === 'unknown');

  return {
    errors,
    ownErrors,
    async expectNoOwnErrors(where: string) {
      const own = await ownErrors();
      if (own.length > 0) {
        throw new Error(
          `${own.length} console error(s) from the page's own code on ${where}:\n` +
            own
              .map(
                (error) =>
                  `- [${error.kind}, ${error.origin}] ${error.text}` +
                  (error.source || error.url
                    ? ` (at ${error.source ?? error.url}:${error.line ?? '?'})`
                    : '')
              )
              .join('\n')
        );
      }
    },
    clear() {
      raw.length = 0;
    }
  };
}
