// The local org's /composite/graph (rest/graph.ts) and its lost-answer fault (faults.ts), over
// HTTP as a client sees them: each graph all or nothing, references between its nodes, the
// documented limits, processing halted after 14 failed graphs, one API call per request, and
// a committed request whose connection closes unanswered.
import { startLocalOrg, type LocalOrg } from '../server.ts';
import { dataPath, restAs } from '../../test-kit/login.ts';
import { MAX_DIFFERENT_NODES, MAX_GRAPH_FAILURES, MAX_GRAPHS, MAX_NODES } from '../rest/graph.ts';

jest.setTimeout(30_000);
let org: LocalOrg;

beforeAll(async () => {
  org = await startLocalOrg();
});
afterAll(() => org.close());
afterEach(() => org.faults.reset());

interface Node {
  method: string;
  url: string;
  referenceId: string;
  body?: Record<string, unknown>;
}
interface GraphsAnswer {
  graphs: {
    graphId: string;
    isSuccessful: boolean;
    graphResponse: {
      compositeResponse: { body: unknown; httpStatusCode: number; referenceId: string }[];
    };
  }[];
}

const post = (graphs: { graphId: string; compositeRequest: Node[] }[]) =>
  restAs(org, org.adminAccessToken, 'POST', '/composite/graph', { graphs });

/** A Lead and its Event, the Event naming the Lead by reference; bad: an Event the org refuses. */
function leadAndEvent(tag: string, bad = false): Node[] {
  return [
    {
      method: 'POST',
      url: dataPath('/sobjects/Lead'),
      referenceId: `${tag}lead`,
      body: { LastName: `Graph ${tag}`, Company: 'Graphs' }
    },
    {
      method: 'POST',
      url: dataPath('/sobjects/Event'),
      referenceId: `${tag}event`,
      body: {
        Subject: `Graph ${tag}`,
        WhoId: `@{${tag}lead.id}`,
        // A Lead's activity may not have a WhatId (the local org enforces it): refused.
        ...(bad ? { WhatId: '001000000000000AAA' } : {}),
        StartDateTime: '2026-03-02T09:00:00Z',
        EndDateTime: '2026-03-02T09:30:00Z'
      }
    }
  ];
}

async function leadsNamed(prefix: string): Promise<string[]> {
  const answer = await restAs(
    org,
    org.adminAccessToken,
    'GET',
    `/query?q=${encodeURIComponent(`SELECT LastName FROM Lead WHERE LastName LIKE '${prefix}%'`)}`
  );
  return (answer.body as { records: { LastName: string }[] }).records.map((r) => r.LastName).sort();
}

test('each graph is all or nothing: a failed graph leaves none of its records, the others stay', async () => {
  const before = org.apiCallCount;
  const answer = await post([
    { graphId: 'ok', compositeRequest: leadAndEvent('Ga') },
    { graphId: 'bad', compositeRequest: leadAndEvent('Gb', true) }
  ]);
  expect(org.apiCallCount - before).toBe(1);
  expect(answer.status).toBe(200);
  const [ok, bad] = (answer.body as GraphsAnswer).graphs;
  expect(ok.isSuccessful).toBe(true);
  expect(ok.graphResponse.compositeResponse.map((n) => n.httpStatusCode)).toEqual([201, 201]);
  expect(bad.isSuccessful).toBe(false);
  const [lead, event] = bad.graphResponse.compositeResponse;
  // The Lead was created and then rolled back with its graph; the Event's own error is kept.
  expect(lead.httpStatusCode).toBe(400);
  expect((lead.body as { errorCode: string }[])[0].errorCode).toBe('PROCESSING_HALTED');
  expect((event.body as { errorCode: string }[])[0].errorCode).not.toBe('PROCESSING_HALTED');
  expect(await leadsNamed('Graph G')).toEqual(['Graph Ga']);
});

