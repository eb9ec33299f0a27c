// The Salesforce DX project: where it is and what its sfdx-project.json says. Like the sf CLI,
// the tooling finds it by walking up from the working directory to the folder that holds
// sfdx-project.json (npm scripts always start in the project root, so this is the root there
// too). Every reader of sfdx-project.json goes through readProject(), and every API version the
// code uses is the project's sourceApiVersion (projectApiVersion()), so moving to a new release
// is one edit in sfdx-project.json.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const PROJECT_FILE = 'sfdx-project.json';

/** The part of sfdx-project.json the project uses. */
export interface ProjectFile {
  name?: string;
  namespace?: string;
  sourceApiVersion?: string;
  sfdcLoginUrl?: string;
  packageDirectories?: PackageDirectory[];
  packageAliases?: Record<string, string>;
}

export interface PackageDirectory {
  path: string;
  default?: boolean;
  package?: string;
  versionName?: string;
  versionNumber?: string;
  versionDescription?: string;
}

/** sfdx-project.json is missing, unreadable or lacks a setting; the message says what to fix. */
export class ProjectFileError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProjectFileError';
  }
}

export function projectRoot(start: string = process.cwd()): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, PROJECT_FILE))) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new ProjectFileError(
        `No ${PROJECT_FILE} found in ${start} or any folder above it. Run this from the Booking Connector project folder.`
      );
    }
    dir = parent;
  }
}

export function readProject(root: string = projectRoot()): ProjectFile {
  const file = join(root, PROJECT_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ProjectFileError(
      `Cannot read ${file}: ${(error as Error).message}. Run this from the Booking Connector project folder, or restore ${PROJECT_FILE} from git.`,
      { cause: error }
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ProjectFileError(
      `${file} is not valid JSON (${(error as Error).message}). Fix the syntax, or restore it from git.`,
      { cause: error }
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ProjectFileError(`${file} must hold a JSON object. Restore it from git.`);
  }
  return parsed as ProjectFile;
}

/**
 * The project's sourceApiVersion: the API version of every deploy and connection. Required,
 * since without it the deploy library asks the network for the org's newest version, and the
 * offline checks and the local org would then depend on a round trip.
 */
export function projectApiVersion(root: string = projectRoot()): string {
  const version = readProject(root).sourceApiVersion;
  if (!version || !/^\d{2,3}\.0$/.test(version)) {
    throw new ProjectFileError(
      `${PROJECT_FILE} must set "sourceApiVersion" (for example "66.0"); without it the deploy library looks the version up over the network. Set it in ${join(root, PROJECT_FILE)}.`
    );
  }
  return version;
}

/** The packageDirectories entry marked "default", or the first one. */
export function defaultPackageDirectory(root: string = projectRoot()): PackageDirectory {
  const directories = readProject(root).packageDirectories ?? [];
  const directory = directories.find((entry) => entry.default) ?? directories[0];
  if (!directory) {
    throw new ProjectFileError(
      `${PROJECT_FILE} lists no "packageDirectories". Add the package directory, e.g. { "path": "force-app", "default": true }.`
    );
  }
  return directory;
}
