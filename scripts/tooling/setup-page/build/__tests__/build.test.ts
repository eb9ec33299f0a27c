// The browser build of the setup page, built for real: the page's components are in it with one
// copy of the LWC engine and trimmed icon libraries, and a label the page imports that the
// labels file lacks stops the build, naming the label and the file that imports it.
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../../../product/project.ts';
import { projectCopy } from '../../../test-kit/cli.ts';
import { buildSetupPage, type BuildResult } from '../build.ts';

jest.setTimeout(120_000);

let outDir: string;
let result: BuildResult;
let app: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'setup-page-build-'));
  result = await buildSetupPage({ outDir });
  app = readFileSync(join(outDir, 'app.js'), 'utf8');
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

it('writes the page frame, the bundle and SLDS', () => {
  const paths = result.files.map((file) => file.path);
  expect(paths).toEqual(
    expect.arrayContaining([
      'index.html',
      'app.js',
      'slds/salesforce-lightning-design-system.min.css'
    ])
  );
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  // The page config must be set before the page's modules read it.
  expect(html.indexOf('/page-config.js')).toBeLessThan(html.indexOf('/app.js'));
});

it("bundles the package's components and the base components they use", () => {
  for (const tag of ['c-booking-connector-setup', 'c-booking-setup-api-connection'])
    expect(app).toContain(tag);
  expect(app).toContain('lightning-combobox');
  // The labels come from the package's labels file.
  expect(app).toContain('"Save API connection"');
});

it('holds exactly one copy of the LWC engine', () => {
  // Each engine copy defines its own createElement and registers the same version banner.
  expect(app.match(/function createElement\(sel, options\)/g)).toHaveLength(1);
});

it('keeps only the icons the sources name, not the whole libraries', () => {
  expect(result.icons['lightning/iconSvgTemplatesUtility']).toBeGreaterThan(10);
  // The real utility library has about 750 icons.
  expect(result.icons['lightning/iconSvgTemplatesUtility']).toBeLessThan(150);
  const total = result.files.reduce((sum, file) => sum + file.bytes, 0);
  expect(total).toBeLessThan(15 * 1024 * 1024);
});

it('fails when the page imports a label the labels file lacks, naming the label and the importer', async () => {
  const copy = projectCopy('setup-page-label-');
  // A project as a developer has it: the LWC module resolver looks for its package.json above
  // each source, and for the base components in its node_modules.
  writeFileSync(join(copy, 'package.json'), '{ "name": "project-copy", "private": true }');
  symlinkSync(join(projectRoot(), 'node_modules'), join(copy, 'node_modules'));
  try {
    const labelsFile = join(copy, 'force-app/main/default/labels/CustomLabels.labels-meta.xml');
    const labels = readFileSync(labelsFile, 'utf8');
    const withoutSave = labels.replace(
      /<labels>\s*<fullName>BookingSetup_SaveApiConnection<\/fullName>[\s\S]*?<\/labels>/,
      ''
    );
    expect(withoutSave).not.toEqual(labels);
    writeFileSync(labelsFile, withoutSave);
    await expect(buildSetupPage({ outDir: join(copy, 'out'), sourceDir: copy })).rejects.toThrow(
      /c\.BookingSetup_SaveApiConnection.*bookingSetupApiConnection/
    );
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});
