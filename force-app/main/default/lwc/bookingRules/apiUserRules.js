/*
 * API-user rules: what the one Salesforce user the connector writes through must have, in
 * standard and in advanced secure mode, and the installation checklist an admin works through.
 * Used by the setup page (phases 1 and 2) and by the CLI (`api-user:check`, `setup`).
 *
 * Facts come in as plain data (the shape BookingSetupState.ApiUserFacts has in Apex):
 *   { username, found, isActive, licenseName, profileName,
 *     profilePermissions: { apiEnabled, modifyAllData, editEvent, activitiesAccess },
 *     profileObjectPermissions: { Lead: { read, create, edit, remove }, ... },  // ADVANCED_OBJECTS
 *     recordTypes: { Case: ['Support'] },            // active record types in the org
 *     availableRecordTypes?: { Case: ['Support'] } } // those the user's profile may use
 * profilePermissions carry the profile's PermissionsEditEvent and PermissionsActivitiesAccess;
 * `activitiesAccess` is left out (undefined) where the org has no such permission to read.
 * Events have no object permissions in Salesforce (no ObjectPermissions row, no checkbox in the
 * profile): an Event entry in profileObjectPermissions is ignored.
 * Every check comes out as a row { id, label, passed, fix }: `id` is stable (the page turns it
 * into a translated label), `label` and `fix` are English for the command line; `fix` is ''
 * when the row passes and otherwise says what the admin changes, and where.
 * Self-contained on purpose: Node imports this file directly and resolves relative ES module
 * imports only with an extension, which the LWC compiler does not accept.
 */

/** The two ways the connector can be given access. */
export const SECURITY_MODES = Object.freeze({ STANDARD: 'Standard', ADVANCED: 'Advanced' });

/** The license and profile the reference articles require of a standard-mode API user. */
export const REQUIRED_LICENSE = 'Salesforce';
export const REQUIRED_STANDARD_PROFILE = 'System Administrator';

/**
 * The objects an advanced-secure-mode profile needs Read, Create, Edit and Delete on, in the
 * articles' order. The articles list Events too, but Salesforce has no object permissions for
 * events (a profile has no such checkbox, ObjectPermissions no such row): access to events comes
 * from the user permissions in EVENT_USER_PERMISSIONS, checked on rows of their own.
 */
export const ADVANCED_OBJECTS = Object.freeze(['Lead', 'Account', 'Contact', 'Case']);

/**
 * The five standard objects the connector writes records of, in the reference articles' order:
 * the API user's access is to these, and the record type check reads these. (fieldRules.js lists
 * them in the order the mapping editor offers them, TARGET_OBJECTS; it cannot import this file.)
 */
export const CONNECTOR_OBJECTS = Object.freeze(['Lead', 'Account', 'Contact', 'Event', 'Case']);

/**
 * The user permissions that govern events: Edit Events (create, edit and delete events;
 * PermissionsEditEvent) and Access Activities (see events at all; PermissionsActivitiesAccess).
 * `key` is the fact in profilePermissions, `id` the row.
 */
export const EVENT_USER_PERMISSIONS = Object.freeze([
  { key: 'editEvent', id: 'editEvents', label: 'Edit Events', section: 'General User Permissions' },
  { key: 'activitiesAccess', id: 'accessActivities', label: 'Access Activities', section: null }
]);

/**
 * The API user's create and edit access to Event, which no object permission carries: Edit
 * Events grants both, and Access Activities, where the org reports it, must not be off. The
 * field rules (isEditableByApiUser) read object access in this shape for every object.
 * @param {{editEvent?: boolean, activitiesAccess?: boolean|null}|undefined} userPermissions
 * @returns {{read: boolean, create: boolean, edit: boolean}}
 */
export function eventAccess(userPermissions) {
  const permissions = userPermissions ?? {};
  const allowed = permissions.editEvent === true && permissions.activitiesAccess !== false;
  return { read: permissions.activitiesAccess !== false, create: allowed, edit: allowed };
}

/** Where the connector's access to the standard objects comes from, in each mode (shown to admins). */
export const STANDARD_OBJECT_ACCESS_NOTE = Object.freeze({
  Standard:
    "Access to Lead, Contact, Account, Case and Event comes from the System Administrator profile (Modify All Data). The permission set grants only the package's own fields, settings and field mappings: a managed package cannot grant object permissions on standard objects.",
  Advanced:
    'Access to Lead, Contact, Account, Case and Event comes from the profile alone: Read, Create, Edit and Delete on Lead, Account, Contact and Case, and the user permissions Edit Events and Access Activities for events, which have no object permissions.'
});

