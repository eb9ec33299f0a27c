// /composite/graph: graphs of subrequests ("nodes"), each graph all or nothing, in one call.
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_graph.htm
// https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/resources_composite_graph_introduction.htm
// Limits (https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api/resources_composite_graph_limits.htm):
// 75 graphs and 500 nodes a payload, 500 nodes a graph, a depth of 15, 15 different nodes
// (API version, HTTP method and object type) a payload, and after 14 failed graphs the rest are
// not processed (PROCESSING_HALTED). Only sObject and sObject-by-external-id URLs may be nodes:
// POST /sobjects/{type}; GET, PATCH, DELETE /sobjects/{type}/{id}; GET, PATCH, POST, DELETE
// /sobjects/{type}/{field}/{value}. References `@{ref.field}` reach earlier nodes of the same
// graph only.
//
// The docs do not show the body of a failed graph's nodes. Here, as /composite with allOrNone
// answers: the node that failed keeps its error, every other node of the graph answers 400
// PROCESSING_HALTED ("rolled back"), and nothing the graph wrote stays.
import { platformRule } from '../../platform/catalogue.ts';
import { ApiError } from '../errors.ts';
import type { Dispatch } from './composite.ts';
import { json, type RestContext, type RestResponse, type Route } from './types.ts';

// The catalogue's rules this module enforces (their sources are the pages above).
platformRule('api.graph.limits');
platformRule('api.graph.allOrNothing');
platformRule('api.graph.processingHalted');

export const MAX_GRAPHS = 75;
export const MAX_NODES = 500;
export const MAX_DEPTH = 15;
export const MAX_DIFFERENT_NODES = 15;
export const MAX_GRAPH_FAILURES = 14;

interface GraphNode {
  method: string;
  url: string;
  referenceId: string;
  body?: unknown;
  httpHeaders?: Record<string, string>;
}

interface NodeResponse {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string;
}

const NODE_URLS: [RegExp, string[]][] = [
  [/^\/services\/data\/v(\d+\.\d)\/sobjects\/(\w+)\/?$/, ['POST']],
  [
    /^\/services\/data\/v(\d+\.\d)\/sobjects\/(\w+)\/[a-zA-Z0-9]{15,18}\/?$/,
    ['GET', 'PATCH', 'DELETE']
  ],
  [
    /^\/services\/data\/v(\d+\.\d)\/sobjects\/(\w+)\/\w+\/[^/]+\/?$/,
    ['GET', 'PATCH', 'POST', 'DELETE']
  ]
];

const halted = (message: string): unknown => [{ errorCode: 'PROCESSING_HALTED', message }];
const ROLLED_BACK =
  'The transaction was rolled back since another operation in the same transaction failed.';

/** POST /composite/graph. */
export function graphRoutes(dispatch: Dispatch): Route[] {
  return [
    [
      'POST',
      /^\/services\/data\/v(\d+\.\d)\/composite\/graph\/?$/,
      (context, request) => graph(context, request.body, dispatch)
    ]
  ];
}

/** The node's version, method and object: what makes two nodes "different". */
function nodeKind(node: GraphNode): string {
  // A reference stands for an id until the node runs.
  const path = node.url.split('?')[0].replace(/@\{[^}]+\}/g, '000000000000000AAA');
  for (const [pattern, methods] of NODE_URLS) {
    const match = pattern.exec(path);
    if (match && methods.includes(node.method.toUpperCase()))
      return `${match[1]} ${node.method.toUpperCase()} ${match[2].toLowerCase()}`;
  }
  throw new ApiError(
    400,
    'INVALID_GRAPH',
    `${node.method} ${node.url} can't be a node of a composite graph: only sObject and sObject by external ID resources are supported`
  );
}

