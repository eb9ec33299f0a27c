import {
  SOURCE_TYPES,
  bookingField,
  bookingFieldCatalogue,
  bookingValue,
  constantProblem,
  findField,
  isEditableByApiUser,
  isTypeCompatible,
  isUniversallyRequired,
  mappingFieldName,
  mappingPhaseStatus,
  requiredFieldStatus,
  universallyRequiredFields,
  unsupportedReason,
  validateMapping,
  validateMappings,
  formFieldsFromMappings
} from '../fieldRules';

// A field as Salesforce describes it: optional, createable, updateable, permissionable.
const field = (name, type, extra = {}) => ({
  name,
  label: name,
  type,
  nillable: true,
  createable: true,
  updateable: true,
  defaultedOnCreate: false,
  permissionable: true,
  ...extra
});
const required = (name, type, extra = {}) =>
  field(name, type, { nillable: false, permissionable: false, ...extra });

const describes = {
  Lead: {
    fields: [
      required('LastName', 'string', { length: 80 }),
      required('Company', 'string', { length: 255 }),
      required('OwnerId', 'reference', { defaultedOnCreate: true }),
      required('Id', 'id', { createable: false, updateable: false }),
      field('Email', 'email'),
      field('Phone', 'phone'),
      field('NumberOfEmployees', 'int'),
      field('HasOptedOutOfEmail', 'boolean'),
      field('LeadSource', 'picklist', { picklistValues: ['Web', 'Phone Inquiry'] }),
      field('Industry__c', 'string', { length: 10 }),
      field('Description', 'textarea', { updateable: true, createable: true })
    ]
  },
  Contact: { fields: [required('LastName', 'string'), required('Region__c', 'reference')] },
  Event: {
    fields: [
      required('DurationInMinutes', 'int'),
      field('StartDateTime', 'datetime'),
      field('bkconn__Booking_Page__c', 'string', { length: 255 }),
      field('bkconn__Reassigned__c', 'boolean')
    ]
  },
  Opportunity: { fields: [required('Name', 'string')] }
};

const fullAccess = {
  objects: {
    Lead: { create: true, edit: true },
    Contact: { create: true, edit: true },
    Event: { create: true, edit: true }
  },
  fields: {
    'Lead.Email': true,
    'Lead.Phone': true,
    'Lead.NumberOfEmployees': true,
    'Lead.HasOptedOutOfEmail': true,
    'Lead.LeadSource': true,
    'Lead.Description': true,
    'Event.StartDateTime': true,
    'Event.bkconn__Booking_Page__c': true,
    'Event.bkconn__Reassigned__c': true
  }
};

const facts = {
  describes,
  apiUserAccess: fullAccess,
  namespace: 'bkconn',
  formFields: [
    { key: 'form.newsletter', type: 'boolean' },
    { key: 'industry', type: 'text' }
  ]
};

const mapping = (targetObject, targetField, sourceType, sourceValue) => ({
  targetObject,
  targetField,
  sourceType,
  sourceValue,
  isActive: true
});
const codes = (problems) => problems.map((found) => found.code);

describe('booking field catalogue', () => {
  it('knows the system fields and declared form fields, with or without the form. prefix', () => {
    expect(bookingField('email')).toEqual({ key: 'email', type: 'email', custom: false });
    expect(bookingField('form.newsletter', facts.formFields)).toEqual({
      key: 'form.newsletter',
      type: 'boolean',
      custom: true
    });
    expect(bookingField('form.industry', facts.formFields)?.type).toBe('text');
  });

  it('rejects unknown keys, undeclared form fields and bad declared types', () => {
    expect(bookingField('favouriteColour')).toBeNull();
    expect(bookingField('form.undeclared', facts.formFields)).toBeNull();
    expect(bookingField('form.', facts.formFields)).toBeNull();
    expect(bookingField('form.x', [{ key: 'x', type: 'blob' }])).toBeNull();
    expect(bookingField(undefined)).toBeNull();
  });

  it('lists system fields first, then form fields with their prefix', () => {
    const keys = bookingFieldCatalogue(facts.formFields).map((entry) => entry.key);
    expect(keys.slice(0, 4)).toEqual(['firstName', 'lastName', 'name', 'email']);
    expect(keys).toEqual(expect.arrayContaining(['utm_source', 'meetingLink', 'ownerEmail']));
    expect(keys.slice(-2)).toEqual(['form.newsletter', 'form.industry']);
  });

  it('reads a booking value, form fields from booking.form', () => {
    const booking = { email: 'a@b.co', form: { industry: 'Retail' } };
    expect(bookingValue(booking, 'email')).toBe('a@b.co');
    expect(bookingValue(booking, 'form.industry')).toBe('Retail');
    expect(bookingValue(booking, 'form.missing')).toBeUndefined();
    expect(bookingValue(null, 'email')).toBeUndefined();
  });
});

