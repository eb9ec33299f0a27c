// Test helper: a throw-away copy of the real project (under .tmp/ in the project, so Prettier
// finds its plugins) with one thing broken in it.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { projectRoot } from '../../../product/project.ts';
import { API_VERSION } from '../../test-kit/login.ts';

export const ROOT = projectRoot();
export const DEFAULT = 'force-app/main/default';

export interface ProjectCopy {
  dir: string;
  write(path: string, content: string): void;
  edit(path: string, change: (text: string) => string): void;
  remove(path: string): void;
  cleanup(): void;
}

export function copyProject(): ProjectCopy {
  const base = join(ROOT, '.tmp');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, 'validate-'));
  for (const entry of ['sfdx-project.json', '.forceignore', '.prettierrc', 'force-app']) {
    cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  }
  return {
    dir,
    write(path, content) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    },
    edit(path, change) {
      const file = join(dir, path);
      const before = readFileSync(file, 'utf8');
      const after = change(before);
      if (after === before) throw new Error(`test setup: editing ${path} changed nothing`);
      writeFileSync(file, after);
    },
    remove(path) {
      rmSync(join(dir, path), { recursive: true });
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

export const CLASS_META = `<?xml version="1.0" encoding="UTF-8"?>
<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">
    <apiVersion>${API_VERSION}</apiVersion>
    <status>Active</status>
</ApexClass>
`;
