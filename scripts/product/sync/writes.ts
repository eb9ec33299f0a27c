// The writes of a batch's plans, in two steps whose calls grow with batches, not bookings:
//
// 1. Updates to already existing people: one sObject Collections PATCH (allOrNone=false), with
//    `Sforce-Duplicate-Rule-Header: allowSave=true`. An update is idempotent (sending it twice
//    leaves the record as sending it once), so the retry layer may send it again after a lost
//    answer, and a person that already exists is never an orphan.
// 2. Everything else of a booking in one composite graph, which is all or nothing
//    (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_graph_introduction.htm):
//    its new Account, its new person (Lead, Contact or person account), the person account's
//    Contact id (a GET node), its new Case and its Event (plan.ts EventWrite: by its Id, or a new
//    one upserted by Booking_Id__c, or created beside a case-twin's), each
//    node naming the ids of the earlier ones by reference (`@{ref.id}`). A person is therefore
//    never saved without its Event.
// 3. The bookings of a batch that share a person an earlier booking of the batch creates (plan
//    samePersonAs) go after it, in graphs holding their own records and Event, with its ids
//    (batch-people.ts linkSamePeople); one more graph request, only when a batch has such.
// 4. A record the duplicate rules matched instead of a new person gets the booking's values by
//    the update policy, as a matched person does (batch-people.ts readReusedPeople), in one more
//    collections PATCH, only when there is such a record.
//
// Graph requests hold at most 75 graphs and 500 nodes
// (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api/resources_composite_graph_limits.htm)
// and count as one API call each. To keep the calls of a 200-booking batch at one request when
// it fits (200 new Leads: 400 nodes), the bookings of a round are packed several to a graph
// (ceil(bookings / 75)). A graph that fails is rolled back whole, so the other bookings packed
// with the one that failed are sent again, each in a graph of its own, in the next round; the one
// that failed is dead-lettered with Salesforce's error. A create refused with DUPLICATES_DETECTED
// naming a match (the org's duplicate rules found the person, Account or Case) is sent again
// with the match in its place, as the collections did. Graphs that Salesforce did not process
// (more than 14 failures in a request: PROCESSING_HALTED) are sent again as they were.
//
// A graph request whose answer was lost (AmbiguousWriteError from salesforce.ts: a timeout, a
// dropped connection or a 5xx after it was sent) is never sent again blindly: recovery.ts
// readBack reads the Events of its bookings first, marks the bookings whose graph committed as
// written and sends only the rest again.
import type { SyncConfig } from './config.ts';
import { withNamespace } from '../../../force-app/main/default/lwc/bookingRules/metadataNames.js';

import { linkSamePeople, readReusedPeople } from './batch-people.ts';
import { sObjectType } from './plan.ts';
import {
  describeError,
  duplicateMatch,
  nodeErrors,
  readBack,
  readResult,
  type BookingProgress,
  type CollectionResult
} from './recovery.ts';
import { eventWhatId, eventWhoId, type SObject } from './rules.ts';
import { AmbiguousWriteError, DEFAULT_RETRY, type SalesforceApi } from './salesforce.ts';

const COLLECTIONS = '/composite/sobjects';
const GRAPH = '/composite/graph';

/** Composite graph limits (the limits page above). */
export const MAX_GRAPHS_PER_REQUEST = 75;
export const MAX_NODES_PER_REQUEST = 500;

/** Rounds of graph requests at most for one batch (failures, matches and lost answers resent). */
const MAX_ROUNDS = 8;

/** Writes every plan; failures are recorded per booking, calls failing beyond retries throw. */
export async function writePlans(
  api: SalesforceApi,
  config: SyncConfig,
  progress: readonly BookingProgress[]
): Promise<void> {
  const live = () => progress.filter((b) => !b.error);
  const linked = (b: BookingProgress) => Boolean(b.plan.person.samePersonAs);
  await updatePeople(
    api,
    live()
      .filter((b) => !b.plan.person.created && !linked(b))
      .map((b) => ({ booking: b, id: b.plan.person.record.Id, fields: b.plan.person.updates }))
  );
  await writeGraphs(
    api,
    config,
    live().filter((b) => !linked(b))
  );
  if (progress.some(linked)) {
    linkSamePeople(progress);
    await writeGraphs(api, config, live().filter(linked));
  }
  // Records the duplicate rules matched instead of new people: the update policy's values.
  await readReusedPeople(
    api,
    config,
    live().filter((b) => b.eventId)
  );
  await updatePeople(
    api,
    live()
      .filter((b) => b.reusedUpdates && Object.keys(b.reusedUpdates).length)
      .map((b) => ({ booking: b, id: b.personId, fields: b.reusedUpdates! }))
  );
}

