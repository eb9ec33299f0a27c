// The Salesforce rules this project depends on, written once, each with the URL of the
// Salesforce documentation it comes from. The local org enforces them, the validation gate
// (`npm run validate`) checks the ones it can see offline, and the README's fidelity table is
// generated from this list (`npm run docs:fidelity`), so nobody mistakes the local org for a
// real one. Rules are grouped by area, one module each (limits, permissions, packaging, data
// and API); `NOT_MODELLED` lists what only a real org can show.
//
// Where Salesforce's documentation is silent on a detail, the rule says so in `assumption`, and
// its tests cover both readings where the product could depend on either.
import { LIMIT_RULES } from './limits.ts';
import { PERMISSION_RULES } from './permissions.ts';
import { PACKAGING_RULES } from './packaging.ts';
import { API_RULES } from './api.ts';
import { NOT_MODELLED } from './not-modelled.ts';
import type { PlatformRule } from './types.ts';

export type { PlatformRule, NotModelledRule, Enforcer } from './types.ts';
export { NOT_MODELLED };

/** Every rule, in the order the README lists them. */
export const PLATFORM_RULES: readonly PlatformRule[] = Object.freeze([
  ...LIMIT_RULES,
  ...PERMISSION_RULES,
  ...PACKAGING_RULES,
  ...API_RULES
]);

/**
 * The rule with this id; throws when there is none, so a typo in an enforcer fails its tests
 * instead of silently enforcing nothing.
 */
export function platformRule(id: string): PlatformRule {
  const rule = PLATFORM_RULES.find((entry) => entry.id === id);
  if (!rule) throw new Error(`No platform rule "${id}" in scripts/tooling/platform/catalogue.ts.`);
  return rule;
}
