/* eslint-disable no-await-in-loop -- the tests step fake timers and let promises settle in turn */
import {
  POLL_INTERVAL_MS,
  POLL_TIMEOUT_MS,
  addFieldsToLayoutAndWait,
  formatLabel,
  reduceErrors,
  saveMappingsAndWait
} from 'c/bookingSetupService';
import saveMappings from '@salesforce/apex/BookingSetupController.saveMappings';
import getMappings from '@salesforce/apex/BookingSetupController.getMappings';
import addFieldsToLayout from '@salesforce/apex/BookingSetupController.addFieldsToLayout';
import getLayoutStatus from '@salesforce/apex/BookingSetupController.getLayoutStatus';

jest.mock('@salesforce/apex/BookingSetupController.saveMappings', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock('@salesforce/apex/BookingSetupController.getMappings', () => ({ default: jest.fn() }), {
  virtual: true
});
jest.mock(
  '@salesforce/apex/BookingSetupController.addFieldsToLayout',
  () => ({ default: jest.fn() }),
  { virtual: true }
);
jest.mock(
  '@salesforce/apex/BookingSetupController.getLayoutStatus',
  () => ({ default: jest.fn() }),
  { virtual: true }
);

const mapping = {
  developerName: 'Lead_Email',
  targetObject: 'Lead',
  targetField: 'Email',
  sourceType: 'BookingField',
  sourceValue: 'email',
  isActive: true
};

async function advance(ms) {
  await Promise.resolve();
  jest.advanceTimersByTime(ms);
  for (let tick = 0; tick < 5; tick++) await Promise.resolve();
}

describe('reduceErrors', () => {
  it.each([
    [{ body: { message: 'From Apex.' } }, 'From Apex.'],
    [{ body: [{ message: 'One.' }, { message: 'Two.' }] }, 'One. Two.'],
    [{ body: { pageErrors: [{ message: 'Page.' }] } }, 'Page.'],
    [{ body: { fieldErrors: { Name: [{ message: 'Field.' }] } } }, 'Field.'],
    [new Error('Script.'), 'Script.'],
    ['Plain.', 'Plain.'],
    [[{ body: { message: 'Same.' } }, { body: { message: 'Same.' } }], 'Same.'],
    [{}, 'c.BookingSetup_UnknownError'],
    [undefined, 'c.BookingSetup_UnknownError']
  ])('%p -> %p', (error, expected) => {
    expect(reduceErrors(error)).toBe(expected);
  });
});

describe('formatLabel', () => {
  it('fills numbered placeholders and leaves missing ones visible', () => {
    expect(formatLabel('{0} of {1}, {2}', 1, 'two')).toBe('1 of two, {2}');
  });
});

describe('waiting for deployments', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.useRealTimers();
    jest.clearAllMocks();
  });

  it('re-reads the mappings until the saved one reads back as sent', async () => {
    saveMappings.mockResolvedValue('0Af000000000001');
    getMappings
      .mockResolvedValueOnce([{ ...mapping, sourceValue: 'phone' }])
      .mockResolvedValueOnce([mapping]);
    const done = saveMappingsAndWait([mapping]);
    await advance(POLL_INTERVAL_MS);
    await advance(POLL_INTERVAL_MS);
    await expect(done).resolves.toEqual([mapping]);
    expect(saveMappings).toHaveBeenCalledWith({ mappings: [mapping] });
    expect(getMappings).toHaveBeenCalledTimes(2);
  });

  it('waits for the installed record, not a subscriber record of the same name', async () => {
    // A subscriber org holds the package's Lead_Email (bkconn) and, from an old faulty save, one
    // of its own: the subscriber's already reads as sent, the installed one does not yet.
    const installed = { ...mapping, namespacePrefix: 'bkconn', sourceValue: 'email' };
    const own = { ...mapping, namespacePrefix: null, sourceValue: 'email' };
    saveMappings.mockResolvedValue('0Af000000000003');
    getMappings
      .mockResolvedValueOnce([own, { ...installed, sourceValue: 'phone' }])
      .mockResolvedValueOnce([own, installed]);
    const done = saveMappingsAndWait([installed], { orgNamespace: null });
    await advance(POLL_INTERVAL_MS);
    await advance(POLL_INTERVAL_MS);
    await expect(done).resolves.toEqual([own, installed]);
    expect(getMappings).toHaveBeenCalledTimes(2);
  });

  it("finds a new record in the owning org, where it is created in the org's namespace", async () => {
    saveMappings.mockResolvedValue('0Af000000000004');
    getMappings.mockResolvedValueOnce([{ ...mapping, namespacePrefix: 'bkconn' }]);
    const done = saveMappingsAndWait([{ ...mapping, namespacePrefix: null }], {
      orgNamespace: 'bkconn'
    });
    await advance(POLL_INTERVAL_MS);
    await expect(done).resolves.toHaveLength(1);
  });

  it('gives up with the deployment Id after the timeout', async () => {
    saveMappings.mockResolvedValue('0Af000000000002');
    getMappings.mockResolvedValue([]);
    const done = saveMappingsAndWait([mapping]);
    const outcome = done.then(
      () => null,
      (error) => error
    );
    for (let waited = 0; waited <= POLL_TIMEOUT_MS; waited += POLL_INTERVAL_MS) {
      await advance(POLL_INTERVAL_MS);
    }
    expect((await outcome)?.message).toBe('c.BookingSetup_DeploymentTimeout');
  });

  it('passes on a failure to start the deployment', async () => {
    saveMappings.mockRejectedValue({ body: { message: 'No permission.' } });
    await expect(saveMappingsAndWait([mapping])).rejects.toEqual({
      body: { message: 'No permission.' }
    });
    expect(getMappings).not.toHaveBeenCalled();
  });

  it('reads the layout once when nothing had to be added', async () => {
    addFieldsToLayout.mockResolvedValue(null);
    getLayoutStatus.mockResolvedValue({ readable: true, missingFields: [] });
    await expect(addFieldsToLayoutAndWait('Event-Event Layout')).resolves.toEqual({
      readable: true,
      missingFields: []
    });
    expect(getLayoutStatus).toHaveBeenCalledWith({ layoutName: 'Event-Event Layout' });
  });

  it('re-reads the layout until no package field is missing', async () => {
    addFieldsToLayout.mockResolvedValue('0Af000000000003');
    getLayoutStatus
      .mockResolvedValueOnce({ readable: true, missingFields: ['Booking_Id__c'] })
      .mockResolvedValueOnce({ readable: true, missingFields: [] });
    const done = addFieldsToLayoutAndWait('Event-Event Layout');
    await advance(POLL_INTERVAL_MS);
    await advance(POLL_INTERVAL_MS);
    await expect(done).resolves.toEqual({ readable: true, missingFields: [] });
  });
});
