// The writes and their recovery, without an org: how collection answers are read, how the
// bookings of a batch are packed into composite graphs (limits), what a failed graph, a
// duplicate match and a lost answer do, through a scripted API.
import { planBatch } from '../plan.ts';
import {
  failUnfinished,
  readResult,
  sameInstant,
  startProgress,
  type CollectionResult
} from '../recovery.ts';
import { AmbiguousWriteError, type SalesforceApi } from '../salesforce.ts';
import { MAX_GRAPHS_PER_REQUEST, MAX_NODES_PER_REQUEST, writePlans } from '../writes.ts';
import { bookingEvent } from '../../../tooling/test-kit/fixtures.ts';
import { facts, offlineConfig } from './plan-fixtures.ts';

const NOW = '2026-03-01T12:00:00.000Z';
const ok = (id: string): CollectionResult => ({ id, success: true, errors: [] });
const refused = (statusCode: string, message: string, fields?: string[]): CollectionResult => ({
  success: false,
  errors: [{ statusCode, message, ...(fields ? { fields } : {}) }]
});
const duplicateOf = (id: string): CollectionResult => ({
  success: false,
  errors: [
    {
      statusCode: 'DUPLICATES_DETECTED',
      message: 'Use one of these records?',
      duplicateResult: { matchResults: [{ matchRecords: [{ record: { Id: id } }] }] }
    }
  ]
});

interface Node {
  method: string;
  url: string;
  referenceId: string;
  body?: Record<string, unknown>;
}
interface Graph {
  graphId: string;
  compositeRequest: Node[];
}
interface NodeAnswer {
  body: unknown;
  httpStatusCode: number;
  referenceId: string;
}

/**
 * An API whose graph requests answer node by node from a script (an Error thrown from the
 * script is thrown by the call), recording every request; queries answer `rows`.
 */
function scriptedApi(
  answer: (node: Node, graph: Graph) => NodeAnswer | Error,
  rows: () => Record<string, unknown>[] = () => []
) {
  const requests: { method: string; path: string; body?: unknown }[] = [];
  const queries: string[] = [];
  const api = {
    calls: 0,
    dataPath: '/services/data/v62.0',
    async request(method: string, path: string, body?: { graphs?: Graph[] }) {
      api.calls++;
      requests.push({ method, path, body });
      const graphs = (body?.graphs ?? []).map((graph) => {
        const nodes: NodeAnswer[] = [];
        for (const node of graph.compositeRequest) {
          const result = answer(node, graph);
          if (result instanceof Error) throw result;
          nodes.push(result);
          if (result.httpStatusCode >= 400) break;
        }
        const ok = nodes.every((n) => n.httpStatusCode < 400);
        return {
          graphId: graph.graphId,
          isSuccessful: ok,
          graphResponse: {
            compositeResponse: graph.compositeRequest.map(
              (node, i) =>
                (ok || nodes[i]?.httpStatusCode >= 400 ? nodes[i] : undefined) ?? {
                  body: [{ errorCode: 'PROCESSING_HALTED', message: 'rolled back' }],
                  httpStatusCode: 400,
                  referenceId: node.referenceId
                }
            )
          }
        };
      });
      return { graphs };
    },
    async query(soql: string) {
      api.calls++;
      queries.push(soql);
      return rows();
    }
  };
  return { api: api as unknown as SalesforceApi, requests, queries };
}

let ids = 0;
/** A node saved: a new id of the node's object. */
function created(node: Node): NodeAnswer {
  const prefix = node.url.includes('/Event/')
    ? '00U'
    : node.url.endsWith('/Lead')
      ? '00Q'
      : node.url.endsWith('/Contact')
        ? '003'
        : node.url.endsWith('/Case')
          ? '500'
          : '001';
  return {
    body: { id: `${prefix}NEW${String(++ids).padStart(9, '0')}`, success: true, errors: [] },
    httpStatusCode: 201,
    referenceId: node.referenceId
  };
}
const refusedNode = (node: Node, errorCode: string, extra: Record<string, unknown> = {}) => ({
  body: [{ errorCode, message: `refused: ${errorCode}`, ...extra }],
  httpStatusCode: 400,
  referenceId: node.referenceId
});
const graphsOf = (request: { body?: unknown }) => (request.body as { graphs: Graph[] }).graphs;

