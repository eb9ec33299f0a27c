// `npm run docs:fidelity`: writes the README's fidelity table from the catalogue.
// `npm run docs:fidelity -- --check` exits non-zero when the README is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOT_MODELLED, PLATFORM_RULES } from './catalogue.ts';
import { FIDELITY_SECTION, renderFidelityTable } from './fidelity-table.ts';
import { projectRoot } from '../../product/project.ts';
import { readmeWithSection } from '../readme-sections.ts';

const readmePath = join(projectRoot(), 'README.md');
// README.md as it should be: the table rendered and formatted as `prettier:verify` wants it.
const expected = await readmeWithSection(
  FIDELITY_SECTION,
  renderFidelityTable(PLATFORM_RULES, NOT_MODELLED),
  readmePath
);
if (process.argv.includes('--check')) {
  if (readFileSync(readmePath, 'utf8') !== expected) {
    console.error('README.md: the fidelity table is out of date. Run `npm run docs:fidelity`.');
    process.exitCode = 1;
  }
} else {
  writeFileSync(readmePath, expected);
  console.log(`README.md: fidelity table written (${PLATFORM_RULES.length} rules).`);
}
