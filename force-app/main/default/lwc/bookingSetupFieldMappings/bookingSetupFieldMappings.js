import { LightningElement, api } from 'lwc';
import { SOURCE_TYPES, requiredFieldStatus, validateMappings } from 'c/bookingRules';
import { startSaveMappings, reduceErrors, formatLabel } from 'c/bookingSetupService';
import {
  bookingFieldOptions,
  changedMappings,
  constantControl,
  describeOf,
  draftFacts,
  draftFrom,
  fieldOptions,
  newRow,
  objectOptions,
  sourceTypeOptions,
  withRequiredValue,
  withCurrentValue,
  withRowChange,
  withoutRow
} from './mappingDraft';
import sourceLabel from '@salesforce/label/c.BookingSetup_FM_Source';
import bookingFieldLabel from '@salesforce/label/c.BookingSetup_FM_BookingField';
import constantLabel from '@salesforce/label/c.BookingSetup_FM_Constant';
import keepExistingLabel from '@salesforce/label/c.BookingSetup_FM_KeepExisting';
import valueLabel from '@salesforce/label/c.BookingSetup_FM_Value';
import objectLabel from '@salesforce/label/c.BookingSetup_FM_Object';
import fieldLabel from '@salesforce/label/c.BookingSetup_FM_Field';
import removeLabel from '@salesforce/label/c.BookingSetup_FM_Remove';
import addLabel from '@salesforce/label/c.BookingSetup_FM_Add';
import saveLabel from '@salesforce/label/c.BookingSetup_FM_Save';
import unfilledLabel from '@salesforce/label/c.BookingSetup_FM_Unfilled';
import unsupportedLabel from '@salesforce/label/c.BookingSetup_FM_Unsupported';
import noChangesLabel from '@salesforce/label/c.BookingSetup_FM_NoChanges';
import problemsLabel from '@salesforce/label/c.BookingSetup_FM_Problems';
import noRequiredLabel from '@salesforce/label/c.BookingSetup_FM_NoRequired';
import filledLabel from '@salesforce/label/c.BookingSetup_FM_Filled';
import missingLabel from '@salesforce/label/c.BookingSetup_FM_Missing';
import formFieldLabel from '@salesforce/label/c.BookingSetup_FM_FormField';
import checkedLabel from '@salesforce/label/c.BookingSetup_FM_Checked';
import uncheckedLabel from '@salesforce/label/c.BookingSetup_FM_Unchecked';
import unavailableLabel from '@salesforce/label/c.BookingSetup_FM_Unavailable';
import noMappingsLabel from '@salesforce/label/c.BookingSetup_FM_NoMappings';
import rowProblemLabel from '@salesforce/label/c.BookingSetup_Failed';

const REQUIRED = 'required';

/**
 * Phases 3 and 4: the values of the universally required fields (mode "required") and the
 * field mapping (mode "mapping"), both BookingFieldMapping__mdt records. The admin edits a
 * draft; the shared field rules judge it as it changes, Save is refused while they find a
 * problem (or a required field without a value), and saving deploys only the changed records.
 * The page follows the deployment through the deploymentstart event it sends and shows its
 * state (queued, succeeded, failed) itself, so this editor keeps no message of its own that
 * could outlive the deployment. The container keeps one instance for phases 3 and 4: a new
 * mode or a new set of saved mappings clears what was said about the previous one.
 */
export default class BookingSetupFieldMappings extends LightningElement {
  @api facts;
  @api readOnly = false;

  labels = {
    source: sourceLabel,
    value: valueLabel,
    object: objectLabel,
    field: fieldLabel,
    add: addLabel,
    save: saveLabel,
    noRequired: noRequiredLabel,
    noMappings: noMappingsLabel,
    rowProblem: rowProblemLabel
  };
  draft = [];
  savedMappings = [];
  isSaving = false;
  /** Whether Save was clicked since the last mode or mappings: only then is a refusal said. */
  saveAttempted = false;
  error;
  currentMode = REQUIRED;

  /** "required" (phase 3) or "mapping" (phase 4). */
  @api
  get mode() {
    return this.currentMode;
  }
  set mode(value) {
    const next = value ?? REQUIRED;
    if (next !== this.currentMode) this.resetMessages();
    this.currentMode = next;
  }

