// What every check of the validation gate reports.

/** One reason the metadata would not deploy, or would deploy more than the package may. */
export interface Problem {
  /** Path relative to the project root, so the message can be pasted into an editor. */
  file: string;
  line?: number;
  column?: number;
  message: string;
}

export interface CheckResult {
  name: string;
  /** What the check proves when it passes, printed beside its name. */
  proves: string;
  problems: Problem[];
  /** How many files (or components) the check looked at. */
  checked: number;
  durationMs: number;
}

/** The project as the checks see it: where it is and what sfdx-project.json says. */
export interface ProjectContext {
  root: string;
  packageDirs: string[]; // absolute
  sourceApiVersion: string;
  namespace: string;
  /** Every file under the package directories that .forceignore does not exclude (absolute). */
  files: string[];
}

export type Check = (project: ProjectContext) => Promise<Omit<CheckResult, 'durationMs'>>;
