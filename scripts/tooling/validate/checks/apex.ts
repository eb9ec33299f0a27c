// Apex must parse (a syntax error fails the whole deploy) and be Prettier-formatted (the
// project's one formatting rule, so reviews are about behaviour, not layout).
import { readFileSync } from 'node:fs';
import { ApexErrorListener, ApexParserFactory } from '@apexdevtools/apex-parser';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { projectRoot } from '../../../product/project.ts';
import type { Check, Problem } from '../types.ts';
import { relativeTo } from '../project.ts';

class CollectingListener extends ApexErrorListener {
  readonly errors: { line: number; column: number; message: string }[] = [];
  apexSyntaxError(line: number, column: number, message: string): void {
    this.errors.push({ line, column, message });
  }
}

export function apexSyntaxErrors(
  source: string,
  kind: 'class' | 'trigger'
): CollectingListener['errors'] {
  const listener = new CollectingListener();
  const { parser } = ApexParserFactory.createLexerAndParser(source, listener);
  if (kind === 'trigger') parser.triggerUnit();
  else parser.compilationUnit();
  return listener.errors;
}

/**
 * The files Prettier would change, with the project's .prettierrc (apex parser plugin). Prettier
 * runs as its own process, once for all files: its API loads itself through a dynamic import,
 * which Jest's CommonJS sandbox cannot do.
 */
function unformatted(root: string, files: string[]): string[] {
  if (files.length === 0) return [];
  const prettierBin = createRequire(join(projectRoot(), 'package.json')).resolve(
    'prettier/bin/prettier.cjs'
  );
  try {
    execFileSync(
      process.execPath,
      [prettierBin, '--list-different', '--no-error-on-unmatched-pattern', ...files],
      {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe']
      }
    );
    return [];
  } catch (error) {
    const failure = error as { status?: number; stdout?: string; stderr?: string };
    if (failure.status !== 1)
      throw new Error(`Prettier could not check the Apex: ${failure.stderr ?? failure}`);
    return (failure.stdout ?? '')
      .split('\n')
      .filter(Boolean)
      .map((line) => join(root, line.trim()));
  }
}

export const apexCheck: Check = async (project) => {
  const apexFiles = project.files.filter((file) => /\.(cls|trigger)$/.test(file));
  const problems: Problem[] = [];
  const parsed: string[] = [];
  for (const file of apexFiles) {
    const source = readFileSync(file, 'utf8');
    const relative = relativeTo(project, file);
    const errors = apexSyntaxErrors(source, file.endsWith('.trigger') ? 'trigger' : 'class');
    for (const error of errors) {
      problems.push({
        file: relative,
        line: error.line,
        column: error.column + 1,
        message: `Apex does not parse: ${error.message}`
      });
    }
    if (errors.length === 0) parsed.push(file); // Prettier cannot format what does not parse.
  }
  for (const file of unformatted(project.root, parsed)) {
    const relative = relativeTo(project, file);
    problems.push({
      file: relative,
      message: `is not Prettier-formatted. Run \`npx prettier --write ${relative}\`.`
    });
  }
  return {
    name: 'apex',
    proves: 'every Apex class and trigger parses and is Prettier-formatted',
    problems,
    checked: apexFiles.length
  };
};
