// The one reader of sfdx-project.json: what it returns for this project, and that each way the
// file can be wrong ends in a ProjectFileError that says what to fix.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  defaultPackageDirectory,
  projectApiVersion,
  ProjectFileError,
  projectRoot,
  readProject
} from '../project.ts';

describe('this project', () => {
  it('is found from a folder below the root and read as its file says', () => {
    const root = projectRoot();
    expect(projectRoot(join(root, 'scripts', 'product'))).toBe(root);
    expect(readProject(root).namespace).toBe('bkconn');
    expect(projectApiVersion(root)).toMatch(/^\d{2,3}\.0$/);
    expect(defaultPackageDirectory(root).path).toBe('force-app');
  });
});

describe('a broken sfdx-project.json', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bkconn-project-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (text: string) => writeFileSync(join(dir, 'sfdx-project.json'), text);

  it('missing: says to run from the project folder', () => {
    expect(() => projectRoot(dir)).toThrow(ProjectFileError);
    expect(() => readProject(dir)).toThrow(/Run this from the Booking Connector project folder/);
  });

  it('not JSON: says to fix the syntax', () => {
    write('{ "namespace": ');
    expect(() => readProject(dir)).toThrow(ProjectFileError);
    expect(() => readProject(dir)).toThrow(/is not valid JSON .*Fix the syntax/);
  });

  it('not an object: refused', () => {
    write('[]');
    expect(() => readProject(dir)).toThrow(/must hold a JSON object/);
  });

  it('without sourceApiVersion, or with one that is not a release: says to set it', () => {
    write('{ "packageDirectories": [{ "path": "force-app" }] }');
    expect(() => projectApiVersion(dir)).toThrow(/must set "sourceApiVersion" \(for example/);
    write('{ "sourceApiVersion": "latest" }');
    expect(() => projectApiVersion(dir)).toThrow(ProjectFileError);
  });

  it('without packageDirectories: says to add one; the default entry wins over the first', () => {
    write('{}');
    expect(() => defaultPackageDirectory(dir)).toThrow(/lists no "packageDirectories"\. Add/);
    write('{ "packageDirectories": [{ "path": "a" }, { "path": "b", "default": true }] }');
    expect(defaultPackageDirectory(dir).path).toBe('b');
  });
});
