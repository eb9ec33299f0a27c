/*
 * What the setup page's Sync health section shows, decided from the `syncHealth` facts of
 * BookingSetupController.getSetupState() and the settings. Any member of the facts may be
 * missing or null (Salesforce does not document whether null @AuraEnabled members are
 * serialized), so every reading below falls back to "unknown" or 0.
 */
import { apiBudget } from './syncRules';

export const SYNC_OUTCOMES = Object.freeze(['Applied', 'Skipped', 'Failed']);

/** Status values, most telling first. */
export const SYNC_HEALTH_STATUS = Object.freeze({
  NOT_READABLE: 'notReadable',
  LOGGING_OFF: 'loggingOff',
  NO_LOG: 'noLog',
  FAILING: 'failing',
  HEALTHY: 'healthy'
});

const count = (value) => (Number.isFinite(value) && value > 0 ? Math.floor(value) : 0);

function countsOf(byOutcome) {
  const source = byOutcome && typeof byOutcome === 'object' ? byOutcome : {};
  const counts = {};
  for (const outcome of SYNC_OUTCOMES) counts[outcome] = count(source[outcome]);
  counts.total = SYNC_OUTCOMES.reduce((sum, outcome) => sum + counts[outcome], 0);
  return counts;
}

/**
 * @param {object | null | undefined} health BookingSetupState.SyncHealth
 * @param {object | null | undefined} settings BookingSetupState.Settings
 * @returns {{status: string, readable: boolean, loggingOff: boolean,
 *   rows: Array<{period: string, Applied: number, Skipped: number, Failed: number, total: number}>,
 *   failures: Array<{id: string, name: string, bookingId: string, sequence: number|null,
 *     eventType: string, error: string, processedAt: string|null}>,
 *   lastAppliedAt: string | null,
 *   budget: {percent: number, cap: number, used: number, max: number, reached: boolean,
 *     share: number} | null}}
 */
export function syncHealthView(health, settings) {
  const readable = health?.readable === true;
  const loggingOff = settings?.syncLogEnabled === false;
  const percent = Number.isFinite(settings?.apiBudgetPercent) ? settings.apiBudgetPercent : 50;
  const found = apiBudget(health?.apiUsage ?? null, percent);
  // Share: the part of the connector's cap already used (the org's usage counts as a whole).
  const budget = found
    ? { ...found, share: found.cap > 0 ? Math.round((found.used / found.cap) * 100) : 100 }
    : null;
  const day = countsOf(readable ? health?.last24Hours : null);
  const week = countsOf(readable ? health?.last7Days : null);
  const failures = readable && Array.isArray(health?.recentFailures) ? health.recentFailures : [];
  const view = {
    readable,
    loggingOff,
    rows: [
      { period: 'last24Hours', ...day },
      { period: 'last7Days', ...week }
    ],
    failures: failures
      .filter((failure) => failure && typeof failure === 'object')
      .map((failure) => ({
        id: failure.id ?? null,
        name: failure.name ?? null,
        bookingId: failure.bookingId ?? null,
        sequence: Number.isFinite(failure.sequence) ? failure.sequence : null,
        eventType: failure.eventType ?? null,
        error: failure.error ?? null,
        processedAt: failure.processedAt ?? null
      })),
    lastAppliedAt: readable ? (health?.lastAppliedAt ?? null) : null,
    budget
  };
  let status;
  if (!readable) status = SYNC_HEALTH_STATUS.NOT_READABLE;
  else if (loggingOff) status = SYNC_HEALTH_STATUS.LOGGING_OFF;
  else if (day.Failed > 0) status = SYNC_HEALTH_STATUS.FAILING;
  else if (week.total === 0 && !view.lastAppliedAt && view.failures.length === 0)
    status = SYNC_HEALTH_STATUS.NO_LOG;
  else status = SYNC_HEALTH_STATUS.HEALTHY;
  return { status, ...view };
}
