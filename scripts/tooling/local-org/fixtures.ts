// What a fresh local org holds besides its schema: the licenses, the standard profiles and the
// admin every org has, and (not in a scratch org) the test fixtures: the advanced-secure profile
// with its one-requirement-missing variants, the fixture users of every branch of the API-user
// checks, the Support record type of Case and the Booking Leads queue. Names are exported so
// tests and tools use them. The schema these rows live in is standard-objects.ts.
import type { OrgState } from './model.ts';
import {
  OBJECT_PERMISSION_OBJECTS,
  OBJECT_PERMISSIONS,
  PROFILE_PERMISSIONS
} from './standard-objects.ts';
import type { SeedWriter } from './seed-writer.ts';

export const LOCAL_DOMAIN = 'bookingconnector.local';

export const SEEDED_PROFILES = {
  systemAdministrator: 'System Administrator',
  standardUser: 'Standard User',
  chatterFree: 'Chatter Free User',
  advancedSecure: 'Booking API Secure'
} as const;

/** Profile names of the advanced-secure-mode variants, each missing exactly one requirement. */
export function advancedVariantProfile(missing: string): string {
  return `${SEEDED_PROFILES.advancedSecure} - no ${missing}`;
}

/**
 * Every requirement a variant can lack: "API Enabled", "Edit Events", "Access Activities",
 * "Lead Delete", ... Events are covered by the two user permissions, not by object permissions.
 */
export const ADVANCED_REQUIREMENTS = [
  'API Enabled',
  'Edit Events',
  'Access Activities',
  ...OBJECT_PERMISSION_OBJECTS.flatMap((objectName) =>
    OBJECT_PERMISSIONS.map((permission) => `${objectName} ${permission}`)
  ),
  // The Record Type Settings of the profile: without the Case record type, Cases cannot be
  // created with it (the reference articles' last step).
  'Case Record Types'
];

export function seededUsername(localPart: string): string {
  return `${localPart}@${LOCAL_DOMAIN}`;
}

/**
 * The admin of a local org: a username of its own per org (platform rule
 * `api.org.adminUsername`), derived from the org's Id so it stays the same for a saved data dir.
 * Usernames are unique across Salesforce and the sf CLI keys its logins by username: with one
 * admin name for every local org, logging in to a second one took over the first one's aliases.
 * Read it from the org (`LocalOrg.adminUsername`, `state.org.adminUsername`), never spell it.
 */
export function localAdminUsername(organizationId: string): string {
  return seededUsername(`admin+${organizationId.slice(0, 15).toLowerCase()}`);
}

/** The admin of an org saved before each org had its own (kept, so its logins stay valid). */
export const LEGACY_ADMIN_USERNAME = seededUsername('admin');

/** The admin's username of an org, saved before admin names were per org or after. */
export function adminUsernameOf(state: OrgState): string {
  return state.org.adminUsername ?? LEGACY_ADMIN_USERNAME;
}

/**
 * Usernames of the fixture users, by the role each plays in tests (the admin's is per org:
 * `localAdminUsername`).
 */
export const SEEDED_USERS = {
  apiUser: seededUsername('api.user'),
  secureApiUser: seededUsername('secure.api'),
  standardUser: seededUsername('standard.user'),
  chatterUser: seededUsername('chatter.user'),
  inactiveUser: seededUsername('inactive.user'),
  /** The advanced-secure candidate whose profile lacks the given requirement. */
  secureMissing: (missing: string): string =>
    seededUsername(`secure.no-${missing.toLowerCase().replace(/\s+/g, '-')}`)
};

/** The user permission behind each advanced-secure requirement a variant can lack. */
const REQUIREMENT_PERMISSIONS: Record<string, string> = {
  'API Enabled': 'ApiEnabled',
  'Edit Events': 'EditEvent',
  'Access Activities': 'ActivitiesAccess'
};

/** Profile Ids by profile name, as seedPeople created them. */
export type SeededProfiles = Record<string, string>;

/**
 * The licenses, profiles and users of a new org, in the order their Ids are minted: licenses,
 * profiles (each with its permission set and object permissions), the admin (who then becomes
 * the creator of every row), the fixture users. A scratch org gets the standard profiles and its
 * admin only, as a new scratch org has.
 */