/** Fields to write on people who exist already, in one collections call. */
async function updatePeople(
  api: SalesforceApi,
  items: { booking: BookingProgress; id: unknown; fields: Record<string, unknown> }[]
): Promise<void> {
  const writes = items.filter((item) => Object.keys(item.fields).length);
  if (!writes.length) return;
  const results = await api.request<CollectionResult[]>(
    'PATCH',
    COLLECTIONS,
    {
      allOrNone: false,
      records: writes.map(({ booking, id, fields }) => ({
        attributes: { type: sObjectType(booking.plan.person.kind) },
        Id: id,
        ...fields
      }))
    },
    // Duplicate rules run on edit as well: the engine chose this record on purpose, so an
    // alerting rule (the standard ones) must not refuse filling it in because the org holds
    // another record like it. A blocking rule still refuses, and the booking fails visibly.
    { 'Sforce-Duplicate-Rule-Header': 'allowSave=true' }
  );
  writes.forEach(({ booking }, index) => {
    const outcome = readResult(results[index], 'PATCH', sObjectType(booking.plan.person.kind));
    if ('error' in outcome) booking.error = outcome.error;
  });
}

/** One node of a graph, and which booking and record it writes. */
interface GraphNode {
  method: 'POST' | 'PATCH' | 'GET';
  url: string;
  referenceId: string;
  body?: SObject;
  httpHeaders?: Record<string, string>;
}

type Role = 'account' | 'person' | 'contactId' | 'case' | 'event';

interface NodeOf {
  booking: BookingProgress;
  role: Role;
  type: string;
  /** The graph the node is in (set when the graphs are packed into requests). */
  graphId?: string;
}

/** A booking's nodes: what is still to be written for it, with references between them. */
function bookingNodes(
  api: SalesforceApi,
  config: SyncConfig,
  booking: BookingProgress,
  prefix: string,
  assign: Record<string, string>
): { nodes: GraphNode[]; roles: Map<string, NodeOf> } {
  const nodes: GraphNode[] = [];
  const roles = new Map<string, NodeOf>();
  const base = api.dataPath;
  const add = (role: Role, type: string, node: Omit<GraphNode, 'referenceId'>): string => {
    const referenceId = `${prefix}${role}`;
    nodes.push({ ...node, referenceId });
    roles.set(referenceId, { booking, role, type });
    return referenceId;
  };
  const strip = (record: Readonly<SObject>): SObject => {
    const { attributes: _attributes, ...values } = record;
    return values;
  };
  const { plan } = booking;
  const { kind } = plan.person;

  let accountId = booking.accountId;
  if (plan.newAccount && !accountId)
    accountId = `@{${add('account', 'Account', {
      method: 'POST',
      url: `${base}/sobjects/Account`,
      body: strip(plan.newAccount),
      httpHeaders: assign
    })}.id}`;

  let personId = booking.personId;
  if (plan.person.created && !personId) {
    const type = sObjectType(kind);
    personId = `@{${add('person', type, {
      method: 'POST',
      url: `${base}/sobjects/${type}`,
      body: {
        ...strip(plan.person.record),
        ...(plan.newAccount && accountId ? { AccountId: accountId } : {})
      },
      httpHeaders: assign
    })}.id}`;
  }

  // The Contact Salesforce makes for a person account: the Event's WhoId and the Case's Contact.
  let personContactId = booking.personContactId;
  if (kind === 'PersonAccount' && !personContactId && personId)
    personContactId = `@{${add('contactId', 'Account', {
      method: 'GET',
      url: `${base}/sobjects/Account/${personId}?fields=PersonContactId`
    })}.PersonContactId}`;

  let caseId = booking.caseId;
  if (plan.newCase && !caseId) {
    const links: SObject =
      kind === 'Contact'
        ? { ContactId: personId }
        : kind === 'PersonAccount'
          ? { ContactId: personContactId, AccountId: personId }
          : {};
    caseId = `@{${add('case', 'Case', {
      method: 'POST',
      url: `${base}/sobjects/Case`,
      body: { ...strip(plan.newCase), ...links },
      httpHeaders: assign
    })}.id}`;
  }

  const bookingIdField = withNamespace('Booking_Id__c', config.namespace);
  const { [bookingIdField]: _bookingId, ...eventValues } = strip(plan.eventRecord);
  const whatId = eventWhatId({
    kind,
    caseId,
    existingWhatId: plan.existingWhatId,
    accountId: (plan.person.record.AccountId as string | undefined) ?? accountId,
    personAccountId: personId
  });
  const eventBody = {
    ...eventValues,
    WhoId: eventWhoId(kind, { Id: personId, PersonContactId: personContactId }),
    ...(whatId ? { WhatId: whatId } : {})
  };
  // By the Event's Id when it has one; a new one upserted by Booking_Id__c, or created when
  // another booking's Event has the same id but for letter case (plan.ts EventWrite).
  const { eventWrite } = plan;
  add(
    'event',
    'Event',
    eventWrite.kind === 'update'
      ? { method: 'PATCH', url: `${base}/sobjects/Event/${eventWrite.id}`, body: eventBody }
      : eventWrite.kind === 'create'
        ? {
            method: 'POST',
            url: `${base}/sobjects/Event`,
            body: { ...eventBody, [bookingIdField]: plan.event.bookingId }
          }
        : {
            method: 'PATCH',
            url: `${base}/sobjects/Event/${bookingIdField}/${encodeURIComponent(plan.event.bookingId)}`,
            body: eventBody
          }
  );
  return { nodes, roles };
}

