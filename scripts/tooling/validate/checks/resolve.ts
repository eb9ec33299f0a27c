// Every file in the package must belong to a metadata component. The deploy library resolves
// what it recognises and silently leaves the rest out of the deploy (a .cls without its
// -meta.xml simply disappears), so the gate compares what it resolved with what is on disk.
import { ComponentSet, type SourceComponent } from '@salesforce/source-deploy-retrieve';
import { basename } from 'node:path';
import type { Check, Problem } from '../types.ts';
import { relativeTo } from '../project.ts';

export const resolveCheck: Check = async (project) => {
  const problems: Problem[] = [];
  let components: SourceComponent[] = [];
  try {
    const set = ComponentSet.fromSource({ fsPaths: project.packageDirs });
    components = set.getSourceComponents().toArray();
  } catch (error) {
    problems.push({
      file: '.',
      message: `the deploy library cannot read the source: ${(error as Error).message}`
    });
  }
  const covered = new Set<string>();
  const addComponent = (component: SourceComponent): void => {
    if (component.xml) covered.add(component.xml);
    for (const file of component.walkContent()) covered.add(file);
    for (const child of component.getChildren()) addComponent(child);
  };
  components.forEach(addComponent);

  for (const file of project.files) {
    if (!covered.has(file)) {
      problems.push({ file: relativeTo(project, file), message: unresolvedReason(file) });
    }
  }
  return {
    name: 'resolve',
    proves: 'every file under the package directories is part of a metadata component',
    problems,
    checked: project.files.length
  };
};

function unresolvedReason(file: string): string {
  const name = basename(file);
  if (/\.(cls|trigger|page|component|email)$/.test(name)) {
    return `does not resolve to a metadata component: ${name} has no ${name}-meta.xml beside it, so the deploy library would leave it out of the deploy. Add the -meta.xml (apiVersion and status).`;
  }
  if (name.endsWith('-meta.xml')) {
    return 'does not resolve to a metadata component: its file suffix or folder is not one the deploy library knows. Check the folder name (for example objects/<Object>/fields/) and the suffix.';
  }
  return 'does not resolve to a metadata component, so the deploy library would leave it out. Move it out of the package directory or list it in .forceignore.';
}
