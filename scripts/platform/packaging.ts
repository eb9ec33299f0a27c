// Platform rules: packaging. Each entry names the Salesforce documentation it comes from (see catalogue.ts).
import type { PlatformRule } from './types.ts';

export const PACKAGING_RULES: readonly PlatformRule[] = Object.freeze([]);
