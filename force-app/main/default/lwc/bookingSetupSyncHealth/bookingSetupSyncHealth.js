import { LightningElement, api } from 'lwc';
import { NavigationMixin } from 'lightning/navigation';
import {
  syncHealthView,
  validateSyncSettings,
  settingsFromRecord,
  SYNC_HEALTH_STATUS
} from 'c/bookingRules';
import { saveSettings, reduceErrors, formatLabel } from 'c/bookingSetupService';
import LABELS from './labels';

const STATUS_TEXT = {
  [SYNC_HEALTH_STATUS.NOT_READABLE]: LABELS.statusNotReadable,
  [SYNC_HEALTH_STATUS.NO_LOG]: LABELS.statusNoLog,
  [SYNC_HEALTH_STATUS.LOGGING_OFF]: LABELS.statusLoggingOff,
  [SYNC_HEALTH_STATUS.HEALTHY]: LABELS.statusHealthy,
  [SYNC_HEALTH_STATUS.FAILING]: LABELS.statusFailing
};
const STATUS_ALERT = {
  [SYNC_HEALTH_STATUS.NOT_READABLE]: 'slds-alert_warning',
  [SYNC_HEALTH_STATUS.NO_LOG]: 'slds-alert_offline',
  [SYNC_HEALTH_STATUS.LOGGING_OFF]: 'slds-alert_warning',
  [SYNC_HEALTH_STATUS.HEALTHY]: 'slds-alert_success',
  [SYNC_HEALTH_STATUS.FAILING]: 'slds-alert_error'
};
const PERIOD_LABELS = { last24Hours: LABELS.last24Hours, last7Days: LABELS.last7Days };

/** The sync settings as the form edits them, defaults filled where the state has none. */
function syncDraft(settings) {
  const { apiBudgetPercent, syncLogEnabled, syncLogRetentionDays } = settingsFromRecord(
    {
      ApiBudgetPercent__c: settings?.apiBudgetPercent,
      SyncLogEnabled__c: settings?.syncLogEnabled,
      SyncLogRetentionDays__c: settings?.syncLogRetentionDays
    },
    null
  );
  return { apiBudgetPercent, syncLogEnabled, syncLogRetentionDays };
}

/** A number input's value as the rules check it: empty stays empty (invalid), text a number. */
function numberFrom(value) {
  return value === '' || value === null || value === undefined ? null : Number(value);
}

/**
 * The Sync health section, below the five phases: what the sync log says about the last day and
 * week (counts by outcome, recent failures with a link to their log record, the last applied
 * booking) and the connector's API budget, all from the state getSetupState already loaded.
 * Admins who can manage the connector edit the three sync settings here; Save sends the whole
 * settings object (as the creation-rules phase does) and reports it with `statechange`.
 */
export default class BookingSetupSyncHealth extends NavigationMixin(LightningElement) {
  @api readOnly = false;
  /** BookingSetupState.SyncHealth; may be missing or have null members. */
  @api syncHealth;

  labels = LABELS;
  draft = syncDraft(null);
  error;
  message;
  isWorking = false;
  _settings;

  @api
  get settings() {
    return this._settings;
  }
  set settings(value) {
    this.applySettings(value);
  }

  applySettings(value) {
    this._settings = value;
    this.draft = syncDraft(value);
  }

  /** What the rules decide to show, from the saved settings (not the unsaved draft). */
  get view() {
    return syncHealthView(this.syncHealth, syncDraft(this._settings));
  }

  get statusText() {
    const view = this.view;
    return formatLabel(STATUS_TEXT[view.status], view.rows[0].Failed);
  }
  get statusClass() {
    return `slds-notify slds-notify_alert ${STATUS_ALERT[this.view.status]} status`;
  }
  get isReadable() {
    return this.view.readable;
  }

  get countRows() {
    return this.view.rows.map((row) => ({
      ...row,
      key: row.period,
      label: PERIOD_LABELS[row.period]
    }));
  }

  get failures() {
    return this.view.failures.map((failure, index) => ({
      ...failure,
      key: failure.id ?? `failure-${index}`,
      linkText: failure.name ?? failure.id,
      linkLabel: formatLabel(LABELS.openLog, failure.name ?? failure.id)
    }));
  }
  get hasFailures() {
    return this.view.failures.length > 0;
  }

  get lastAppliedAt() {
    return this.view.lastAppliedAt;
  }

  get budget() {
    return this.view.budget;
  }
  get budgetText() {
    const budget = this.view.budget;
    if (!budget) return LABELS.apiUsageUnknown;
    return formatLabel(
      LABELS.apiUsageValue,
      budget.used,
      budget.cap,
      budget.percent,
      budget.max,
      budget.share
    );
  }
  get budgetReached() {
    return this.view.budget?.reached === true;
  }

  get canEdit() {
    return !this.readOnly;
  }
  get saveDisabled() {
    return this.isWorking;
  }

  get problems() {
    return validateSyncSettings(this.draft);
  }
  problemFor(setting) {
    return this.problems
      .filter((problem) => problem.setting === setting)
      .map((problem) => problem.message)
      .join(' ');
  }
  get budgetProblem() {
    return this.problemFor('ApiBudgetPercent__c');
  }
  get retentionProblem() {
    return this.problemFor('SyncLogRetentionDays__c');
  }

  change(values) {
    this.draft = { ...this.draft, ...values };
    this.message = undefined;
  }
  handleBudget(event) {
    this.change({ apiBudgetPercent: numberFrom(event.target.value) });
  }
  handleLogEnabled(event) {
    this.change({ syncLogEnabled: event.target.checked });
  }
  handleRetention(event) {
    this.change({ syncLogRetentionDays: numberFrom(event.target.value) });
  }

  /** Opens a failure's log record (standard__recordPage). */
  handleOpen(event) {
    event.preventDefault();
    // https://developer.salesforce.com/docs/platform/lwc/guide/reference-page-reference-type.html
    this[NavigationMixin.Navigate]({
      type: 'standard__recordPage',
      attributes: { recordId: event.currentTarget.dataset.id, actionName: 'view' }
    });
  }

  async handleSave() {
    this.error = undefined;
    this.message = undefined;
    if (this.problems.length) {
      this.error = LABELS.invalid;
      return;
    }
    this.isWorking = true;
    try {
      const saved = await saveSettings({ ...(this._settings ?? {}), ...this.draft });
      this.applySettings(saved);
      this.message = LABELS.saved;
      this.dispatchEvent(
        new CustomEvent('statechange', { detail: { settings: saved, saved: true } })
      );
    } catch (error) {
      this.error = reduceErrors(error);
    } finally {
      this.isWorking = false;
    }
  }
}
