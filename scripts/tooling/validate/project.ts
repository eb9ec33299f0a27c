// Reads sfdx-project.json and lists the package's files, the way the deploy library would see them.
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ForceIgnore } from '@salesforce/source-deploy-retrieve';
import type { ProjectContext } from './types.ts';
import { projectApiVersion, ProjectFileError, readProject } from '../../product/project.ts';

/** What the checks need to know of the project, read through the one project reader. */
export function loadProject(root: string): ProjectContext {
  const config = readProject(root);
  const sourceApiVersion = projectApiVersion(root);
  const dirs = (config.packageDirectories ?? []).map((entry) => resolve(root, entry.path));
  if (dirs.length === 0) {
    throw new ProjectFileError('sfdx-project.json lists no "packageDirectories".');
  }
  const forceIgnore = ForceIgnore.findAndCreate(root);
  const files = dirs.flatMap((dir) => listFiles(dir)).filter((file) => forceIgnore.accepts(file));
  return {
    root,
    packageDirs: dirs,
    sourceApiVersion,
    namespace: config.namespace ?? '',
    files
  };
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

export function relativeTo(project: ProjectContext, file: string): string {
  return relative(project.root, file);
}