export function seedPeople(
  writer: SeedWriter,
  options: { adminUsername: string; fixtures: boolean }
): SeededProfiles {
  const insert = writer.insert.bind(writer);
  const licenses = {
    salesforce: insert('UserLicense', {
      Name: 'Salesforce',
      LicenseDefinitionKey: 'SFDC',
      Status: 'Active'
    }),
    platform: insert('UserLicense', {
      Name: 'Salesforce Platform',
      LicenseDefinitionKey: 'AUL',
      Status: 'Active'
    }),
    chatter: insert('UserLicense', {
      Name: 'Chatter Free',
      LicenseDefinitionKey: 'PID_Chatter',
      Status: 'Active'
    })
  };

  const allObjects = (perms: readonly string[]) =>
    Object.fromEntries(OBJECT_PERMISSION_OBJECTS.map((name) => [name, perms]));
  const createProfile = (
    name: string,
    licenseId: string,
    userPermissions: string[],
    objectPermissions: Record<string, readonly string[]>
  ): string => {
    const flags = Object.fromEntries(
      PROFILE_PERMISSIONS.map((permission) => [
        `Permissions${permission}`,
        userPermissions.includes(permission)
      ])
    );
    const profileId = insert('Profile', {
      Name: name,
      UserLicenseId: licenseId,
      UserType: 'Standard',
      Description: null,
      ...flags
    });
    const permissionSetId = insert('PermissionSet', {
      Name: `X00e${profileId.slice(3, 15)}`,
      Label: name,
      Description: null,
      NamespacePrefix: null,
      IsOwnedByProfile: true,
      ProfileId: profileId,
      LicenseId: null,
      Type: 'Profile',
      ...flags
    });
    for (const [objectName, perms] of Object.entries(objectPermissions)) {
      if (perms.length === 0) continue;
      insert('ObjectPermissions', {
        ParentId: permissionSetId,
        SobjectType: objectName,
        PermissionsRead: perms.includes('Read'),
        PermissionsCreate: perms.includes('Create'),
        PermissionsEdit: perms.includes('Edit'),
        PermissionsDelete: perms.includes('Delete'),
        PermissionsViewAllRecords: false,
        PermissionsModifyAllRecords: false,
        PermissionsViewAllFields: false
      });
    }
    return profileId;
  };

  // The System Administrator has every user permission the product reads.
  const everything = [...PROFILE_PERMISSIONS];
  const profiles: Record<string, string> = {
    [SEEDED_PROFILES.systemAdministrator]: createProfile(
      SEEDED_PROFILES.systemAdministrator,
      licenses.salesforce,
      everything,
      {}
    ),
    [SEEDED_PROFILES.standardUser]: createProfile(
      SEEDED_PROFILES.standardUser,
      licenses.salesforce,
      ['ApiEnabled', 'EditEvent', 'EditTask', 'ActivitiesAccess'],
      allObjects(['Read', 'Create', 'Edit'])
    ),
    [SEEDED_PROFILES.chatterFree]: createProfile(
      SEEDED_PROFILES.chatterFree,
      licenses.chatter,
      ['ApiEnabled'],
      {}
    )
  };
  // The advanced-secure profile and its one-requirement-missing variants are test fixtures.
  if (options.fixtures) {
    const secureFull = {
      user: ['ApiEnabled', 'EditEvent', 'EditTask', 'ActivitiesAccess'],
      objects: allObjects(OBJECT_PERMISSIONS)
    };
    profiles[SEEDED_PROFILES.advancedSecure] = createProfile(
      SEEDED_PROFILES.advancedSecure,
      licenses.salesforce,
      secureFull.user,
      secureFull.objects
    );
    for (const missing of ADVANCED_REQUIREMENTS) {
      const user = secureFull.user.filter(
        (permission) => REQUIREMENT_PERMISSIONS[missing] !== permission
      );
      const objects = Object.fromEntries(
        Object.entries(secureFull.objects).map(([objectName, perms]) => [
          objectName,
          perms.filter((permission) => `${objectName} ${permission}` !== missing)
        ])
      );
      profiles[advancedVariantProfile(missing)] = createProfile(
        advancedVariantProfile(missing),
        licenses.salesforce,
        user,
        objects
      );
    }
  }

  const createUser = (
    username: string,
    firstName: string,
    lastName: string,
    profileName: string,
    isActive = true
  ): string =>
    insert('User', {
      Username: username,
      FirstName: firstName,
      LastName: lastName,
      Name: `${firstName} ${lastName}`,
      Email: username,
      Alias: (firstName.charAt(0) + lastName).slice(0, 8).toLowerCase(),
      IsActive: isActive,
      ProfileId: profiles[profileName],
      UserType: profileName === SEEDED_PROFILES.chatterFree ? 'CsnOnly' : 'Standard',
      TimeZoneSidKey: 'America/Los_Angeles',
      LocaleSidKey: 'en_US',
      EmailEncodingKey: 'UTF-8',
      LanguageLocaleKey: 'en_US'
    });

  writer.setCreator(
    createUser(options.adminUsername, 'Ada', 'Admin', SEEDED_PROFILES.systemAdministrator)
  );
  if (options.fixtures) {
    createUser(SEEDED_USERS.apiUser, 'Booking', 'API', SEEDED_PROFILES.systemAdministrator);
    createUser(SEEDED_USERS.secureApiUser, 'Secure', 'API', SEEDED_PROFILES.advancedSecure);
    createUser(SEEDED_USERS.standardUser, 'Sam', 'Standard', SEEDED_PROFILES.standardUser);
    createUser(SEEDED_USERS.chatterUser, 'Charlie', 'Chatter', SEEDED_PROFILES.chatterFree);
    createUser(
      SEEDED_USERS.inactiveUser,
      'Ivy',
      'Inactive',
      SEEDED_PROFILES.systemAdministrator,
      false
    );
    for (const missing of ADVANCED_REQUIREMENTS) {
      createUser(
        SEEDED_USERS.secureMissing(missing),
        'Secure',
        `No ${missing}`,
        advancedVariantProfile(missing)
      );
    }
  }
  return profiles;
}

/**
 * The Support record type of Case, visible to every profile but the variant that lacks it (the
 * reference articles' last step: without it, Cases cannot be created with the profile).
 */
export function seedCaseRecordType(
  state: OrgState,
  writer: SeedWriter,
  profiles: SeededProfiles
): void {
  writer.insert('RecordType', {
    Name: 'Support',
    DeveloperName: 'Support',
    SobjectType: 'Case',
    IsActive: true
  });
  state.recordTypeVisibility = Object.fromEntries(
    Object.entries(profiles)
      .filter(([name]) => name !== advancedVariantProfile('Case Record Types'))
      .map(([, profileId]) => [profileId, ['Case.Support']])
  );
}

/** The queue the Lead assignment rule gives new Leads to (assignment-rules.ts). */
export function seedLeadQueue(writer: SeedWriter): void {
  writer.insert('Group', { Name: 'Booking Leads', DeveloperName: 'Booking_Leads', Type: 'Queue' });
}
