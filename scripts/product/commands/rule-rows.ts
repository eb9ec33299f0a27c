// The PASS / FAIL / VERIFY table of requirement rows, shared by api-user check and setup.
import type { RuleRow } from '../org/rules.ts';
import type { Output } from './output.ts';

export function printRows(out: Output, rows: RuleRow[]): void {
  out.table(
    rows.map((row) => ({
      result: row.unverified ? 'VERIFY' : row.passed ? 'PASS' : 'FAIL',
      label: row.label,
      fix: row.fix
    })),
    [
      { key: 'result', header: 'Result' },
      { key: 'label', header: 'Requirement' },
      { key: 'fix', header: 'What to change' }
    ]
  );
}
