// The plan of a batch: from its booking events, the facts the look-ups found and the config,
// what is to be written for each booking. Pure: no I/O, nothing of its inputs changed, and the
// plan it returns is frozen (the writes keep what Salesforce answers beside it, in recovery's
// BookingProgress). Every decision about a booking's records comes from the rules
// (creationRules.js through rules.ts); this module puts them together and builds the records.
import type { Settings, SyncConfig } from './config.ts';
import { withNamespace } from '../../../force-app/main/default/lwc/bookingRules/metadataNames.js';

import { bookingFields, type BookingEvent } from './events.ts';
import type { LookedUp } from './lookups.ts';
import { mappedValues, personAccountValues } from './mapped-fields.ts';
import {
  accountCandidates,
  batchPerson,
  caseOwner,
  chooseAccount,
  createsNewCase,
  creationTarget,
  eventOwner,
  eventTimes,
  lateEventReason,
  lifecycleFields,
  ownerFallbackWarning,
  personDecision,
  personOwner,
  personUpdates,
  type PersonKind,
  type SObject
} from './rules.ts';

export interface PlannedPerson {
  /** PersonAccount: record is the Account; its PersonContactId is the Event's WhoId. */
  readonly kind: PersonKind;
  /** The existing record (a copy of the looked-up row), or the record to create. */
  readonly record: Readonly<SObject>;
  readonly created: boolean;
  /** Fields to write on an existing person (update policy, owner policy). */
  readonly updates: Readonly<Record<string, unknown>>;
  /**
   * The booking of this batch that creates this person (an earlier one, rules batchPerson):
   * nothing is written for the person here, the writes give it that booking's record ids, and
   * this booking's values are already in that booking's record, by the update policy.
   */
  readonly samePersonAs?: string;
}

export interface BookingPlan {
  readonly event: BookingEvent;
  /** A new Account for a new Contact, when none matched and the settings create one. */
  readonly newAccount?: Readonly<SObject>;
  readonly person: PlannedPerson;
  /** A new Case, when the booking page asks for one and the Event has none yet. */
  readonly newCase?: Readonly<SObject>;
  /** The booking's Event record; WhoId and WhatId follow once the ids are known. */
  readonly eventRecord: Readonly<SObject>;
  /** How the Event is written (eventWriteOf). */
  readonly eventWrite: EventWrite;
  /** The WhatId of the booking's existing Event (the rules keep it on its Case). */
  readonly existingWhatId?: string;
  /** Decisions made without asking anyone (an owner fallback, a shared person), as text. */
  readonly warnings: readonly string[];
  /**
   * Why the booking lands where it does, one line per decision of the rules (the person, the
   * Account, the owner, the Case, the Event): the sync log's Decisions.
   */
  readonly decisions: readonly string[];
}

/**
 * How a booking's Event is written: the Event it has, by its Id; a new one upserted by
 * Booking_Id__c (which keeps one Event per booking even between processes that share no state);
 * or, when an Event of another booking has the same id without regard to case (which the upsert
 * would match, as Salesforce matches external ids case-insensitively), created.
 */
export type EventWrite =
  | { readonly kind: 'update'; readonly id: string }
  | { readonly kind: 'upsert' }
  | { readonly kind: 'create' };

/** An event not applied: the booking's Event in the org already has it or a newer one. */
export interface SkippedBooking {
  readonly event: BookingEvent;
  readonly reason: string;
  readonly warnings: readonly string[];
}

export interface RejectedBooking {
  readonly event: BookingEvent;
  readonly error: string;
}

export interface BatchPlan {
  readonly plans: readonly BookingPlan[];
  /** Bookings nothing is written for, with the reason (a required field left empty). */
  readonly rejected: readonly RejectedBooking[];
  /** Events older than (or as old as) what their Event in the org carries: not applied. */
  readonly skipped: readonly SkippedBooking[];
}

/** One write of a dry run's report. */
export interface PlannedWrite {
  operation: 'create' | 'update' | 'upsert';
  object: string;
  fields: Record<string, unknown>;
}

/** A booking that cannot be written as it is: nothing is written for it. */
export class BookingRejected extends Error {}

/** A plan being built: the batch's later bookings may still add to its new person's record. */
type Draft = BookingPlan & { person: PlannedPerson & { record: SObject }; warnings: string[] };

