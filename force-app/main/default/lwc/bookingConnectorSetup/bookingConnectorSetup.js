import { LightningElement } from 'lwc';
import hasManagePermission from '@salesforce/customPermission/Manage_Booking_Connector';
import {
  loadSetup,
  assignPermissionSet,
  startAddFieldsToLayout,
  getLayoutStatus,
  formatLabel,
  explainError,
  reduceErrors,
  POLL_TIMEOUT_MS
} from 'c/bookingSetupService';
import { PHASES, STATUS, apiUserChecks, fieldFacts, phaseStatuses } from './setupPhases';
import {
  DEPLOYMENT,
  sameJob,
  subscribeToDeployments,
  unsubscribeFromDeployments
} from './deploymentEvents';
import title from '@salesforce/label/c.BookingSetup_Title';
import loading from '@salesforce/label/c.BookingSetup_Loading';
import readOnlyNotice from '@salesforce/label/c.BookingSetup_ReadOnly';
import retry from '@salesforce/label/c.BookingSetup_Retry';
import phasesLabel from '@salesforce/label/c.BookingSetup_Phases';
import phaseApiConnection from '@salesforce/label/c.BookingSetup_PhaseApiConnection';
import phaseInstallation from '@salesforce/label/c.BookingSetup_PhaseInstallation';
import phaseFieldValidation from '@salesforce/label/c.BookingSetup_PhaseFieldValidation';
import phaseFieldMapping from '@salesforce/label/c.BookingSetup_PhaseFieldMapping';
import phaseCreationRules from '@salesforce/label/c.BookingSetup_PhaseCreationRules';
import statusDone from '@salesforce/label/c.BookingSetup_StatusDone';
import statusAttention from '@salesforce/label/c.BookingSetup_StatusAttention';
import statusNotStarted from '@salesforce/label/c.BookingSetup_StatusNotStarted';
import sandbox from '@salesforce/label/c.BookingSetup_Sandbox';
import production from '@salesforce/label/c.BookingSetup_Production';
import noApiUser from '@salesforce/label/c.BookingSetup_NoApiUser';
import assignLabel from '@salesforce/label/c.BookingSetup_AssignPermissionSet';
import passed from '@salesforce/label/c.BookingSetup_Passed';
import failed from '@salesforce/label/c.BookingSetup_Failed';
import nothingToFix from '@salesforce/label/c.BookingSetup_NothingToFix';
import layoutCheck from '@salesforce/label/c.BookingSetup_LayoutCheck';
import layoutMissing from '@salesforce/label/c.BookingSetup_LayoutMissing';
import addFieldsLabel from '@salesforce/label/c.BookingSetup_AddFieldsToLayout';
import deploymentQueued from '@salesforce/label/c.BookingSetup_DeploymentQueued';
import deploymentSucceeded from '@salesforce/label/c.BookingSetup_DeploymentSucceeded';
import deploymentFailed from '@salesforce/label/c.BookingSetup_DeploymentFailed';
import deploymentTimeout from '@salesforce/label/c.BookingSetup_DeploymentTimeout';
import deploymentUpdatesOff from '@salesforce/label/c.BookingSetup_DeploymentUpdatesOff';
import deploymentQueuedIcon from '@salesforce/label/c.BookingSetup_DeploymentQueuedIcon';

/** How long a started deployment may stay silent before the page says so. */
export const DEPLOYMENT_TIMEOUT_MS = POLL_TIMEOUT_MS;

const PHASE_LABELS = {
  apiConnection: phaseApiConnection,
  installation: phaseInstallation,
  fieldValidation: phaseFieldValidation,
  fieldMapping: phaseFieldMapping,
  creationRules: phaseCreationRules
};
const STATUS_LABELS = {
  [STATUS.DONE]: statusDone,
  [STATUS.ATTENTION]: statusAttention,
  [STATUS.NOT_STARTED]: statusNotStarted
};
const STATUS_ICONS = {
  [STATUS.DONE]: 'utility:success',
  [STATUS.ATTENTION]: 'utility:warning',
  [STATUS.NOT_STARTED]: 'utility:routing_offline'
};

/**
 * The Booking Connector setup page: one Apex call loads every fact, the shared rules judge
 * them, and the admin moves freely between the five phases. Edit controls need the Manage
 * Booking Connector custom permission here and in Apex (state.canManage).
 */
