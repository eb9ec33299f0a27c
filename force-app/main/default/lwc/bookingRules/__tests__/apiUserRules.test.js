import {
  ADVANCED_OBJECTS,
  ADVANCED_OBJECT_PERMISSIONS,
  allPassed,
  apiUserPermissionSetName,
  checkApiUser,
  checkConnectedUser,
  installationChecklist,
  normalizeSecurityMode
} from '../apiUserRules';
import * as bookingRules from '../bookingRules';

const fullAccess = { read: true, create: true, edit: true, remove: true };

function standardUser(overrides = {}) {
  return {
    username: 'api@example.com',
    found: true,
    isActive: true,
    licenseName: 'Salesforce',
    profileName: 'System Administrator',
    profilePermissions: { apiEnabled: true, modifyAllData: true, editEvent: true },
    profileObjectPermissions: {},
    recordTypes: {},
    ...overrides
  };
}

function secureUser(overrides = {}) {
  return standardUser({
    profileName: 'Booking API Secure',
    profilePermissions: { apiEnabled: true, modifyAllData: false, editEvent: true },
    profileObjectPermissions: Object.fromEntries(
      ADVANCED_OBJECTS.map((name) => [name, { ...fullAccess }])
    ),
    ...overrides
  });
}

const failed = (rows) => rows.filter((entry) => !entry.passed).map((entry) => entry.id);

describe('checkApiUser, standard mode', () => {
  it('passes a System Administrator with API Enabled and Modify All Data', () => {
    const rows = checkApiUser(standardUser(), 'Standard');
    expect(rows.map((entry) => entry.id)).toEqual([
      'userActive',
      'license',
      'profile',
      'apiEnabled',
      'modifyAllData'
    ]);
    expect(allPassed(rows)).toBe(true);
    expect(rows.every((entry) => entry.fix === '')).toBe(true);
  });

  it('defaults to standard mode', () => {
    expect(checkApiUser(standardUser()).map((entry) => entry.id)).toContain('modifyAllData');
  });

  it('fails a user whose license is not Salesforce and says the license cannot be changed', () => {
    const rows = checkApiUser(standardUser({ licenseName: 'Chatter Free' }), 'standard');
    expect(failed(rows)).toEqual(['license']);
    expect(rows.find((entry) => entry.id === 'license').fix).toMatch(
      /Chatter Free.*Salesforce license/
    );
  });

  it('fails another profile and names it', () => {
    const rows = checkApiUser(standardUser({ profileName: 'Standard User' }), 'Standard');
    expect(failed(rows)).toEqual(['profile']);
    expect(rows.find((entry) => entry.id === 'profile').fix).toContain('"Standard User"');
  });

  it.each([
    ['apiEnabled', 'API Enabled'],
    ['modifyAllData', 'Modify All Data']
  ])('fails a profile without %s and names the checkbox', (permission, label) => {
    const facts = standardUser();
    facts.profilePermissions[permission] = false;
    const rows = checkApiUser(facts, 'Standard');
    expect(failed(rows)).toEqual([permission]);
    expect(rows.find((entry) => entry.id === permission).fix).toContain(`"${label}"`);
  });

  it('fails an inactive user', () => {
    expect(failed(checkApiUser(standardUser({ isActive: false }), 'Standard'))).toEqual([
      'userActive'
    ]);
  });

  it('reports only that the user does not exist when not found', () => {
    const rows = checkApiUser({ username: 'nobody@example.com', found: false }, 'Standard');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: 'userFound', passed: false });
    expect(rows[0].fix).toContain('nobody@example.com');
    expect(allPassed(rows)).toBe(false);
  });

  it('refuses facts that are not an object and an unknown mode', () => {
    expect(() => checkApiUser(undefined, 'Standard')).toThrow(/API user facts/);
    expect(() => checkApiUser(standardUser(), 'paranoid')).toThrow(/Use "standard" or "advanced"/);
  });
});

