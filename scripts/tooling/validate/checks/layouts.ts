// Every page layout of the package must name only fields that exist (a deploy fails on a layout
// item whose field is missing), and the layout of each of the package's own custom objects must
// show every one of its custom fields, so an admin who opens a record sees all of it.
// Layout: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_layout.htm
// (layoutSections > layoutColumns > layoutItems > field; a layout's full name is
// "<object>-<layout name>").
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Check, Problem, ProjectContext } from '../types.ts';
import { relativeTo } from '../project.ts';
import { ACTIVITY_OBJECTS, isStandardName } from '../permission-policy.ts';

/** Custom fields of the package by object, Activity fields under Event and Task too. */
function fieldsByObject(project: ProjectContext): Map<string, Set<string>> {
  const byObject = new Map<string, Set<string>>();
  const add = (object: string, field: string): void => {
    const fields = byObject.get(object) ?? new Set<string>();
    fields.add(field);
    byObject.set(object, fields);
  };
  for (const file of project.files) {
    if (!file.endsWith('.field-meta.xml') || basename(dirname(file)) !== 'fields') continue;
    const object = basename(dirname(dirname(file)));
    const field = basename(file, '.field-meta.xml');
    if (object === 'Activity') ACTIVITY_OBJECTS.forEach((target) => add(target, field));
    else add(object, field);
  }
  return byObject;
}

export const layoutCheck: Check = async (project) => {
  const fields = fieldsByObject(project);
  const layouts = project.files.filter((file) => file.endsWith('.layout-meta.xml'));
  const problems: Problem[] = [];
  for (const file of layouts) {
    const object = basename(file, '.layout-meta.xml').split('-')[0];
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    const onLayout = new Set<string>();
    lines.forEach((line, index) => {
      const match = /<field>\s*([^<\s]+)\s*<\/field>/.exec(line);
      if (!match) return;
      const field = match[1];
      onLayout.add(field);
      if (!isStandardName(field) && !fields.get(object)?.has(field)) {
        problems.push({
          file: relativeTo(project, file),
          line: index + 1,
          message: `names ${object}.${field}, which is not a field of the package; a deploy fails on it. Fix the name or remove the item.`
        });
      }
    });
    if (isStandardName(object)) continue;
    for (const field of [...(fields.get(object) ?? [])].sort()) {
      if (!onLayout.has(field)) {
        problems.push({
          file: relativeTo(project, file),
          message: `misses ${object}.${field}: the layout of a package object shows every one of its fields.`
        });
      }
    }
  }
  return {
    name: 'layouts',
    proves:
      "every layout names only existing package fields, and each package object's layout shows all its fields",
    problems,
    checked: layouts.length
  };
};