/** Read, Create, Edit, Delete: the object permissions advanced secure mode requires. */
export const ADVANCED_OBJECT_PERMISSIONS = Object.freeze([
  { key: 'read', label: 'Read' },
  { key: 'create', label: 'Create' },
  { key: 'edit', label: 'Edit' },
  { key: 'remove', label: 'Delete' }
]);

/** API name of the package's API-user permission set, without namespace. */
export const API_USER_PERMISSION_SET = 'BookingConnectorApiUser';

/**
 * Where the package's Activity fields go when they are added to an Event layout: a section of
 * this label, the fields the connector owns read-only. (BookingMetadataDeployer.cls applies the
 * same two values from Apex, which cannot import this module.)
 */
export const LAYOUT_SECTION_LABEL = 'Booking';
export const READ_ONLY_LAYOUT_FIELDS = Object.freeze([
  'Booking_Id__c',
  'Last_Synced__c',
  'Booking_Sequence__c'
]);

/**
 * 'Standard' or 'Advanced' from what a person or a setting says (case does not matter;
 * 'advanced-secure' and 'secure' mean Advanced).
 * @param {string|null|undefined} mode
 * @returns {'Standard'|'Advanced'}
 */
export function normalizeSecurityMode(mode) {
  if (mode === undefined || mode === null || mode === '') return SECURITY_MODES.STANDARD;
  const text = String(mode).trim().toLowerCase();
  if (text === 'standard') return SECURITY_MODES.STANDARD;
  if (['advanced', 'advanced-secure', 'advancedsecure', 'secure'].includes(text)) {
    return SECURITY_MODES.ADVANCED;
  }
  throw new Error(`Unknown security mode "${mode}". Use "standard" or "advanced".`);
}

function row(id, label, passed, fix) {
  return { id, label, passed: Boolean(passed), fix: passed ? '' : fix };
}

function where(facts) {
  return facts.profileName ? `the profile "${facts.profileName}"` : "the user's profile";
}

function objectAccess(facts, objectName) {
  const grants = facts.profileObjectPermissions ?? {};
  const entry =
    grants[objectName] ??
    Object.entries(grants).find(([name]) => name.toLowerCase() === objectName.toLowerCase())?.[1];
  if (!entry) return {};
  // Apex cannot name a property `delete`; accept both spellings.
  return { ...entry, remove: entry.remove ?? entry.delete };
}

function identityRows(facts) {
  const name = facts.username ?? 'the API user';
  if (!facts.found) {
    return [
      row(
        'userFound',
        `User ${name} exists`,
        false,
        `No user with the username ${name} was found. Check the spelling, or create the user (Setup > Users > New User).`
      )
    ];
  }
  return [
    row(
      'userActive',
      'User is active',
      facts.isActive === true,
      `Activate ${name} (Setup > Users > Edit > Active).`
    ),
    row(
      'license',
      `User License is ${REQUIRED_LICENSE}`,
      facts.licenseName === REQUIRED_LICENSE,
      `${name} has the User License "${facts.licenseName ?? 'unknown'}". The connector needs a user with the ${REQUIRED_LICENSE} license: choose or create such a user (the license cannot be changed on an existing user).`
    )
  ];
}

function standardRows(facts) {
  const permissions = facts.profilePermissions ?? {};
  return [
    row(
      'profile',
      `Profile is ${REQUIRED_STANDARD_PROFILE}`,
      facts.profileName === REQUIRED_STANDARD_PROFILE,
      `The user's profile is "${facts.profileName ?? 'unknown'}". Set it to ${REQUIRED_STANDARD_PROFILE} (Setup > Users > Edit > Profile), or use advanced secure mode.`
    ),
    row(
      'apiEnabled',
      'Profile has API Enabled',
      permissions.apiEnabled === true,
      `Check "API Enabled" under Administrative Permissions of ${where(facts)}.`
    ),
    row(
      'modifyAllData',
      'Profile has Modify All Data',
      permissions.modifyAllData === true,
      `Check "Modify All Data" under Administrative Permissions of ${where(facts)}. In standard mode the connector's access to Lead, Contact, Account, Case and Event comes from the profile; the package's permission set cannot grant it.`
    )
  ];
}

