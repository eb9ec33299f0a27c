// `npm run validate`: proves offline, in a few seconds, that force-app would deploy and grants
// no more than the product allows. Exit code 0 only when every check passes.
//
//   node scripts/tooling/validate/cli.ts [--project-dir DIR] [--only resolve,xml,...] [--json]
import { parseArgs } from 'node:util';
import { projectRoot, ProjectFileError } from '../../product/project.ts';
import { loadProject } from './project.ts';
import { CHECKS, runChecks } from './run.ts';
import type { CheckResult, Problem } from './types.ts';

function formatProblem(problem: Problem): string {
  const position = problem.line
    ? `:${problem.line}${problem.column ? `:${problem.column}` : ''}`
    : '';
  return `    ${problem.file}${position}: ${problem.message}`;
}

function printReport(results: CheckResult[]): void {
  for (const result of results) {
    const mark = result.problems.length === 0 ? 'PASS' : 'FAIL';
    console.log(
      `${mark} ${result.name} (${result.checked} checked, ${result.durationMs} ms): ${result.proves}`
    );
    result.problems.forEach((problem) => console.log(formatProblem(problem)));
  }
  const failed = results.filter((result) => result.problems.length > 0);
  const problems = failed.reduce((sum, result) => sum + result.problems.length, 0);
  console.log(
    failed.length === 0
      ? `Validation passed: ${results.length} checks.`
      : `Validation failed: ${problems} problem(s) in ${failed.map((r) => r.name).join(', ')}.`
  );
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'project-dir': { type: 'string' },
      only: { type: 'string' },
      json: { type: 'boolean', default: false }
    }
  });
  const only = values.only
    ? values.only.split(',').map((name) => name.trim())
    : Object.keys(CHECKS);
  try {
    const project = loadProject(values['project-dir'] ?? projectRoot());
    const results = await runChecks(project, only);
    const ok = results.every((result) => result.problems.length === 0);
    if (values.json) {
      console.log(
        JSON.stringify({ status: ok ? 0 : 1, result: { checks: results }, warnings: [] }, null, 2)
      );
    } else {
      printReport(results);
    }
    return ok ? 0 : 1;
  } catch (error) {
    if (error instanceof ProjectFileError || (error as Error).message.startsWith('Unknown check')) {
      console.error(`Error: ${(error as Error).message}`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main();
