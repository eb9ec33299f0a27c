// The writes of a batch's plans: a fixed set of sObject Collections calls, each for every
// booking that needs it and none failed so far: new Accounts, new people (then one query for
// the Contacts of new person accounts), updates to existing people, new Cases, and one upsert of
// every Event by Booking_Id__c. Calls grow with batches, not bookings. Records are sent as
// copies of the plan with the ids earlier calls returned; what Salesforce answered is kept in
// each booking's BookingProgress (recovery.ts), which also decides what counts as created.
import type { SyncConfig } from './config.ts';
import { withNamespace } from '../../../force-app/main/default/lwc/bookingRules/metadataNames.js';

import { linkSamePeople, readReusedPeople } from './batch-people.ts';
import { sObjectType } from './plan.ts';
import { readResult, type BookingProgress, type CollectionResult } from './recovery.ts';
import { eventWhatId, eventWhoId, type SObject } from './rules.ts';
import { soqlList } from '../soql.ts';
import type { SalesforceApi } from './salesforce.ts';

const COLLECTIONS = '/composite/sobjects';

/** One record of a collection call, and where its id goes once Salesforce saved it. */
interface Item {
  booking: BookingProgress;
  record: SObject;
  saved: (id: string | undefined, created: boolean) => void;
}

/** Writes every plan; failures are recorded per booking, calls failing beyond retries throw. */
export async function writePlans(
  api: SalesforceApi,
  config: SyncConfig,
  progress: readonly BookingProgress[]
): Promise<void> {
  const live = () => progress.filter((booking) => !booking.error);
  // The owner policy decides whether the org's assignment rules may choose an owner.
  const assign = {
    'Sforce-Auto-Assign': config.settings.ownerPolicy === 'AssignmentRules' ? 'TRUE' : 'FALSE'
  };

  await send(
    api,
    'POST',
    live()
      .filter((b) => b.plan.newAccount)
      .map((booking) => ({
        booking,
        record: { ...booking.plan.newAccount! },
        saved: (id) => (booking.accountId = id)
      }))
  );

  const newPeople = live().filter((b) => b.plan.person.created);
  await send(
    api,
    'POST',
    newPeople.map((booking) => ({
      booking,
      record: {
        ...booking.plan.person.record,
        ...(booking.accountId ? { AccountId: booking.accountId } : {})
      },
      saved: (id, created) => {
        booking.personId = id;
        booking.personCreated = created;
      }
    })),
    COLLECTIONS,
    assign
  );
  await readPersonContactIds(api, config, newPeople);
  await readReusedPeople(api, config, newPeople);
  linkSamePeople(progress);

  // Updates: to matched people (the plan's), and to records reused after DUPLICATES_DETECTED.
  const updatesOf = (b: BookingProgress) =>
    b.plan.person.created ? (b.reusedUpdates ?? {}) : b.plan.person.updates;
  await send(
    api,
    'PATCH',
    live()
      .filter((b) => Object.keys(updatesOf(b)).length)
      .map((booking) => ({
        booking,
        record: {
          attributes: { type: sObjectType(booking.plan.person.kind) },
          Id: booking.personId,
          ...updatesOf(booking)
        },
        saved: () => undefined
      })),
    COLLECTIONS,
    // Duplicate rules run on edit as well: the engine chose this record on purpose, so an
    // alerting rule (the standard ones) must not refuse filling it in because the org holds
    // another record like it. A blocking rule still refuses, and the booking fails visibly.
    { 'Sforce-Duplicate-Rule-Header': 'allowSave=true' }
  );

  await send(
    api,
    'POST',
    live()
      .filter((b) => b.plan.newCase)
      .map((booking) => ({
        booking,
        record: { ...booking.plan.newCase!, ...caseLinks(booking) },
        saved: (id) => (booking.caseId = id)
      })),
    COLLECTIONS,
    assign
  );

  await send(
    api,
    'PATCH',
    live().map((booking) => ({
      booking,
      record: { ...booking.plan.eventRecord, ...eventLinks(booking) },
      saved: (id) => (booking.eventId = id)
    })),
    `${COLLECTIONS}/Event/${withNamespace('Booking_Id__c', config.namespace)}`
  );
}

/** The Case's person: a Contact, or a person account's Contact and Account. */
function caseLinks(booking: BookingProgress): SObject {
  const { kind } = booking.plan.person;
  if (kind === 'Contact') return { ContactId: booking.personId };
  if (kind === 'PersonAccount')
    return { ContactId: booking.personContactId, AccountId: booking.personId };
  return {};
}

/** The Event's WhoId and WhatId (rules eventWhoId, eventWhatId), from the ids now known. */
function eventLinks(booking: BookingProgress): SObject {
  const { kind, record } = booking.plan.person;
  const links: SObject = {
    WhoId: eventWhoId(kind, { Id: booking.personId, PersonContactId: booking.personContactId })
  };
  const whatId = eventWhatId({
    kind,
    caseId: booking.caseId,
    existingWhatId: booking.plan.existingWhatId,
    accountId: (record.AccountId as string | undefined) ?? booking.accountId,
    personAccountId: booking.personId
  });
  if (whatId) links.WhatId = whatId;
  return links;
}

/** One collection call for the items; each answer saved or recorded as the booking's error. */
async function send(
  api: SalesforceApi,
  method: 'POST' | 'PATCH',
  items: Item[],
  path = COLLECTIONS,
  headers: Record<string, string> = {}
): Promise<void> {
  if (!items.length) return;
  const results = await api.request<CollectionResult[]>(
    method,
    path,
    { allOrNone: false, records: items.map((item) => item.record) },
    headers
  );
  items.forEach((item, index) => {
    const type = String((item.record.attributes as { type?: string } | undefined)?.type);
    const outcome = readResult(results[index], method, type);
    if ('error' in outcome) {
      item.booking.error = outcome.error;
      return;
    }
    item.saved(outcome.id, outcome.created);
    if (outcome.created && outcome.id) item.booking.created.push(outcome.id);
  });
}

/** The Contact ids Salesforce made for the new person accounts, in one query. */
async function readPersonContactIds(
  api: SalesforceApi,
  config: SyncConfig,
  people: readonly BookingProgress[]
): Promise<void> {
  const created = people.filter(
    (b) => b.plan.person.kind === 'PersonAccount' && b.personId && !b.error
  );
  if (!created.length) return;
  const rows = await api.query<SObject>(
    `SELECT Id, PersonContactId FROM Account WHERE Id IN ${soqlList(created.map((b) => String(b.personId)))}`
  );
  const byId = new Map(rows.map((row) => [String(row.Id), row.PersonContactId]));
  for (const booking of created) {
    const contactId = byId.get(String(booking.personId));
    if (contactId) booking.personContactId = String(contactId);
    else
      booking.error = `Account ${String(booking.personId)} was created as a person account but has no PersonContactId; check the record type ${String(config.personAccounts.recordTypeId)} is a person-account record type`;
  }
}
