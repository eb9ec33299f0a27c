import type { Command } from '../command.ts';
import { CliError } from '../errors.ts';
import { projectRoot } from '../../project.ts';
import { checkWorkflowFolder } from '../../../tooling/ci/workflows.ts';

export const workflowsCheckCommand: Command = {
  name: 'ci:workflows:check',
  summary: 'Check that the GitHub Actions workflow files are valid.',
  usage: ['(no flags) Checks .github/workflows/*.yml.'],
  options: {},
  async run({ out }) {
    const { files, problems } = checkWorkflowFolder(projectRoot());
    if (files.length === 0)
      throw new CliError('No workflow files in .github/workflows.', {
        name: 'NoWorkflows',
        actions: ['Add the CI workflow (.github/workflows/ci.yml).']
      });
    if (problems.length > 0) {
      out.table(problems, [
        { key: 'file', header: 'File' },
        { key: 'where', header: 'Where' },
        { key: 'problem', header: 'Problem' }
      ]);
      throw new CliError(`${problems.length} problem(s) in the workflows.`, {
        name: 'InvalidWorkflow',
        data: { files, problems },
        actions: ['Fix each problem listed, then run this again.']
      });
    }
    out.log(`${files.length} workflow file(s) valid: ${files.join(', ')}.`);
    return { files, problems };
  }
};
