// Every custom report type of the package must be on one of the package's objects, name only
// fields that exist, and offer every custom field of its base object, so a report on the sync
// log can show all of it.
// ReportType: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_reporttype.htm
// (baseObject, sections > columns > field and table).
import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Check, Problem } from '../types.ts';
import { relativeTo } from '../project.ts';
import { isStandardName } from '../permission-policy.ts';

export const reportTypeCheck: Check = async (project) => {
  const fields = new Map<string, Set<string>>();
  const objects = new Set<string>();
  for (const file of project.files) {
    if (file.endsWith('.object-meta.xml')) objects.add(basename(file, '.object-meta.xml'));
    if (!file.endsWith('.field-meta.xml') || basename(dirname(file)) !== 'fields') continue;
    const object = basename(dirname(dirname(file)));
    fields.set(object, (fields.get(object) ?? new Set()).add(basename(file, '.field-meta.xml')));
  }
  const files = project.files.filter((file) => file.endsWith('.reportType-meta.xml'));
  const problems: Problem[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const report = (message: string, needle?: string): void => {
      const index = needle ? text.indexOf(needle) : -1;
      problems.push({
        file: relativeTo(project, file),
        line: index < 0 ? undefined : text.slice(0, index).split('\n').length,
        message
      });
    };
    const baseObject = /<baseObject>\s*([^<\s]+)\s*<\/baseObject>/.exec(text)?.[1] ?? '';
    if (isStandardName(baseObject) || !objects.has(baseObject)) {
      report(
        `is on ${baseObject || 'no base object'}, which is not an object of the package.`,
        '<baseObject>'
      );
      continue;
    }
    const offered = new Set<string>();
    for (const match of text.matchAll(/<columns>([\s\S]*?)<\/columns>/g)) {
      const field = /<field>\s*([^<\s]+)\s*<\/field>/.exec(match[1])?.[1] ?? '';
      const table = /<table>\s*([^<\s]+)\s*<\/table>/.exec(match[1])?.[1] ?? '';
      if (table !== baseObject) continue;
      offered.add(field);
      if (!isStandardName(field) && !fields.get(baseObject)?.has(field))
        report(`names ${table}.${field}, which is not a field of the package.`, match[0]);
    }
    for (const field of [...(fields.get(baseObject) ?? [])].sort()) {
      if (!offered.has(field))
        report(
          `misses ${baseObject}.${field}: a report type of a package object offers every field.`
        );
    }
  }
  return {
    name: 'report types',
    proves:
      "every report type is on a package object, names only existing fields and offers all of its base object's fields",
    problems,
    checked: files.length
  };
};
