// The deploy library must be able to turn the source into the Metadata API's format: this is the
// exact conversion `sf project deploy start` performs before it sends the zip.
import { ComponentSet, MetadataConverter } from '@salesforce/source-deploy-retrieve';
import { relative } from 'node:path';
import type { Check, Problem } from '../types.ts';

export const convertCheck: Check = async (project) => {
  const problems: Problem[] = [];
  let count = 0;
  try {
    const set = ComponentSet.fromSource({ fsPaths: project.packageDirs });
    // Both versions set explicitly: with either missing the library asks the network for one.
    set.sourceApiVersion = project.sourceApiVersion;
    set.apiVersion = project.sourceApiVersion;
    count = set.size;
    const result = await new MetadataConverter().convert(set, 'metadata', { type: 'zip' });
    if (!result.zipBuffer || result.zipBuffer.length === 0) {
      problems.push({
        file: '.',
        message: 'the conversion to Metadata API format produced an empty package'
      });
    }
    const packageXml = await set.getPackageXml();
    if (!packageXml.includes(`<version>${project.sourceApiVersion}</version>`)) {
      problems.push({
        file: 'sfdx-project.json',
        message: `package.xml was not written for sourceApiVersion ${project.sourceApiVersion}`
      });
    }
  } catch (error) {
    const message = (error as Error).message;
    // The library names the file it choked on inside its message; lift it out so the report
    // points at the file like every other check does.
    const file = project.files.find((candidate) => message.includes(candidate));
    problems.push({
      file: file ? relative(project.root, file) : '.',
      message: `the deploy library cannot convert the source: ${file ? message.replace(file, '').replace(/^[:\s]+/, '') : message}`
    });
  }
  return {
    name: 'convert',
    proves: `the source converts to Metadata API format at API ${project.sourceApiVersion}, offline`,
    problems,
    checked: count
  };
};
