// Every platformRule call in the tooling's code (not its tests) names a rule of the catalogue: platformRule throws
// on an unknown id, but only when the code runs, so a rule named on a path no test takes would
// go unnoticed. This reads the sources instead.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLATFORM_RULES } from '../catalogue.ts';

const TOOLING = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    // Tests name unknown ids on purpose (to see them refused).
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name === '__tests__' ? [] : sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

it('names only rules the catalogue has in platformRule calls', () => {
  const known = new Set(PLATFORM_RULES.map((rule) => rule.id));
  const named = sources(TOOLING).flatMap((path) =>
    [...readFileSync(path, 'utf8').matchAll(/platformRule\(\s*'([^']+)'\s*\)/g)].map((match) => ({
      path: path.slice(TOOLING.length + 1),
      id: match[1]
    }))
  );
  expect(named.length).toBeGreaterThan(10);
  const unknown = named.filter((reference) => !known.has(reference.id));
  expect(unknown).toEqual([]);
});
