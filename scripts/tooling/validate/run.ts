// Runs the validation gate's checks in order and times each.
import type { Check, CheckResult, ProjectContext } from './types.ts';
import { resolveCheck } from './checks/resolve.ts';
import { xmlCheck } from './checks/xml.ts';
import { convertCheck } from './checks/convert.ts';
import { permissionSetCheck } from './checks/permissionSets.ts';
import { limitsCheck } from './checks/limits.ts';
import { layoutCheck } from './checks/layouts.ts';
import { reportTypeCheck } from './checks/reportTypes.ts';
import { apexCheck } from './checks/apex.ts';
import { pmdCheck } from './checks/pmd.ts';

export const CHECKS: Record<string, Check> = {
  resolve: resolveCheck,
  xml: xmlCheck,
  convert: convertCheck,
  permissionSets: permissionSetCheck,
  limits: limitsCheck,
  layouts: layoutCheck,
  reportTypes: reportTypeCheck,
  apex: apexCheck,
  pmd: pmdCheck
};

export type CheckName = keyof typeof CHECKS;

export async function runChecks(
  project: ProjectContext,
  only: string[] = Object.keys(CHECKS)
): Promise<CheckResult[]> {
  const unknown = only.filter((name) => !CHECKS[name]);
  if (unknown.length > 0) {
    throw new Error(
      `Unknown check "${unknown[0]}". Known checks: ${Object.keys(CHECKS).join(', ')}.`
    );
  }
  // The checks are independent; the slow ones (Prettier, and PMD on the JVM) run in their own
  // processes, so running all at once keeps the gate at the length of its slowest check.
  return Promise.all(
    only.map(async (name) => {
      const started = performance.now();
      const result = await CHECKS[name](project);
      return { ...result, durationMs: Math.round(performance.now() - started) };
    })
  );
}
