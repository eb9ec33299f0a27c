// The modules a Lightning page gets from the platform, resolved for the development build of
// the setup page: Apex methods call the setup-page server, labels come from the package's labels
// file, custom permissions from the server's page config, empApi is a Server-Sent Events stream
// from the server, toasts show in the page frame, and navigation records where it would go. Also here: one copy of the LWC engine, and
// trimmed icon libraries (icons.ts).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { SETUP_PAGE_DIR } from './tooling-dir.ts';
import type { Plugin } from 'rollup';
import { iconLibraryRequest, iconLibrarySource, type IconCategory } from './icons.ts';

const PLATFORM_DIR = join(SETUP_PAGE_DIR, 'platform');
const VIRTUAL = '\0bkconn-platform:';

export interface PlatformModulesOptions {
  /** Where the page's own labels are imported from, for the message on a missing label. */
  sourceDir: string;
  labels: Map<string, string>;
  iconNames: Map<IconCategory, Set<string>>;
  /** Filled with what was trimmed: icons kept per library. */
  iconsKept?: Map<string, number>;
}

/** Resolves packages from the tooling's own node_modules, whatever folder the sources are in. */
export const toolingRequire = createRequire(join(SETUP_PAGE_DIR, 'build', 'build.ts'));

/** The LWC engine modules, each pinned to the tooling's own copy (its ES module build). */
export function engineModules(): Record<string, string> {
  const require = toolingRequire;
  const esModule = (name: string) => {
    const manifest = require.resolve(`${name}/package.json`);
    const { module } = JSON.parse(readFileSync(manifest, 'utf8')) as { module: string };
    return join(dirname(manifest), module);
  };
  const engine = esModule('@lwc/engine-dom');
  return {
    lwc: engine,
    '@lwc/engine-dom': engine,
    '@lwc/synthetic-shadow': esModule('@lwc/synthetic-shadow'),
    '@lwc/wire-service': esModule('@lwc/wire-service')
  };
}

export function platformModules(options: PlatformModulesOptions): Plugin {
  // The LWC plugin resolves `lwc` from each importer's own node_modules chain; a source outside
  // the project's package root, or a dependency with a nested copy, would bundle a second engine,
  // and components of one engine do not render inside the other.
  const engine = engineModules();
  const baseComponentsDir = dirname(
    toolingRequire.resolve('lightning-base-components/package.json')
  );
  return {
    name: 'bkconn-platform-modules',
    resolveId(source, importer) {
      if (engine[source]) return engine[source];
      if (source.startsWith('@salesforce/apex/')) return VIRTUAL + source;
      if (source.startsWith('@salesforce/customPermission/')) return VIRTUAL + source;
      if (source.startsWith('@salesforce/label/c.')) {
        // Labels come from the org (https://developer.salesforce.com/docs/platform/lwc/guide/create-labels);
        // the page's labels are all in the package's one labels file. Checked here, where the
        // importing file is known, so the message can name it.
        const name = source.slice('@salesforce/label/c.'.length);
        if (!options.labels.has(name)) {
          const from = importer ? relative(options.sourceDir, importer) : 'the page';
          this.error(
            `The label c.${name}, imported by ${from}, is not in force-app/main/default/labels/CustomLabels.labels-meta.xml. Add it there, or fix the import's name.`
          );
        }
        return VIRTUAL + source;
      }
      if (source === 'lightning/empApi') return join(PLATFORM_DIR, 'empApi.js');
      if (source === 'lightning/navigation') return join(PLATFORM_DIR, 'navigation.js');
      if (source === 'lightning/platformShowToastEvent')
        return join(PLATFORM_DIR, 'showToastEvent.js');
      if (iconLibraryRequest(source)) return VIRTUAL + source;
      return null;
    },
    load(id) {
      if (!id.startsWith(VIRTUAL)) return null;
      const source = id.slice(VIRTUAL.length);
      if (source.startsWith('@salesforce/apex/')) {
        // @salesforce/apex/Class.method, or with a namespace: @salesforce/apex/ns.Class.method
        const parts = source.slice('@salesforce/apex/'.length).split('.');
        const method = parts.pop()!;
        const className = parts.join('.');
        return [
          `import { callApex } from ${JSON.stringify(join(PLATFORM_DIR, 'apex.js'))};`,
          `export default function ${method}(params) {`,
          `  return callApex(${JSON.stringify(className)}, ${JSON.stringify(method)}, params);`,
          `}`
        ].join('\n');
      }
      if (source.startsWith('@salesforce/customPermission/')) {
        const name = source.slice('@salesforce/customPermission/'.length);
        return [
          `import { hasCustomPermission } from ${JSON.stringify(join(PLATFORM_DIR, 'customPermission.js'))};`,
          `export default hasCustomPermission(${JSON.stringify(name)});`
        ].join('\n');
      }
      if (source.startsWith('@salesforce/label/c.')) {
        const name = source.slice('@salesforce/label/c.'.length);
        return `export default ${JSON.stringify(options.labels.get(name))};`;
      }
      const request = iconLibraryRequest(source);
      if (request) {
        const { code, icons } = iconLibrarySource(baseComponentsDir, request, options.iconNames);
        options.iconsKept?.set(source, icons);
        return code;
      }
      return null;
    }
  };
}