describe('types', () => {
  it('accepts only values that arrive intact', () => {
    expect(isTypeCompatible('email', 'string')).toBe(true);
    expect(isTypeCompatible('datetime', 'date')).toBe(true);
    expect(isTypeCompatible('text', 'email')).toBe(false);
    expect(isTypeCompatible('boolean', 'string')).toBe(false);
    expect(isTypeCompatible('number', 'currency')).toBe(true);
    expect(isTypeCompatible('text', 'reference')).toBe(false);
  });

  it('explains unsupported types, including ones it has never heard of', () => {
    expect(unsupportedReason('string')).toBeNull();
    expect(unsupportedReason('REFERENCE')).toMatch(/lookup/);
    expect(unsupportedReason('hologram')).toMatch(/hologram/);
  });
});

describe('universally required fields', () => {
  it('is required, createable and not defaulted on create', () => {
    expect(isUniversallyRequired(required('X', 'string'))).toBe(true);
    expect(isUniversallyRequired(required('X', 'string', { defaultedOnCreate: true }))).toBe(false);
    expect(isUniversallyRequired(required('X', 'string', { createable: false }))).toBe(false);
    expect(isUniversallyRequired(field('X', 'string'))).toBe(false);
  });

  it('lists them for the five objects only, unsupported types marked with the reason', () => {
    const rows = universallyRequiredFields(describes);
    expect(rows.map((row) => `${row.object}.${row.field}`)).toEqual([
      'Lead.LastName',
      'Lead.Company',
      'Contact.LastName',
      'Contact.Region__c',
      'Event.DurationInMinutes'
    ]);
    const region = rows.find((row) => row.field === 'Region__c');
    expect(region.supported).toBe(false);
    expect(region.reason).toMatch(/lookup/);
  });

  it('reports each required field as filled, missing, invalid or unsupported', () => {
    const status = requiredFieldStatus(facts, [
      mapping('Lead', 'LastName', SOURCE_TYPES.BOOKING_FIELD, 'lastName'),
      mapping('Lead', 'Company', SOURCE_TYPES.KEEP_EXISTING),
      mapping('Contact', 'LastName', SOURCE_TYPES.CONSTANT, 'Unknown'),
      {
        ...mapping('Event', 'DurationInMinutes', SOURCE_TYPES.BOOKING_FIELD, 'duration'),
        isActive: false
      }
    ]);
    const byField = Object.fromEntries(
      status.rows.map((row) => [`${row.object}.${row.field}`, row.status])
    );
    expect(byField).toEqual({
      'Lead.LastName': 'filled',
      'Lead.Company': 'invalid',
      'Contact.LastName': 'filled',
      'Contact.Region__c': 'unsupported',
      'Event.DurationInMinutes': 'missing'
    });
    expect(status.canSave).toBe(false);
    expect(status.missing).toEqual(['Lead.Company', 'Event.DurationInMinutes']);
  });

  it('allows saving when every supported required field has a valid value', () => {
    const status = requiredFieldStatus({ ...facts, describes: { Lead: describes.Lead } }, [
      mapping('Lead', 'LastName', SOURCE_TYPES.BOOKING_FIELD, 'lastName'),
      mapping('Lead', 'Company', SOURCE_TYPES.BOOKING_FIELD, 'company')
    ]);
    expect(status.canSave).toBe(true);
  });
});

