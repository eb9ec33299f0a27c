// People the writes learn about only once the new people are saved: the record Salesforce's
// duplicate rules matched instead of a new person (DUPLICATES_DETECTED), which gets the
// booking's values by the update policy as a matched record does, and the bookings of a batch
// that share a person an earlier booking of the batch created (plan samePersonAs), which take
// its ids. Both run between the creation of the people and the updates, Cases and Events.
import type { SyncConfig } from './config.ts';
import { reusedPersonFields, reusedPersonUpdates, sObjectType } from './plan.ts';
import type { BookingProgress } from './recovery.ts';
import type { SObject } from './rules.ts';
import { soqlList } from '../soql.ts';
import type { SalesforceApi } from './salesforce.ts';

/**
 * Reads the records the duplicate rules matched instead of new people (one query per object
 * among them, usually none) and sets what the update policy writes on each
 * (plan reusedPersonUpdates), with a warning naming the record. A MatchRecord's record holds
 * "the fields and field values for the duplicate record"
 * (https://developer.salesforce.com/docs/platform/api/guide/sforce-api-objects-matchrecord.html),
 * but the documentation does not say which fields (the REST answer the engine gets, and the
 * local org's, carry the Id alone), so the record is read for the fields the update policy
 * compares. A record the query does not return (one of another object,
 * which a cross-object matching rule can name, or one the API user cannot read) gets no values,
 * and the warning says so.
 */
export async function readReusedPeople(
  api: SalesforceApi,
  config: SyncConfig,
  people: readonly BookingProgress[]
): Promise<void> {
  const reused = people.filter(
    (b) => !b.error && b.plan.person.created && !b.personCreated && b.personId
  );
  const byObject = new Map<string, BookingProgress[]>();
  for (const booking of reused) {
    const object = sObjectType(booking.plan.person.kind);
    byObject.set(object, [...(byObject.get(object) ?? []), booking]);
  }
  for (const [object, bookings] of byObject) {
    const fields = new Set(bookings.flatMap((b) => reusedPersonFields(b.plan.person)));
    const rows = await api.query<SObject>(
      `SELECT ${[...fields].join(', ')} FROM ${object} WHERE Id IN ${soqlList(bookings.map((b) => String(b.personId)))}`
    );
    const byId = new Map(rows.map((row) => [String(row.Id), row]));
    for (const booking of bookings) {
      const row = byId.get(String(booking.personId));
      const warnings = (booking.warnings ??= []);
      if (!row) {
        warnings.push(
          `the org's duplicate rules matched ${String(booking.personId)} instead of a new ${object}: the booking uses it, but it could not be read as a ${object}, so none of the booking's values were written to it`
        );
        continue;
      }
      booking.reusedUpdates = reusedPersonUpdates(booking.plan.person, row, config.settings);
      const written = Object.keys(booking.reusedUpdates);
      warnings.push(
        `the org's duplicate rules matched ${object} ${String(booking.personId)} instead of a new one: the booking uses it, ${written.length ? `writing ${written.join(', ')}` : 'writing nothing'} (update policy ${config.settings.updatePolicy})`
      );
    }
  }
}

/**
 * Gives each booking that shares a person an earlier booking of the batch created the ids that
 * booking's person (and a new Contact's Account) got; when that person was not saved, the
 * booking fails with the reason, and nothing more is written for it.
 */
export function linkSamePeople(progress: readonly BookingProgress[]): void {
  for (const booking of progress) {
    const firstId = booking.plan.person.samePersonAs;
    if (!firstId || booking.error) continue;
    const first = progress.find((p) => p.plan.event.bookingId === firstId);
    if (!first?.personId || first.error) {
      booking.error = `the ${sObjectType(booking.plan.person.kind)} booking ${firstId} of this batch was to create for the same person was not saved${first?.error ? `: ${first.error}` : ''}`;
      continue;
    }
    booking.personId = first.personId;
    booking.personContactId = first.personContactId;
    booking.accountId = first.accountId;
  }
}