/** The depth of a graph: the longest chain of references from a node to earlier ones. */
function depthOf(nodes: GraphNode[]): number {
  const depth = new Map<string, number>();
  let deepest = 0;
  for (const node of nodes) {
    const text = node.url + JSON.stringify(node.body ?? null);
    let own = 1;
    for (const [, ref] of text.matchAll(/@\{([\w-]+)\./g))
      own = Math.max(own, (depth.get(ref) ?? 0) + 1);
    depth.set(node.referenceId, own);
    deepest = Math.max(deepest, own);
  }
  return deepest;
}

function validate(graphs: { graphId?: string; compositeRequest?: GraphNode[] }[]): void {
  if (graphs.length > MAX_GRAPHS)
    throw new ApiError(
      400,
      'LIMIT_EXCEEDED',
      `A composite graph request may contain at most ${MAX_GRAPHS} graphs; this one has ${graphs.length}`
    );
  const nodes = graphs.reduce((sum, g) => sum + (g.compositeRequest?.length ?? 0), 0);
  if (nodes > MAX_NODES)
    throw new ApiError(
      400,
      'LIMIT_EXCEEDED',
      `A composite graph request may contain at most ${MAX_NODES} nodes; this one has ${nodes}`
    );
  const ids = new Set<string>();
  const kinds = new Set<string>();
  for (const g of graphs) {
    // graphId: unique in the request, starting with an alphanumeric character, under 40 characters.
    if (!g.graphId || !/^[a-zA-Z0-9][\w-]{0,38}$/.test(g.graphId) || ids.has(g.graphId))
      throw new ApiError(
        400,
        'INVALID_GRAPH',
        `Invalid graphId ${String(g.graphId)}: graph ids must be unique, begin with an alphanumeric character and be under 40 characters`
      );
    ids.add(g.graphId);
    const graphNodes = g.compositeRequest ?? [];
    if (!graphNodes.length)
      throw new ApiError(400, 'INVALID_GRAPH', `Graph ${g.graphId} has no nodes`);
    for (const node of graphNodes) kinds.add(nodeKind(node));
    if (depthOf(graphNodes) > MAX_DEPTH)
      throw new ApiError(
        400,
        'INVALID_GRAPH',
        `Graph ${g.graphId} is deeper than ${MAX_DEPTH} nodes`
      );
  }
  if (kinds.size > MAX_DIFFERENT_NODES)
    throw new ApiError(
      400,
      'LIMIT_EXCEEDED',
      `A composite graph request may use at most ${MAX_DIFFERENT_NODES} different nodes (API version, method and object); this one uses ${kinds.size}`
    );
}

function graph(context: RestContext, requestBody: unknown, dispatch: Dispatch): RestResponse {
  const graphs =
    (requestBody as { graphs?: { graphId?: string; compositeRequest?: GraphNode[] }[] })?.graphs ??
    [];
  validate(graphs);
  let failures = 0;
  const answers = graphs.map((g) => {
    const nodes = g.compositeRequest ?? [];
    // "if the number of graph failures exceeds the maximum limit of 14, processing is halted
    // for the remaining graphs" (the limits page above).
    if (failures > MAX_GRAPH_FAILURES) {
      return {
        graphId: g.graphId,
        graphResponse: {
          compositeResponse: nodes.map((node) => ({
            body: halted(
              `Processing halted: more than ${MAX_GRAPH_FAILURES} graphs of this request failed`
            ),
            httpHeaders: {},
            httpStatusCode: 400,
            referenceId: node.referenceId
          }))
        },
        isSuccessful: false
      };
    }
    const result = runGraph(context, nodes, dispatch);
    if (!result.ok) failures++;
    return {
      graphId: g.graphId,
      graphResponse: { compositeResponse: result.responses },
      isSuccessful: result.ok
    };
  });
  context.changed();
  return json({ graphs: answers });
}

/**
 * A copy of every record to restore a failed graph from. Records are flat field maps, so a copy
 * of each map (and of any field holding an object) is enough, and several times cheaper than
 * structuredClone of the whole store, which every graph of a request would pay.
 */
function copyRecords(records: RestContext['state']['records']): RestContext['state']['records'] {
  const copy: RestContext['state']['records'] = {};
  for (const [table, rows] of Object.entries(records)) {
    const rowsCopy: (typeof copy)[string] = {};
    for (const [id, row] of Object.entries(rows)) {
      const rowCopy = { ...row };
      for (const [field, value] of Object.entries(rowCopy))
        if (value !== null && typeof value === 'object') rowCopy[field] = structuredClone(value);
      rowsCopy[id] = rowCopy;
    }
    copy[table] = rowsCopy;
  }
  return copy;
}

/** One graph: its nodes in order, in one transaction (the records restored when one fails). */
function runGraph(
  context: RestContext,
  nodes: GraphNode[],
  dispatch: Dispatch
): { ok: boolean; responses: NodeResponse[] } {
  const snapshot = copyRecords(context.state.records);
  const results: Record<string, unknown> = {};
  const responses: NodeResponse[] = [];
  const substitute = (text: string): string =>
    text.replace(/@\{([\w-]+)\.([\w.]+)\}/g, (_all, ref: string, path: string) => {
      let value: unknown = results[ref];
      for (const segment of path.split('.'))
        value = (value as Record<string, unknown> | undefined)?.[segment];
      if (value === undefined || value === null)
        throw new ApiError(
          400,
          'INVALID_REFERENCE',
          `Invalid reference specified. No value for ${ref}.${path} found in ${ref}.`
        );
      return String(value);
    });
  let failedAt = -1;
  for (const [index, node] of nodes.entries()) {
    try {
      const url = new URL(substitute(node.url), 'http://local');
      const body =
        node.body === undefined ? undefined : JSON.parse(substitute(JSON.stringify(node.body)));
      // A node's own headers, over the request's (Sforce-Auto-Assign, Sforce-Duplicate-Rule-Header).
      const headers = {
        ...context.headers,
        ...Object.fromEntries(
          Object.entries(node.httpHeaders ?? {}).map(([k, v]) => [k.toLowerCase(), v])
        )
      };
      const response = dispatch(
        { ...context, headers },
        {
          method: node.method.toUpperCase(),
          path: url.pathname,
          query: url.searchParams,
          headers,
          body
        }
      );
      results[node.referenceId] = response.body;
      responses.push({
        body: response.body ?? null,
        httpHeaders: {},
        httpStatusCode: response.status,
        referenceId: node.referenceId
      });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      failedAt = index;
      responses.push({
        body: error.body(),
        httpHeaders: {},
        httpStatusCode: error.status,
        referenceId: node.referenceId
      });
      break;
    }
  }
  if (failedAt < 0) return { ok: true, responses };
  context.state.records = snapshot;
  return {
    ok: false,
    responses: nodes.map(
      (node, index) =>
        (index === failedAt ? responses[index] : undefined) ?? {
          body: halted(ROLLED_BACK),
          httpHeaders: {},
          httpStatusCode: 400,
          referenceId: node.referenceId
        }
    )
  };
}
