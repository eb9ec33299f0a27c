// What a real org does that the local org does not model (see catalogue.ts): these are only
// shown by a real org, most of them in the scratch-org CI job.
import type { NotModelledRule } from './types.ts';

export const NOT_MODELLED: readonly NotModelledRule[] = Object.freeze([]);