describe('readResult', () => {
  test('a create that succeeded created its record; an update or upsert created nothing', () => {
    expect(readResult(ok('00Q1'), 'POST', 'Lead')).toEqual({ id: '00Q1', created: true });
    expect(readResult(ok('00U1'), 'PATCH', 'Event')).toEqual({ id: '00U1', created: false });
  });
  test('a create refused as a duplicate is the matched record, not created', () => {
    expect(readResult(duplicateOf('001CUSTOMER'), 'POST', 'Account')).toEqual({
      id: '001CUSTOMER',
      created: false
    });
  });
  test('a duplicate refusal of an update, or without a match, is an error', () => {
    expect(readResult(duplicateOf('003X'), 'PATCH', 'Contact')).toEqual({
      error: 'Contact write rejected by Salesforce: DUPLICATES_DETECTED: Use one of these records?'
    });
    expect(readResult(refused('DUPLICATES_DETECTED', 'Blocked'), 'POST', 'Lead')).toHaveProperty(
      'error'
    );
  });
  test('an error names the code, the message and the fields; a missing answer says so', () => {
    expect(
      readResult(
        refused('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', 'bad value', ['Status']),
        'POST',
        'Case'
      )
    ).toEqual({
      error:
        'Case write rejected by Salesforce: INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: bad value (Status)'
    });
    expect(readResult(undefined, 'POST', 'Lead')).toEqual({
      error: 'Lead write rejected by Salesforce: no result'
    });
  });
});

function progressOf(count: number, config = offlineConfig(), event = () => bookingEvent()) {
  const { plans } = planBatch(Array.from({ length: count }, event), facts(), config, NOW);
  return startProgress(plans);
}

test('failUnfinished keeps the first error of a booking', () => {
  const [first, second] = progressOf(2);
  first.error = 'Lead write rejected';
  failUnfinished([first, second], 'Salesforce call failed: timeout');
  expect([first.error, second.error]).toEqual([
    'Lead write rejected',
    'Salesforce call failed: timeout'
  ]);
});

test('sameInstant: the same DateTime, or the same second when the org kept no milliseconds', () => {
  expect(sameInstant('2026-03-01T12:00:00.123Z', '2026-03-01T12:00:00.123+0000')).toBe(true);
  expect(sameInstant('2026-03-01T12:00:00.123Z', '2026-03-01T12:00:00.000+0000')).toBe(true);
  expect(sameInstant('2026-03-01T12:00:00.123Z', '2026-03-01T12:00:00.456+0000')).toBe(false);
  expect(sameInstant('2026-03-01T12:00:00.123Z', '2026-03-01T12:00:01.000+0000')).toBe(false);
  expect(sameInstant('2026-03-01T12:00:00.123Z', undefined)).toBe(false);
});

// A new Contact under a new Account with a Case: every kind of node in one graph.
const contactConfig = offlineConfig({
  settings: {
    ...offlineConfig().settings,
    noMatchAction: 'Contact',
    accountMatching: ['EmailDomain'],
    createAccount: true,
    caseBookingPages: ['Support']
  }
});
let people = 0;
const supportBooking = () => {
  const i = ++people;
  return bookingEvent({
    booking: {
      bookingPage: 'Support',
      person: { lastName: `Byron${i}`, email: `ada${i}@unlisted${i}.example`, company: `Co ${i}` }
    }
  });
};

