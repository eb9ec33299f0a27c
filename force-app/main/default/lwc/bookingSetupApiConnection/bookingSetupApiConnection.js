import { LightningElement, api } from 'lwc';
import { searchUsers, getApiUserFacts, saveSettings, reduceErrors } from 'c/bookingSetupService';
import searchLabel from '@salesforce/label/c.BookingSetup_SearchApiUser';
import resultsLabel from '@salesforce/label/c.BookingSetup_SearchResults';
import modeLabel from '@salesforce/label/c.BookingSetup_SecurityMode';
import modeStandard from '@salesforce/label/c.BookingSetup_ModeStandard';
import modeAdvanced from '@salesforce/label/c.BookingSetup_ModeAdvanced';
import saveLabel from '@salesforce/label/c.BookingSetup_SaveApiConnection';
import saved from '@salesforce/label/c.BookingSetup_Saved';
import objectAccessStandard from '@salesforce/label/c.BookingSetup_ObjectAccessStandard';
import objectAccessAdvanced from '@salesforce/label/c.BookingSetup_ObjectAccessAdvanced';

const LISTBOX_ID = 'user-results';

/**
 * Phase 1 edit controls: find the API user among active users, choose the security mode, save.
 * Picking a user re-reads its facts at once so the checks update before anything is saved.
 * Tells the container about every change with a `statechange` event ({ apiUser?, settings?,
 * saved }): saved: false for a choice not saved yet, saved: true once Apex has saved it.
 *
 * The search is an SLDS autocomplete combobox
 * (https://www.lightningdesignsystem.com/components/combobox/): the input has role combobox,
 * aria-expanded and aria-controls naming the listbox, and aria-activedescendant naming the
 * highlighted option; ArrowDown/ArrowUp move the highlight, Enter picks it, Escape closes.
 * LWC rewrites ids and the attributes that reference them (aria-controls,
 * aria-activedescendant) alike, so the references hold inside the component
 * (https://developer.salesforce.com/docs/platform/lwc/guide/create-components-dom-work.html
 * "id values ... are transformed").
 */
export default class BookingSetupApiConnection extends LightningElement {
  /** The settings as saved (BookingSetupState.Settings), never the unsaved choice. */
  @api settings;
  /** Phase 1's unsaved choice the container still holds (after leaving and coming back). */
  @api draft;
  @api readOnly = false;

  labels = { searchLabel, resultsLabel, modeLabel, saveLabel };
  results = [];
  /** What the admin typed since the last pick, or undefined: the box then shows the user. */
  searchTerm;
  activeIndex = -1;
  searchSequence = 0;
  chosenUsername;
  chosenMode;
  error;
  message;
  isWorking = false;

  get username() {
    return this.chosenUsername ?? this.draft?.apiUsername ?? this.settings?.apiUsername ?? '';
  }

  get mode() {
    return this.chosenMode ?? this.draft?.securityMode ?? this.settings?.securityMode ?? 'Standard';
  }

  get inputValue() {
    return this.searchTerm ?? this.username;
  }

  get modeOptions() {
    return [
      { label: modeStandard, value: 'Standard' },
      { label: modeAdvanced, value: 'Advanced' }
    ];
  }

  /**
   * Where the connector's access to Lead, Contact, Account, Case and Event comes from in the
   * chosen mode: never from the permission set (a managed install drops standard-object
   * permissions), and for events from Edit Events, since they have no object permissions.
   */
  get objectAccessNote() {
    return this.mode === 'Advanced' ? objectAccessAdvanced : objectAccessStandard;
  }

  get hasResults() {
    return this.results.length > 0;
  }

  get ariaExpanded() {
    return this.hasResults ? 'true' : 'false';
  }

  get listboxId() {
    return this.hasResults ? LISTBOX_ID : null;
  }

  get comboboxClass() {
    return (
      'slds-combobox slds-dropdown-trigger slds-dropdown-trigger_click' +
      (this.hasResults ? ' slds-is-open' : '')
    );
  }

  get options() {
    return this.results.map((user, index) => {
      const active = index === this.activeIndex;
      return {
        key: user.id,
        id: `user-option-${index}`,
        username: user.username,
        name: user.name,
        meta: `${user.username}, ${user.profileName}`,
        selected: active ? 'true' : 'false',
        className:
          'slds-media slds-listbox__option slds-listbox__option_entity slds-listbox__option_has-meta result' +
          (active ? ' slds-has-focus' : '')
      };
    });
  }

  get activeOptionId() {
    return this.hasResults && this.activeIndex >= 0 ? `user-option-${this.activeIndex}` : null;
  }

  get saveDisabled() {
    return (
      this.readOnly ||
      this.isWorking ||
      !this.username ||
      (this.username === this.settings?.apiUsername &&
        this.mode === (this.settings?.securityMode ?? 'Standard'))
    );
  }

  async handleSearch(event) {
    const term = event.target.value;
    this.searchTerm = term;
    this.error = undefined;
    this.activeIndex = -1;
    // Only the answer to the latest term counts: an earlier, slower search must not win.
    const sequence = ++this.searchSequence;
    try {
      const results = term && term.trim().length >= 2 ? await searchUsers(term) : [];
      if (sequence === this.searchSequence) this.results = results ?? [];
    } catch (error) {
      if (sequence === this.searchSequence) this.error = reduceErrors(error);
    }
  }

  handleKeyDown(event) {
    const count = this.results.length;
    switch (event.key) {
      case 'ArrowDown':
        if (!count) return;
        event.preventDefault();
        this.activeIndex = (this.activeIndex + 1) % count;
        break;
      case 'ArrowUp':
        if (!count) return;
        event.preventDefault();
        this.activeIndex = this.activeIndex <= 0 ? count - 1 : this.activeIndex - 1;
        break;
      case 'Enter':
        if (this.activeIndex < 0 || this.activeIndex >= count) return;
        event.preventDefault();
        this.pick(this.results[this.activeIndex].username);
        break;
      case 'Escape':
        if (!count) return;
        event.preventDefault();
        this.closeResults();
        break;
      default:
    }
  }

  handlePick(event) {
    this.pick(event.currentTarget.dataset.username);
  }

  closeResults() {
    this.results = [];
    this.activeIndex = -1;
    this.searchSequence++;
  }

  async pick(username) {
    this.chosenUsername = username;
    // Any pick, also of the user already chosen, replaces the typed term with the user.
    this.searchTerm = undefined;
    this.closeResults();
    this.error = undefined;
    this.message = undefined;
    try {
      const apiUser = await getApiUserFacts(username);
      this.notify({
        apiUser,
        settings: { ...this.settings, apiUsername: username, securityMode: this.mode },
        saved: false
      });
    } catch (error) {
      this.error = reduceErrors(error);
    }
  }

  handleMode(event) {
    this.chosenMode = event.detail.value;
    this.message = undefined;
    this.notify({
      settings: { ...this.settings, apiUsername: this.username, securityMode: this.chosenMode },
      saved: false
    });
  }

  async handleSave() {
    this.isWorking = true;
    this.error = undefined;
    this.message = undefined;
    try {
      const settings = await saveSettings({
        ...this.settings,
        apiUsername: this.username,
        securityMode: this.mode
      });
      this.notify({ settings, saved: true });
      this.message = saved;
    } catch (error) {
      this.error = reduceErrors(error);
    } finally {
      this.isWorking = false;
    }
  }

  notify(detail) {
    this.dispatchEvent(new CustomEvent('statechange', { detail }));
  }
}
