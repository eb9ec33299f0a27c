// readApiUserFacts against the local org: events are read from the profile's user permissions
// (Edit Events, Access Activities), never from an Event object permission, which Salesforce does
// not have; and an org without the Access Activities permission still gets an answer.
import type { Connection } from '@salesforce/core';
import { loginAs } from '../../../tooling/test-kit/login.ts';
import { readApiUserFacts } from '../facts.ts';
import { checkApiUser } from '../rules.ts';
import { startLocalOrg, type LocalOrg } from '../../../tooling/local-org/server.ts';
import { SEEDED_USERS } from '../../../tooling/local-org/seed.ts';

jest.setTimeout(60_000);

let org: LocalOrg;
let connection: Connection;

beforeAll(async () => {
  org = await startLocalOrg({ dataDir: null });
  connection = await loginAs(org);
});

afterAll(() => org.close());

test('advanced mode reads Edit Events and Access Activities, and no Event object permission', async () => {
  const { user } = await readApiUserFacts(connection, SEEDED_USERS.secureApiUser, null);
  expect(user.profilePermissions).toEqual({
    apiEnabled: true,
    modifyAllData: false,
    editEvent: true,
    activitiesAccess: true
  });
  expect(Object.keys(user.profileObjectPermissions).sort()).toEqual([
    'Account',
    'Case',
    'Contact',
    'Lead'
  ]);
  const missing = await readApiUserFacts(
    connection,
    SEEDED_USERS.secureMissing('Access Activities'),
    null
  );
  expect(missing.user.profilePermissions.activitiesAccess).toBe(false);
});

// Salesforce documents Access Activities for current orgs; an org whose PermissionSet has no
// such field (the other reading of the rule permission.Activities.access) must not fail the
// check: the row says "verify" instead.
test('an org without the Access Activities field gets the other facts and a row to verify', async () => {
  const fields = org.store.state.schema.permissionset.fields;
  const saved = fields.permissionsactivitiesaccess;
  delete fields.permissionsactivitiesaccess;
  try {
    const { user } = await readApiUserFacts(connection, SEEDED_USERS.secureApiUser, null);
    expect(user.profilePermissions).toEqual({
      apiEnabled: true,
      modifyAllData: false,
      editEvent: true
    });
    const row = checkApiUser(user, 'Advanced').find((entry) => entry.id === 'accessActivities');
    expect(row).toMatchObject({ passed: true, unverified: true });
  } finally {
    fields.permissionsactivitiesaccess = saved;
  }
});
