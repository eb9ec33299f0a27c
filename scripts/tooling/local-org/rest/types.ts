// What every REST handler gets and returns: the parsed request, the session's context, the
// response; and the route a handler is registered under (router.ts).
import type { IncomingHttpHeaders } from 'node:http';
import type { OrgState } from '../model.ts';
import type { UserAccess } from '../access.ts';

export interface RestRequest {
  method: string;
  path: string; // without query string
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** File parts of a multipart/form-data request (binary fields such as VersionInfo), by name. */
  files?: Record<string, Buffer>;
}

export interface RestResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RestContext {
  state: OrgState;
  access: UserAccess;
  instanceUrl: string;
  /** Remaining rows of paginated queries, by cursor id. */
  cursors: Map<string, { records: Record<string, unknown>[]; totalSize: number }>;
  /** Called after a request changed the state. */
  changed(): void;
  /** The request's headers (Sforce-Duplicate-Rule-Header, Sforce-Auto-Assign). */
  headers?: IncomingHttpHeaders;
}

export const json = (body: unknown, status = 200): RestResponse => ({ status, body });

export type Handler = (
  context: RestContext,
  request: RestRequest,
  match: RegExpExecArray
) => RestResponse;

/** A handler with the method and the path pattern it answers (the match is its argument). */
export type Route = [method: string, path: RegExp, handler: Handler];
