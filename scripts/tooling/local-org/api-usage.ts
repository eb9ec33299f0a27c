// The org's daily API usage, counted as Salesforce counts it, reported in the Sforce-Limit-Info
// header of every REST answer and by /limits, and enforced: over the allowance the org refuses
// API calls. Platform rules api.limits.limitInfoHeader, api.limits.requestsCounted and
// api.limits.dailyRequestsExceeded (scripts/tooling/platform/api.ts) give the documentation.
//
// What the docs leave open, and what the local org does:
// - Which requests count. The Limit Info header page says the versions resource (/services/data)
//   is not counted, and the SOAP LimitInfoHeader page that every SOAP call but login() is. The
//   OAuth endpoints (/services/oauth2/*, the identity URL /id/...) are how a client logs in, not
//   calls of an API built on REST or SOAP: the local org does not count them (the docs say
//   nothing either way). Every other /services/ request counts once, whatever its status. A
//   Composite request counts once for all its subrequests, as its page says
//   (https://developer.salesforce.com/docs/platform/api-rest/guide/resources-composite-composite-post.html);
//   a Graph or sObject Collections request is counted once too (their pages do not say).
// - The allowance is over a rolling 24 hours ("Calls are blocked until usage for the preceding
//   24 hours drops below the limit"). The local org approximates it with a window: 24 hours after
//   the window began (or the usage was last set) the next counted call starts a new one at 0, so
//   a long-lived dev org is not blocked for good. A test sets the usage with setApiUsage /
//   POST /__local/api-usage (which starts a window).
// - When a call is refused: the local org refuses a call once `used` has reached `max` (the
//   call would take usage over the limit), and a refused call is not counted.
import { platformRule } from '../platform/catalogue.ts';
import type { OrgState } from './model.ts';
import { ApiError } from './errors.ts';

export interface ApiUsage {
  used: number;
  max: number;
}

/** The versions resource: the one REST resource not counted and answered without the header. */
function isVersionsResource(path: string): boolean {
  return path === '/services/data' || path === '/services/data/';
}

/** Whether a request counts against the org's daily API requests (see the comment above). */
export function countsAgainstApiLimit(path: string): boolean {
  if (!path.startsWith('/services/')) return false; // the identity URL /id/..., /__local
  if (isVersionsResource(path)) return false;
  if (path.startsWith('/services/oauth2/')) return false;
  return true;
}

/** Whether the answer carries Sforce-Limit-Info: the REST API (/services/data/vXX.X/...). */
export function showsLimitInfo(path: string): boolean {
  return /^\/services\/data\/v\d+\.\d(?:\/|$)/.test(path);
}

const WINDOW_MS = 24 * 60 * 60 * 1000;

/** Starts a new usage window when the current one is over 24 hours old (see above). */
export function ageApiUsage(state: OrgState, now = Date.now()): void {
  const since = state.org.apiUsageSince ? Date.parse(state.org.apiUsageSince) : Number.NaN;
  if (Number.isNaN(since) || now - since >= WINDOW_MS) {
    if (!Number.isNaN(since)) state.org.apiCallCount = 0;
    state.org.apiUsageSince = new Date(now).toISOString();
  }
}

export function apiUsageOf(state: OrgState): ApiUsage {
  return { used: state.org.apiCallCount, max: state.org.dailyApiRequestsMax };
}

/** `api-usage=<used>/<max>`, the header's value. */
export function limitInfoHeader(state: OrgState): string {
  const { used, max } = apiUsageOf(state);
  return `api-usage=${used}/${max}`;
}

export function overApiAllowance(state: OrgState): boolean {
  const { used, max } = apiUsageOf(state);
  return used >= max;
}

/**
 * The refusal over the allowance. REQUEST_LIMIT_EXCEEDED is the code the limits page gives for
 * request limits; the status (403) and the message "TotalRequests Limit exceeded." are what
 * integrations report for this limit, not in the pages found (platform rule's assumption).
 */
export function requestLimitExceeded(): ApiError {
  platformRule('api.limits.dailyRequestsExceeded');
  return new ApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
}

function count(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new ApiError(400, 'INVALID_FIELD', `${name} must be a whole number of 0 or more`);
  return value;
}

/**
 * Test hook (setApiUsage, POST /__local/api-usage): sets the usage and the allowance; either may
 * be left out. Not an API request: nothing is counted for it.
 */
export function setApiUsage(state: OrgState, usage: { used?: unknown; max?: unknown }): ApiUsage {
  const used = count(usage.used, 'used');
  const max = count(usage.max, 'max');
  if (used !== undefined) state.org.apiCallCount = used;
  if (max !== undefined) state.org.dailyApiRequestsMax = max;
  state.org.apiUsageSince = new Date().toISOString();
  return apiUsageOf(state);
}
