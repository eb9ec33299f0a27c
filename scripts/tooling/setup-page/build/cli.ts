// node scripts/tooling/setup-page/build/cli.ts [--out DIR] [--production]: builds the setup
// page for a browser and prints what it wrote.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../../../product/project.ts';
import { buildSetupPage, describeBuild } from './build.ts';

const { values } = parseArgs({
  options: { out: { type: 'string' }, production: { type: 'boolean', default: false } }
});
const result = await buildSetupPage({
  outDir: values.out ?? join(projectRoot(), '.setup-page', 'build'),
  mode: values.production ? 'production' : 'development'
});
console.log(describeBuild(result));
for (const warning of result.warnings) console.warn(`warning: ${warning}`);