/**
 * The plan of a batch. `now` is the Last_Synced__c stamp of its Events (given, so the same
 * inputs give the same plan). An event whose booking's Event in the org carries its sequence or
 * a newer one is skipped (rules lateEventReason): ordering does not depend on a local state. A
 * booking whose new person an earlier booking of the batch creates uses that booking's record
 * (rules batchPerson), so one batch makes one Lead for two bookings of the same person.
 */
export function planBatch(
  batch: readonly BookingEvent[],
  facts: LookedUp,
  config: SyncConfig,
  now: string
): BatchPlan {
  const drafts: Draft[] = [];
  const rejected: RejectedBooking[] = [];
  const skipped: SkippedBooking[] = [];
  for (const event of batch) {
    const late = lateEventReason(
      event.sequence,
      facts.eventsByBooking.get(event.bookingId)?.[
        withNamespace('Booking_Sequence__c', config.namespace)
      ]
    );
    if (late) {
      const warning = `${event.type} event sequence ${event.sequence} not applied: ${late} in Salesforce`;
      skipped.push(Object.freeze({ event, reason: late, warnings: Object.freeze([warning]) }));
      continue;
    }
    try {
      drafts.push(draftBooking(event, facts, config, now, drafts));
    } catch (error) {
      if (!(error instanceof BookingRejected)) throw error;
      rejected.push(Object.freeze({ event, error: error.message }));
    }
  }
  // A booking sharing a person gets a copy of that person's record as every booking left it.
  const plans = drafts.map((draft) =>
    deepFreeze(
      draft.person.samePersonAs
        ? { ...draft, person: { ...draft.person, record: structuredClone(draft.person.record) } }
        : draft
    )
  );
  return Object.freeze({
    plans: Object.freeze(plans),
    rejected: Object.freeze(rejected),
    skipped: Object.freeze(skipped)
  });
}

/** The plan of one booking; throws BookingRejected when it cannot be written. */
export function planBooking(
  event: BookingEvent,
  facts: LookedUp,
  config: SyncConfig,
  now: string
): BookingPlan {
  return deepFreeze(draftBooking(event, facts, config, now, []));
}

