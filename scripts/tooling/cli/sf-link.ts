// Makes this project an sf plugin for one HOME only, recording it the way `sf plugins link .`
// does: a "link" entry in the package.json of the sf CLI's data folder (XDG_DATA_HOME/sf).
// The real command would also run npm install in the project, which must not happen in a
// shared node_modules; the record is all the sf CLI reads to load the plugin.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../product/project.ts';

/** Writes the link under `dataHome` (give the sf CLI XDG_DATA_HOME=dataHome). */
export function linkAsSfPlugin(dataHome: string, root = projectRoot()): void {
  const dir = join(dataHome, 'sf');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      private: true,
      oclif: { schema: 1, plugins: [{ type: 'link', name: 'booking-connector-salesforce', root }] },
      dependencies: {}
    })
  );
}
