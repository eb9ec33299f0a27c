// Lead and Case assignment rules, as Salesforce applies them to records created through the
// REST API: the active rule's first entry whose criteria the new record meets sets its owner
// (a user or a queue), overriding the OwnerId sent, unless the request says
// `Sforce-Auto-Assign: FALSE`. Salesforce's REST default when the header is absent is TRUE, so
// an integration that chooses owners itself must send FALSE. Off unless the org is started
// with assignment rules.
import type { IncomingHttpHeaders } from 'node:http';
import type { OrgState } from './model.ts';

export interface AssignmentRuleEntry {
  /** Criteria: every field equals its value (case-insensitive); empty criteria match all. */
  criteria: Record<string, string>;
  /** User (005) or queue (00G) Id. */
  assignedTo: string;
}

export interface AssignmentRule {
  object: 'Lead' | 'Case';
  name: string;
  active: boolean;
  entries: AssignmentRuleEntry[];
}

/** Whether the request lets active assignment rules run (the REST default is yes). */
export function autoAssignRequested(headers: IncomingHttpHeaders | undefined): boolean {
  const value = headers?.['sforce-auto-assign'];
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return true;
  // An assignment rule Id in the header names the rule to run: treated as TRUE here.
  return !/^(false|0)$/i.test(text);
}

/** The owner the active rule of the object gives a new record, or null when none applies. */
export function assignedOwner(
  state: OrgState,
  objectName: string,
  record: Record<string, unknown>,
  headers: IncomingHttpHeaders | undefined
): string | null {
  if (!autoAssignRequested(headers)) return null;
  const rule = (state.assignmentRules ?? []).find(
    (candidate) => candidate.active && candidate.object === objectName
  );
  if (!rule) return null;
  const entry = rule.entries.find((candidate) =>
    Object.entries(candidate.criteria).every(
      ([field, value]) => String(record[field] ?? '').toLowerCase() === value.toLowerCase()
    )
  );
  return entry?.assignedTo ?? null;
}

/**
 * The seeded rule: web leads and every other lead to the "Booking Leads" queue, so a test can
 * tell an assigned owner from the one the request sent.
 */
export function seedAssignmentRules(state: OrgState): void {
  const queue = Object.values(state.records.group ?? {}).find(
    (group) => group.DeveloperName === 'Booking_Leads'
  );
  if (!queue) throw new Error('The local org seed has no Booking_Leads queue.');
  state.assignmentRules = [
    {
      object: 'Lead',
      name: 'Standard Lead Assignment',
      active: true,
      entries: [{ criteria: {}, assignedTo: String(queue.Id) }]
    }
  ];
}