/** A booking's plan, not frozen yet; `earlier` are the batch's bookings planned before it. */
function draftBooking(
  event: BookingEvent,
  facts: LookedUp,
  config: SyncConfig,
  now: string,
  earlier: readonly Draft[]
): Draft {
  const { settings } = config;
  const values = bookingFields(event);
  const person = event.booking.person;
  const existingEvent = facts.eventsByBooking.get(event.bookingId);
  const bookingOwnerId = event.booking.ownerEmail
    ? (facts.usersByEmail.get(event.booking.ownerEmail.toLowerCase()) ?? null)
    : null;
  const owner = personOwner(settings.ownerPolicy, { bookingOwnerId });
  const warnings: string[] = [];
  const ownerWarning = ownerFallbackWarning(
    settings.ownerPolicy,
    event.booking.ownerEmail,
    bookingOwnerId
  );
  if (ownerWarning) warnings.push(ownerWarning);
  const newInBatch = earlier.filter((plan) => plan.person.created);
  const shared = batchPerson(
    event.booking,
    newInBatch.map((plan) => plan.person),
    settings
  );
  const { person: chosen, decision: personLine } = personDecision(
    {
      whoId: existingEvent?.WhoId ? String(existingEvent.WhoId) : null,
      booking: event.booking,
      contacts: facts.contacts,
      leads: facts.leads
    },
    settings
  );
  const decisions: string[] = [];

  let plannedPerson: PlannedPerson;
  let newAccount: SObject | undefined;
  if (!chosen && shared) {
    // The person an earlier booking of this batch creates: its record takes this booking's
    // values by the update policy, as it would one batch later from the org.
    const first = newInBatch[shared.index];
    const { kind, record } = first.person;
    Object.assign(
      record,
      personUpdates(
        record,
        kind === 'PersonAccount'
          ? personAccountValues(config, values)
          : mappedValues(config, kind, values),
        settings,
        bookingOwnerId
      )
    );
    plannedPerson = {
      kind,
      record,
      created: false,
      updates: {},
      samePersonAs: first.event.bookingId
    };
    warnings.push(
      `same person (by ${shared.matchedBy}) as booking ${first.event.bookingId} of this batch: its new ${sObjectType(kind)} is used, not a second one`
    );
    decisions.push(
      `${personLine}; the same person (by ${shared.matchedBy}) as booking ${first.event.bookingId} of this batch: its new ${sObjectType(kind)}`
    );
  } else if (chosen) {
    const updates = personUpdates(
      chosen.record,
      chosen.kind === 'PersonAccount'
        ? personAccountValues(config, values)
        : mappedValues(config, chosen.kind, values),
      settings,
      bookingOwnerId
    );
    // A copy: the plan is frozen, and the looked-up row is the caller's.
    const record = structuredClone(chosen.record);
    plannedPerson = { kind: chosen.kind, record, created: false, updates };
    decisions.push(
      personLine,
      updatesDecision(updates, settings),
      updates.OwnerId
        ? `owner: the booking owner's user ${String(updates.OwnerId)} (Owner Policy: BookingOwner)`
        : settings.ownerPolicy === 'BookingOwner' && !bookingOwnerId
          ? `owner not found${event.booking.ownerEmail ? ` (${event.booking.ownerEmail})` : ''}: the current owner is kept (Owner Policy: BookingOwner)`
          : `owner: the current owner is kept (Owner Policy: ${settings.ownerPolicy})`
    );
  } else {
    const kind = creationTarget(settings, {
      personAccounts: Boolean(config.personAccounts.recordTypeId)
    });
    let record: SObject;
    if (kind === 'PersonAccount') {
      // The person's Contact fields, held by the Account; its Contact is made by Salesforce.
      requireFilled(config, 'Contact', mappedValues(config, 'Contact', values), event);
      record = {
        attributes: { type: 'Account' },
        RecordTypeId: config.personAccounts.recordTypeId,
        ...personAccountValues(config, values)
      };
    } else {
      record = { attributes: { type: kind }, ...mappedValues(config, kind, values) };
      requireFilled(config, kind, record, event);
    }
    if (owner.ownerId) record.OwnerId = owner.ownerId;
    decisions.push(
      `${personLine}: a new ${kind === 'PersonAccount' ? 'person account' : kind} (When No Match: ${settings.noMatchAction})`,
      personOwnerDecision(settings.ownerPolicy, owner.ownerId, event.booking.ownerEmail)
    );
    if (kind === 'Contact') {
      const choice = chooseAccount(accountCandidates(facts.accounts, person), person, settings);
      decisions.push(accountDecision(choice, settings));
      if (choice.action === 'use') {
        record.AccountId = choice.record.Id;
      } else if (choice.action === 'create') {
        newAccount = {
          attributes: { type: 'Account' },
          ...mappedValues(config, 'Account', values),
          Name: choice.name
        };
        requireFilled(config, 'Account', newAccount, event);
      }
    }
    plannedPerson = { kind, record, created: true, updates: {} };
  }

  let newCase: SObject | undefined;
  const existingWhatId = existingEvent?.WhatId ? String(existingEvent.WhatId) : undefined;
  if (createsNewCase(event.booking.bookingPage, settings, existingWhatId, plannedPerson.kind)) {
    newCase = { attributes: { type: 'Case' }, ...mappedValues(config, 'Case', values) };
    const ownerId = caseOwner(settings.ownerPolicy, bookingOwnerId);
    if (ownerId) newCase.OwnerId = ownerId;
    requireFilled(config, 'Case', newCase, event);
    decisions.push(
      `Case: a new one (booking page "${event.booking.bookingPage}" is a Case Booking Page), owner: ${ownerId ? "the booking owner's user" : 'the API user'}`
    );
  } else if (existingWhatId) {
    decisions.push(`related to: kept ${existingWhatId}, what the booking's Event is related to`);
  }

  const mappedEvent = eventFields(event, values, config, bookingOwnerId, now);
  const eventRecord = {
    ...mappedEvent,
    ...eventTimes(Boolean(existingEvent), mappedEvent, event.booking)
  };
  // A new Event must fill its required fields; the WhoId follows once the person has an id.
  if (!existingEvent) requireFilled(config, 'Event', { ...eventRecord, WhoId: 'pending' }, event);
  const eventWrite = eventWriteOf(event, existingEvent, facts, earlier);
  decisions.push(eventDecision(eventWrite, mappedEvent.OwnerId === config.apiUserId));
  return {
    event,
    eventWrite,
    ...(newAccount ? { newAccount } : {}),
    person: plannedPerson as Draft['person'],
    ...(newCase ? { newCase } : {}),
    eventRecord,
    ...(existingWhatId ? { existingWhatId } : {}),
    warnings,
    decisions
  };
}