function eventPermissionRow(facts, { key, id, label, section }) {
  const value = (facts.profilePermissions ?? {})[key];
  const place = section ? `under ${section} of ${where(facts)}` : `in ${where(facts)}`;
  const why =
    key === 'editEvent'
      ? 'Events have no object permissions in Salesforce: Edit Events is what lets the API user create, edit and delete them.'
      : 'Without it the API user can neither see nor create events.';
  if (value === undefined || value === null) {
    // The org did not report the permission (an org without it gives everyone activity access):
    // say what to verify rather than claim a result.
    return {
      ...row(id, `Profile has ${label}`, true, ''),
      unverified: true,
      fix: `Could not read "${label}" of ${where(facts)}. Verify that it is checked ${place}. ${why}`
    };
  }
  return row(id, `Profile has ${label}`, value === true, `Check "${label}" ${place}. ${why}`);
}
function recordTypeRow(facts) {
  const active = facts.recordTypes ?? {};
  const available = facts.availableRecordTypes;
  const objectsWithTypes = CONNECTOR_OBJECTS.filter((name) => (active[name] ?? []).length > 0);
  if (!available) {
    // Record type visibility is only visible from the user's own describe; when the facts
    // could not include it, say what to verify instead of claiming a result.
    return {
      ...row('recordTypes', 'Profile has access to the record types', true, ''),
      unverified: objectsWithTypes.length > 0,
      fix:
        objectsWithTypes.length > 0
          ? `Could not read record type visibility. Verify under Record Type Settings of ${where(facts)} that record types of ${objectsWithTypes.join(', ')} are assigned.`
          : ''
    };
  }
  const missing = objectsWithTypes.filter((name) => (available[name] ?? []).length === 0);
  return row(
    'recordTypes',
    'Profile has access to the record types',
    missing.length === 0,
    `Under Record Type Settings of ${where(facts)}, assign the record types of ${missing.join(', ')} that bookings should create (${missing.map((name) => `${name}: ${active[name].join(', ')}`).join('; ')}).`
  );
}

function advancedRows(facts) {
  const permissions = facts.profilePermissions ?? {};
  const rows = [
    row(
      'apiEnabled',
      'Profile has API Enabled',
      permissions.apiEnabled === true,
      `Check "API Enabled" under Administrative Permissions of ${where(facts)}.`
    ),
    ...EVENT_USER_PERMISSIONS.map((permission) => eventPermissionRow(facts, permission))
  ];
  for (const objectName of ADVANCED_OBJECTS) {
    const access = objectAccess(facts, objectName);
    const missing = ADVANCED_OBJECT_PERMISSIONS.filter(({ key }) => access[key] !== true).map(
      ({ label }) => label
    );
    rows.push(
      row(
        `object.${objectName}`,
        `${objectName}: Read, Create, Edit, Delete`,
        missing.length === 0,
        `Under Standard Object Permissions of ${where(facts)}, check ${missing.join(', ')} on ${objectName}.`
      )
    );
  }
  rows.push(recordTypeRow(facts));
  return rows;
}

/** Salesforce shows a layout as its name without the object prefix ("Event-Event Layout"). */
function layoutLabel(layoutName) {
  return layoutName ? ` "${layoutName.replace(/^Event-/, '')}"` : '';
}

function layoutRow(layout, oneOfSeveral) {
  const missingFields = layout.missingFields ?? [];
  const name = layoutLabel(layout.layoutName);
  const usedBy = layout.profiles?.length ? ` (${layout.profiles.join(', ')})` : '';
  return row(
    oneOfSeveral ? `layoutFields:${layout.layoutName}` : 'layoutFields',
    `Package fields on the Event layout${name}${usedBy}`,
    layout.readable === true && missingFields.length === 0,
    layout.readable === false || layout.readable === undefined
      ? `The Event layout${name} could not be read${layout.error ? ` (${layout.error})` : ''}. Check that the layout exists and is assigned to the API user's profile.`
      : `Add ${missingFields.join(', ')} to the Event layout${name} (Setup > Object Manager > Event > Page Layouts, the "Add fields to layout" button of the setup tab, or \`npm run setup -- --add-layout-fields\`).`
  );
}

/**
 * Every requirement of the API user for the given mode, as rows.
 * Standard: active, license Salesforce, profile System Administrator, API Enabled, Modify All Data.
 * Advanced: active, license Salesforce, API Enabled, Edit Events, Access Activities,
 * Read/Create/Edit/Delete on Lead, Account, Contact and Case (from the profile alone), record
 * types. Events have no object permissions: Edit Events and Access Activities stand for them.
 * @param {object} facts see the file comment
 * @param {string} [mode] 'Standard' (default) or 'Advanced'
 * @returns {Array<{id: string, label: string, passed: boolean, fix: string, unverified?: boolean}>}
 */
