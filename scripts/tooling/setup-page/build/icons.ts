// The icon libraries of lightning-base-components hold every SLDS icon as a compiled template:
// bundled whole, the utility, standard and RTL libraries alone come to tens of megabytes. The
// development build gives lightning-primitive-icon libraries with only the icons that some
// source of the build names literally ("utility:add" in the page, "utility:down" in the
// combobox...). An icon named only at run time would render empty, as a name missing from the
// real library does.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ICON_CATEGORIES = ['utility', 'standard', 'action', 'doctype', 'custom'] as const;
export type IconCategory = (typeof ICON_CATEGORIES)[number];

const ICON_NAME = /['"`](utility|standard|action|doctype|custom):([a-z0-9_]+)/g;

/** lightning/iconSvgTemplatesUtility, ...UtilityRtl, ... and the catch-all lightning/iconSvgTemplates. */
const LIBRARY = /^lightning\/iconSvgTemplates(Utility|Standard|Action|Doctype|Custom)?(Rtl)?$/;

export interface IconLibraryRequest {
  /** null for the catch-all library, which holds every category. */
  category: IconCategory | null;
  rtl: boolean;
}

export function iconLibraryRequest(specifier: string): IconLibraryRequest | null {
  const match = LIBRARY.exec(specifier);
  if (!match) return null;
  return {
    category: match[1] ? (match[1].toLowerCase() as IconCategory) : null,
    rtl: Boolean(match[2])
  };
}

function sourceFiles(dir: string, skip: (name: string) => boolean, found: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(path, skip, found);
    else if (/\.(js|html)$/.test(entry.name)) found.push(path);
  }
  return found;
}

/** Every icon name written in the .js and .html files under the folders, by category. */
export function iconNamesIn(dirs: string[]): Map<IconCategory, Set<string>> {
  const names = new Map<IconCategory, Set<string>>(ICON_CATEGORIES.map((c) => [c, new Set()]));
  const skip = (name: string) =>
    name === '__tests__' || name === 'node_modules' || name.startsWith('iconSvgTemplates');
  for (const dir of dirs)
    for (const file of sourceFiles(dir, skip))
      for (const [, category, name] of readFileSync(file, 'utf8').matchAll(ICON_NAME))
        names.get(category as IconCategory)!.add(name);
  return names;
}

/**
 * The source of a trimmed library: the same export shape as the real one (an object of
 * templates keyed "<category>_<name>"), importing only the named icons that exist in it.
 */
export function iconLibrarySource(
  baseComponentsDir: string,
  request: IconLibraryRequest,
  names: Map<IconCategory, Set<string>>
): { code: string; icons: number } {
  const categories = request.category ? [request.category] : [...ICON_CATEGORIES];
  const imports: string[] = [];
  const entries: string[] = [];
  for (const category of categories) {
    // The catch-all library keeps each category in a folder of its own, as the others do.
    const suffix = request.category ? category[0].toUpperCase() + category.slice(1) : '';
    const library = `iconSvgTemplates${suffix}${request.rtl ? 'Rtl' : ''}`;
    const folder = join(baseComponentsDir, 'src/lightning', library, 'buildTemplates', category);
    for (const name of [...names.get(category)!].sort()) {
      const template = join(folder, `${name}.html`);
      if (!existsSync(template)) continue;
      const local = `${category}_${name}`;
      imports.push(`import ${local} from ${JSON.stringify(template)};`);
      entries.push(local);
    }
  }
  return {
    code: `${imports.join('\n')}\nexport default { ${entries.join(', ')} };\n`,
    icons: entries.length
  };
}
