import { LightningElement, api } from 'lwc';
import { CREATION_RULE_OPTIONS, MATCH_KEYS, validateSettings } from 'c/bookingRules';
import { saveSettings, reduceErrors, formatLabel } from 'c/bookingSetupService';
import { draftFromSettings, settingsFromDraft } from './creationRulesDraft';
import matchOrderLabel from '@salesforce/label/c.BookingSetup_CR_MatchOrder';
import matchOrderHelp from '@salesforce/label/c.BookingSetup_CR_MatchOrderHelp';
import matchRecordId from '@salesforce/label/c.BookingSetup_CR_MatchRecordId';
import matchEmail from '@salesforce/label/c.BookingSetup_CR_MatchEmail';
import matchPhone from '@salesforce/label/c.BookingSetup_CR_MatchPhone';
import moveUp from '@salesforce/label/c.BookingSetup_CR_MoveUp';
import moveDown from '@salesforce/label/c.BookingSetup_CR_MoveDown';
import moved from '@salesforce/label/c.BookingSetup_CR_Moved';
import precedenceLabel from '@salesforce/label/c.BookingSetup_CR_Precedence';
import contactFirst from '@salesforce/label/c.BookingSetup_CR_ContactFirst';
import leadFirst from '@salesforce/label/c.BookingSetup_CR_LeadFirst';
import noMatchLabel from '@salesforce/label/c.BookingSetup_CR_NoMatch';
import createLead from '@salesforce/label/c.BookingSetup_CR_CreateLead';
import createContact from '@salesforce/label/c.BookingSetup_CR_CreateContact';
import updatePolicyLabel from '@salesforce/label/c.BookingSetup_CR_UpdatePolicy';
import fillEmpty from '@salesforce/label/c.BookingSetup_CR_FillEmpty';
import overwrite from '@salesforce/label/c.BookingSetup_CR_Overwrite';
import ownerPolicyLabel from '@salesforce/label/c.BookingSetup_CR_OwnerPolicy';
import ownerKeep from '@salesforce/label/c.BookingSetup_CR_OwnerKeep';
import ownerBooking from '@salesforce/label/c.BookingSetup_CR_OwnerBooking';
import ownerAssignment from '@salesforce/label/c.BookingSetup_CR_OwnerAssignment';
import accountMatchingLabel from '@salesforce/label/c.BookingSetup_CR_AccountMatching';
import emailDomain from '@salesforce/label/c.BookingSetup_CR_EmailDomain';
import companyName from '@salesforce/label/c.BookingSetup_CR_CompanyName';
import createAccountLabel from '@salesforce/label/c.BookingSetup_CR_CreateAccount';
import caseBookingPagesLabel from '@salesforce/label/c.BookingSetup_CR_CaseBookingPages';
import personAccountsLabel from '@salesforce/label/c.BookingSetup_CR_PersonAccounts';
import saveLabel from '@salesforce/label/c.BookingSetup_CR_Save';
import savedLabel from '@salesforce/label/c.BookingSetup_CR_Saved';
import invalidLabel from '@salesforce/label/c.BookingSetup_CR_Invalid';

/** What a person reads for each option value; the values themselves come from the shared rules. */
const OPTION_LABELS = {
  RecordId: matchRecordId,
  Email: matchEmail,
  Phone: matchPhone,
  Lead: createLead,
  Contact: createContact,
  FillEmpty: fillEmpty,
  Overwrite: overwrite,
  Keep: ownerKeep,
  BookingOwner: ownerBooking,
  AssignmentRules: ownerAssignment,
  EmailDomain: emailDomain,
  CompanyName: companyName
};

const labelled = (options) =>
  options.map((option) => ({
    value: option.value,
    label: OPTION_LABELS[option.value] ?? option.label
  }));

/**
 * Phase 5 edit controls: how bookings find and create Leads, Contacts, Accounts and Cases. The
 * form edits a draft that the shared rules validate as it changes; Save refuses while a problem
 * remains, so invalid settings never reach Apex. A saved result is reported to the container
 * with a `statechange` event ({ settings, saved: true }) and shown as the form's new values.
 */
export default class BookingSetupCreationRules extends LightningElement {
  @api readOnly = false;
  /** Whether the org has Person Accounts: only then is the Person Account option offered. */
  @api hasPersonAccounts = false;

  labels = {
    matchOrderLabel,
    matchOrderHelp,
    precedenceLabel,
    noMatchLabel,
    updatePolicyLabel,
    ownerPolicyLabel,
    accountMatchingLabel,
    createAccountLabel,
    caseBookingPagesLabel,
    personAccountsLabel,
    saveLabel
  };
  draft = draftFromSettings(null);
  /** Match keys in the order shown: the used ones (in match order) first, then the unused. */
  keyOrder = [...MATCH_KEYS];
  error;
  message;
  announcement = '';
  isWorking = false;
  _settings;

  /** BookingSetupState.Settings as the container holds them; a new value resets the form. */
  @api
  get settings() {
    return this._settings;
  }
  set settings(value) {
    this.applySettings(value);
  }

