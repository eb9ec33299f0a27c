// ProfileMetadataReader against the local org: what setup's two profile checks (record types,
// layout assignments) cost in API calls when they share one reader.
import type { Connection } from '@salesforce/core';
import { loginAs } from '../../../tooling/test-kit/login.ts';
import { ADMIN_PROFILE_FULL_NAME } from '../layout.ts';
import { ProfileMetadataReader } from '../profile-metadata.ts';
import { startLocalOrg, type LocalOrg } from '../../../tooling/local-org/server.ts';
import { SEEDED_PROFILES } from '../../../tooling/local-org/seed.ts';

jest.setTimeout(60_000);

let org: LocalOrg;
let connection: Connection;
let secureProfileId: string;

beforeAll(async () => {
  org = await startLocalOrg({ dataDir: null });
  connection = await loginAs(org);
  secureProfileId = Object.values(org.store.state.records.profile).find(
    (profile) => profile.Name === SEEDED_PROFILES.advancedSecure
  )!.Id;
});

afterAll(() => org.close());

async function callsOf(work: () => Promise<unknown>): Promise<number> {
  const before = org.apiCallCount;
  await work();
  return org.apiCallCount - before;
}

describe('ProfileMetadataReader', () => {
  it('reads the API user profile and the admin profile in two calls when told to bring both', async () => {
    const reader = new ProfileMetadataReader(connection, [ADMIN_PROFILE_FULL_NAME]);
    let secure: { fullName: string; recordTypeVisibilities?: unknown }[] = [];
    let admin: { fullName: string; layoutAssignments?: unknown }[] = [];
    const calls = await callsOf(async () => {
      secure = await reader.read({ ids: [secureProfileId] });
      admin = await reader.read({ fullNames: [ADMIN_PROFILE_FULL_NAME] });
    });
    expect(calls).toBe(2); // listMetadata + one readMetadata of both
    expect(secure.map((profile) => profile.fullName)).toEqual([SEEDED_PROFILES.advancedSecure]);
    expect(secure[0].recordTypeVisibilities).toBeDefined();
    expect(admin.map((profile) => profile.fullName)).toEqual([ADMIN_PROFILE_FULL_NAME]);
    expect(admin[0].layoutAssignments).toBeDefined();
  });

  it('reads again only what it has not read (a reader without alsoRead)', async () => {
    const reader = new ProfileMetadataReader(connection);
    expect(await callsOf(() => reader.read({ ids: [secureProfileId] }))).toBe(2);
    expect(await callsOf(() => reader.read({ ids: [secureProfileId] }))).toBe(0);
    expect(await callsOf(() => reader.read({ fullNames: [ADMIN_PROFILE_FULL_NAME] }))).toBe(1);
  });

  it('leaves out what the org does not list', async () => {
    const reader = new ProfileMetadataReader(connection);
    expect(await reader.read({ fullNames: ['No Such Profile'] })).toEqual([]);
  });
});
