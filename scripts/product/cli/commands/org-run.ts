// Runs a command's work against the target org and turns Salesforce failures (expired
// session, unreachable org) into errors that say what to do.
import type { FlagValues } from '../command.ts';
import { stringFlag } from '../command.ts';
import { orgFailure, readProjectFile, requireTargetOrg, type TargetOrg } from '../../org/target.ts';

export async function withTargetOrg<T>(
  flags: FlagValues,
  work: (target: TargetOrg) => Promise<T>
): Promise<T> {
  const target = await requireTargetOrg(stringFlag(flags, 'target-org'));
  try {
    return await work(target);
  } catch (error) {
    throw orgFailure(error, target);
  }
}

export function projectNamespace(): string | null {
  return readProjectFile().namespace || null;
}
