import {
  ADVANCED_OBJECTS,
  ADVANCED_OBJECT_PERMISSIONS,
  CONNECTOR_OBJECTS,
  STANDARD_OBJECT_ACCESS_NOTE,
  allPassed,
  checkApiUser,
  checkConnectedUser,
  eventAccess,
  installationChecklist,
  normalizeSecurityMode
} from '../apiUserRules';
import * as bookingRules from '../bookingRules';
import { TARGET_OBJECTS } from '../fieldRules';

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
    profilePermissions: {
      apiEnabled: true,
      modifyAllData: false,
      editEvent: true,
      activitiesAccess: true
    },
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
      'accessActivities',
      'object.Lead',
      'object.Account',
      'object.Contact',
      'object.Case',
      'recordTypes'
    ]);
  });

  // Salesforce has no object permissions for events: a profile has no Read/Create/Edit/Delete
  // on Event to check, and the ObjectPermissions rows never name it.
  it('asks for no Event object permission, which no Salesforce profile can have', () => {
    expect(ADVANCED_OBJECTS).not.toContain('Event');
    const facts = secureUser();
    expect(facts.profileObjectPermissions.Event).toBeUndefined();
    const rows = checkApiUser(facts, 'Advanced');
    expect(allPassed(rows)).toBe(true);
    expect(rows.some((entry) => /Event: Read|on Event\b/.test(entry.label + entry.fix))).toBe(
      false
    );
  });

  it('does not let an Event object permission stand in for Edit Events', () => {
    const facts = secureUser({
      profilePermissions: {
        apiEnabled: true,
        modifyAllData: false,
        editEvent: false,
        activitiesAccess: true
      }
    });
    facts.profileObjectPermissions.Event = { ...fullAccess };
    expect(failed(checkApiUser(facts, 'Advanced'))).toEqual(['editEvents']);
  });

  it('tells the admin which checkbox of which profile governs events', () => {
    const facts = secureUser();
    facts.profilePermissions.editEvent = false;
    facts.profilePermissions.activitiesAccess = false;
    const rows = checkApiUser(facts, 'Advanced');
    expect(failed(rows)).toEqual(['editEvents', 'accessActivities']);
    expect(rows.find((entry) => entry.id === 'editEvents').fix).toBe(
      'Check "Edit Events" under General User Permissions of the profile "Booking API Secure". Events have no object permissions in Salesforce: Edit Events is what lets the API user create, edit and delete them.'
    );
    expect(rows.find((entry) => entry.id === 'accessActivities').fix).toBe(
      'Check "Access Activities" in the profile "Booking API Secure". Without it the API user can neither see nor create events.'
    );
  });

  it('marks Access Activities unverified, with what to check, when the org does not report it', () => {
    const facts = secureUser();
    delete facts.profilePermissions.activitiesAccess;
    const rows = checkApiUser(facts, 'Advanced');
    expect(allPassed(rows)).toBe(true);
    const row = rows.find((entry) => entry.id === 'accessActivities');
    expect(row).toMatchObject({ passed: true, unverified: true });
    expect(row.fix).toContain('Verify that it is checked in the profile "Booking API Secure"');
  });

  it('checks the record types of Event like those of the other objects', () => {
    const facts = secureUser({
      recordTypes: { Event: ['Meeting'] },
      availableRecordTypes: { Event: [] }
    });
    const rows = checkApiUser(facts, 'Advanced');
    expect(failed(rows)).toEqual(['recordTypes']);
    expect(rows.find((entry) => entry.id === 'recordTypes').fix).toContain('Event: Meeting');
  });

  it.each([
    ['apiEnabled', 'apiEnabled', 'API Enabled'],
    ['editEvent', 'editEvents', 'Edit Events'],
    ['activitiesAccess', 'accessActivities', 'Access Activities']
  ])('fails a profile without %s', (permission, id, label) => {
    const facts = secureUser();
    facts.profilePermissions[permission] = false;
    const rows = checkApiUser(facts, 'advanced');
    expect(failed(rows)).toEqual([id]);
    expect(rows.find((entry) => entry.id === id).fix).toContain(label);
  });

  // Each of the sixteen object permissions, missing in turn, fails exactly its object's row.
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