interface GraphAnswer {
  graphs: {
    graphId: string;
    isSuccessful: boolean;
    graphResponse: {
      compositeResponse: { body: unknown; httpStatusCode: number; referenceId: string }[];
    };
  }[];
}

/** Step 2: every booking's records in graphs, in rounds until each is written or failed. */
async function writeGraphs(
  api: SalesforceApi,
  config: SyncConfig,
  progress: BookingProgress[]
): Promise<void> {
  // The owner policy decides whether the org's assignment rules may choose an owner. The docs
  // do not say whether a graph request's headers reach its nodes, so the header is sent on the
  // request and on each creating node (a composite subrequest's httpHeaders).
  const assign = {
    'Sforce-Auto-Assign': config.settings.ownerPolicy === 'AssignmentRules' ? 'TRUE' : 'FALSE'
  };
  const alone = new Set<BookingProgress>();
  let pending = progress.filter((b) => !b.error);
  for (let round = 1; pending.length; round++) {
    if (round > MAX_ROUNDS) {
      for (const booking of pending)
        booking.error = `not written after ${MAX_ROUNDS} rounds of composite graph requests; nothing of it was saved, replay it`;
      return;
    }
    const packed = pending.filter((b) => !alone.has(b));
    const perGraph = Math.max(1, Math.ceil(packed.length / MAX_GRAPHS_PER_REQUEST));
    const units: BookingProgress[][] = [
      ...pending.filter((b) => alone.has(b)).map((b) => [b]),
      ...Array.from({ length: Math.ceil(packed.length / perGraph) }, (_, i) =>
        packed.slice(i * perGraph, (i + 1) * perGraph)
      )
    ];
    const requests = pack(api, config, units, assign);
    for (const request of requests) await sendGraphs(api, config, request, assign, alone);
    pending = pending.filter((b) => !b.error && !b.eventId);
  }
}

interface GraphRequest {
  graphs: { graphId: string; compositeRequest: GraphNode[] }[];
  roles: Map<string, NodeOf>;
  bookings: BookingProgress[];
}