describe('checkApiUser, advanced secure mode', () => {
  it('passes a profile with every permission and does not ask for System Administrator or Modify All Data', () => {
    const rows = checkApiUser(secureUser(), 'Advanced');
    expect(allPassed(rows)).toBe(true);
    const ids = rows.map((entry) => entry.id);
    expect(ids).not.toContain('profile');
    expect(ids).not.toContain('modifyAllData');
    expect(ids).toEqual([
      'userActive',
      'license',
      'apiEnabled',
      'editEvents',
      'object.Lead',
      'object.Account',
      'object.Contact',
      'object.Event',
      'object.Case',
      'recordTypes'
    ]);
  });

  it.each([
    ['apiEnabled', 'apiEnabled', 'API Enabled'],
    ['editEvent', 'editEvents', 'Edit Events']
  ])('fails a profile without %s', (permission, id, label) => {
    const facts = secureUser();
    facts.profilePermissions[permission] = false;
    const rows = checkApiUser(facts, 'advanced');
    expect(failed(rows)).toEqual([id]);
    expect(rows.find((entry) => entry.id === id).fix).toContain(label);
  });

  // Each of the twenty object permissions, missing in turn, fails exactly its object's row.
  const cases = ADVANCED_OBJECTS.flatMap((objectName) =>
    ADVANCED_OBJECT_PERMISSIONS.map(({ key, label }) => [objectName, key, label])
  );
  it.each(cases)('fails %s without %s and names what to check', (objectName, key, label) => {
    const facts = secureUser();
    facts.profileObjectPermissions[objectName] = { ...fullAccess, [key]: false };
    const rows = checkApiUser(facts, 'Advanced');
    expect(failed(rows)).toEqual([`object.${objectName}`]);
    expect(rows.find((entry) => entry.id === `object.${objectName}`).fix).toBe(
      `Under Standard Object Permissions of the profile "Booking API Secure", check ${label} on ${objectName}.`
    );
  });

  it('accepts `delete` as the name of the Delete permission and object names in any case', () => {
    const facts = secureUser({
      profileObjectPermissions: Object.fromEntries(
        ADVANCED_OBJECTS.map((name) => [
          name.toLowerCase(),
          { read: true, create: true, edit: true, delete: true }
        ])
      )
    });
    expect(allPassed(checkApiUser(facts, 'Advanced'))).toBe(true);
  });

  it('lists every missing permission of an object without any', () => {
    const facts = secureUser();
    delete facts.profileObjectPermissions.Case;
    const row = checkApiUser(facts, 'Advanced').find((entry) => entry.id === 'object.Case');
    expect(row.fix).toContain('check Read, Create, Edit, Delete on Case');
  });

  it('fails when the profile cannot use any record type of an object that has them', () => {
    const facts = secureUser({
      recordTypes: { Case: ['Support', 'Billing'] },
      availableRecordTypes: { Case: [] }
    });
    const rows = checkApiUser(facts, 'Advanced');
    expect(failed(rows)).toEqual(['recordTypes']);
    expect(rows.find((entry) => entry.id === 'recordTypes').fix).toContain(
      'Case: Support, Billing'
    );
  });

  it('passes record types the profile can use', () => {
    const facts = secureUser({
      recordTypes: { Case: ['Support'] },
      availableRecordTypes: { Case: ['Support'] }
    });
    expect(allPassed(checkApiUser(facts, 'Advanced'))).toBe(true);
  });

  it('marks record types unverified, with what to check, when visibility is unknown', () => {
    const row = checkApiUser(secureUser({ recordTypes: { Case: ['Support'] } }), 'Advanced').find(
      (entry) => entry.id === 'recordTypes'
    );
    expect(row).toMatchObject({ passed: true, unverified: true });
    expect(row.fix).toContain('Record Type Settings');
  });
});

describe('names and modes', () => {
  it('adds the namespace to the permission set only when the org has one', () => {
    expect(apiUserPermissionSetName('bkconn')).toBe('bkconn__BookingConnectorApiUser');
    expect(apiUserPermissionSetName(null)).toBe('BookingConnectorApiUser');
    expect(apiUserPermissionSetName('')).toBe('BookingConnectorApiUser');
  });

  it('reads modes the way people write them', () => {
    expect(normalizeSecurityMode(undefined)).toBe('Standard');
    expect(normalizeSecurityMode('ADVANCED')).toBe('Advanced');
    expect(normalizeSecurityMode('advanced-secure')).toBe('Advanced');
  });

  it('is re-exported by the bundle', () => {
    expect(bookingRules.checkApiUser).toBe(checkApiUser);
    expect(bookingRules.installationChecklist).toBe(installationChecklist);
  });
});