describe('what the checks claim about standard-object access', () => {
  const grantsObjects = /permission set (grants|gives)[^.]*\b(Lead|Contact|Account|Case|Event)\b/i;

  it('never says the permission set grants access to a standard object, in either mode', () => {
    const standardFacts = standardUser({
      profileName: 'Standard User',
      profilePermissions: { apiEnabled: false, modifyAllData: false, editEvent: false }
    });
    const texts = [
      ...checkApiUser(standardFacts, 'Standard'),
      ...checkApiUser(
        secureUser({ profilePermissions: {}, profileObjectPermissions: {} }),
        'Advanced'
      ),
      ...installationChecklist({ apiUserPermissionSetAssigned: false }, 'Standard'),
      ...installationChecklist({ apiUserPermissionSetAssigned: false }, 'Advanced')
    ].flatMap((entry) => [entry.label, entry.fix]);
    expect(texts.filter((text) => grantsObjects.test(text))).toEqual([]);
    expect(
      Object.values(STANDARD_OBJECT_ACCESS_NOTE).filter((text) => grantsObjects.test(text))
    ).toEqual([]);
  });

  it('puts standard-mode object access on the profile and advanced-mode access on the profile alone', () => {
    const facts = standardUser();
    facts.profilePermissions.modifyAllData = false;
    const fix = checkApiUser(facts, 'Standard').find((entry) => entry.id === 'modifyAllData').fix;
    expect(fix).toContain(
      'access to Lead, Contact, Account, Case and Event comes from the profile'
    );
    expect(STANDARD_OBJECT_ACCESS_NOTE.Standard).toContain('System Administrator profile');
    expect(STANDARD_OBJECT_ACCESS_NOTE.Advanced).toContain('Edit Events and Access Activities');
  });
});

describe('eventAccess', () => {
  it('gives create and edit on Event from Edit Events, since events have no object permission', () => {
    expect(eventAccess({ editEvent: true, activitiesAccess: true })).toEqual({
      read: true,
      create: true,
      edit: true
    });
    // An org that does not report Access Activities: Edit Events decides.
    expect(eventAccess({ editEvent: true })).toMatchObject({ create: true, edit: true });
  });

  it('refuses without Edit Events, or with Access Activities off', () => {
    expect(eventAccess({ editEvent: false, activitiesAccess: true })).toMatchObject({
      create: false,
      edit: false
    });
    expect(eventAccess({ editEvent: true, activitiesAccess: false })).toEqual({
      read: false,
      create: false,
      edit: false
    });
    expect(eventAccess(undefined)).toMatchObject({ create: false, edit: false });
  });
});

describe('the connector objects', () => {
  // The rule files cannot import one another (see the note at the top of apiUserRules.js), so
  // fieldRules.js lists the same objects in the mapping editor's order: they must not drift.
  it('are the objects the field mappings may target, and advanced mode adds only Event', () => {
    expect([...CONNECTOR_OBJECTS].sort()).toEqual([...TARGET_OBJECTS].sort());
    expect(CONNECTOR_OBJECTS.filter((name) => !ADVANCED_OBJECTS.includes(name))).toEqual(['Event']);
  });
});

describe('names and modes', () => {
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

  // A managed package's permission sets lose their standard-object permissions at install, so
  // the checklist must not promise them: the permission set grants the package's own parts.
  it('says what the permission set grants, and that object access comes from the profile', () => {
    const [, permissionSet] = installationChecklist(
      { ...done, apiUserPermissionSetAssigned: false },
      'Standard'
    );
    expect(permissionSet.fix).toContain(
      "It grants the package's Activity fields, settings and field mappings; access to Lead, Contact, Account, Case and Event comes from the System Administrator profile."
    );
  });

  // Advanced secure mode keeps the step: without the permission set a custom profile can neither
  // edit the package's Activity fields nor read its protected settings.
  it('asks for the permission set in advanced secure mode too, for the package fields and settings', () => {
    const rows = installationChecklist(
      { ...done, apiUserPermissionSetAssigned: false },
      'Advanced'
    );
    expect(rows.map((entry) => entry.id)).toEqual([
      'packageInstalled',
      'permissionSetAssigned',
      'layoutFields'
    ]);
    expect(failed(rows)).toEqual(['permissionSetAssigned']);
    expect(rows[1].fix).toContain("comes from the API user's profile (phase 1)");
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
