import { BkconnError } from '../../../../product/errors.ts';
import { projectRoot } from '../../../../product/project.ts';
import { BkconnCommand } from '../../../../product/commands/base.ts';
import { toolingMessages } from '../../../messages.ts';
import type { checkWorkflowFolder } from '../../../ci/workflows.ts';
import { loadTooling } from '../../load-tooling.ts';

// The tooling's libraries load when the command runs, never with the command list (see
// scripts/commands.ts): they need the development dependencies.

const messages = toolingMessages('bkdev.workflows.check');

export type WorkflowsCheckResult = ReturnType<typeof checkWorkflowFolder>;

export default class WorkflowsCheck extends BkconnCommand<WorkflowsCheckResult> {
  static readonly summary = messages.getMessage('summary');
  static readonly description = messages.getMessage('description');
  static readonly examples = messages.getMessages('examples');

  async run(): Promise<WorkflowsCheckResult> {
    await this.parse(WorkflowsCheck);
    const { checkWorkflowFolder } = await loadTooling(() => import('../../../ci/workflows.ts'));
    const { files, problems } = checkWorkflowFolder(projectRoot());
    if (files.length === 0)
      throw new BkconnError(messages.getMessage('error.none'), {
        name: 'NoWorkflows',
        actions: [messages.getMessage('action.none')]
      });
    if (problems.length > 0) {
      this.out.table(problems, [
        { key: 'file', header: 'File' },
        { key: 'where', header: 'Where' },
        { key: 'problem', header: 'Problem' }
      ]);
      throw new BkconnError(messages.getMessage('error.problems', [problems.length]), {
        name: 'InvalidWorkflow',
        data: { files, problems },
        actions: [messages.getMessage('action.problems')]
      });
    }
    this.log(messages.getMessage('valid', [files.length, files.join(', ')]));
    return { files, problems };
  }
}