/** Graph requests of at most 75 graphs and 500 nodes, in order. */
function pack(
  api: SalesforceApi,
  config: SyncConfig,
  units: BookingProgress[][],
  assign: Record<string, string>
): GraphRequest[] {
  const requests: GraphRequest[] = [];
  let current: GraphRequest | null = null;
  let nodeCount = 0;
  let counter = 0;
  for (const unit of units) {
    const compositeRequest: GraphNode[] = [];
    const roles = new Map<string, NodeOf>();
    for (const booking of unit) {
      const built = bookingNodes(api, config, booking, `b${counter++}_`, assign);
      compositeRequest.push(...built.nodes);
      for (const [ref, role] of built.roles) roles.set(ref, role);
    }
    if (
      !current ||
      current.graphs.length >= MAX_GRAPHS_PER_REQUEST ||
      nodeCount + compositeRequest.length > MAX_NODES_PER_REQUEST
    ) {
      current = { graphs: [], roles: new Map(), bookings: [] };
      requests.push(current);
      nodeCount = 0;
    }
    const graphId = `g${current.graphs.length}`;
    current.graphs.push({ graphId, compositeRequest });
    for (const [ref, role] of roles) current.roles.set(ref, { ...role, graphId });
    current.bookings.push(...unit);
    nodeCount += compositeRequest.length;
  }
  return requests;
}

/** One graph request and what its answer (or its lost answer) says of each booking. */
async function sendGraphs(
  api: SalesforceApi,
  config: SyncConfig,
  request: GraphRequest,
  assign: Record<string, string>,
  alone: Set<BookingProgress>
): Promise<void> {
  let answer: GraphAnswer;
  try {
    answer = await api.request<GraphAnswer>('POST', GRAPH, { graphs: request.graphs }, assign, {
      idempotent: false
    });
  } catch (error) {
    if (!(error instanceof AmbiguousWriteError)) throw error;
    // Read back before writing again: the bookings whose graph committed are done.
    await readBack(api, config, request.bookings);
    for (const booking of request.bookings) {
      if (booking.eventId) continue;
      booking.unanswered++;
      if (booking.unanswered >= (api.retry?.attempts ?? DEFAULT_RETRY.attempts))
        booking.error = `${error.message}, ${booking.unanswered} times; the org holds no Event of this booking from this run, so nothing of it was saved: replay it`;
    }
    return;
  }
  for (const graph of answer.graphs) {
    const nodes = graph.graphResponse.compositeResponse;
    if (graph.isSuccessful) {
      for (const node of nodes) saved(request.roles.get(node.referenceId), node.body);
      continue;
    }
    // The node that failed; the others of the graph were rolled back or never ran.
    const failedNode = nodes.find(
      (node) =>
        node.httpStatusCode >= 400 &&
        nodeErrors(node.body).some((e) => e.statusCode !== 'PROCESSING_HALTED')
    );
    if (!failedNode) continue; // not processed (too many failures in the request): sent again
    const owner = request.roles.get(failedNode.referenceId);
    if (!owner) continue;
    const errors = nodeErrors(failedNode.body);
    const match = duplicateMatch(errors);
    if (match && owner.role === 'account') owner.booking.accountId = match;
    else if (match && owner.role === 'person') {
      owner.booking.personId = match;
      owner.booking.personCreated = false;
    } else if (match && owner.role === 'case') owner.booking.caseId = match;
    else
      owner.booking.error = `${owner.type} write rejected by Salesforce: ${describeError({ errors })}`;
    // Its graph-mates were rolled back with it: each goes alone in the next round.
    for (const role of request.roles.values())
      if (role.booking !== owner.booking && role.graphId === graph.graphId) alone.add(role.booking);
  }
}

/** A saved node's answer: the id it gives its booking. */
function saved(node: NodeOf | undefined, body: unknown): void {
  if (!node) return;
  const answer = (body ?? {}) as { id?: string; PersonContactId?: string };
  const { booking } = node;
  booking.confirmedBy = 'answer';
  if (node.role === 'account') booking.accountId = answer.id;
  else if (node.role === 'person') {
    booking.personId = answer.id;
    booking.personCreated = true;
  } else if (node.role === 'contactId') booking.personContactId = answer.PersonContactId;
  else if (node.role === 'case') booking.caseId = answer.id;
  // An update by Id answers 204 with no body: the Event is the one it names.
  else
    booking.eventId =
      answer.id ??
      (booking.plan.eventWrite.kind === 'update' ? booking.plan.eventWrite.id : undefined);
}
