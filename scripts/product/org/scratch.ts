// bkconn org create: a scratch org from config/project-scratch-def.json through the Dev Hub, with
// @salesforce/core's scratchOrgCreate (the same code `sf org create scratch` runs). The
// namespace comes from sfdx-project.json unless --no-namespace asks for an org without it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { scratchOrgCreate } from '@salesforce/core';
import { messageError, productMessages } from '../messages.ts';
import { projectApiVersion, projectRoot } from '../project.ts';
import type { TargetOrg } from './target.ts';

const messages = productMessages('org.scratch');

export interface ScratchOptions {
  alias?: string;
  durationDays?: number;
  noNamespace?: boolean;
  definitionFile?: string;
  setDefault?: boolean;
}

export interface ScratchResult {
  username: string;
  orgId: string;
  alias: string | null;
  namespace: boolean;
  durationDays: number;
  warnings: string[];
}

export function parseDuration(value: string | undefined): number {
  if (value === undefined) return 7;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 30) {
    throw messageError(messages, 'duration-days', [value], { name: 'InvalidFlag' });
  }
  return days;
}

export async function createScratchOrg(
  hub: TargetOrg,
  options: ScratchOptions
): Promise<ScratchResult> {
  const definitionFile =
    options.definitionFile ?? join(projectRoot(), 'config', 'project-scratch-def.json');
  if (!existsSync(definitionFile)) {
    throw messageError(messages, 'no-definition-file', [definitionFile], { name: 'InvalidFlag' });
  }
  const durationDays = options.durationDays ?? 7;
  const result = await scratchOrgCreate({
    hubOrg: hub.org,
    definitionfile: definitionFile,
    durationDays,
    nonamespace: options.noNamespace ?? false,
    alias: options.alias,
    setDefault: options.setDefault ?? false,
    apiversion: projectApiVersion(),
    tracksSource: true
  });
  if (!result.username) {
    throw messageError(messages, 'no-scratch-org', [], { name: 'ScratchOrgCreateFailed' });
  }
  return {
    username: result.username,
    orgId: result.scratchOrgInfo?.ScratchOrg ?? '',
    alias: options.alias ?? null,
    namespace: !options.noNamespace,
    durationDays,
    warnings: result.warnings
  };
}
