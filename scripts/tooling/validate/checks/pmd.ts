// Salesforce Code Analyzer's PMD engine on the package's Apex (it runs offline on the machine's
// Java). The gate fails on any security finding (CRUD/FLS, sharing, SOQL injection, ...) and on
// any other finding of severity 1 (Critical) or 2 (High).
import { relative } from 'node:path';
import { CodeAnalyzer, CodeAnalyzerConfig } from '@salesforce/code-analyzer-core';
import { PmdCpdEnginesPlugin } from '@salesforce/code-analyzer-pmd-engine';
import type { Check, Problem } from '../types.ts';
import { JavaVersionAfterClose } from './java-version.ts';

/** Code Analyzer selectors: the Security tag at any severity, and severities 1 and 2 of any tag. */
export const PMD_SELECTORS = ['pmd:Security', 'pmd:1', 'pmd:2'];

export const pmdCheck: Check = async (project) => {
  const apexFiles = project.files.filter((file) => /\.(cls|trigger)$/.test(file));
  if (apexFiles.length === 0) {
    return { name: 'pmd', proves: 'no Apex to analyse', problems: [], checked: 0 };
  }
  const analyzer = new CodeAnalyzer(CodeAnalyzerConfig.withDefaults());
  await analyzer.addEnginePlugin(new PmdCpdEnginesPlugin(new JavaVersionAfterClose()));
  const workspace = await analyzer.createWorkspace(apexFiles);
  const selection = await analyzer.selectRules(PMD_SELECTORS, { workspace });
  const results = await analyzer.run(selection, { workspace });

  const problems: Problem[] = [];
  // An engine that cannot start (no Java, say) reports itself as a violation; a selection of
  // no rules at all would pass silently, so it is a failure too.
  if (selection.getCount() === 0) {
    problems.push({
      file: '.',
      message:
        'Code Analyzer selected no PMD rules: the PMD engine did not start. It needs Java 11 or newer on the PATH (java -version).'
    });
  }
  for (const violation of results.getViolations()) {
    const location = violation.getPrimaryLocation();
    const rule = violation.getRule();
    problems.push({
      file: relative(project.root, location.getFile() ?? project.root),
      line: location.getStartLine(),
      column: location.getStartColumn(),
      message: `PMD ${rule.getName()} (severity ${rule.getSeverityLevel()}, ${rule.getTags().join('/')}): ${violation.getMessage()}`
    });
  }
  return {
    name: 'pmd',
    proves: `Code Analyzer's PMD engine reports no security finding and nothing of severity 1-2 on ${apexFiles.length} Apex file(s) (${selection.getCount()} rules)`,
    problems,
    checked: apexFiles.length
  };
};
