// bkdev package create, bkdev package version create and promote end to end against the
// local org started as a Dev Hub (packaging.ts): @salesforce/packaging converts the source,
// uploads it, the hub builds it in an org with the namespace, and the commands record the
// package and version aliases in sfdx-project.json. They run in a copy of the project, since
// they edit sfdx-project.json.
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../product/project.ts';
import { startLocalOrg, type LocalOrg } from '../../local-org/server.ts';
import { cli, loginAlias, projectCopy, recordsOf, sf } from '../../test-kit/cli.ts';

jest.setTimeout(180_000);

const root = projectRoot();
let hub: LocalOrg;
let project: string;

function projectJson(): {
  packageDirectories: { path: string; package?: string }[];
  packageAliases: Record<string, string>;
} {
  return JSON.parse(readFileSync(join(project, 'sfdx-project.json'), 'utf8'));
}

const inProject = (argv: string[]) =>
  cli([...argv, '--target-dev-hub', 'devhub', '--json'], {}, project);

const promote = (version: unknown) =>
  inProject(['bkdev', 'package', 'version', 'promote', '--package-version', String(version)]);

beforeAll(async () => {
  hub = await startLocalOrg({
    dataDir: null,
    devHub: { namespaces: ['bkconn'], apexCoveragePercent: 91 }
  });
  await loginAlias(hub, 'devhub');
  project = projectCopy('bkconn-packaging-');
});

afterAll(async () => {
  await hub.close();
  rmSync(project, { recursive: true, force: true });
});

describe('bkdev package create', () => {
  it('creates the managed package with the namespace and records its id in sfdx-project.json', async () => {
    const created = await inProject(['bkdev', 'package', 'create']);
    expect(created.json).toMatchObject({
      status: 0,
      result: { name: 'Booking Connector', namespace: 'bkconn' }
    });
    const id = String(created.json.result?.id);
    expect(id).toMatch(/^0Ho/);
    expect(recordsOf(hub, 'Package2')).toEqual([
      expect.objectContaining({
        Id: id,
        Name: 'Booking Connector',
        NamespacePrefix: 'bkconn',
        ContainerOptions: 'Managed'
      })
    ]);
    const json = projectJson();
    expect(json.packageAliases['Booking Connector']).toBe(id);
    // The package directory is kept as it was (the library would drop "default" from it).
    const original = JSON.parse(readFileSync(join(root, 'sfdx-project.json'), 'utf8')) as {
      packageDirectories: unknown[];
    };
    expect(json.packageDirectories).toEqual(original.packageDirectories);
  });

  it('refuses to create it twice', async () => {
    const again = await inProject(['bkdev', 'package', 'create']);
    expect(again.json).toMatchObject({ status: 1, name: 'PackageExists' });
    expect(recordsOf(hub, 'Package2')).toHaveLength(1);
  });
});

