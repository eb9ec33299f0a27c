/*
 * The API budget, written once for the engine, the CLI and the setup page (its setting, API
 * Budget Percent, is read and validated with the others in creationRules.js).
 *
 * Salesforce counts an org's API requests over a rolling 24 hours against its daily allowance,
 * and every REST response says how many are used and what the allowance is
 * (`Sforce-Limit-Info: api-usage=18/5000`, platform rule `api.rest.limitInfoHeader`). The
 * connector may use a share of that allowance: the API Budget Percent setting.
 */

/**
 * API requests a batch of bookings may need at most: its look-ups (a fixed set of grouped
 * queries), its writes (collections and composite graph requests, resent in a few rounds) and
 * its sync log call. Writing stops this many requests before the cap, so a batch that starts
 * under the cap ends under it.
 */
export const BATCH_REQUEST_RESERVE = 25;

/**
 * The connector's API budget for the org's usage.
 * @param {{used: number, max: number} | null | undefined} usage the org's daily API requests
 * @param {number} percent the API Budget Percent setting
 * @returns {{percent: number, cap: number, used: number, max: number, reached: boolean} | null}
 *   null when the usage is not known yet; `reached` when writing must stop (within
 *   BATCH_REQUEST_RESERVE of the cap)
 */
export function apiBudget(usage, percent) {
  if (!usage || !Number.isFinite(usage.used) || !Number.isFinite(usage.max) || usage.max <= 0)
    return null;
  const cap = Math.floor((usage.max * percent) / 100);
  return {
    percent,
    cap,
    used: usage.used,
    max: usage.max,
    reached: usage.used + BATCH_REQUEST_RESERVE >= cap
  };
}
