import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../../product/project.ts';
import { checkWorkflow, checkWorkflowFolder } from '../workflows.ts';

const scripts = new Set(['deploy', 'lint']);
const valid = `
on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm run lint
  org:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - run: npm run deploy -- --target-org \${{ env.ORG }}
      - name: Delete
        if: always()
        run: npx sf org delete scratch --no-prompt
`;

const problemsOf = (text: string): string[] =>
  checkWorkflow('ci.yml', text, scripts).map((problem) => `${problem.where}: ${problem.problem}`);

describe('checkWorkflow', () => {
  it('accepts a valid workflow', () => {
    expect(problemsOf(valid)).toEqual([]);
  });

  it('reports YAML that does not parse', () => {
    expect(problemsOf('jobs:\n  build:\n    steps: [\n')[0]).toMatch(/^file: not valid YAML/);
  });

  it('reports missing on, runs-on and steps', () => {
    expect(problemsOf('jobs:\n  a:\n    name: x\n')).toEqual([
      'file: missing `on` (the events that start the workflow)',
      'jobs.a: missing `runs-on`',
      'jobs.a: missing `steps`'
    ]);
  });

  it('reports a step with both uses and run, an unpinned action, and an unknown need', () => {
    const text = valid
      .replace('- uses: actions/checkout@v4', '- uses: actions/checkout\n        run: echo')
      .replace('needs: build', 'needs: compile');
    expect(problemsOf(text)).toEqual([
      'jobs.build.steps[0]: a step needs exactly one of `uses` and `run`',
      'jobs.build.steps[0]: action "actions/checkout" must be pinned to a version (owner/repo@v4)',
      'jobs.org: needs "compile", which is not a job'
    ]);
  });

  it('reports an npm script that package.json lacks and unbalanced expressions', () => {
    const text = valid
      .replace('npm run lint', 'npm run lint:all')
      .replace('${{ env.ORG }}', '${{ env.ORG }');
    expect(problemsOf(text)).toEqual([
      'file: 1 expression opening(s) "${{" but 0 closing "}}"',
      'jobs.build.steps[1]: runs "npm run lint:all", which package.json does not define'
    ]);
  });

  it('requires the scratch org deletion to run always', () => {
    expect(problemsOf(valid.replace('if: always()', 'if: success()'))).toEqual([
      'jobs.org.steps[1] (Delete): the step that deletes the scratch org must run `if: always()`'
    ]);
  });
});

describe("the project's workflows", () => {
  it('are valid and run the scratch-org job with and without the namespace', () => {
    const root = projectRoot();
    const { files, problems } = checkWorkflowFolder(root);
    expect(files).toContain(join('.github', 'workflows', 'ci.yml'));
    expect(problems).toEqual([]);
    const text = readFileSync(join(root, '.github', 'workflows', 'ci.yml'), 'utf8');
    expect(text).toContain('namespace: [true, false]');
    expect(text).toContain('--no-namespace');
  });
});
