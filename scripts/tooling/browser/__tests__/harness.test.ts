// The browser harness on a tiny static page served from a temp folder: Chromium starts, axe
// reports an image without alt text and a nameless button as serious or critical, console
// errors and uncaught errors are captured and placed, and a screenshot is written.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import {
  ChromiumMissingError,
  captureConsole,
  expectNoSeriousAxeFindings,
  firstScriptFrame,
  launchChromium,
  originOfPath,
  runAxe,
  screenshot,
  seriousFindings,
  type LaunchedChromium
} from '../index.ts';

const PAGE_WITH_PROBLEMS = `<!doctype html>
<html lang="en"><head><title>Harness</title></head>
<body><main><h1>Harness</h1>
<img src="pixel.png">
<button id="nameless"></button>
<script src="/force-app/lwc/bookingThing/thing.js"></script>
<script src="/node_modules/lightning-base-components/thing.js"></script>
</main></body></html>`;

const CLEAN_PAGE = `<!doctype html>
<html lang="en"><head><title>Clean</title></head>
<body><main><h1>Clean</h1><button>Save</button></main></body></html>`;

let folder: string;
let server: Server;
let base: string;
let browser: LaunchedChromium;

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'bkconn-harness-'));
  writeFileSync(join(folder, 'index.html'), PAGE_WITH_PROBLEMS);
  writeFileSync(join(folder, 'clean.html'), CLEAN_PAGE);
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    // The two scripts stand for the page's own code and a base component's.
    if (path === '/force-app/lwc/bookingThing/thing.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end("console.error('page code failed');");
      return;
    }
    if (path === '/node_modules/lightning-base-components/thing.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end("console.error('base component complained');");
      return;
    }
    const file = join(folder, path === '/' ? 'index.html' : path);
    if (!existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': extname(file) === '.html' ? 'text/html' : 'x/y' });
    response.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium({ viewport: { width: 600, height: 400 } });
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(folder, { recursive: true, force: true });
});

test('launches Chromium with a fresh profile and opens a page', async () => {
  const page = await browser.newPage();
  await page.goto(`${base}/clean.html`);
  expect(await page.title()).toBe('Clean');
  expect(page.viewportSize()).toEqual({ width: 600, height: 400 });
  expect(await page.evaluate(() => navigator.userAgent)).toMatch(/HeadlessChrome/);
  await page.close();
});

test('axe reports an image without alt and a nameless button as serious or critical', async () => {
  const page = await browser.newPage();
  await page.goto(base);
  const serious = seriousFindings(await runAxe(page));
  const ids = serious.map((finding) => finding.id);
  expect(ids).toEqual(expect.arrayContaining(['image-alt', 'button-name']));
  await expect(expectNoSeriousAxeFindings(page, 'the harness page')).rejects.toThrow(
    /image-alt \(critical\) at img: .*https:\/\/dequeuniversity\.com\/rules\/axe\/[\d.]+\/image-alt/
  );
  await expect(expectNoSeriousAxeFindings(page, 'the harness page')).rejects.toThrow(
    /button-name \(critical\) at #nameless/
  );
  // A clean page passes; running axe twice injects it once.
  await page.goto(`${base}/clean.html`);
  await expect(expectNoSeriousAxeFindings(page, 'a clean page')).resolves.toEqual([]);
  await page.close();
});

test("captures console errors and page errors, and tells the page's own code from the base components'", async () => {
  const page = await browser.newPage();
  const capture = captureConsole(page);
  await page.goto(base);
  const thrown = page.waitForEvent('pageerror');
  await page.evaluate(() =>
    setTimeout(() => {
      throw new TypeError('thrown in a timer');
    }, 0)
  );
  await thrown;
  const errors = await capture.errors();
  const byText = (text: string) => errors.find((error) => error.text.includes(text));
  expect(byText('page code failed')?.origin).toBe('page');
  expect(byText('base component complained')?.origin).toBe('base');
  // pixel.png does not exist: the failed request is the browser's, not the page's code.
  expect(byText('Failed to load resource')?.origin).toBe('browser');
  expect(byText('TypeError: thrown in a timer')?.kind).toBe('pageerror');
  const own = await capture.ownErrors();
  expect(own.map((error) => error.text)).toEqual(
    expect.arrayContaining(['page code failed', 'TypeError: thrown in a timer'])
  );
  expect(own.some((error) => error.text.includes('base component'))).toBe(false);
  await expect(capture.expectNoOwnErrors('the harness page')).rejects.toThrow(
    /page code failed \(at http:\/\/127\.0\.0\.1:\d+\/force-app\/lwc\/bookingThing\/thing\.js:1\)/
  );
  capture.clear();
  await expect(capture.expectNoOwnErrors('a cleared capture')).resolves.toBeUndefined();
  await page.close();
});

test("places a bundle's errors through its source map", async () => {
  // One script, two original files: line 1 from the page's sources, line 2 from a base component.
  writeFileSync(
    join(folder, 'bundle.js'),
    "console.error('from the page');\nconsole.error('from a base component');\n"
  );
  writeFileSync(
    join(folder, 'bundle.js.map'),
    JSON.stringify({
      version: 3,
      sources: [
        '../force-app/main/default/lwc/bookingSetupService/bookingSetupService.js',
        '../node_modules/lightning-base-components/src/lightning/combobox/combobox.js'
      ],
      names: [],
      mappings: 'AAAA;ACAA'
    })
  );
  writeFileSync(
    join(folder, 'bundle.html'),
    '<!doctype html><html lang="en"><title>b</title><script src="bundle.js"></script></html>'
  );
  const page = await browser.newPage();
  const capture = captureConsole(page);
  await page.goto(`${base}/bundle.html`);
  const errors = await capture.errors();
  expect(errors.map((error) => [error.text, error.origin])).toEqual([
    ['from the page', 'page'],
    ['from a base component', 'base']
  ]);
  expect(errors[0].source).toMatch(/bookingSetupService\.js$/);
  await page.close();
});

test('places errors by path and stack frame', () => {
  expect(originOfPath('../../force-app/main/default/lwc/bookingSetupService/x.js')).toBe('page');
  expect(originOfPath('node_modules/lightning-base-components/src/lightning/combobox/c.js')).toBe(
    'base'
  );
  expect(originOfPath('scripts/tooling/setup-page/platform/apex.js')).toBe('shim');
  expect(originOfPath('/app.js')).toBe('unknown');
  expect(firstScriptFrame('Error: x\n    at f (http://127.0.0.1:4000/app.js:12:34)')).toEqual({
    url: 'http://127.0.0.1:4000/app.js',
    line: 12,
    column: 34
  });
  expect(firstScriptFrame('Error: x\n    at <anonymous>')).toBeUndefined();
});

test('writes a screenshot named after the test, the step and the viewport', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bkconn-shots-'));
  try {
    const page = await browser.newPage();
    await page.goto(`${base}/clean.html`);
    const first = await screenshot(page, 'Clean page', { dir });
    const second = await screenshot(page, 'Again!', { dir });
    expect(first).toMatch(/writes-a-screenshot-[a-z-]+\/01-clean-page@600x400\.png$/);
    expect(second).toMatch(/\/02-again@600x400\.png$/);
    const png = readFileSync(first);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    await page.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('says how to install Chromium when it is missing', async () => {
  await expect(launchChromium({ executablePath: '/nowhere/chromium' })).rejects.toThrow(
    ChromiumMissingError
  );
  await expect(launchChromium({ executablePath: '/nowhere/chromium' })).rejects.toThrow(
    /apt-get install -y chromium/
  );
});