describe('package:version:create and package:version:promote', () => {
  let firstVersion = '';

  it('builds a version with code coverage and records its alias', async () => {
    const created = await inProject([
      'bkdev',
      'package',
      'version',
      'create',
      '--installation-key-bypass'
    ]);
    expect(created.json).toMatchObject({
      status: 0,
      result: {
        Status: 'Success',
        VersionNumber: '0.1.0.1',
        CodeCoverage: 91,
        HasPassedCodeCoverageCheck: true
      }
    });
    firstVersion = String(created.json.result?.SubscriberPackageVersionId);
    expect(firstVersion).toMatch(/^04t/);
    expect(projectJson().packageAliases['Booking Connector@0.1.0-1']).toBe(firstVersion);
    // The hub built what the project holds: the version counts its metadata files.
    const [version] = recordsOf(hub, 'Package2Version');
    expect(version).toMatchObject({
      IsReleased: false,
      BuildNumber: 1,
      IsPasswordProtected: false
    });
    expect(Number(version.TotalNumberOfMetadataFiles)).toBeGreaterThan(20);
  });

  it('numbers the next build of the same version 2, with its installation key', async () => {
    const created = await inProject([
      'bkdev',
      'package',
      'version',
      'create',
      '--installation-key',
      'secret'
    ]);
    expect(created.json).toMatchObject({ status: 0, result: { VersionNumber: '0.1.0.2' } });
    expect(projectJson().packageAliases['Booking Connector@0.1.0-2']).toMatch(/^04t/);
    expect(recordsOf(hub, 'Package2Version')[1]).toMatchObject({ IsPasswordProtected: true });
  });

  it('fails a version whose Apex does not compile, naming the class and line', async () => {
    const broken = join(project, 'force-app', 'main', 'default', 'classes', 'BrokenForTest.cls');
    writeFileSync(broken, 'public class BrokenForTest {\n  public void run( {\n  }\n}\n');
    writeFileSync(
      `${broken}-meta.xml`,
      '<?xml version="1.0" encoding="UTF-8"?>\n<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">\n    <apiVersion>66.0</apiVersion>\n    <status>Active</status>\n</ApexClass>\n'
    );
    try {
      const created = await inProject([
        'bkdev',
        'package',
        'version',
        'create',
        '--installation-key-bypass'
      ]);
      expect(created.json).toMatchObject({ status: 1, name: 'PackageVersionCreateFailed' });
      expect(created.json.message).toContain('ApexClass BrokenForTest');
      expect(created.json.message).toContain('line 2');
      expect(recordsOf(hub, 'Package2VersionCreateRequestError')).toEqual([
        expect.objectContaining({ Message: expect.stringContaining('BrokenForTest') })
      ]);
    } finally {
      rmSync(broken);
      rmSync(`${broken}-meta.xml`);
    }
  });

  it('refuses to promote a version built without code coverage, saying why', async () => {
    const created = await inProject([
      'bkdev',
      'package',
      'version',
      'create',
      '--installation-key-bypass',
      '--skip-code-coverage'
    ]);
    expect(created.json).toMatchObject({
      status: 0,
      result: { HasPassedCodeCoverageCheck: false }
    });
    expect(created.json.warnings.join(' ')).toContain('cannot be promoted');
    const promoted = await promote(created.json.result?.SubscriberPackageVersionId);
    expect(promoted.json).toMatchObject({ status: 1, name: 'PackageVersionPromoteFailed' });
    expect(promoted.json.message).toContain('Code coverage has not been run for this version');
  });

  it('refuses to promote a version whose coverage is under 75%', async () => {
    const settings = hub.store.state.devHub;
    if (!settings) throw new Error('the hub has no Dev Hub settings');
    settings.apexCoveragePercent = 60;
    try {
      const created = await inProject([
        'bkdev',
        'package',
        'version',
        'create',
        '--installation-key-bypass'
      ]);
      expect(created.json).toMatchObject({
        status: 0,
        result: { CodeCoverage: 60, HasPassedCodeCoverageCheck: false }
      });
      const promoted = await promote(created.json.result?.SubscriberPackageVersionId);
      expect(promoted.json).toMatchObject({ status: 1, name: 'PackageVersionPromoteFailed' });
      expect(promoted.json.message).toContain('under 75%');
    } finally {
      settings.apexCoveragePercent = 91;
    }
  });

  it('promotes the first version by its alias; the real sf CLI lists it as released', async () => {
    const promoted = await promote('Booking Connector@0.1.0-1');
    expect(promoted.json).toMatchObject({ status: 0 });
    const released = recordsOf(hub, 'Package2Version').filter((row) => row.IsReleased === true);
    expect(released.map((row) => row.SubscriberPackageVersionId)).toEqual([firstVersion]);

    const listed = await sf(
      ['package', 'version', 'list', '--released', '--target-dev-hub', 'devhub'],
      { cwd: project }
    );
    const versions = listed.json.result as Record<string, unknown>[];
    expect(versions).toEqual([
      expect.objectContaining({ SubscriberPackageVersionId: firstVersion, IsReleased: true })
    ]);
  });

  it('after a release, builds the next minor version on it as the ancestor', async () => {
    const file = join(project, 'sfdx-project.json');
    const json = JSON.parse(readFileSync(file, 'utf8')) as {
      packageDirectories: Record<string, unknown>[];
    };
    // Another 0.1.0 build is refused by the library once 0.1.0-1 is released.
    const same = await inProject([
      'bkdev',
      'package',
      'version',
      'create',
      '--installation-key-bypass'
    ]);
    expect(same.json).toMatchObject({ status: 1 });
    expect(same.json.message).toContain('highest released');

    Object.assign(json.packageDirectories[0], {
      versionNumber: '0.2.0.NEXT',
      ancestorVersion: 'HIGHEST'
    });
    writeFileSync(file, JSON.stringify(json, null, 2));
    const next = await inProject([
      'bkdev',
      'package',
      'version',
      'create',
      '--installation-key-bypass'
    ]);
    expect(next.json).toMatchObject({ status: 0, result: { VersionNumber: '0.2.0.1' } });
    const first = recordsOf(hub, 'Package2Version').find(
      (row) => row.SubscriberPackageVersionId === firstVersion
    );
    const built = recordsOf(hub, 'Package2Version').find(
      (row) => row.SubscriberPackageVersionId === next.json.result?.SubscriberPackageVersionId
    );
    expect(built?.AncestorId).toBe(first?.Id);
  });
});
