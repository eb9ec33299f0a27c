// Platform rules: api. Each entry names the Salesforce documentation it comes from (see catalogue.ts).
import type { PlatformRule } from './types.ts';

export const API_RULES: readonly PlatformRule[] = Object.freeze([]);
