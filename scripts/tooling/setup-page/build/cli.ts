// node scripts/tooling/setup-page/build/cli.ts [--out DIR] [--source PROJECT] [--minify]: builds
// the setup page for a browser and prints every file it wrote with its size, and the time.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from '../../../product/project.ts';
import { buildSetupPage, describeBuild } from './build.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    source: { type: 'string' },
    minify: { type: 'boolean', default: false }
  }
});
try {
  const result = await buildSetupPage({
    outDir: values.out ?? join(projectRoot(), '.setup-page', 'build'),
    sourceDir: values.source,
    minify: values.minify
  });
  console.log(describeBuild(result));
  for (const warning of result.warnings) console.warn(`warning: ${warning}`);
} catch (error) {
  console.error(`The setup page did not build: ${(error as Error).message}`);
  process.exitCode = 1;
}