  applySettings(value) {
    this._settings = value;
    this.draft = draftFromSettings(value);
    this.keyOrder = [
      ...this.draft.matchOrder,
      ...MATCH_KEYS.filter((key) => !this.draft.matchOrder.includes(key))
    ];
  }

  get problems() {
    return validateSettings(this.draft);
  }

  problemFor(setting) {
    return this.problems
      .filter((problem) => problem.setting === setting)
      .map((problem) => problem.message)
      .join(' ');
  }

  get matchOrderProblem() {
    return this.problemFor('MatchOrder__c');
  }
  get noMatchProblem() {
    return this.problemFor('NoMatchAction__c');
  }
  get accountMatchingProblem() {
    return this.problemFor('AccountMatching__c');
  }
  get updatePolicyProblem() {
    return this.problemFor('UpdatePolicy__c');
  }
  get ownerPolicyProblem() {
    return this.problemFor('OwnerPolicy__c');
  }

  /** Rows of the reorderable match-key list. */
  get matchKeys() {
    const last = this.keyOrder.length - 1;
    return this.keyOrder.map((key, index) => {
      const label = OPTION_LABELS[key];
      return {
        key,
        label,
        used: this.draft.matchOrder.includes(key),
        moveUpLabel: formatLabel(moveUp, label),
        moveDownLabel: formatLabel(moveDown, label),
        upDisabled: this.readOnly || index === 0,
        downDisabled: this.readOnly || index === last
      };
    });
  }

  get precedenceOptions() {
    return [
      { value: 'contact', label: contactFirst },
      { value: 'lead', label: leadFirst }
    ];
  }
  get precedence() {
    return this.draft.contactBeforeLead ? 'contact' : 'lead';
  }
  get noMatchOptions() {
    return labelled(CREATION_RULE_OPTIONS.noMatchActions);
  }
  get updatePolicyOptions() {
    return labelled(CREATION_RULE_OPTIONS.updatePolicies);
  }
  get ownerPolicyOptions() {
    return labelled(CREATION_RULE_OPTIONS.ownerPolicies);
  }
  get accountMatchingOptions() {
    return labelled(CREATION_RULE_OPTIONS.accountMatchKeys);
  }
  get caseBookingPagesText() {
    return this.draft.caseBookingPages.join('\n');
  }

  get saveDisabled() {
    return this.readOnly || this.isWorking;
  }

  change(values) {
    this.draft = { ...this.draft, ...values };
    this.message = undefined;
  }

  /** The used keys, in the order the list shows them. */
  matchOrderFrom(keyOrder, used) {
    return keyOrder.filter((key) => used.has(key));
  }

  handleKeyToggle(event) {
    const key = event.target.dataset.key;
    const used = new Set(this.draft.matchOrder);
    if (event.target.checked) used.add(key);
    else used.delete(key);
    this.change({ matchOrder: this.matchOrderFrom(this.keyOrder, used) });
  }

  handleMove(event) {
    const { key, direction } = event.currentTarget.dataset;
    const from = this.keyOrder.indexOf(key);
    const to = from + (direction === 'up' ? -1 : 1);
    if (from < 0 || to < 0 || to >= this.keyOrder.length) return;
    const order = [...this.keyOrder];
    [order[from], order[to]] = [order[to], order[from]];
    this.keyOrder = order;
    this.change({ matchOrder: this.matchOrderFrom(order, new Set(this.draft.matchOrder)) });
    // Screen readers hear where the key went; the list itself re-renders silently.
    this.announcement = formatLabel(moved, OPTION_LABELS[key], to + 1, order.length);
  }

  handlePrecedence(event) {
    this.change({ contactBeforeLead: event.detail.value === 'contact' });
  }
  handleNoMatch(event) {
    this.change({ noMatchAction: event.detail.value });
  }
  handleUpdatePolicy(event) {
    this.change({ updatePolicy: event.detail.value });
  }
  handleOwnerPolicy(event) {
    this.change({ ownerPolicy: event.detail.value });
  }
  handleAccountMatching(event) {
    // Keep the shared rules' key order: the first key that finds an Account decides.
    const chosen = new Set(event.detail.value);
    this.change({
      accountMatching: CREATION_RULE_OPTIONS.accountMatchKeys
        .map((option) => option.value)
        .filter((value) => chosen.has(value))
    });
  }
  handleCreateAccount(event) {
    this.change({ createAccount: event.target.checked });
  }
  handleCaseBookingPages(event) {
    const pages = String(event.target.value ?? '')
      .split(/\r?\n/)
      .map((page) => page.trim())
      .filter(Boolean);
    this.change({ caseBookingPages: pages });
  }
  handlePersonAccounts(event) {
    this.change({ createPersonAccounts: event.target.checked });
  }

  async handleSave() {
    this.error = undefined;
    this.message = undefined;
    if (this.problems.length) {
      this.error = invalidLabel;
      return;
    }
    this.isWorking = true;
    try {
      const saved = await saveSettings(settingsFromDraft(this._settings, this.draft));
      this.applySettings(saved);
      this.message = savedLabel;
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
