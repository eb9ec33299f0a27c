// Where the Salesforce DX project is. Like the sf CLI, the tooling finds it by walking up from
// the working directory to the folder that holds sfdx-project.json (npm scripts always start
// in the project root, so this is the root there too).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function projectRoot(start: string = process.cwd()): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'sfdx-project.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(
        `No sfdx-project.json found in ${start} or any folder above it. Run this from the Booking Connector project folder.`
      );
    }
    dir = parent;
  }
}