export default class BookingConnectorSetup extends LightningElement {
  labels = {
    title,
    loading,
    readOnlyNotice,
    retry,
    phasesLabel,
    noApiUser,
    assignLabel,
    nothingToFix,
    addFieldsLabel
  };
  /** The facts as loaded or saved: what the org holds. */
  state;
  /**
   * Phase 1's unsaved choice (API user and security mode), or undefined. Kept apart from
   * state.settings so the phase can tell its draft from what is saved; the statuses judge it.
   */
  draftSettings;
  loadError;
  actionError;
  isLoading = true;
  isWorking = false;
  selectedPhase = PHASES[0];
  /** Deployments started from this page: { jobId, state, errors }, newest last. */
  deployments = [];
  /** Why live deployment results cannot arrive (empApi failed), or undefined. */
  deploymentUpdatesError;
  subscription;
  /** Results that arrived before the page learned the job Id of their deployment. */
  earlyResults = [];
  deploymentTimers = new Map();

  connectedCallback() {
    this.load().then(() => this.subscribeToDeployments());
  }

  disconnectedCallback() {
    for (const timer of this.deploymentTimers.values()) clearTimeout(timer);
    this.deploymentTimers.clear();
    unsubscribeFromDeployments(this.subscription);
    this.subscription = undefined;
  }

  async subscribeToDeployments() {
    if (!this.state || this.subscription) return;
    try {
      this.subscription = await subscribeToDeployments(
        this.state.org?.namespace,
        (result) => this.handleDeploymentResult(result),
        (reason) => {
          this.deploymentUpdatesError = formatLabel(deploymentUpdatesOff, reason);
        }
      );
    } catch (error) {
      this.deploymentUpdatesError = formatLabel(deploymentUpdatesOff, reduceErrors(error));
    }
  }

  /**
   * Wait for a deployment this page started. Queued until its event arrives or the timeout
   * passes. A phase reports a deployment it started (mappings) by dispatching
   * `new CustomEvent('deploymentstart', { bubbles: true, detail: { jobId } })`.
   */
  trackDeployment(jobId) {
    const early = this.earlyResults.find((result) => sameJob(result.jobId, jobId));
    this.deployments = [
      ...this.deployments.filter((deployment) => !sameJob(deployment.jobId, jobId)),
      { jobId, state: DEPLOYMENT.QUEUED, errors: [] }
    ];
    if (early) {
      this.earlyResults = this.earlyResults.filter((result) => result !== early);
      this.handleDeploymentResult(early);
      return;
    }
    // eslint-disable-next-line @lwc/lwc/no-async-operation
    const timer = setTimeout(() => this.handleDeploymentTimeout(jobId), DEPLOYMENT_TIMEOUT_MS);
    this.deploymentTimers.set(jobId, timer);
  }

  handleDeploymentStart(event) {
    if (event.detail?.jobId) this.trackDeployment(event.detail.jobId);
  }

  handleDeploymentResult(result) {
    const tracked = this.deployments.find((deployment) => sameJob(deployment.jobId, result.jobId));
    if (!tracked) {
      this.earlyResults = [...this.earlyResults, result];
      return;
    }
    clearTimeout(this.deploymentTimers.get(tracked.jobId));
    this.deploymentTimers.delete(tracked.jobId);
    this.updateDeployment(tracked.jobId, {
      state: result.succeeded ? DEPLOYMENT.SUCCEEDED : DEPLOYMENT.FAILED,
      errors: result.errors
    });
    // The deployment changed mappings or a layout: re-read so every phase judges the new facts.
    if (result.succeeded) this.refresh();
  }

  handleDeploymentTimeout(jobId) {
    this.deploymentTimers.delete(jobId);
    const tracked = this.deployments.find((deployment) => deployment.jobId === jobId);
    if (tracked?.state === DEPLOYMENT.QUEUED) {
      this.updateDeployment(jobId, { state: DEPLOYMENT.TIMED_OUT });
    }
  }

  updateDeployment(jobId, changes) {
    this.deployments = this.deployments.map((deployment) => {
      return deployment.jobId === jobId ? { ...deployment, ...changes } : deployment;
    });
  }

  /** Re-read the whole state without blanking the page. */
  async refresh() {
    try {
      this.state = await loadSetup();
    } catch (error) {
      this.actionError = reduceErrors(error);
    }
  }