  /** The saved mappings; a new set (after a deployment) replaces the draft. */
  @api
  get mappings() {
    return this.savedMappings;
  }
  set mappings(value) {
    this.savedMappings = value ?? [];
    this.draft = draftFrom(this.savedMappings);
    this.resetMessages();
  }

  resetMessages() {
    this.saveAttempted = false;
    this.error = undefined;
  }

  /** Options with the current value kept (marked unavailable) when it is not among them. */
  keepCurrent(options, value) {
    return withCurrentValue(options, value, unavailableLabel);
  }

  get isRequiredMode() {
    return this.mode === REQUIRED;
  }

  get rulesFacts() {
    return draftFacts(this.facts ?? { describes: {} }, this.draft);
  }

  get objectOptions() {
    return objectOptions();
  }

  get sourceOptions() {
    return sourceTypeOptions({
      bookingField: bookingFieldLabel,
      constant: constantLabel,
      keepExisting: keepExistingLabel
    });
  }

  get status() {
    return requiredFieldStatus(this.rulesFacts, this.draft);
  }

  get problems() {
    return validateMappings(this.draft, this.rulesFacts);
  }

  /** The value controls of one row: which kind of value, and its options or input type. */
  valueControl(targetObject, targetField, sourceType, formFields) {
    const field = describeOf(this.facts, targetObject, targetField);
    // A booking field is chosen from a list; so is a constant for a picklist or a checkbox.
    const constant = constantControl(field, { checked: checkedLabel, unchecked: uncheckedLabel });
    let valueOptions = null;
    if (sourceType === SOURCE_TYPES.BOOKING_FIELD)
      valueOptions = bookingFieldOptions(field?.type, formFields, formFieldLabel);
    else if (sourceType === SOURCE_TYPES.CONSTANT) valueOptions = constant.options;
    return {
      isValueList: valueOptions !== null,
      isValueInput: sourceType === SOURCE_TYPES.CONSTANT && constant.options === null,
      valueOptions: valueOptions ?? [],
      inputType: constant.inputType
    };
  }

  /** Phase 3 rows: each universally required field, its value and what is wrong with it. */
  get requiredRows() {
    const facts = this.rulesFacts;
    return this.status.rows.map((row) => {
      const mapping = row.mapping;
      const sourceType = mapping?.sourceType ?? SOURCE_TYPES.BOOKING_FIELD;
      const problems = row.problems.map((found) => found.message);
      return {
        key: `${row.object}.${row.field}`,
        object: row.object,
        field: row.field,
        title: `${row.object}: ${row.label} (${row.field})`,
        supported: row.supported,
        unsupportedText: row.supported ? '' : formatLabel(unsupportedLabel, row.reason),
        sourceType,
        sourceValue: mapping?.sourceValue ?? '',
        statusText: row.status === 'filled' ? filledLabel : missingLabel,
        icon: row.status === 'filled' ? 'utility:success' : 'utility:warning',
        variant: row.status === 'filled' ? 'success' : 'warning',
        problems: problems.join(' '),
        ...this.currentValueControl(
          this.valueControl(row.object, row.field, sourceType, facts.formFields),
          mapping?.sourceValue
        )
      };
    });
  }

  /** A value control whose list keeps the saved value, so an invalid value shows as itself. */
  currentValueControl(control, value) {
    return control.isValueList
      ? { ...control, valueOptions: this.keepCurrent(control.valueOptions, value) }
      : control;
  }

  /** Phase 4 rows: the active mappings, each with the problems the rules find in it. */
  get mappingRows() {
    const facts = this.rulesFacts;
    const problems = this.problems;
    const requiredTargets = new Set(
      this.status.rows.map((row) => `${row.object}.${row.field}`.toLowerCase())
    );
    return this.draft
      .map((row, index) => ({ row, index }))
      .filter(({ row }) => row.isActive)
      .map(({ row, index }) => {
        const own = problems.filter((found) => found.index === index);
        return {
          key: row.key,
          targetObject: row.targetObject,
          targetField: row.targetField,
          sourceType: row.sourceType,
          sourceValue: row.sourceValue ?? '',
          objectOptions: this.keepCurrent(objectOptions(), row.targetObject),
          fieldOptions: this.keepCurrent(
            fieldOptions(this.facts, row.targetObject),
            row.targetField
          ),
          sourceOptions: this.keepCurrent(this.sourceOptions, row.sourceType),
          problems: own.map((found) => found.message).join(' '),
          hasProblems: own.length > 0,
          // Error-coloured text on the row's white background (4.5:1 or more), a red border and
          // an error icon: never red text on the orange warning theme (about 2.2:1).
          className: own.length
            ? 'slds-box slds-box_x-small slds-m-bottom_x-small mapping-row mapping-row_invalid'
            : 'slds-box slds-box_x-small slds-m-bottom_x-small mapping-row',
          // A required field's mapping is changed in phase 3, never removed here.
          removable: !requiredTargets.has(`${row.targetObject}.${row.targetField}`.toLowerCase()),
          removeText: formatLabel(removeLabel, `${row.targetObject}.${row.targetField}`),
          ...this.currentValueControl(
            this.valueControl(row.targetObject, row.targetField, row.sourceType, facts.formFields),
            row.sourceValue
          )
        };
      });
  }