// The lines of a plan's decisions (the sync log's Decisions), one per rule applied.

function updatesDecision(updates: Readonly<Record<string, unknown>>, settings: Settings): string {
  const fields = Object.keys(updates);
  const policy = `Update Policy: ${settings.updatePolicy}`;
  return fields.length
    ? `person fields written (${policy}): ${fields.join(', ')}`
    : `person fields: none to write (${policy})`;
}

function personOwnerDecision(
  policy: Settings['ownerPolicy'],
  ownerId: string | null,
  ownerEmail: string | undefined
): string {
  if (policy === 'AssignmentRules') return "owner: the org's assignment rules (Owner Policy)";
  if (policy === 'Keep') return 'owner: the API user (Owner Policy: Keep)';
  return ownerId
    ? `owner: the booking owner's user ${ownerId} (Owner Policy: BookingOwner)`
    : `owner not found${ownerEmail ? ` (${ownerEmail})` : ''}: the API user (Owner Policy: BookingOwner)`;
}

function accountDecision(choice: ReturnType<typeof chooseAccount>, settings: Settings): string {
  const keys = settings.accountMatching.join(', ') || 'none';
  if (choice.action === 'use')
    return `Account: matched ${choice.record.Id} (Account Matching: ${keys})`;
  if (choice.action === 'create')
    return `Account: a new one named "${choice.name}" (none matched by ${keys}; Create Account is on)`;
  return `Account: none (none matched by ${keys}${settings.createAccount ? '; the booking names no company' : '; Create Account is off'})`;
}

function eventDecision(write: EventWrite, ownedByApiUser: boolean): string {
  const owner = ownedByApiUser ? 'the API user' : "the booking owner's user";
  if (write.kind === 'update') return `Event: updated ${write.id}, owner: ${owner}`;
  if (write.kind === 'create')
    return `Event: a new one, created (another booking's Event has this Booking Id in other letter case), owner: ${owner}`;
  return `Event: a new one, upserted by Booking Id, owner: ${owner}`;
}

/** The Event write of a booking (EventWrite), given the Events found and the batch so far. */
function eventWriteOf(
  event: BookingEvent,
  existingEvent: SObject | undefined,
  facts: LookedUp,
  earlier: readonly Draft[]
): EventWrite {
  if (existingEvent?.Id) return { kind: 'update', id: String(existingEvent.Id) };
  const folded = event.bookingId.toLowerCase();
  const taken =
    facts.eventIdsAnyCase.has(folded) ||
    earlier.some(
      (draft) =>
        draft.eventWrite.kind === 'upsert' && draft.event.bookingId.toLowerCase() === folded
    );
  return taken ? { kind: 'create' } : { kind: 'upsert' };
}

/** Fields of a planned new person that are its values, not its links or record type. */
const NOT_VALUES = new Set(['attributes', 'Id', 'OwnerId', 'AccountId', 'RecordTypeId']);

/** The fields a reused record is read with to apply the update policy to it. */
export function reusedPersonFields(person: PlannedPerson): string[] {
  return ['Id', 'OwnerId', ...Object.keys(person.record).filter((name) => !NOT_VALUES.has(name))];
}

/**
 * What to write on the record Salesforce's duplicate rules matched instead of the person the
 * plan creates (DUPLICATES_DETECTED): the booking's values by the update policy and the owner
 * by the owner policy (rules personUpdates), exactly as on a record the look-ups matched. The
 * values are those of the record that was to be created; its OwnerId is the owner the policy
 * gave it (set only when the BookingOwner policy found the user).
 */
export function reusedPersonUpdates(
  person: PlannedPerson,
  existing: Readonly<SObject>,
  settings: Settings
): Record<string, unknown> {
  const values = Object.fromEntries(
    Object.entries(person.record).filter(([name]) => !NOT_VALUES.has(name))
  );
  const ownerId = person.record.OwnerId ? String(person.record.OwnerId) : null;
  return personUpdates(existing, values, settings, ownerId);
}