describe('issue 14 point 6: a booking’s records in one all-or-nothing graph', () => {
  test('Account, Contact, Case and Event in one graph, each naming the earlier ones by reference', async () => {
    const progress = progressOf(1, contactConfig, supportBooking);
    const { api, requests } = scriptedApi(created);
    await writePlans(api, contactConfig, progress);
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /composite/graph']);
    const [graph] = graphsOf(requests[0]);
    expect(graph.compositeRequest.map((n) => `${n.method} ${n.url}`)).toEqual([
      'POST /services/data/v62.0/sobjects/Account',
      'POST /services/data/v62.0/sobjects/Contact',
      'POST /services/data/v62.0/sobjects/Case',
      `PATCH /services/data/v62.0/sobjects/Event/Booking_Id__c/${encodeURIComponent(progress[0].plan.event.bookingId)}`
    ]);
    const [account, contact, kase, event] = graph.compositeRequest;
    expect(contact.body?.AccountId).toBe(`@{${account.referenceId}.id}`);
    expect(kase.body?.ContactId).toBe(`@{${contact.referenceId}.id}`);
    expect(event.body).toMatchObject({
      WhoId: `@{${contact.referenceId}.id}`,
      WhatId: `@{${kase.referenceId}.id}`
    });
    expect(event.body).not.toHaveProperty('Booking_Id__c');
    expect(progress[0].error).toBeUndefined();
    expect(progress[0].confirmedBy).toBe('answer');
    expect(progress[0].eventId).toMatch(/^00U/);
    expect(progress[0].personId).toMatch(/^003/);
  });

  test('a graph that fails is the booking’s error; the bookings packed with it go again alone', async () => {
    // 150 bookings: two to a graph (75 graphs), one request.
    const progress = progressOf(150);
    const bad = progress[40].plan.event.bookingId;
    const { api, requests } = scriptedApi((node) =>
      node.url.endsWith(`/${encodeURIComponent(bad)}`)
        ? refusedNode(node, 'FIELD_CUSTOM_VALIDATION_EXCEPTION')
        : created(node)
    );
    await writePlans(api, offlineConfig(), progress);
    expect(requests).toHaveLength(2);
    expect(graphsOf(requests[0])).toHaveLength(75);
    expect(graphsOf(requests[1])).toHaveLength(1);
    expect(graphsOf(requests[1])[0].compositeRequest).toHaveLength(2);
    expect(progress[40].error).toBe(
      'Event write rejected by Salesforce: FIELD_CUSTOM_VALIDATION_EXCEPTION: refused: FIELD_CUSTOM_VALIDATION_EXCEPTION'
    );
    expect(progress.filter((b) => b.error)).toHaveLength(1);
    expect(progress.filter((b) => b.eventId)).toHaveLength(149);
  });

  test('a create refused as a duplicate is sent again with the match in its place, not created', async () => {
    const progress = progressOf(1, contactConfig, supportBooking);
    const { api, requests } = scriptedApi((node) =>
      node.url.endsWith('/sobjects/Account')
        ? refusedNode(node, 'DUPLICATES_DETECTED', {
            duplicateResult: {
              matchResults: [{ matchRecords: [{ record: { Id: '001CUSTOMER' } }] }]
            }
          })
        : created(node)
    );
    await writePlans(api, contactConfig, progress);
    expect(requests).toHaveLength(2);
    const [again] = graphsOf(requests[1]);
    expect(again.compositeRequest.map((n) => n.url.split('/').slice(-1)[0])).toEqual([
      'Contact',
      'Case',
      encodeURIComponent(progress[0].plan.event.bookingId)
    ]);
    expect(again.compositeRequest[0].body?.AccountId).toBe('001CUSTOMER');
    expect(progress[0].accountId).toBe('001CUSTOMER');
    expect(progress[0].error).toBeUndefined();
  });

  test('graphs Salesforce did not process (PROCESSING_HALTED) are sent again as they were', async () => {
    const progress = progressOf(3);
    let halt = true;
    const { api, requests } = scriptedApi((node, graph) => {
      if (halt && graph.graphId === 'g2') return refusedNode(node, 'PROCESSING_HALTED');
      return created(node);
    });
    await writePlans(api, offlineConfig(), progress);
    halt = false;
    expect(requests).toHaveLength(2);
    expect(progress.every((b) => b.eventId && !b.error)).toBe(true);
  });

  test('the plan is not changed by the writes: ids live in the progress', async () => {
    const progress = progressOf(2);
    const { api } = scriptedApi(created);
    await writePlans(api, offlineConfig(), progress);
    const [plan] = progress.map((b) => b.plan);
    expect(progress.map((p) => p.error)).toEqual([undefined, undefined]);
    expect(plan.person.record.Id).toBeUndefined();
    expect(plan.eventRecord.WhoId).toBeUndefined();
    expect(Object.isFrozen(plan.eventRecord)).toBe(true);
  });
});

