// The shape of an entry in the platform-rules catalogue (catalogue.ts).

/**
 * Who checks a rule here: the local org (at run time), the validation gate (offline), or the
 * product itself (its code follows the rule and a test here proves it does, though no emulator
 * refuses the opposite).
 */
export type Enforcer = 'local-org' | 'validate' | 'product';

export interface PlatformRule {
  /** Stable id, `<area>.<subject>`, e.g. `limit.PermissionSet.description`. Code names rules by it. */
  id: string;
  /** A few words for the README's fidelity table ("Permission set description: 255 characters"). */
  title?: string;
  /** What Salesforce does, in one or two sentences, as the documentation says it. */
  rule: string;
  /** URL of the Salesforce documentation page the rule comes from. */
  source: string;
  /** Where the rule is enforced in this project. */
  enforcedBy: readonly Enforcer[];
  /** What the documentation does not say, and what the local org assumes (tested both ways). */
  assumption?: string;
}

/** Something a real org does that the local org does not model; shown only in a real org. */
export interface NotModelledRule {
  id: string;
  /** A few words for the README's fidelity table. */
  title?: string;
  /** What a real org does. */
  rule: string;
  source: string;
  /** Where it is checked instead (e.g. the scratch-org CI job), or why it cannot be. */
  checkedIn: string;
}
