import { Flags } from '@salesforce/sf-plugins-core';
import { BkconnError } from '../../../product/errors.ts';
import { projectRoot, ProjectFileError } from '../../../product/project.ts';
import { BkconnCommand } from '../../../product/commands/base.ts';
import { toolingMessages } from '../../messages.ts';
import type { CheckResult, Problem } from '../../validate/types.ts';
import { loadTooling } from '../load-tooling.ts';

// The tooling's libraries load when the command runs, never with the command list (see
// scripts/commands.ts): they need the development dependencies.

const messages = toolingMessages('bkdev.validate');

export interface ValidateResult {
  checks: CheckResult[];
}

function formatProblem(problem: Problem): string {
  const position = problem.line
    ? `:${problem.line}${problem.column ? `:${problem.column}` : ''}`
    : '';
  return `    ${problem.file}${position}: ${problem.message}`;
}

export default class Validate extends BkconnCommand<ValidateResult> {
  static readonly summary = messages.getMessage('summary');
  static readonly description = messages.getMessage('description');
  static readonly examples = messages.getMessages('examples');
  static readonly flags = {
    'project-dir': Flags.directory({ summary: messages.getMessage('flags.project-dir.summary') }),
    only: Flags.string({
      multiple: true,
      delimiter: ',',
      summary: messages.getMessage('flags.only.summary')
    })
  };

  async run(): Promise<ValidateResult> {
    const { flags } = await this.parse(Validate);
    const { loadProject } = await loadTooling(() => import('../../validate/project.ts'));
    const { CHECKS, runChecks } = await loadTooling(() => import('../../validate/run.ts'));
    const only = (flags.only ?? Object.keys(CHECKS)).map((name) => name.trim());
    let results: CheckResult[];
    try {
      results = await runChecks(loadProject(flags['project-dir'] ?? projectRoot()), only);
    } catch (error) {
      if (error instanceof ProjectFileError || (error as Error).message.startsWith('Unknown check'))
        throw new BkconnError((error as Error).message, {
          name: error instanceof ProjectFileError ? 'ProjectFileError' : 'UnknownCheck',
          actions: [messages.getMessage('action.config')]
        });
      throw error;
    }
    for (const result of results) {
      const mark = result.problems.length === 0 ? 'PASS' : 'FAIL';
      this.log(
        `${mark} ${result.name} (${result.checked} checked, ${result.durationMs} ms): ${result.proves}`
      );
      result.problems.forEach((problem) => this.log(formatProblem(problem)));
    }
    const failed = results.filter((result) => result.problems.length > 0);
    const problems = failed.reduce((sum, result) => sum + result.problems.length, 0);
    this.log(
      failed.length === 0
        ? messages.getMessage('passed', [results.length])
        : messages.getMessage('failed', [problems, failed.map((r) => r.name).join(', ')])
    );
    // The report is the result either way (--json readers get every check); the exit code says.
    if (failed.length > 0) process.exitCode = 1;
    return { checks: results };
  }
}
