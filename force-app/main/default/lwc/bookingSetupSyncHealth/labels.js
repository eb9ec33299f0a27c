/* Every string the Sync health section shows a person: the package's custom labels. */
import title from '@salesforce/label/c.BookingSetup_SH_Title';
import statusNotReadable from '@salesforce/label/c.BookingSetup_SH_StatusNotReadable';
import statusNoLog from '@salesforce/label/c.BookingSetup_SH_StatusNoLog';
import statusLoggingOff from '@salesforce/label/c.BookingSetup_SH_StatusLoggingOff';
import statusHealthy from '@salesforce/label/c.BookingSetup_SH_StatusHealthy';
import statusFailing from '@salesforce/label/c.BookingSetup_SH_StatusFailing';
import countsCaption from '@salesforce/label/c.BookingSetup_SH_CountsCaption';
import period from '@salesforce/label/c.BookingSetup_SH_Period';
import last24Hours from '@salesforce/label/c.BookingSetup_SH_Last24Hours';
import last7Days from '@salesforce/label/c.BookingSetup_SH_Last7Days';
import applied from '@salesforce/label/c.BookingSetup_SH_Applied';
import skipped from '@salesforce/label/c.BookingSetup_SH_Skipped';
import failed from '@salesforce/label/c.BookingSetup_SH_Failed';
import recentFailures from '@salesforce/label/c.BookingSetup_SH_RecentFailures';
import noFailures from '@salesforce/label/c.BookingSetup_SH_NoFailures';
import logRecord from '@salesforce/label/c.BookingSetup_SH_LogRecord';
import bookingId from '@salesforce/label/c.BookingSetup_SH_BookingId';
import error from '@salesforce/label/c.BookingSetup_SH_Error';
import time from '@salesforce/label/c.BookingSetup_SH_Time';
import openLog from '@salesforce/label/c.BookingSetup_SH_OpenLog';
import lastApplied from '@salesforce/label/c.BookingSetup_SH_LastApplied';
import neverApplied from '@salesforce/label/c.BookingSetup_SH_NeverApplied';
import apiUsage from '@salesforce/label/c.BookingSetup_SH_ApiUsage';
import apiUsageValue from '@salesforce/label/c.BookingSetup_SH_ApiUsageValue';
import apiUsageUnknown from '@salesforce/label/c.BookingSetup_SH_ApiUsageUnknown';
import budgetReached from '@salesforce/label/c.BookingSetup_SH_BudgetReached';
import settingsLegend from '@salesforce/label/c.BookingSetup_SH_SettingsLegend';
import apiBudgetPercent from '@salesforce/label/c.BookingSetup_SH_ApiBudgetPercent';
import apiBudgetPercentHelp from '@salesforce/label/c.BookingSetup_SH_ApiBudgetPercentHelp';
import syncLogEnabled from '@salesforce/label/c.BookingSetup_SH_SyncLogEnabled';
import retentionDays from '@salesforce/label/c.BookingSetup_SH_RetentionDays';
import retentionDaysHelp from '@salesforce/label/c.BookingSetup_SH_RetentionDaysHelp';
import save from '@salesforce/label/c.BookingSetup_SH_Save';
import saved from '@salesforce/label/c.BookingSetup_SH_Saved';
import invalid from '@salesforce/label/c.BookingSetup_SH_Invalid';

export default {
  title,
  statusNotReadable,
  statusNoLog,
  statusLoggingOff,
  statusHealthy,
  statusFailing,
  countsCaption,
  period,
  last24Hours,
  last7Days,
  applied,
  skipped,
  failed,
  recentFailures,
  noFailures,
  logRecord,
  bookingId,
  error,
  time,
  openLog,
  lastApplied,
  neverApplied,
  apiUsage,
  apiUsageValue,
  apiUsageUnknown,
  budgetReached,
  settingsLegend,
  apiBudgetPercent,
  apiBudgetPercentHelp,
  syncLogEnabled,
  retentionDays,
  retentionDaysHelp,
  save,
  saved,
  invalid
};