describe('API user editability', () => {
  const email = describes.Lead.fields.find((candidate) => candidate.name === 'Email');
  it('follows field-level security for permissionable fields', () => {
    expect(isEditableByApiUser('Lead', email, fullAccess)).toBe(true);
    expect(isEditableByApiUser('Lead', email, { ...fullAccess, fields: {} })).toBe(false);
  });
  it('follows the object permission for fields the platform requires', () => {
    const lastName = describes.Lead.fields[0];
    expect(
      isEditableByApiUser('Lead', lastName, { objects: { Lead: { edit: true } }, fields: {} })
    ).toBe(true);
    expect(isEditableByApiUser('Lead', lastName, { objects: {}, fields: {} })).toBe(false);
  });
  it('is unknown without an API user and false for read-only fields', () => {
    expect(isEditableByApiUser('Lead', email, undefined)).toBeNull();
    expect(isEditableByApiUser('Lead', describes.Lead.fields[3], fullAccess)).toBe(false);
  });
});

describe('constants', () => {
  const lead = (name) => describes.Lead.fields.find((candidate) => candidate.name === name);
  it.each([
    ['HasOptedOutOfEmail', 'yes', 'invalidConstant'],
    ['HasOptedOutOfEmail', 'TRUE', null],
    ['NumberOfEmployees', '12.5', 'invalidConstant'],
    ['NumberOfEmployees', '-12', null],
    ['Email', 'nobody', 'invalidConstant'],
    ['LeadSource', 'Fax', 'invalidConstant'],
    ['LeadSource', 'Web', null],
    ['Industry__c', 'Manufacturing', 'constantTooLong'],
    ['Company', '  ', 'emptyConstant']
  ])('%s = %p -> %p', (name, value, code) => {
    expect(constantProblem(value, lead(name))?.code ?? null).toBe(code);
  });
  it('checks dates and date-times', () => {
    expect(constantProblem('2026-13', field('D', 'date'))?.code).toBe('invalidConstant');
    expect(constantProblem('2026-01-31', field('D', 'date'))).toBeNull();
    expect(constantProblem('soon', field('T', 'datetime'))?.code).toBe('invalidConstant');
    expect(constantProblem('2026-01-31T09:00:00Z', field('T', 'datetime'))).toBeNull();
    expect(constantProblem('x', field('P', 'percent'))?.code).toBe('invalidConstant');
  });
});

describe('mappings', () => {
  it('accepts the default kind of mapping, namespaced package fields written without prefix', () => {
    expect(validateMapping(mapping('Lead', 'Email', 'BookingField', 'email'), facts)).toEqual([]);
    expect(
      validateMapping(mapping('Event', 'Booking_Page__c', 'BookingField', 'bookingPage'), facts)
    ).toEqual([]);
    expect(
      validateMapping(mapping('Lead', 'Description', 'BookingField', 'form.industry'), facts)
    ).toEqual([]);
  });

  it('names what is wrong', () => {
    expect(codes(validateMapping(mapping('Opportunity', 'Name', 'Constant', 'x'), facts))).toEqual([
      'unknownObject'
    ]);
    expect(codes(validateMapping(mapping('Lead', 'Nope__c', 'Constant', 'x'), facts))).toEqual([
      'unknownField'
    ]);
    expect(
      codes(validateMapping(mapping('Lead', 'Email', 'BookingField', 'phone'), facts))
    ).toEqual(['incompatibleType']);
    expect(codes(validateMapping(mapping('Lead', 'Phone', 'BookingField', 'nope'), facts))).toEqual(
      ['unknownBookingField']
    );
    expect(codes(validateMapping(mapping('Lead', 'Phone', 'Formula', 'x'), facts))).toEqual([
      'unknownSourceType'
    ]);
    expect(codes(validateMapping(mapping('Contact', 'Region__c', 'Constant', 'x'), facts))).toEqual(
      ['unsupportedType']
    );
  });

  it('maps checkbox form fields only onto checkbox fields', () => {
    expect(
      codes(
        validateMapping(mapping('Lead', 'Description', 'BookingField', 'form.newsletter'), facts)
      )
    ).toEqual(['checkboxOnlyToBoolean']);
    expect(
      validateMapping(
        mapping('Lead', 'HasOptedOutOfEmail', 'BookingField', 'form.newsletter'),
        facts
      )
    ).toEqual([]);
  });

  it('refuses a field the API user cannot edit', () => {
    const noFls = { ...facts, apiUserAccess: { ...fullAccess, fields: {} } };
    expect(
      codes(validateMapping(mapping('Lead', 'Email', 'BookingField', 'email'), noFls))
    ).toEqual(['notEditableByApiUser']);
  });

  it('keeps existing values only where a record already exists', () => {
    expect(validateMapping(mapping('Lead', 'Email', 'KeepExisting'), facts)).toEqual([]);
    expect(
      codes(
        validateMapping(mapping('Lead', 'Company', 'KeepExisting'), {
          ...facts,
          forRequiredField: true
        })
      )
    ).toEqual(['keepExistingOnCreate']);
  });

  it('validates a set, skips inactive rows and finds duplicate targets', () => {
    const results = validateMappings(
      [
        mapping('Lead', 'Email', 'BookingField', 'email'),
        { ...mapping('Lead', 'Email', 'BookingField', 'phone'), isActive: false },
        mapping('Lead', 'email', 'BookingField', 'ownerEmail')
      ],
      facts
    );
    expect(results).toEqual([
      expect.objectContaining({ index: 2, target: 'Lead.email', code: 'duplicateTarget' })
    ]);
    expect(results[0].message).toMatch(/rows 1 and 3/);
  });

  it('strips and finds the namespace prefix', () => {
    expect(mappingFieldName('bkconn__Booking_Page__c', 'bkconn')).toBe('Booking_Page__c');
    expect(mappingFieldName('Booking_Page__c', null)).toBe('Booking_Page__c');
    expect(findField(describes, 'Event', 'Booking_Page__c', 'bkconn')?.name).toBe(
      'bkconn__Booking_Page__c'
    );
    expect(findField(describes, 'Event', 'bkconn__Booking_Page__c', 'bkconn')?.name).toBe(
      'bkconn__Booking_Page__c'
    );
    expect(findField(describes, 'Nothing', 'X')).toBeNull();
  });
});

