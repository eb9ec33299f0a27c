// Recovery of partial writes. Collections run with allOrNone=false, so one booking's records
// can be half written when a later write of it fails: every record the engine created for such
// a booking is deleted again, in one compensating call per 200 ids, before the booking is
// dead-lettered ("never a Lead without its Event"). Only records the engine created count: a
// record Salesforce's duplicate rules matched instead is the customer's, and is never deleted.
// (Field updates on an already existing person are not reverted either: the person exists
// independently of the booking, and `sync --replay` applies the booking again.)
import type { BookingPlan } from './plan.ts';
import type { SalesforceApi } from './salesforce.ts';

/** One record's answer in an sObject Collections response. */
export interface CollectionResult {
  id?: string;
  success: boolean;
  created?: boolean;
  errors: {
    statusCode: string;
    message: string;
    fields?: string[];
    duplicateResult?: { matchResults?: { matchRecords?: { record?: { Id?: string } }[] }[] };
  }[];
}

/**
 * What the writes have done for one booking so far: the ids Salesforce gave its records, the
 * records it created, and the error that stopped it. The plan itself stays as it was decided.
 */
export interface BookingProgress {
  readonly plan: BookingPlan;
  accountId?: string;
  personId?: string;
  /** A person account's Contact (the Event's WhoId). */
  personContactId?: string;
  /** False when the duplicate rules matched an existing record instead of a new person. */
  personCreated: boolean;
  caseId?: string;
  eventId?: string;
  /** Ids of records created for this booking, in creation order (parents first). */
  created: string[];
  error?: string;
  /** What to write on the record the duplicate rules matched instead of the new person. */
  reusedUpdates?: Record<string, unknown>;
  /** Decisions the writes made (a record reused after DUPLICATES_DETECTED), as text. */
  warnings?: string[];
}

/** The progress of each plan before anything is written. */
export function startProgress(plans: readonly BookingPlan[]): BookingProgress[] {
  return plans.map((plan) => ({
    plan,
    personId: plan.person.created ? undefined : plan.person.record.Id,
    personContactId: plan.person.created
      ? undefined
      : (plan.person.record.PersonContactId as string | undefined),
    personCreated: plan.person.created,
    created: []
  }));
}

/** A record's outcome: saved under an id (created by this call, or not), or refused. */
export type RecordOutcome = { id: string | undefined; created: boolean } | { error: string };

/**
 * Reads one record's answer. A create that succeeded created the record. A create refused with
 * DUPLICATES_DETECTED naming a match is saved as that match (a duplicate rule found the person,
 * Account or Case, as the engine's own matching would have): it is the customer's record, not
 * created, so the compensating delete never removes it. Updates and upserts create nothing the
 * compensation would remove.
 */
export function readResult(
  result: CollectionResult | undefined,
  method: 'POST' | 'PATCH',
  type: string
): RecordOutcome {
  if (result?.success) return { id: result.id, created: method === 'POST' };
  const duplicate = result?.errors.find((e) => e.statusCode === 'DUPLICATES_DETECTED');
  const matchId = duplicate?.duplicateResult?.matchResults?.[0]?.matchRecords?.[0]?.record?.Id;
  if (duplicate && matchId && method === 'POST') return { id: matchId, created: false };
  return {
    error: `${type} write rejected by Salesforce: ${result ? describeError(result) : 'no result'}`
  };
}

/** Salesforce's errors for one record, as the dead letter shows them. */
export function describeError(result: CollectionResult): string {
  return result.errors
    .map(
      (e) => `${e.statusCode}: ${e.message}${e.fields?.length ? ` (${e.fields.join(', ')})` : ''}`
    )
    .join('; ');
}

/** Fails every booking not failed yet with the message of a call that failed beyond retries. */
export function failUnfinished(progress: readonly BookingProgress[], message: string): void {
  for (const booking of progress) booking.error ??= message;
}

/**
 * The ids to delete for the failed bookings: children before parents (Cases, then people, then
 * Accounts), the reverse of the order they were created in.
 */
export function compensationIds(progress: readonly BookingProgress[]): string[] {
  // A person (and its Account) that a failed booking created stays when a booking of the batch
  // that shares it (plan samePersonAs) was written: its Event names them.
  const inUse = new Set(
    progress
      .filter((p) => !p.error)
      .flatMap((p) => [p.personId, p.personContactId, p.accountId])
      .filter(Boolean)
  );
  return progress
    .filter((p) => p.error)
    .flatMap((p) => [...p.created].reverse())
    .filter((id) => !inUse.has(id));
}

/**
 * Salesforce's limit of ids in one sObject Collections delete.
 * https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_sobjects_collections_delete.htm
 */
export const MAX_DELETE_IDS = 200;

/**
 * Deletes what was created for bookings that failed, in one call per 200 ids. A record that
 * cannot be deleted is named in its booking's error, to be deleted by hand before a replay.
 */
export async function compensate(
  api: SalesforceApi,
  progress: readonly BookingProgress[]
): Promise<void> {
  const ids = compensationIds(progress);
  for (let start = 0; start < ids.length; start += MAX_DELETE_IDS) {
    const chunk = ids.slice(start, start + MAX_DELETE_IDS);
    const results = await api.request<CollectionResult[]>(
      'DELETE',
      `/composite/sobjects?allOrNone=false&ids=${chunk.join(',')}`
    );
    results.forEach((result, index) => {
      if (result.success) return;
      const booking = progress.find((p) => p.created.includes(chunk[index]));
      if (booking)
        booking.error += ` (and record ${chunk[index]} it created could not be deleted: ${describeError(result)}; delete it by hand before replaying)`;
    });
  }
  // Deleted (or named in the error): a second compensation must not try them again.
  for (const booking of progress) if (booking.error) booking.created = [];
}
