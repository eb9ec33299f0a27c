// `npm run docs:fidelity`: writes the README's fidelity table from the catalogue.
// `npm run docs:fidelity -- --check` exits non-zero when the README is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOT_MODELLED, PLATFORM_RULES } from './catalogue.ts';
import { format, resolveConfig } from 'prettier';
import { renderFidelityTable, withFidelityTable } from './fidelity-table.ts';
import { projectRoot } from '../../product/project.ts';

/** README.md as it should be: the table rendered and formatted as `prettier:verify` wants it. */
async function expectedReadme(readmePath: string): Promise<string> {
  const current = readFileSync(readmePath, 'utf8');
  const options = (await resolveConfig(readmePath)) ?? {};
  const table = renderFidelityTable(PLATFORM_RULES, NOT_MODELLED);
  return format(withFidelityTable(current, table), { ...options, filepath: readmePath });
}

const readmePath = join(projectRoot(), 'README.md');
const expected = await expectedReadme(readmePath);
if (process.argv.includes('--check')) {
  if (readFileSync(readmePath, 'utf8') !== expected) {
    console.error('README.md: the fidelity table is out of date. Run `npm run docs:fidelity`.');
    process.exitCode = 1;
  }
} else {
  writeFileSync(readmePath, expected);
  console.log(`README.md: fidelity table written (${PLATFORM_RULES.length} rules).`);
}