describe('checkConnectedUser', () => {
  it('passes the API user, whatever the case of the username', () => {
    expect(checkConnectedUser('API@example.com', 'api@example.com').passed).toBe(true);
  });

  it('refuses another user and says to log out and connect as the API user', () => {
    const result = checkConnectedUser('admin@example.com', 'api@example.com');
    expect(result.passed).toBe(false);
    expect(result.fix).toBe(
      'Connected as admin@example.com, not as the API user. Log out of Salesforce and connect as api@example.com.'
    );
  });
});

describe('installationChecklist', () => {
  const done = {
    packageVersion: '1.2',
    permissionSetName: 'bkconn__BookingConnectorApiUser',
    apiUserPermissionSetAssigned: true,
    layout: { layoutName: 'Event Layout', readable: true, missingFields: [] }
  };

  it('ticks every step when done, with the version', () => {
    const rows = installationChecklist(done, 'Standard');
    expect(rows.map((entry) => entry.id)).toEqual([
      'packageInstalled',
      'permissionSetAssigned',
      'layoutFields'
    ]);
    expect(allPassed(rows)).toBe(true);
    expect(rows[0].label).toContain('1.2');
  });

  it('asks for the permission set by its namespaced name', () => {
    const rows = installationChecklist(
      { ...done, apiUserPermissionSetAssigned: false },
      'Standard'
    );
    expect(failed(rows)).toEqual(['permissionSetAssigned']);
    expect(rows[1].fix).toContain('bkconn__BookingConnectorApiUser');
  });

  it('drops the permission set step in advanced secure mode', () => {
    const rows = installationChecklist(
      { ...done, apiUserPermissionSetAssigned: false },
      'Advanced'
    );
    expect(rows.map((entry) => entry.id)).toEqual(['packageInstalled', 'layoutFields']);
    expect(allPassed(rows)).toBe(true);
  });

  it('names the fields missing from the layout, and says when it could not be read', () => {
    const missing = installationChecklist(
      {
        ...done,
        layout: { layoutName: 'Event Layout', readable: true, missingFields: ['Booking_Id__c'] }
      },
      'Standard'
    );
    expect(missing[2].fix).toContain('Add Booking_Id__c to the Event layout "Event Layout"');
    const unreadable = installationChecklist(
      { ...done, layout: { readable: false, error: 'no access' } },
      'Standard'
    );
    expect(unreadable[2].fix).toContain('could not be read (no access)');
  });

  it('checks each assigned Event layout on a row of its own, naming the profiles using it', () => {
    const rows = installationChecklist(
      {
        ...done,
        layout: undefined,
        layouts: [
          {
            layoutName: 'Event-Event Layout',
            profiles: ['System Administrator'],
            readable: true,
            missingFields: ['Booking_Id__c', 'Meeting_Link__c']
          },
          {
            layoutName: 'Event-Sales Event Layout',
            profiles: ['Booking API Secure'],
            readable: true,
            missingFields: []
          }
        ]
      },
      'Standard'
    );
    expect(rows.map((entry) => entry.id)).toEqual([
      'packageInstalled',
      'permissionSetAssigned',
      'layoutFields:Event-Event Layout',
      'layoutFields:Event-Sales Event Layout'
    ]);
    expect(failed(rows)).toEqual(['layoutFields:Event-Event Layout']);
    expect(rows[2].label).toBe(
      'Package fields on the Event layout "Event Layout" (System Administrator)'
    );
    expect(rows[2].fix).toContain(
      'Add Booking_Id__c, Meeting_Link__c to the Event layout "Event Layout"'
    );
  });

  it('accepts source deployed without a package and fails when neither', () => {
    expect(
      installationChecklist({ ...done, packageVersion: null, deployedFromSource: true })[0].passed
    ).toBe(true);
    expect(installationChecklist({ ...done, packageVersion: null })[0].passed).toBe(false);
  });
});
