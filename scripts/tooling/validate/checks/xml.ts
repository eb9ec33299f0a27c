// Every XML file must be well-formed: the Metadata API rejects the whole deploy otherwise, and
// the deploy library's own parser is lenient enough to let some mistakes through.
import { readFileSync } from 'node:fs';
import { XMLValidator } from 'fast-xml-parser';
import type { Check, Problem } from '../types.ts';
import { relativeTo } from '../project.ts';

export const xmlCheck: Check = async (project) => {
  const xmlFiles = project.files.filter((file) => file.endsWith('.xml'));
  const problems: Problem[] = [];
  for (const file of xmlFiles) {
    const result = XMLValidator.validate(readFileSync(file, 'utf8'));
    if (result !== true) {
      problems.push({
        file: relativeTo(project, file),
        line: result.err.line,
        column: result.err.col,
        message: `XML is not well-formed: ${result.err.msg}`
      });
    }
  }
  return {
    name: 'xml',
    proves: 'every XML file is well-formed',
    problems,
    checked: xmlFiles.length
  };
};