export function checkApiUser(facts, mode) {
  if (!facts || typeof facts !== 'object') {
    throw new Error(
      'checkApiUser needs the API user facts (an object); got ' + String(facts) + '.'
    );
  }
  const identity = identityRows(facts);
  if (!facts.found) return identity;
  const securityMode = normalizeSecurityMode(mode);
  return [
    ...identity,
    ...(securityMode === SECURITY_MODES.ADVANCED ? advancedRows(facts) : standardRows(facts))
  ];
}

/**
 * True when every row passed.
 * @param {Array<{passed: boolean}>} rows
 * @returns {boolean}
 */
export function allPassed(rows) {
  return rows.length > 0 && rows.every((entry) => entry.passed);
}

/**
 * The user the external side is connected as must be the designated API user; otherwise the
 * connector would write as someone else.
 * @param {string|null|undefined} connectedUsername who the session belongs to
 * @param {string} apiUsername the designated API user
 * @returns {{id: string, label: string, passed: boolean, fix: string}}
 */
export function checkConnectedUser(connectedUsername, apiUsername) {
  const same =
    Boolean(connectedUsername) &&
    String(connectedUsername).toLowerCase() === String(apiUsername).toLowerCase();
  return row(
    'connectedUser',
    `Connected as the API user ${apiUsername}`,
    same,
    `Connected as ${connectedUsername ?? 'nobody'}, not as the API user. Log out of Salesforce and connect as ${apiUsername}.`
  );
}

/**
 * The installation checklist (phase 2): package installed, permission set assigned (in both
 * modes: a managed package's permission set grants only the package's own fields, settings and
 * mappings, which a custom profile does not have), package fields on the Event layout.
 * @param {{packageVersion?: string|null, deployedFromSource?: boolean,
 *   permissionSetName?: string, apiUserPermissionSetAssigned?: boolean,
 *   layout?: {layoutName?: string, readable?: boolean, error?: string, missingFields?: string[]},
 *   layouts?: Array<{layoutName?: string, profiles?: string[], readable?: boolean, error?: string, missingFields?: string[]}>}} facts
 * @param {string} [mode]
 * @returns {Array<{id: string, label: string, passed: boolean, fix: string}>}
 */
export function installationChecklist(facts, mode) {
  const securityMode = normalizeSecurityMode(mode);
  const installed = Boolean(facts.packageVersion) || facts.deployedFromSource === true;
  const permissionSet = facts.permissionSetName ?? API_USER_PERMISSION_SET;
  const rows = [
    row(
      'packageInstalled',
      facts.packageVersion
        ? `Package installed (version ${facts.packageVersion})`
        : facts.deployedFromSource
          ? 'Package source deployed'
          : 'Package installed',
      installed,
      'Install the Booking Connector package (or deploy its source with `npm run deploy`).'
    )
  ];
  // Both modes need the permission set: it is the only grant of the package's Activity fields
  // and of its settings (a protected custom setting only permission sets can grant) and field
  // mappings. What differs by mode is where the standard-object access comes from.
  const objectAccessFrom =
    securityMode === SECURITY_MODES.STANDARD
      ? 'access to Lead, Contact, Account, Case and Event comes from the System Administrator profile'
      : "access to Lead, Contact, Account, Case and Event comes from the API user's profile (phase 1)";
  rows.push(
    row(
      'permissionSetAssigned',
      `Permission set ${permissionSet} assigned to the API user`,
      facts.apiUserPermissionSetAssigned === true,
      `Assign the permission set ${permissionSet} to the API user (Setup > Permission Sets > Manage Assignments, or \`npm run permset:assign -- --api-user <username>\`). It grants the package's Activity fields, settings and field mappings; ${objectAccessFrom}.`
    )
  );
  // The page checks one layout (`layout`); the tooling reads every Event layout assigned to the
  // API user's and the admins' profiles (`layouts`), one row each.
  const layouts = Array.isArray(facts.layouts) ? facts.layouts : [facts.layout ?? {}];
  for (const layout of layouts) {
    rows.push(layoutRow(layout, Array.isArray(facts.layouts)));
  }
  return rows;
}