/** The booking's Event: mapped values, the package's fields, the owner and the lifecycle. */
function eventFields(
  event: BookingEvent,
  values: Record<string, unknown>,
  config: SyncConfig,
  bookingOwnerId: string | null,
  now: string
): SObject {
  const ns = (name: string) => withNamespace(name, config.namespace);
  const record: SObject = {
    attributes: { type: 'Event' },
    ...mappedValues(config, 'Event', values),
    [ns('Booking_Id__c')]: event.bookingId,
    [ns('Last_Synced__c')]: now,
    // The order of the booking's events survives a lost local state: the next event is
    // compared with this (rules lateEventReason).
    [ns('Booking_Sequence__c')]: event.sequence,
    OwnerId: eventOwner(bookingOwnerId, config.apiUserId),
    ...Object.fromEntries(
      Object.entries(lifecycleFields(event.type, event.booking)).map(([k, v]) => [ns(k), v])
    )
  };
  if (event.booking.bookingPage) record[ns('Booking_Page__c')] = event.booking.bookingPage;
  if (event.booking.timeZone) record[ns('Customer_Time_Zone__c')] = event.booking.timeZone;
  if (event.booking.meetingLink) record[ns('Meeting_Link__c')] = event.booking.meetingLink;
  return record;
}

/** A new record must fill every universally required field; name the one it leaves empty. */
function requireFilled(
  config: SyncConfig,
  object: string,
  record: Record<string, unknown>,
  booking: BookingEvent
): void {
  for (const required of config.required.filter((r) => r.object === object)) {
    const value = record[required.field];
    if (value === undefined || value === null || value === '') {
      const why = required.unsupportedReason
        ? ` (the connector cannot fill this field type: ${required.unsupportedReason})`
        : required.mapping
          ? ` (mapped from ${required.mapping.sourceValue}, which booking ${booking.bookingId} leaves empty)`
          : '';
      throw new BookingRejected(
        `${object}.${required.field} is required and would be left empty${why}; nothing was written for this booking. Add the value to the booking or map a constant to the field.`
      );
    }
  }
}

/** The sObject a person is written as. */
export function sObjectType(kind: PersonKind): string {
  return kind === 'PersonAccount' ? 'Account' : kind;
}

/** The writes a plan makes, as a dry run reports them. */
export function plannedWrites(plan: BookingPlan): PlannedWrite[] {
  const writes: PlannedWrite[] = [];
  const strip = (record: Readonly<SObject>) =>
    Object.fromEntries(Object.entries(record).filter(([k]) => k !== 'attributes'));
  if (plan.newAccount)
    writes.push({ operation: 'create', object: 'Account', fields: strip(plan.newAccount) });
  if (plan.person.created)
    writes.push({
      operation: 'create',
      object: sObjectType(plan.person.kind),
      fields: strip(plan.person.record)
    });
  else if (Object.keys(plan.person.updates).length)
    writes.push({
      operation: 'update',
      object: sObjectType(plan.person.kind),
      fields: { Id: plan.person.record.Id, ...plan.person.updates }
    });
  if (plan.newCase)
    writes.push({ operation: 'create', object: 'Case', fields: strip(plan.newCase) });
  writes.push({
    operation: plan.eventWrite.kind === 'update' ? 'update' : plan.eventWrite.kind,
    object: 'Event',
    fields:
      plan.eventWrite.kind === 'update'
        ? { Id: plan.eventWrite.id, ...strip(plan.eventRecord) }
        : strip(plan.eventRecord)
  });
  return writes;
}

/**
 * Freezes a plan and the records in it, so nothing downstream can change what was decided.
 * The BookingEvent is the caller's input and stays as it is (it is not the plan's to freeze).
 */
function deepFreeze<T extends object>(plan: T): T {
  const freeze = (value: unknown) => {
    if (!value || typeof value !== 'object' || Object.isFrozen(value)) return;
    for (const inner of Object.values(value)) freeze(inner);
    Object.freeze(value);
  };
  for (const [key, value] of Object.entries(plan)) if (key !== 'event') freeze(value);
  return Object.freeze(plan);
}
