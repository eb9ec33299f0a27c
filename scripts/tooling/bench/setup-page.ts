// npm run bench:setup-page [-- --runs N] [--write-readme]: the setup page's time from navigation
// to usable (its phase list shown, from the one Apex call's answer) and its Apex calls on load,
// in headless Chromium, each run in a fresh browser (fresh profile: nothing cached), against a
// local org with the package. The page is built in the engine's production mode, as an org
// serves it. --write-readme writes the figures into the README's BENCH-SETUP-PAGE section.
import { cpus } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../browser/index.ts';
import { startLocalOrg } from '../local-org/server.ts';
import { markdownTable, writeReadmeSection } from '../readme-sections.ts';
import { buildSetupPage } from '../setup-page/build/build.ts';
import { startSetupPageServer } from '../setup-page/server/server.ts';
import { loginAs } from '../test-kit/login.ts';
import { deployPackage } from '../test-kit/org.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'write-readme': { type: 'boolean', default: false }
  }
});
const runs = Number(values.runs);

const median = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const outDir = mkdtempSync(join(tmpdir(), 'bench-setup-page-'));
const local = await startLocalOrg({ port: 0 });
try {
  const admin = await loginAs(local);
  await deployPackage(admin);
  const build = await buildSetupPage({ outDir, minify: true });
  const server = await startSetupPageServer({ connection: admin, staticDir: outDir });
  const usable: number[] = [];
  const apexCalls: number[] = [];
  try {
    for (let run = 0; run < runs; run += 1) {
      server.stats.apexCalls = [];
      const browser = await launchChromium({ viewport: { width: 1280, height: 800 } });
      try {
        const page = await browser.newPage();
        const started = performance.now();
        await page.goto(server.url);
        await page.getByRole('navigation', { name: 'Setup phases' }).waitFor();
        usable.push(performance.now() - started);
        // Any call the page makes soon after it shows its phases still counts as on load (the
        // page keeps its empApi stream open, so the network never goes idle).
        await page.waitForTimeout(1000);
        apexCalls.push(server.stats.apexCalls.length);
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
  }
  const rows = [
    ['figure', 'median', 'min', 'max'],
    [
      'navigation to usable (ms)',
      median(usable).toFixed(0),
      Math.min(...usable).toFixed(0),
      Math.max(...usable).toFixed(0)
    ],
    [
      'Apex calls on load',
      String(median(apexCalls)),
      String(Math.min(...apexCalls)),
      String(Math.max(...apexCalls))
    ]
  ];
  const kb = (build.files.find((file) => file.path === 'app.js')?.bytes ?? 0) / 1024;
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Chromium headless, Node ${process.version}`;
  const body = `${markdownTable(rows)}\n\n${runs} runs, each in a fresh browser profile, page built in production mode (app.js ${kb.toFixed(0)} KB, unminified), served from this machine against a local org. Measured on ${new Date().toISOString().slice(0, 10)}, ${machine}.`;
  console.log(body);
  if (values['write-readme'])
    await writeReadmeSection(
      { name: 'BENCH-SETUP-PAGE', generator: 'npm run bench:setup-page -- --write-readme' },
      body
    );
} finally {
  await local.close();
  rmSync(outDir, { recursive: true, force: true });
}
