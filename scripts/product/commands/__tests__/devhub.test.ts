// The Dev Hub commands without a Dev Hub: they refuse clearly, before any request. (With one,
// the local org started as a Dev Hub: scratch-org.test.ts and packaging.test.ts.)
import { execFile } from 'node:child_process';
import { delimiter } from 'node:path';
import { projectRoot } from '../../project.ts';
import { startLocalOrg } from '../../../tooling/local-org/server.ts';
import { BIN, cli, loginAlias } from '../../../tooling/test-kit/cli.ts';

jest.setTimeout(60_000);

describe('commands that need a Dev Hub', () => {
  it('org create without a Dev Hub says how to set one', async () => {
    const run = await cli(['org', 'create', '--json']);
    expect(run.json).toMatchObject({ status: 1, name: 'NoDevHub' });
    expect(run.json.actions?.[0]).toContain('--target-dev-hub');
  });

  it('org create against an org that is not a Dev Hub (the local org) says so and what to do', async () => {
    // Unless started as a Dev Hub, the local org has no ScratchOrgInfo object, so core's
    // determineIfDevHubOrg finds no Dev Hub.
    const org = await startLocalOrg({ dataDir: null });
    try {
      await loginAlias(org, 'not-a-hub');
      const run = await cli(['org', 'create', '--target-dev-hub', 'not-a-hub', '--json']);
      expect(run.json).toMatchObject({ status: 1, name: 'NotADevHub' });
      expect(run.json.actions?.[0]).toContain('Setup > Dev Hub');
    } finally {
      await org.close();
    }
  });

  it('org create with an unknown Dev Hub alias says how to log in', async () => {
    const run = await cli(['org', 'create', '--target-dev-hub', 'no-such-hub', '--json']);
    expect(run.json).toMatchObject({ status: 1, name: 'UnknownTargetOrg' });
  });

  it('org create refuses a duration outside 1 to 30 days', async () => {
    const run = await cli(['org', 'create', '--duration-days', '45', '--json']);
    expect(run.json).toMatchObject({ name: 'InvalidFlag' });
    expect(run.json.message).toContain('1 to 30');
  });

  it('bkdev package create without a Dev Hub says how to set one', async () => {
    const run = await cli(['bkdev', 'package', 'create', '--json']);
    expect(run.json).toMatchObject({ status: 1, name: 'NoDevHub' });
  });

  it('bkdev package version create asks for an installation key or the bypass', async () => {
    const run = await cli(['bkdev', 'package', 'version', 'create', '--json']);
    expect(run.json).toMatchObject({ name: 'MissingFlag' });
    expect(run.json.actions?.[0]).toContain('--installation-key-bypass');
  });

  it('bkdev package version promote asks for the version', async () => {
    const run = await cli(['bkdev', 'package', 'version', 'promote', '--json']);
    expect(run.json).toMatchObject({ name: 'MissingFlag' });
  });

  it('bkdev workflows check passes on the project', async () => {
    const check = await cli(['bkdev', 'workflows', 'check', '--json']);
    expect(check.json.status).toBe(0);
  });
});

describe('the bkconn bin', () => {
  // Whatever `node` comes first on a PATH without the project's node_modules/.bin (the system
  // Node, 20 on this machine): bin.js runs there directly, or re-runs itself on the project's Node.
  it('runs with the Node first on a PATH that lacks the project Node', async () => {
    const root = projectRoot();
    const path = (process.env.PATH ?? '')
      .split(delimiter)
      .filter((entry) => !entry.includes('node_modules'))
      .join(delimiter);
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        'node',
        [BIN, '--help'],
        { cwd: root, env: { ...process.env, PATH: path } },
        (error, stdout, stderr) =>
          error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)
      );
    });
    // The two topics: the product's commands and the tooling's (command-snapshot.json lists
    // every command; scripts/tooling/cli/__tests__/snapshot.test.ts keeps it true).
    expect(output).toMatch(/bkconn\s+The Booking Connector/);
    expect(output).toMatch(/bkdev\s+Tooling that develops the connector/);
  });
});