describe('composite graph limits: 75 graphs and 500 nodes a request', () => {
  test('200 new Leads: one request of 400 nodes', async () => {
    const progress = progressOf(200);
    const { api, requests } = scriptedApi(created);
    await writePlans(api, offlineConfig(), progress);
    expect(requests).toHaveLength(1);
    const graphs = graphsOf(requests[0]);
    expect(graphs).toHaveLength(67);
    expect(graphs.flatMap((g) => g.compositeRequest)).toHaveLength(400);
  });

  test('200 new Contacts with an Account and a Case: requests within both limits', async () => {
    const progress = progressOf(200, contactConfig, supportBooking);
    const { api, requests } = scriptedApi(created);
    await writePlans(api, contactConfig, progress);
    expect(requests.length).toBe(2);
    for (const request of requests) {
      const graphs = graphsOf(request);
      expect(graphs.length).toBeLessThanOrEqual(MAX_GRAPHS_PER_REQUEST);
      expect(graphs.flatMap((g) => g.compositeRequest).length).toBeLessThanOrEqual(
        MAX_NODES_PER_REQUEST
      );
    }
    expect(progress.every((b) => b.eventId && !b.error)).toBe(true);
  });
});

describe('issue 14 point 5: a lost answer is read back before anything is written again', () => {
  test('committed bookings (their Event carries the batch stamp) are not sent again; the rest are', async () => {
    const progress = progressOf(4);
    let lost = true;
    const { api, requests, queries } = scriptedApi(
      (node) => {
        if (lost) {
          lost = false;
          return new AmbiguousWriteError('socket hang up');
        }
        return created(node);
      },
      // Two of the four graphs had committed when the answer was lost.
      () =>
        progress.slice(0, 2).map((b, i) => ({
          Id: `00UREAD${i}`,
          WhoId: `00QREAD${i}`,
          WhatId: null,
          Booking_Id__c: b.plan.event.bookingId,
          Last_Synced__c: NOW.replace('Z', '+0000')
        }))
    );
    await writePlans(api, offlineConfig(), progress);
    expect(queries).toHaveLength(1);
    expect(queries[0]).toMatch(/FROM Event WHERE Booking_Id__c IN/);
    expect(requests).toHaveLength(2);
    const resent = graphsOf(requests[1]).flatMap((g) => g.compositeRequest);
    expect(resent.filter((n) => n.url.endsWith('/Lead'))).toHaveLength(2);
    expect(progress.map((b) => b.confirmedBy)).toEqual([
      'read-back',
      'read-back',
      'answer',
      'answer'
    ]);
    expect(progress[0]).toMatchObject({ eventId: '00UREAD0', personId: '00QREAD0' });
  });

  test('an Event from an earlier run (another stamp) is not taken for this one', async () => {
    const progress = progressOf(1);
    let lost = true;
    const { api, requests } = scriptedApi(
      (node) => {
        if (lost) {
          lost = false;
          return new AmbiguousWriteError('timeout');
        }
        return created(node);
      },
      () => [
        {
          Id: '00UOLD',
          WhoId: '00QOLD',
          Booking_Id__c: progress[0].plan.event.bookingId,
          Last_Synced__c: '2026-02-01T12:00:00.000+0000'
        }
      ]
    );
    await writePlans(api, offlineConfig(), progress);
    expect(requests).toHaveLength(2);
    expect(progress[0].confirmedBy).toBe('answer');
  });

  test('answers lost every time: the booking fails after the attempts, never written twice', async () => {
    const progress = progressOf(1);
    const { api, requests, queries } = scriptedApi(() => new AmbiguousWriteError('timeout'));
    await writePlans(api, offlineConfig(), progress);
    expect(requests).toHaveLength(5);
    expect(queries).toHaveLength(5);
    expect(progress[0].error).toMatch(/no answer to a write.*5 times; the org holds no Event/);
  });
});