  /** The deployments as the page shows them: a sentence each, with the errors of a failure. */
  get deploymentRows() {
    const text = {
      [DEPLOYMENT.QUEUED]: deploymentQueued,
      [DEPLOYMENT.SUCCEEDED]: deploymentSucceeded,
      [DEPLOYMENT.FAILED]: deploymentFailed,
      [DEPLOYMENT.TIMED_OUT]: deploymentTimeout
    };
    // SLDS scoped notifications, one theme per state (light for a deployment still queued):
    // https://www.lightningdesignsystem.com/components/scoped-notifications/ and the theme
    // utilities https://www.lightningdesignsystem.com/utilities/themes/ (every class checked
    // against @salesforce-ux/design-system's stylesheet by the Jest tests).
    const tone = {
      [DEPLOYMENT.QUEUED]: 'slds-scoped-notification_light',
      [DEPLOYMENT.SUCCEEDED]: 'slds-theme_success',
      [DEPLOYMENT.FAILED]: 'slds-theme_error',
      [DEPLOYMENT.TIMED_OUT]: 'slds-theme_warning'
    };
    const icon = {
      [DEPLOYMENT.QUEUED]: 'utility:clock',
      [DEPLOYMENT.SUCCEEDED]: 'utility:success',
      [DEPLOYMENT.FAILED]: 'utility:error',
      [DEPLOYMENT.TIMED_OUT]: 'utility:warning'
    };
    const iconText = {
      [DEPLOYMENT.QUEUED]: deploymentQueuedIcon,
      [DEPLOYMENT.SUCCEEDED]: passed,
      [DEPLOYMENT.FAILED]: failed,
      [DEPLOYMENT.TIMED_OUT]: failed
    };
    return this.deployments.map((deployment) => ({
      ...deployment,
      message: formatLabel(text[deployment.state], deployment.jobId),
      className: `slds-scoped-notification slds-media slds-media_center slds-m-top_small deployment ${tone[deployment.state]}`,
      icon: icon[deployment.state],
      // White icons on the dark success and error themes; the others keep their dark fill.
      iconVariant:
        deployment.state === DEPLOYMENT.SUCCEEDED || deployment.state === DEPLOYMENT.FAILED
          ? 'inverse'
          : '',
      iconText: iconText[deployment.state],
      hasErrors: deployment.errors.length > 0,
      // A deployment Salesforce refused because Apex may not deploy metadata yet says what to turn on.
      errorRows: deployment.errors.map((message, index) => ({
        key: `${index}`,
        message: explainError(message)
      }))
    }));
  }

  get hasDeployments() {
    return this.deployments.length > 0;
  }

  async load() {
    this.isLoading = true;
    this.loadError = undefined;
    try {
      this.state = await loadSetup();
    } catch (error) {
      this.loadError = reduceErrors(error);
    } finally {
      this.isLoading = false;
    }
  }

  get readOnly() {
    return !(hasManagePermission && this.state?.canManage);
  }

  get orgTypeLabel() {
    return this.state?.org?.isSandbox ? sandbox : production;
  }

  /** The state as the phases judge it: phase 1's unsaved choice over the saved settings. */
  get judgedState() {
    return this.draftSettings ? { ...this.state, settings: this.draftSettings } : this.state;
  }

  get phases() {
    const statuses = phaseStatuses(this.judgedState);
    return PHASES.map((id) => ({
      id,
      label: PHASE_LABELS[id],
      status: statuses[id],
      statusLabel: STATUS_LABELS[statuses[id]],
      icon: STATUS_ICONS[statuses[id]],
      current: id === this.selectedPhase ? 'step' : null,
      className:
        'slds-button slds-button_reset phase' + (id === this.selectedPhase ? ' phase_selected' : '')
    }));
  }

  get selectedLabel() {
    return PHASE_LABELS[this.selectedPhase];
  }

  /** The rule results shown for the selected phase, as { key, label, passed, fix } rows. */
  get rows() {
    const state = this.judgedState;
    switch (this.selectedPhase) {
      case 'apiConnection':
        return apiUserChecks(state).map((row) => this.row(row.id, row.label, row.passed, row.fix));
      case 'installation':
        return [
          ...apiUserChecks(state).map((row) => this.row(row.id, row.label, row.passed, row.fix)),
          this.layoutRow(state.layout)
        ];
      default:
        return [];
    }
  }

  row(key, label, ok, fix) {
    return {
      key,
      label,
      fix: ok ? '' : fix,
      statusText: ok ? passed : failed,
      icon: ok ? 'utility:success' : 'utility:error',
      variant: ok ? 'success' : 'error'
    };
  }

