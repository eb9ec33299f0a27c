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
import queuedLabel from '@salesforce/label/c.BookingSetup_FM_Queued';
import noChangesLabel from '@salesforce/label/c.BookingSetup_FM_NoChanges';
import problemsLabel from '@salesforce/label/c.BookingSetup_FM_Problems';
import noRequiredLabel from '@salesforce/label/c.BookingSetup_FM_NoRequired';
import filledLabel from '@salesforce/label/c.BookingSetup_FM_Filled';
import missingLabel from '@salesforce/label/c.BookingSetup_FM_Missing';
import formFieldLabel from '@salesforce/label/c.BookingSetup_FM_FormField';
import checkedLabel from '@salesforce/label/c.BookingSetup_FM_Checked';
import uncheckedLabel from '@salesforce/label/c.BookingSetup_FM_Unchecked';

const REQUIRED = 'required';

/**
 * Phases 3 and 4: the values of the universally required fields (mode "required") and the
 * field mapping (mode "mapping"), both BookingFieldMapping__mdt records. The admin edits a
 * draft; the shared field rules judge it as it changes, Save is refused while they find a
 * problem (or a required field without a value), and saving deploys only the changed records.
 * The page follows the deployment through the deploymentstart event it sends.
 */
export default class BookingSetupFieldMappings extends LightningElement {
  @api mode = REQUIRED;
  @api facts;
  @api readOnly = false;

  labels = {
    source: sourceLabel,
    value: valueLabel,
    object: objectLabel,
    field: fieldLabel,
    add: addLabel,
    save: saveLabel,
    noRequired: noRequiredLabel
  };
  draft = [];
  savedMappings = [];
  isSaving = false;
  message;
  error;

  /** The saved mappings; a new set (after a deployment) replaces the draft. */
  @api
  get mappings() {
    return this.savedMappings;
  }
  set mappings(value) {
    this.savedMappings = value ?? [];
    this.draft = draftFrom(this.savedMappings);
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
        ...this.valueControl(row.object, row.field, sourceType, facts.formFields)
      };
    });
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
          fieldOptions: fieldOptions(this.facts, row.targetObject),
          problems: own.map((found) => found.message).join(' '),
          hasProblems: own.length > 0,
          className: own.length
            ? 'slds-box slds-box_x-small slds-theme_warning mapping-row'
            : 'slds-box slds-box_x-small mapping-row',
          // A required field's mapping is changed in phase 3, never removed here.
          removable: !requiredTargets.has(`${row.targetObject}.${row.targetField}`.toLowerCase()),
          removeText: formatLabel(removeLabel, `${row.targetObject}.${row.targetField}`),
          ...this.valueControl(row.targetObject, row.targetField, row.sourceType, facts.formFields)
        };
      });
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

  get saveDisabled() {
    return this.readOnly || this.isSaving || this.refusal !== '' || this.changes.length === 0;
  }

  get showNoChanges() {
    return !this.readOnly && this.refusal === '' && this.changes.length === 0 && !this.message;
  }

  get noChangesText() {
    return noChangesLabel;
  }

  updateRow(key, change) {
    this.message = undefined;
    this.draft = withRowChange(this.draft, key, change);
  }

  // ---- phase 3 --------------------------------------------------------------------------------

  handleRequiredSource(event) {
    const { object, field } = event.target.dataset;
    this.message = undefined;
    this.draft = withRequiredValue(this.draft, object, field, {
      sourceType: event.detail.value,
      sourceValue: ''
    });
  }

  handleRequiredValue(event) {
    const { object, field, source } = event.target.dataset;
    this.message = undefined;
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
    this.message = undefined;
    this.draft = withoutRow(this.draft, event.currentTarget.dataset.key);
  }

  handleAdd() {
    this.message = undefined;
    this.draft = [...this.draft, newRow(this.draft, 'Lead', '', SOURCE_TYPES.BOOKING_FIELD, '')];
  }

  // ---- save -----------------------------------------------------------------------------------

  async handleSave() {
    if (this.saveDisabled) return;
    this.isSaving = true;
    this.error = undefined;
    try {
      const jobId = await startSaveMappings(this.changes);
      this.message = formatLabel(queuedLabel, jobId);
      // The page follows the deployment and re-reads the mappings when it succeeds.
      this.dispatchEvent(new CustomEvent('deploymentstart', { bubbles: true, detail: { jobId } }));
    } catch (error) {
      this.error = reduceErrors(error);
    } finally {
      this.isSaving = false;
    }
  }
}