  get hasMappingRows() {
    return this.draft.some((row) => row.isActive);
  }

  get hasRequiredRows() {
    return this.status.rows.length > 0;
  }

  get changes() {
    // Each change carries the full name its record is deployed as, which needs the namespaces.
    return changedMappings(this.savedMappings, this.draft, this.facts);
  }

  /** Why Save is refused, or '' when it may save. */
  get refusal() {
    if (this.isRequiredMode) {
      const { missing } = this.status;
      return missing.length ? formatLabel(unfilledLabel, missing.join(', ')) : '';
    }
    return this.problems.length ? problemsLabel : '';
  }

  /**
   * Phase 3 names the required fields without a value from the start (Save stays disabled
   * until they have one); phase 4 marks each problem on its row and says "Nothing was saved"
   * only once a save was tried, so nothing claims a save before there was one.
   */
  get showRefusal() {
    if (this.refusal === '') return false;
    return this.isRequiredMode || this.saveAttempted;
  }

  get saveDisabled() {
    if (this.readOnly || this.isSaving || this.changes.length === 0) return true;
    return this.isRequiredMode && this.refusal !== '';
  }

  get showNoChanges() {
    return !this.readOnly && this.refusal === '' && this.changes.length === 0;
  }

  get noChangesText() {
    return noChangesLabel;
  }

  updateRow(key, change) {
    this.draft = withRowChange(this.draft, key, change);
  }

  // ---- phase 3 --------------------------------------------------------------------------------

  handleRequiredSource(event) {
    const { object, field } = event.target.dataset;
    this.draft = withRequiredValue(this.draft, object, field, {
      sourceType: event.detail.value,
      sourceValue: ''
    });
  }

  handleRequiredValue(event) {
    const { object, field, source } = event.target.dataset;
    this.draft = withRequiredValue(this.draft, object, field, {
      sourceType: source,
      sourceValue: String(event.detail.value ?? '')
    });
  }

  // ---- phase 4 --------------------------------------------------------------------------------

  handleObject(event) {
    this.updateRow(event.target.dataset.key, {
      targetObject: event.detail.value,
      targetField: '',
      sourceValue: ''
    });
  }

  handleField(event) {
    this.updateRow(event.target.dataset.key, { targetField: event.detail.value });
  }

  handleSource(event) {
    this.updateRow(event.target.dataset.key, { sourceType: event.detail.value, sourceValue: '' });
  }

  handleValue(event) {
    this.updateRow(event.target.dataset.key, { sourceValue: String(event.detail.value ?? '') });
  }

  handleRemove(event) {
    this.draft = withoutRow(this.draft, event.currentTarget.dataset.key);
  }

  handleAdd() {
    this.draft = [...this.draft, newRow(this.draft, 'Lead', '', SOURCE_TYPES.BOOKING_FIELD, '')];
  }

  // ---- save -----------------------------------------------------------------------------------

  async handleSave() {
    if (this.saveDisabled) return;
    this.saveAttempted = true;
    this.error = undefined;
    if (this.refusal !== '') return;
    this.isSaving = true;
    try {
      const jobId = await startSaveMappings(this.changes);
      this.saveAttempted = false;
      // The page shows the deployment, queued until it ends, and re-reads the mappings when it
      // succeeds (which replaces this draft).
      this.dispatchEvent(new CustomEvent('deploymentstart', { bubbles: true, detail: { jobId } }));
    } catch (error) {
      this.error = reduceErrors(error);
    } finally {
      this.isSaving = false;
    }
  }
}
