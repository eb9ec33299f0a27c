// Runs a command's work against the target org and turns Salesforce failures (expired
// session, unreachable org) into errors that say what to do.
import { orgFailure, requireTargetOrg, type TargetOrg } from '../org/target.ts';
import { readProject } from '../project.ts';
import { BkconnError } from '../errors.ts';
import { normalizeSecurityMode } from '../org/rules.ts';

export async function withTargetOrg<T>(
  targetOrg: string | undefined,
  work: (target: TargetOrg) => Promise<T>
): Promise<T> {
  const target = await requireTargetOrg(targetOrg);
  try {
    return await work(target);
  } catch (error) {
    throw orgFailure(error, target);
  }
}

export function projectNamespace(): string | null {
  return readProject().namespace || null;
}

/** A flag the command cannot go without, with the action that names what to pass. */
export function required(value: string | undefined, flag: string, action: string): string {
  if (value === undefined || value === '')
    throw new BkconnError(`Missing --${flag}.`, { name: 'MissingFlag', actions: [action] });
  return value;
}

/** --mode standard|advanced, as the rules module names it. */
export function securityMode(value: string | undefined): ReturnType<typeof normalizeSecurityMode> {
  try {
    return normalizeSecurityMode(value);
  } catch (error) {
    throw new BkconnError((error as Error).message, {
      name: 'InvalidFlag',
      actions: ['Pass --mode standard or --mode advanced.']
    });
  }
}
