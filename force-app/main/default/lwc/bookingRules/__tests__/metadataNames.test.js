import {
  customMetadataRecordFullName,
  customMetadataRecordKey,
  existingRecordNamespace,
  namespacePrefix,
  withNamespace
} from '../metadataNames';
import * as entry from '../bookingRules';

const mapping = { typeName: 'BookingFieldMapping', developerName: 'Account_Name' };

describe('customMetadataRecordFullName', () => {
  it('names an installed record in a subscriber org with the package namespace on both parts', () => {
    expect(
      customMetadataRecordFullName({
        ...mapping,
        typeNamespace: 'bkconn',
        recordNamespace: 'bkconn',
        orgNamespace: null
      })
    ).toBe('bkconn__BookingFieldMapping.bkconn__Account_Name');
  });

  it("names the subscriber's own record (and a new one) without a record namespace", () => {
    for (const recordNamespace of [null, undefined, '']) {
      expect(
        customMetadataRecordFullName({
          ...mapping,
          typeNamespace: 'bkconn',
          recordNamespace,
          orgNamespace: null
        })
      ).toBe('bkconn__BookingFieldMapping.Account_Name');
    }
  });

  it("names records of the org's own namespace without the record prefix (the owning org)", () => {
    expect(
      customMetadataRecordFullName({
        ...mapping,
        typeNamespace: 'bkconn',
        recordNamespace: 'bkconn',
        orgNamespace: 'bkconn'
      })
    ).toBe('bkconn__BookingFieldMapping.Account_Name');
  });

  it('names records of an org without any namespace plainly', () => {
    expect(customMetadataRecordFullName({ ...mapping })).toBe('BookingFieldMapping.Account_Name');
  });

  it('keeps the namespace of a record from a third package', () => {
    expect(
      customMetadataRecordFullName({
        ...mapping,
        typeNamespace: 'bkconn',
        recordNamespace: 'other',
        orgNamespace: 'mine'
      })
    ).toBe('bkconn__BookingFieldMapping.other__Account_Name');
  });

  it('accepts the type with __mdt, and refuses names that already carry a namespace', () => {
    expect(customMetadataRecordFullName({ ...mapping, typeName: 'BookingFieldMapping__mdt' })).toBe(
      'BookingFieldMapping.Account_Name'
    );
    expect(() =>
      customMetadataRecordFullName({ ...mapping, developerName: 'bkconn__Account_Name' })
    ).toThrow('NamespacePrefix says which one');
    expect(() =>
      customMetadataRecordFullName({ ...mapping, typeName: 'bkconn__BookingFieldMapping' })
    ).toThrow('without namespace');
    expect(() => customMetadataRecordFullName({ ...mapping, developerName: '' })).toThrow();
  });

  it('is exported from the rules module entry', () => {
    expect(entry.customMetadataRecordFullName).toBe(customMetadataRecordFullName);
    expect(entry.customMetadataRecordKey).toBe(customMetadataRecordKey);
  });
});

describe('customMetadataRecordKey', () => {
  it('tells an installed record from a subscriber record of the same DeveloperName', () => {
    const installed = customMetadataRecordKey({
      developerName: 'Account_Name',
      recordNamespace: 'bkconn'
    });
    const own = customMetadataRecordKey({ developerName: 'Account_Name', recordNamespace: null });
    expect(installed).not.toBe(own);
  });

  it("gives a new record the org's namespace", () => {
    expect(
      customMetadataRecordKey({
        developerName: 'New_One',
        recordNamespace: null,
        orgNamespace: 'bkconn'
      })
    ).toBe(customMetadataRecordKey({ developerName: 'new_one', recordNamespace: 'bkconn' }));
  });
});

describe('existingRecordNamespace', () => {
  const records = [
    { DeveloperName: 'Account_Name', NamespacePrefix: null },
    { DeveloperName: 'Account_Name', NamespacePrefix: 'bkconn' },
    { DeveloperName: 'Own_Only', NamespacePrefix: null }
  ];
  it("prefers the package's record over a duplicate the subscriber holds", () => {
    expect(existingRecordNamespace('account_name', records, 'bkconn')).toBe('bkconn');
  });
  it("finds the subscriber's own record, and none for a new name", () => {
    expect(existingRecordNamespace('Own_Only', records, 'bkconn')).toBeNull();
    expect(existingRecordNamespace('Missing', records, 'bkconn')).toBeNull();
    expect(existingRecordNamespace('Account_Name', [records[0]], null)).toBeNull();
  });
});

describe('withNamespace and namespacePrefix', () => {
  it('prefix a name with the namespace and two underscores only when there is a namespace', () => {
    expect(withNamespace('BookingConnectorApiUser', 'bkconn')).toBe(
      'bkconn__BookingConnectorApiUser'
    );
    expect(withNamespace('Booking_Id__c', null)).toBe('Booking_Id__c');
    expect(withNamespace('Booking_Id__c', '')).toBe('Booking_Id__c');
    expect(withNamespace('Booking_Id__c', undefined)).toBe('Booking_Id__c');
    expect(namespacePrefix('bkconn')).toBe('bkconn__');
    expect(namespacePrefix('')).toBe('');
  });

  it('are exported from the rules module entry', () => {
    expect(entry.withNamespace).toBe(withNamespace);
    expect(entry.namespacePrefix).toBe(namespacePrefix);
  });
});
