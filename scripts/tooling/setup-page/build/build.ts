// The development build of the setup page: the package's own LWC sources compiled by the real
// LWC compiler (@lwc/rollup-plugin, at the engine version the Jest setup uses), with the real
// lightning-base-components and SLDS, so the page can be opened in a browser without an org.
// The output is never committed: lightning-base-components is licensed under Salesforce's
// terms of use (its LICENSE.txt), not the MIT its package.json names.
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { rollup, type RollupLog } from 'rollup';
import lwcModule from '@lwc/rollup-plugin';
import replaceModule from '@rollup/plugin-replace';
import { projectRoot } from '../../../product/project.ts';
import { iconNamesIn } from './icons.ts';
import { readLabels } from './labels.ts';
import { platformModules, toolingRequire } from './platform-modules.ts';
import { indexHtml, entrySource, ENTRY } from './page-frame.ts';

// TypeScript (NodeNext) types the default import of these CommonJS builds as the whole module;
// Node and Jest hand over the plugin function itself.
const lwc = lwcModule as unknown as typeof lwcModule.default;
const replace = replaceModule as unknown as typeof replaceModule.default;

export interface BuildOptions {
  /** Emptied, then filled with index.html, app.js, chunks/ and slds/. */
  outDir: string;
  /** The project whose force-app is built (default: this project). Its packages are not used:
   * the compiler, the engine and the base components always come from this tooling's own
   * node_modules, so a copy of the sources anywhere builds the same way. */
  sourceDir?: string;
  /** The engine's production mode (no development warnings and checks) and no source maps.
   * No minifier is installed: the code itself stays readable. */
  minify?: boolean;
}

export interface BuildResult {
  outDir: string;
  files: { path: string; bytes: number }[];
  /** Icons kept per icon library the page's components asked for. */
  icons: Record<string, number>;
  warnings: string[];
  /** The bundled modules of the LWC engine packages (engine-dom, synthetic-shadow, wire-service). */
  engineModules: string[];
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
  const root = resolve(options.sourceDir ?? projectRoot());
  const mode = options.minify ? 'production' : 'development';
  const outDir = resolve(options.outDir);
  const lwcDir = join(root, 'force-app/main/default/lwc');
  const baseComponentsDir = dirname(
    toolingRequire.resolve('lightning-base-components/package.json')
  );
  const sldsDir = dirname(toolingRequire.resolve('@salesforce-ux/design-system/package.json'));
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
        sourceDir: root,
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
  rmSync(outDir, { recursive: true, force: true });
  const bundled = new Set<string>();
  try {
    const { output } = await bundle.write({
      dir: outDir,
      format: 'es',
      entryFileNames: 'app.js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      sourcemap: mode === 'development'
    });
    for (const chunk of output)
      if (chunk.type === 'chunk')
        for (const id of Object.keys(chunk.modules))
          if (/[\\/]node_modules[\\/](@lwc[\\/][^\\/]+|lwc)[\\/]/.test(id)) bundled.add(id);
  } finally {
    await bundle.close();
  }
  // SLDS 2.x ships no fonts (it uses the system font stack), and lightning-icon draws the icons
  // from the compiled templates in the bundle, not from the sprites: the stylesheet is all the
  // page needs. Its url(../images/...) backgrounds (avatars, welcome mat) are not used here.
  mkdirSync(join(outDir, 'slds'), { recursive: true });
  copyFileSync(
    join(sldsDir, 'assets/styles/salesforce-lightning-design-system.min.css'),
    join(outDir, SLDS_STYLESHEET)
  );
  writeFileSync(join(outDir, 'index.html'), indexHtml());
  return {
    outDir,
    files: listFiles(outDir).sort((a, b) => a.path.localeCompare(b.path)),
    icons: Object.fromEntries(iconsKept),
    warnings,
    engineModules: [...bundled].sort(),
    ms: Math.round(performance.now() - started)
  };
}

/** For people: every file with its size, the total, the time and the icons kept. */
export function describeBuild(result: BuildResult): string {
  const total = result.files.reduce((sum, file) => sum + file.bytes, 0);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  const code = result.files.filter((file) => file.path.endsWith('.js'));
  const codeBytes = code.reduce((sum, file) => sum + file.bytes, 0);
  const icons = Object.values(result.icons).reduce((sum, n) => sum + n, 0);
  return [
    `Built the setup page in ${result.ms} ms into ${result.outDir}:`,
    ...result.files.map((file) => `  ${kb(file.bytes).padStart(10)}  ${file.path}`),
    `  ${kb(total).padStart(10)}  in ${result.files.length} files (JavaScript ${kb(codeBytes)}, ${icons} icons kept)`
  ].join('\n');
}
