import { LightningElement, api } from 'lwc';
import { searchUsers, getApiUserFacts, saveSettings, reduceErrors } from 'c/bookingSetupService';
import searchLabel from '@salesforce/label/c.BookingSetup_SearchApiUser';
import modeLabel from '@salesforce/label/c.BookingSetup_SecurityMode';
import modeStandard from '@salesforce/label/c.BookingSetup_ModeStandard';
import modeAdvanced from '@salesforce/label/c.BookingSetup_ModeAdvanced';
import saveLabel from '@salesforce/label/c.BookingSetup_SaveApiConnection';
import saved from '@salesforce/label/c.BookingSetup_Saved';
import objectAccessStandard from '@salesforce/label/c.BookingSetup_ObjectAccessStandard';
import objectAccessAdvanced from '@salesforce/label/c.BookingSetup_ObjectAccessAdvanced';

/**
 * Phase 1 edit controls: find the API user among active users, choose the security mode, save.
 * Picking a user re-reads its facts at once so the checks update before anything is saved.
 * Tells the container about every change with a `statechange` event ({ apiUser?, settings? }).
 */
export default class BookingSetupApiConnection extends LightningElement {
  @api settings;
  @api readOnly = false;

  labels = { searchLabel, modeLabel, saveLabel };
  results = [];
  chosenUsername;
  chosenMode;
  error;
  message;
  isWorking = false;

  get username() {
    return this.chosenUsername ?? this.settings?.apiUsername ?? '';
  }

  get mode() {
    return this.chosenMode ?? this.settings?.securityMode ?? 'Standard';
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

  get saveDisabled() {
    return (
      this.readOnly ||
      this.isWorking ||
      !this.username ||
      (this.username === this.settings?.apiUsername && this.mode === this.settings?.securityMode)
    );
  }

  async handleSearch(event) {
    const term = event.target.value;
    this.error = undefined;
    try {
      this.results = term && term.trim().length >= 2 ? await searchUsers(term) : [];
    } catch (error) {
      this.error = reduceErrors(error);
    }
  }

  async handlePick(event) {
    this.chosenUsername = event.currentTarget.dataset.username;
    this.results = [];
    this.error = undefined;
    try {
      const apiUser = await getApiUserFacts(this.chosenUsername);
      this.notify({
        apiUser,
        settings: { ...this.settings, apiUsername: this.chosenUsername, securityMode: this.mode },
        saved: false
      });
    } catch (error) {
      this.error = reduceErrors(error);
    }
  }

  handleMode(event) {
    this.chosenMode = event.detail.value;
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
