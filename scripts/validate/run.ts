// Runs the validation gate's checks in order and times each.
import type { Check, CheckResult, ProjectContext } from './types.ts';
import { resolveCheck } from './checks/resolve.ts';
import { xmlCheck } from './checks/xml.ts';
import { convertCheck } from './checks/convert.ts';
import { permissionSetCheck } from './checks/permissionSets.ts';
import { apexCheck } from './checks/apex.ts';
import { pmdCheck } from './checks/pmd.ts';

export const CHECKS: Record<string, Check> = {
  resolve: resolveCheck,
  xml: xmlCheck,
  convert: convertCheck,
  permissionSets: permissionSetCheck,
  apex: apexCheck,
  pmd: pmdCheck
};

export type CheckName = keyof typeof CHECKS;

export async function runChecks(
  project: ProjectContext,
  only: string[] = Object.keys(CHECKS)
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const name of only) {
    const check = CHECKS[name];
    if (!check)
      throw new Error(`Unknown check "${name}". Known checks: ${Object.keys(CHECKS).join(', ')}.`);
    const started = performance.now();
    const result = await check(project);
    results.push({ ...result, durationMs: Math.round(performance.now() - started) });
  }
  return results;
}