test('the limits: 75 graphs, 500 nodes, 15 different nodes, sObject URLs only, unique graph ids', async () => {
  const many = Array.from({ length: MAX_GRAPHS + 1 }, (_, i) => ({
    graphId: `g${i}`,
    compositeRequest: leadAndEvent(`L${i}`)
  }));
  const tooMany = await post(many);
  expect(tooMany.status).toBe(400);
  expect((tooMany.body as { errorCode: string }[])[0].errorCode).toBe('LIMIT_EXCEEDED');

  const big = Array.from({ length: 3 }, (_, g) => ({
    graphId: `n${g}`,
    compositeRequest: Array.from({ length: 167 }, (_, i) => ({
      method: 'POST',
      url: dataPath('/sobjects/Lead'),
      referenceId: `n${g}_${i}`,
      body: { LastName: `Nodes ${g}-${i}`, Company: 'N' }
    }))
  }));
  expect(big.flatMap((g) => g.compositeRequest).length).toBeGreaterThan(MAX_NODES);
  expect((await post(big)).status).toBe(400);

  const objects = [
    'Lead',
    'Contact',
    'Account',
    'Case',
    'Event',
    'Task',
    'Opportunity',
    'Campaign'
  ];
  const kinds = objects.flatMap((object, i) => [
    { method: 'POST', url: dataPath(`/sobjects/${object}`), referenceId: `k${i}`, body: {} },
    {
      method: 'GET',
      url: dataPath(`/sobjects/${object}/000000000000000AAA`),
      referenceId: `r${i}`
    }
  ]);
  expect(kinds.length).toBeGreaterThan(MAX_DIFFERENT_NODES);
  const different = await post([{ graphId: 'kinds', compositeRequest: kinds }]);
  expect(different.status).toBe(400);
  expect(JSON.stringify(different.body)).toMatch(/different nodes/);

  const query = await post([
    {
      graphId: 'q',
      compositeRequest: [
        { method: 'GET', url: dataPath('/query?q=SELECT+Id+FROM+Lead'), referenceId: 'q' }
      ]
    }
  ]);
  expect(query.status).toBe(400);
  expect((query.body as { errorCode: string }[])[0].errorCode).toBe('INVALID_GRAPH');

  const twice = await post([
    { graphId: 'same', compositeRequest: leadAndEvent('S1') },
    { graphId: 'same', compositeRequest: leadAndEvent('S2') }
  ]);
  expect(twice.status).toBe(400);
  // A refused request wrote nothing.
  expect(await leadsNamed('Graph L')).toEqual([]);
  expect(await leadsNamed('Graph S')).toEqual([]);
  expect(await leadsNamed('Nodes')).toEqual([]);
});

test('after more than 14 failed graphs the rest are not processed (PROCESSING_HALTED)', async () => {
  const graphs = Array.from({ length: 20 }, (_, i) => ({
    graphId: `h${i}`,
    compositeRequest: leadAndEvent(`H${String(i).padStart(2, '0')}`, i <= MAX_GRAPH_FAILURES)
  }));
  const answer = (await post(graphs)).body as GraphsAnswer;
  expect(answer.graphs.map((g) => g.isSuccessful)).toEqual(graphs.map(() => false));
  const halted = answer.graphs.slice(MAX_GRAPH_FAILURES + 1);
  for (const graph of halted)
    for (const node of graph.graphResponse.compositeResponse)
      expect((node.body as { errorCode: string }[])[0].errorCode).toBe('PROCESSING_HALTED');
  expect(await leadsNamed('Graph H')).toEqual([]);
});

test('a lost answer: the request is committed, then the connection closes unanswered', async () => {
  org.faults.dropResponse(2, '/composite/graph');
  const first = await post([{ graphId: 'd1', compositeRequest: leadAndEvent('D1') }]);
  expect(first.status).toBe(200);
  await expect(post([{ graphId: 'd2', compositeRequest: leadAndEvent('D2') }])).rejects.toThrow();
  expect(org.faults.droppedResponses).toBe(1);
  expect(await leadsNamed('Graph D')).toEqual(['Graph D1', 'Graph D2']);
  // Over HTTP too, for tests that drive a CLI.
  const configured = await fetch(`${org.instanceUrl}/__local/faults`, {
    method: 'POST',
    body: JSON.stringify({ dropResponses: [{ call: 1, path: '/composite/graph' }] })
  });
  expect(((await configured.json()) as { dropResponses: unknown[] }).dropResponses).toEqual([
    { call: 1, path: '/composite/graph' }
  ]);
});
