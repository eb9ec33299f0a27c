// Reads sfdx-project.json and lists the package's files, the way the deploy library would see them.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ForceIgnore } from '@salesforce/source-deploy-retrieve';
import type { ProjectContext } from './types.ts';

interface SfdxProjectJson {
  packageDirectories?: { path: string }[];
  sourceApiVersion?: string;
  namespace?: string;
}

export class ProjectConfigError extends Error {}

export function loadProject(root: string): ProjectContext {
  const configPath = join(root, 'sfdx-project.json');
  let config: SfdxProjectJson;
  try {
    config = JSON.parse(readFileSync(configPath, 'utf8')) as SfdxProjectJson;
  } catch (error) {
    throw new ProjectConfigError(`Cannot read ${configPath}: ${(error as Error).message}`);
  }
  // Without sourceApiVersion the deploy library asks the network for the current API version,
  // so the gate would stop being offline; refuse instead of hanging.
  if (!config.sourceApiVersion || !/^\d{2,3}\.0$/.test(config.sourceApiVersion)) {
    throw new ProjectConfigError(
      'sfdx-project.json must set "sourceApiVersion" (for example "66.0"); without it the deploy library looks the version up over the network.'
    );
  }
  const dirs = (config.packageDirectories ?? []).map((entry) => resolve(root, entry.path));
  if (dirs.length === 0) {
    throw new ProjectConfigError('sfdx-project.json lists no "packageDirectories".');
  }
  const forceIgnore = ForceIgnore.findAndCreate(root);
  const files = dirs.flatMap((dir) => listFiles(dir)).filter((file) => forceIgnore.accepts(file));
  return {
    root,
    packageDirs: dirs,
    sourceApiVersion: config.sourceApiVersion,
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
