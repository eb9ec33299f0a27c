// Platform rules: limits. Each entry names the Salesforce documentation it comes from (see catalogue.ts).
import type { PlatformRule } from './types.ts';

export const LIMIT_RULES: readonly PlatformRule[] = Object.freeze([]);
