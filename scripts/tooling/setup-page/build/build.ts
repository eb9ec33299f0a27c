// The development build of the setup page: the package's own LWC sources compiled by the real
// LWC compiler (@lwc/rollup-plugin, at the engine version the Jest setup uses), with the real
// lightning-base-components and SLDS, so the page can be opened in a browser without an org.
// The output is never committed: lightning-base-components is licensed under Salesforce's
// terms of use (its LICENSE.txt), not the MIT its package.json names.
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { rollup, type RollupLog } from 'rollup';
import lwcModule from '@lwc/rollup-plugin';
import replaceModule from '@rollup/plugin-replace';
import { projectRoot } from '../../../product/project.ts';
import { iconNamesIn } from './icons.ts';
import { readLabels } from './labels.ts';
import { platformModules } from './platform-modules.ts';
import { indexHtml, entrySource, ENTRY } from './page-frame.ts';

// TypeScript (NodeNext) types the default import of these CommonJS builds as the whole module;
// Node and Jest hand over the plugin function itself.
const lwc = lwcModule as unknown as typeof lwcModule.default;
const replace = replaceModule as unknown as typeof replaceModule.default;

export interface BuildOptions {
  outDir: string;
  /** The project whose force-app is built (default: this project). */
  root?: string;
  /** The LWC engine's production mode drops its development warnings and checks. */
  mode?: 'development' | 'production';
}

export interface BuildResult {
  outDir: string;
  files: { path: string; bytes: number }[];
  /** Icons kept per icon library the page's components asked for. */
  icons: Record<string, number>;
  warnings: string[];
  ms: number;
}

export const SLDS_STYLESHEET = 'slds/salesforce-lightning-design-system.min.css';

function listFiles(dir: string, base = dir): { path: string; bytes: number }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory()
      ? listFiles(path, base)
      : [{ path: relative(base, path), bytes: statSync(path).size }];
  });
}

/** Every component of the package as an LWC alias module: c/<name> → lwc/<name>/<name>.js. */
function packageComponents(lwcDir: string) {
  return readdirSync(lwcDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => ({
      name: `c/${entry.name}`,
      path: join(lwcDir, entry.name, `${entry.name}.js`)
    }));
}

export async function buildSetupPage(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const root = options.root ?? projectRoot();
  const mode = options.mode ?? 'development';
  const lwcDir = join(root, 'force-app/main/default/lwc');
  const require = createRequire(join(root, 'package.json'));
  const baseComponentsDir = dirname(require.resolve('lightning-base-components/package.json'));
  const sldsDir = dirname(require.resolve('@salesforce-ux/design-system/package.json'));
  const labels = readLabels(
    join(root, 'force-app/main/default/labels/CustomLabels.labels-meta.xml')
  );
  const iconsKept = new Map<string, number>();
  const warnings: string[] = [];

  const bundle = await rollup({
    input: ENTRY,
    onLog(level, log: RollupLog) {
      if (level === 'warn') warnings.push(log.message);
    },
    plugins: [
      {
        name: 'bkconn-setup-page-entry',
        resolveId: (source) => (source === ENTRY ? ENTRY : null),
        load: (id) => (id === ENTRY ? entrySource() : null)
      },
      platformModules({
        root,
        labels,
        iconNames: iconNamesIn([lwcDir, join(baseComponentsDir, 'src/lightning')]),
        iconsKept
      }),
      replace({
        preventAssignment: true,
        values: {
          // The base components ask whether they render on the server (LWC SSR); here never.
          'import.meta.env.SSR': 'false',
          'process.env.NODE_ENV': JSON.stringify(mode)
        }
      }),
      lwc({
        rootDir: lwcDir,
        modules: [...packageComponents(lwcDir), { npm: 'lightning-base-components' }],
        // Lightning Experience renders components under synthetic shadow, where
        // lightning-combobox's form association needs the synthetic ElementInternals.
        enableSyntheticElementInternals: true
      })
    ]
  });
  rmSync(options.outDir, { recursive: true, force: true });
  try {
    await bundle.write({
      dir: options.outDir,
      format: 'es',
      entryFileNames: 'app.js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      sourcemap: mode === 'development'
    });
  } finally {
    await bundle.close();
  }
  mkdirSync(join(options.outDir, 'slds'), { recursive: true });
  copyFileSync(
    join(sldsDir, 'assets/styles/salesforce-lightning-design-system.min.css'),
    join(options.outDir, SLDS_STYLESHEET)
  );
  writeFileSync(join(options.outDir, 'index.html'), indexHtml());
  return {
    outDir: options.outDir,
    files: listFiles(options.outDir).sort((a, b) => a.path.localeCompare(b.path)),
    icons: Object.fromEntries(iconsKept),
    warnings,
    ms: Math.round(performance.now() - started)
  };
}

/** A short summary for people: the biggest files and the total. */
export function describeBuild(result: BuildResult): string {
  const total = result.files.reduce((sum, file) => sum + file.bytes, 0);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
  const lines = result.files
    .filter((file) => !file.path.endsWith('.map'))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 8)
    .map((file) => `  ${kb(file.bytes).padStart(8)}  ${file.path}`);
  return [
    `Built the setup page in ${result.ms} ms into ${result.outDir} (${kb(total)} in ${result.files.length} files):`,
    ...lines
  ].join('\n');
}
