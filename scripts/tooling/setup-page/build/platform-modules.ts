// The modules a Lightning page gets from the platform, resolved for the development build of
// the setup page: Apex methods call the setup-page server, labels come from the package's labels
// file, custom permissions from the server's page config, empApi is a Server-Sent Events stream
// from the server, and toasts show in the page frame. Also here: one copy of the LWC engine, and
// trimmed icon libraries (icons.ts).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'rollup';
import { iconLibraryRequest, iconLibrarySource, type IconCategory } from './icons.ts';

const PLATFORM_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'platform');
const VIRTUAL = '\0bkconn-platform:';

export interface PlatformModulesOptions {
  /** The project root: the engine modules resolve from its node_modules, one copy each. */
  root: string;
  labels: Map<string, string>;
  iconNames: Map<IconCategory, Set<string>>;
  /** Filled with what was trimmed: icons kept per library. */
  iconsKept?: Map<string, number>;
}

/** The LWC engine modules, each pinned to the project's own copy (its ES module build). */
function engineModules(root: string): Record<string, string> {
  const require = createRequire(join(root, 'package.json'));
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
  const engine = engineModules(options.root);
  const baseComponentsDir = dirname(
    createRequire(join(options.root, 'package.json')).resolve(
      'lightning-base-components/package.json'
    )
  );
  const labelImporters = new Map<string, string>();
  return {
    name: 'bkconn-platform-modules',
    resolveId(source, importer) {
      if (engine[source]) return engine[source];
      if (source.startsWith('@salesforce/apex/')) return VIRTUAL + source;
      if (source.startsWith('@salesforce/customPermission/')) return VIRTUAL + source;
      if (source.startsWith('@salesforce/label/c.')) {
        if (importer) labelImporters.set(source, importer);
        return VIRTUAL + source;
      }
      if (source === 'lightning/empApi') return join(PLATFORM_DIR, 'empApi.js');
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
        if (!options.labels.has(name))
          this.error(
            `The label c.${name}, imported by ${labelImporters.get(source) ?? 'the page'}, is not in the labels file. Add it to force-app/main/default/labels/CustomLabels.labels-meta.xml (an org would refuse the component without it).`
          );
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