  layoutRow(layout) {
    const ok = layout?.readable === true && layout.missingFields.length === 0;
    const fix = layout?.readable
      ? formatLabel(layoutMissing, layout.missingFields.join(', '))
      : explainError(layout?.error ?? '');
    return this.row('layout', formatLabel(layoutCheck, layout?.layoutName), ok, fix);
  }

  get showAddFields() {
    const layout = this.state.layout;
    return (
      this.selectedPhase === 'installation' &&
      !this.readOnly &&
      layout?.readable === true &&
      layout.missingFields.length > 0
    );
  }

  /** One deployment at a time: a second click while one is queued would deploy twice. */
  get addFieldsDisabled() {
    return (
      this.isWorking ||
      this.deployments.some((deployment) => deployment.state === DEPLOYMENT.QUEUED)
    );
  }

  async handleAddFields() {
    this.isWorking = true;
    this.actionError = undefined;
    try {
      const layoutName = this.state.layout.layoutName;
      const jobId = await startAddFieldsToLayout(layoutName);
      if (jobId) {
        this.trackDeployment(jobId);
      } else {
        const layout = await getLayoutStatus(layoutName);
        this.state = { ...this.state, layout };
      }
    } catch (error) {
      this.actionError = reduceErrors(error);
    } finally {
      this.isWorking = false;
    }
  }

  get hasRows() {
    return this.rows.length > 0;
  }

  get needsApiUser() {
    return !this.judgedState?.settings?.apiUsername;
  }

  /**
   * "Nothing needs attention" only when there is something to judge: before an API user is
   * chosen, phase 1 has no checks and says so (noApiUser) instead.
   */
  get showNothingToFix() {
    return !this.hasRows && !this.needsApiUser;
  }

  get showAssign() {
    return (
      this.selectedPhase === 'installation' &&
      !this.readOnly &&
      !this.needsApiUser &&
      !this.draftSettings &&
      !this.state.apiUser?.apiUserPermissionSetAssigned
    );
  }

  get isApiConnection() {
    return this.selectedPhase === 'apiConnection';
  }

  get isCreationRules() {
    return this.selectedPhase === 'creationRules';
  }

  /** Phases 3 and 4 edit the mappings; their editor shows each row's state itself. */
  get isFieldEditor() {
    return this.selectedPhase === 'fieldValidation' || this.selectedPhase === 'fieldMapping';
  }

  get fieldEditorMode() {
    return this.selectedPhase === 'fieldValidation' ? 'required' : 'mapping';
  }

  get fieldEditorFacts() {
    return fieldFacts(this.state);
  }

  /** Phases 3 to 5 show their problems on their own controls, not as a list of checks. */
  get showChecks() {
    return !this.isCreationRules && !this.isFieldEditor;
  }

  /**
   * A phase changed or re-read facts. Saved settings replace the state's and end the draft;
   * unsaved ones (saved: false) become the draft, judged by every phase status at once but
   * never passed down as saved, so phase 1 can compare its draft with what is saved.
   */
  handleStateChange(event) {
    const { apiUser, settings, saved } = event.detail;
    if (apiUser !== undefined) this.state = { ...this.state, apiUser };
    if (settings === undefined) return;
    if (saved === false) {
      // A choice put back to what is saved (the same user picked again, the mode switched
      // back) is no draft: the phases judge, and offer their actions on, the saved settings.
      this.draftSettings = sameSettings(settings, this.state.settings) ? undefined : settings;
    } else {
      this.state = { ...this.state, settings };
      this.draftSettings = undefined;
    }
  }

  handlePhaseSelect(event) {
    const phase = event.currentTarget.dataset.phase;
    if (phase === this.selectedPhase) return;
    this.selectedPhase = phase;
    // Results of finished deployments belong to the phase they were started from.
    this.deployments = this.deployments.filter(
      (deployment) => deployment.state === DEPLOYMENT.QUEUED
    );
    this.actionError = undefined;
  }

  async handleAssign() {
    this.isWorking = true;
    this.actionError = undefined;
    try {
      const apiUser = await assignPermissionSet();
      this.state = { ...this.state, apiUser };
    } catch (error) {
      this.actionError = reduceErrors(error);
    } finally {
      this.isWorking = false;
    }
  }
}

/** Whether two settings objects hold the same values (a missing value is the same as null). */
function sameSettings(first, second) {
  const keys = new Set([...Object.keys(first ?? {}), ...Object.keys(second ?? {})]);
  return [...keys].every((key) => (first?.[key] ?? null) === (second?.[key] ?? null));
}
