// The sync log in the org: one BookingSyncLog__c record per booking event applied, skipped or
// failed, so an admin can see in Salesforce, and report on, why a booking landed where it did.
//
// Records wait in the store's outbox (store.ts LogEntry) from the transaction that records the
// outcome, and are sent after each batch in one sObject Collections upsert by Log_Key__c (at most
// 200 records a request, platform rule `api.collections.limit`): one more API call per batch,
// never one per booking. Upserting by the record's key makes a resend after a lost answer
// harmless: Log_Key__c is unique and case-sensitive, so it matches only its own record
// (`api.upsert.externalIdCase`). A record Salesforce refuses is dropped with a warning, not sent
// forever; a call that fails as a whole leaves the records for the next batch.
//
// Retention: records older than Sync Log Retention Days are deleted by the engine, at most
// PRUNE_BATCHES collections deletes of 200 each time it prunes, oldest first.
import { withNamespace } from '../../../force-app/main/default/lwc/bookingRules/metadataNames.js';
import type { SyncConfig } from './config.ts';
import { soqlDateTime } from '../soql.ts';
import { describeError, type CollectionResult } from './recovery.ts';
import type { SalesforceApi } from './salesforce.ts';
import type { LogEntry, SyncStore } from './store.ts';

export const SYNC_LOG_OBJECT = 'BookingSyncLog__c';
/** sObject Collections take at most 200 records a request. */
export const LOG_RECORDS_PER_CALL = 200;
/** Deletes of 200 records at most, each time the engine prunes old log records. */
export const PRUNE_BATCHES = 5;
/** Long text areas of the log hold 32,768 characters (the field definitions). */
const LONG_TEXT_MAX = 32_768;
const TEXT_MAX = 255;

export interface LogWriteResult {
  sent: number;
  dropped: { key: string; error: string }[];
  /** Why nothing was sent this time (the records wait in the outbox). */
  deferred?: string;
}

function clip(value: string | null | undefined, max: number): string | null {
  if (value === null || value === undefined || value === '') return null;
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** The BookingSyncLog__c record of a log entry, field names in the org's namespace. */
export function logRecord(entry: LogEntry, namespace: string | null): Record<string, unknown> {
  const ns = (name: string) => withNamespace(name, namespace);
  const lines = (values: string[]) => clip(values.join('\n'), LONG_TEXT_MAX);
  return {
    attributes: { type: ns(SYNC_LOG_OBJECT) },
    [ns('Log_Key__c')]: entry.key,
    [ns('Booking_Id__c')]: entry.bookingId,
    [ns('Booking_Sequence__c')]: entry.sequence,
    [ns('Event_Type__c')]: clip(entry.eventType, 40),
    [ns('Outcome__c')]: entry.outcome,
    [ns('Person_Object__c')]: entry.personObject ?? null,
    [ns('Person_Id__c')]: entry.personId ?? null,
    [ns('Person_Created__c')]: entry.personCreated === true,
    [ns('Event_Record_Id__c')]: entry.eventRecordId ?? null,
    [ns('Decisions__c')]: lines(entry.decisions),
    [ns('Warnings__c')]: lines(entry.warnings),
    [ns('Error__c')]: clip(entry.error, LONG_TEXT_MAX),
    [ns('Processed_At__c')]: entry.processedAt,
    [ns('Api_Requests_Used__c')]: entry.apiUsage?.used ?? null,
    [ns('Api_Requests_Limit__c')]: entry.apiUsage?.max ?? null,
    [ns('Worker__c')]: clip(entry.worker, TEXT_MAX)
  };
}

/**
 * Sends the outbox's oldest records (one call of at most 200). With the log turned off the
 * outbox is emptied without a call. A transient failure leaves them for the next batch.
 */
export async function writeSyncLog(
  api: SalesforceApi,
  config: SyncConfig,
  store: SyncStore
): Promise<LogWriteResult> {
  const entries = store.pendingLog(LOG_RECORDS_PER_CALL);
  if (!entries.length) return { sent: 0, dropped: [] };
  if (!config.settings.syncLogEnabled) {
    store.removeLog(entries.map((entry) => entry.key));
    return { sent: 0, dropped: [] };
  }
  const object = withNamespace(SYNC_LOG_OBJECT, config.namespace);
  const keyField = withNamespace('Log_Key__c', config.namespace);
  let results: CollectionResult[];
  try {
    results = await api.request<CollectionResult[]>(
      'PATCH',
      `/composite/sobjects/${object}/${keyField}`,
      { allOrNone: false, records: entries.map((entry) => logRecord(entry, config.namespace)) }
    );
  } catch (error) {
    // The org has no sync log (a package version without it) or the API user may not write it:
    // nothing would ever pass, so the records are dropped, and said so.
    const code = String((error as { errorCode?: string }).errorCode ?? '');
    if (/NOT_FOUND|INVALID_TYPE|INSUFFICIENT_ACCESS|INVALID_FIELD/.test(code)) {
      store.removeLog(entries.map((entry) => entry.key));
      const why = `the sync log could not be written (${(error as Error).message}); check that the package is up to date and the API user has the Booking Connector API User permission set`;
      return { sent: 0, dropped: entries.map((entry) => ({ key: entry.key, error: why })) };
    }
    return { sent: 0, dropped: [], deferred: (error as Error).message };
  }
  const dropped: LogWriteResult['dropped'] = [];
  entries.forEach((entry, index) => {
    const result = results[index];
    if (result && !result.success)
      dropped.push({
        key: entry.key,
        error: `sync log record of booking ${entry.bookingId} (sequence ${entry.sequence}) refused: ${describeError(result)}`
      });
  });
  store.removeLog(entries.map((entry) => entry.key));
  return { sent: entries.length - dropped.length, dropped };
}

/**
 * Deletes the log records older than the retention setting, oldest first: at most
 * PRUNE_BATCHES rounds of one query and one collections delete of 200. Returns how many went.
 */
export async function pruneSyncLog(
  api: SalesforceApi,
  config: SyncConfig,
  now: Date = new Date()
): Promise<number> {
  const object = withNamespace(SYNC_LOG_OBJECT, config.namespace);
  const cutoff = new Date(now.getTime() - config.settings.syncLogRetentionDays * 86_400_000);
  let deleted = 0;
  for (let round = 0; round < PRUNE_BATCHES; round++) {
    const rows = await api.query<{ Id: string }>(
      `SELECT Id FROM ${object} WHERE CreatedDate < ${soqlDateTime(cutoff)} ORDER BY CreatedDate LIMIT ${LOG_RECORDS_PER_CALL}`
    );
    if (!rows.length) break;
    const results = await api.request<CollectionResult[]>(
      'DELETE',
      `/composite/sobjects?allOrNone=false&ids=${rows.map((row) => row.Id).join(',')}`
    );
    deleted += results.filter((result) => result.success).length;
    if (rows.length < LOG_RECORDS_PER_CALL) break;
  }
  return deleted;
}
