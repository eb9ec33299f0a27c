// config:import into a subscriber org: the package is installed (its mapping records carry the
// package namespace, bkconn, in an org without a namespace of its own), so the import must name
// each record `bkconn__BookingFieldMapping.bkconn__<Name>` (the shared rule) and update the
// installed records; `bkconn__BookingFieldMapping.<Name>` would create a second record of each.
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalOrg, type LocalOrg } from '../../../tooling/local-org/server.ts';
import { installPackageSource } from '../../../tooling/test-kit/org.ts';
import { cli, loginAlias, recordsOf } from '../../../tooling/test-kit/cli.ts';

jest.setTimeout(120_000);

const MAPPINGS = 'bkconn__BookingFieldMapping__mdt';
let org: LocalOrg;

beforeAll(async () => {
  org = await startLocalOrg({ dataDir: null });
  await installPackageSource(org, 'bkconn');
  await loginAlias(org, 'subscriber');
});

afterAll(async () => {
  await org?.close();
});

it('config:export and config:import update the installed records and create no duplicates', async () => {
  const installed = recordsOf(org, MAPPINGS);
  expect(installed.length).toBeGreaterThan(0);
  expect(installed.every((record) => record.NamespacePrefix === 'bkconn')).toBe(true);

  const file = join(tmpdir(), `bkconn-subscriber-${process.pid}.json`);
  const exported = await cli(['config', 'export', '-o', 'subscriber', '--file', file, '--json']);
  expect(exported.json.status).toBe(0);
  const config = JSON.parse(readFileSync(file, 'utf8')) as {
    settings: Record<string, unknown>;
    mappings: Record<string, unknown>[];
  };
  expect(config.mappings).toHaveLength(installed.length);
  config.settings = {};
  const accountName = config.mappings.find((mapping) => mapping.developerName === 'Account_Name');
  expect(accountName).toBeDefined();
  Object.assign(accountName ?? {}, { SourceValue__c: 'name' });
  writeFileSync(file, JSON.stringify(config));

  const imported = await cli(['config', 'import', '-o', 'subscriber', '--file', file, '--json']);
  expect(imported.json.message).toBeUndefined();
  expect(imported.json.status).toBe(0);
  expect(imported.json.result).toMatchObject({ mappingsDeployed: installed.length });

  const after = recordsOf(org, MAPPINGS);
  expect(after).toHaveLength(installed.length);
  expect(after.every((record) => record.NamespacePrefix === 'bkconn')).toBe(true);
  expect(after.find((record) => record.DeveloperName === 'Account_Name')).toMatchObject({
    bkconn__SourceValue__c: 'name'
  });
});
