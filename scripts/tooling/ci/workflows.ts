// ci:workflows:check: that the GitHub Actions workflows are valid before GitHub sees them. YAML
// that parses, the keys GitHub requires (on, jobs, runs-on, steps), every step either `uses`
// a pinned action or `run`s a command, `needs` naming jobs that exist, balanced ${{ }}
// expressions, every `npm run <script>` naming a script package.json has, and scratch-org
// cleanup steps that run `if: always()`.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';

export interface WorkflowProblem {
  file: string;
  where: string;
  problem: string;
}

type Mapping = Record<string, unknown>;
const isMapping = (value: unknown): value is Mapping =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function checkExpressions(text: string, report: (where: string, problem: string) => void): void {
  const opened = text.split('${{').length - 1;
  const closed = (text.match(/\}\}/g) ?? []).length;
  if (opened !== closed)
    report('file', `${opened} expression opening(s) "\${{" but ${closed} closing "}}"`);
}

function checkStep(
  step: unknown,
  where: string,
  scripts: Set<string>,
  report: (where: string, problem: string) => void
): void {
  if (!isMapping(step)) {
    report(where, 'a step must be a mapping');
    return;
  }
  const hasUses = typeof step.uses === 'string';
  const hasRun = typeof step.run === 'string';
  if (hasUses === hasRun) report(where, 'a step needs exactly one of `uses` and `run`');
  if (hasUses && !/^[\w.-]+\/[\w./-]+@[\w.-]+$|^\.\/|^docker:\/\//.test(String(step.uses))) {
    report(where, `action "${String(step.uses)}" must be pinned to a version (owner/repo@v4)`);
  }
  if (hasRun) {
    for (const match of String(step.run).matchAll(/npm run(?:\s+-s)?\s+([\w:.-]+)/g)) {
      if (!scripts.has(match[1]))
        report(where, `runs "npm run ${match[1]}", which package.json does not define`);
    }
    if (/\bsf org delete\b/.test(String(step.run)) && !/always\(\)/.test(String(step.if ?? ''))) {
      report(where, 'the step that deletes the scratch org must run `if: always()`');
    }
  }
}

export function checkWorkflow(file: string, text: string, scripts: Set<string>): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  const report = (where: string, problem: string): void => {
    problems.push({ file, where, problem });
  };
  let document: unknown;
  try {
    document = parse(text, { prettyErrors: true });
  } catch (error) {
    report('file', `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    return problems;
  }
  if (!isMapping(document)) {
    report('file', 'a workflow must be a mapping');
    return problems;
  }
  checkExpressions(text, report);
  if (!('on' in document)) report('file', 'missing `on` (the events that start the workflow)');
  if (!isMapping(document.jobs) || Object.keys(document.jobs).length === 0) {
    report('file', 'missing `jobs`');
    return problems;
  }
  const jobNames = new Set(Object.keys(document.jobs));
  for (const [name, job] of Object.entries(document.jobs)) {
    const where = `jobs.${name}`;
    if (!isMapping(job)) {
      report(where, 'a job must be a mapping');
      continue;
    }
    if (job.uses) continue; // a reusable workflow call has no runs-on or steps
    if (!job['runs-on']) report(where, 'missing `runs-on`');
    const needs = job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
    for (const need of needs)
      if (!jobNames.has(String(need))) report(where, `needs "${String(need)}", which is not a job`);
    if (!Array.isArray(job.steps) || job.steps.length === 0) {
      report(where, 'missing `steps`');
      continue;
    }
    job.steps.forEach((step, index) =>
      checkStep(
        step,
        `${where}.steps[${index}]${isMapping(step) && step.name ? ` (${String(step.name)})` : ''}`,
        scripts,
        report
      )
    );
  }
  return problems;
}

export function checkWorkflowFolder(root: string): {
  files: string[];
  problems: WorkflowProblem[];
} {
  const folder = join(root, '.github', 'workflows');
  const scripts = new Set(
    Object.keys(
      (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts?: Mapping })
        .scripts ?? {}
    )
  );
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => /\.ya?ml$/.test(name));
  } catch {
    names = [];
  }
  const files = names.map((name) => join(folder, name));
  const problems = files.flatMap((file) =>
    checkWorkflow(relative(root, file), readFileSync(file, 'utf8'), scripts)
  );
  return { files: files.map((file) => relative(root, file)), problems };
}