// Issue 13 defect 7: an org without mappings showed phase 4 as done.
describe('mappingPhaseStatus', () => {
  it('is not started, never done, while no mapping is active', () => {
    expect(mappingPhaseStatus([], facts)).toEqual({ status: 'notStarted', problems: [] });
    expect(mappingPhaseStatus(undefined, facts)).toEqual({ status: 'notStarted', problems: [] });
    // A deactivated (removed) mapping maps nothing, even a broken one.
    const removed = { ...mapping('Lead', 'Email', 'BookingField', 'phone'), isActive: false };
    expect(mappingPhaseStatus([removed], facts)).toEqual({ status: 'notStarted', problems: [] });
  });

  it('needs attention while the rules find a problem in an active mapping, with the problems', () => {
    const result = mappingPhaseStatus(
      [
        mapping('Lead', 'LastName', 'BookingField', 'lastName'),
        mapping('Lead', 'Email', 'BookingField', 'phone')
      ],
      facts
    );
    expect(result.status).toBe('attention');
    expect(result.problems).toEqual([
      expect.objectContaining({ index: 1, target: 'Lead.Email', code: 'incompatibleType' })
    ]);
  });

  it('is done when every active mapping passes the rules', () => {
    const removed = { ...mapping('Lead', 'Email', 'BookingField', 'phone'), isActive: false };
    expect(
      mappingPhaseStatus([mapping('Lead', 'Email', 'BookingField', 'email'), removed], facts)
    ).toEqual({ status: 'done', problems: [] });
  });
});

describe('formFieldsFromMappings', () => {
  const leadDescribes = {
    Lead: {
      fields: [
        { name: 'Industry', type: 'picklist' },
        { name: 'Opt_In__c', type: 'boolean' }
      ]
    }
  };
  const formMapping = (targetField, sourceValue) => ({
    targetObject: 'Lead',
    targetField,
    sourceType: 'BookingField',
    sourceValue
  });

  it('declares each form field once, typed by the field it is mapped onto', () => {
    expect(
      formFieldsFromMappings(
        [
          formMapping('Industry', 'form.industry'),
          formMapping('Opt_In__c', 'form.optIn'),
          formMapping('Description', 'note'),
          { ...formMapping('Industry', 'form.ignored'), sourceType: 'Constant' }
        ],
        leadDescribes,
        null
      )
    ).toEqual([
      { key: 'industry', type: 'text' },
      { key: 'optIn', type: 'boolean' }
    ]);
  });

  it('keeps a key that reaches a checkbox anywhere a checkbox answer', () => {
    expect(
      formFieldsFromMappings(
        [formMapping('Opt_In__c', 'form.optIn'), formMapping('Industry', 'form.optIn')],
        leadDescribes,
        null
      )
    ).toEqual([{ key: 'optIn', type: 'boolean' }]);
  });
});
