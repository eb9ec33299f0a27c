// Accessibility checks in the browser with axe-core: the engine's own script is injected into
// the page, run there, and its findings come back as plain data. axe sees the DOM the browser
// renders, synthetic shadow included (the LWC engine keeps real light DOM under it).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { projectRoot } from '../../product/project.ts';

export type Impact = 'minor' | 'moderate' | 'serious' | 'critical';

/** One axe rule that failed, with each element it failed on. */
export interface AxeFinding {
  id: string;
  impact: Impact | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: string[]; impact: Impact | null; summary: string }>;
}

export interface AxeOptions {
  /** A CSS selector to check instead of the whole document. */
  include?: string;
  /** Rule ids to leave out, each with the reason in the caller's code. */
  disableRules?: string[];
}

let axeSource: string | undefined;

/** The axe-core engine's script, read once from node_modules. */
function axeScript(): string {
  axeSource ??= readFileSync(join(projectRoot(), 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  return axeSource;
}

/** Runs axe on the page (WCAG 2.x A and AA rules and axe's best practices) and returns its violations. */
export async function runAxe(page: Page, options: AxeOptions = {}): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe);
  if (loaded === 'undefined') await page.addScriptTag({ content: axeScript() });
  return page.evaluate(async ({ include, disableRules }) => {
    type AxeResult = {
      violations: Array<{
        id: string;
        impact: Impact | null;
        help: string;
        helpUrl: string;
        nodes: Array<{ target: unknown[]; impact: Impact | null; failureSummary?: string }>;
      }>;
    };
    const axe = (
      globalThis as unknown as {
        axe: { run(context: unknown, options: unknown): Promise<AxeResult> };
      }
    ).axe;
    const rules = Object.fromEntries((disableRules ?? []).map((id) => [id, { enabled: false }]));
    const result = await axe.run(include ?? (globalThis as { document?: unknown }).document, {
      resultTypes: ['violations'],
      rules
    });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      helpUrl: violation.helpUrl,
      nodes: violation.nodes.map((node) => ({
        target: node.target.map(String),
        impact: node.impact,
        summary: node.failureSummary ?? ''
      }))
    }));
  }, options);
}

/** The findings of serious or critical impact: what a page must never have. */
export function seriousFindings(findings: AxeFinding[]): AxeFinding[] {
  return findings.filter(
    (finding) => finding.impact === 'serious' || finding.impact === 'critical'
  );
}

/** Every serious or critical finding as lines a person can act on: rule, impact, element, help. */
export function describeFindings(findings: AxeFinding[]): string {
  return findings
    .flatMap((finding) =>
      finding.nodes.map(
        (node) =>
          `- ${finding.id} (${node.impact ?? finding.impact}) at ${node.target.join(' > ')}: ` +
          `${finding.help} (${finding.helpUrl})`
      )
    )
    .join('\n');
}

/**
 * Runs axe and throws when it finds anything serious or critical, listing every such finding
 * (id, impact, target, help URL). `where` names the page state in the message.
 */
export async function expectNoSeriousAxeFindings(
  page: Page,
  where: string,
  options: AxeOptions = {}
): Promise<AxeFinding[]> {
  const findings = await runAxe(page, options);
  const serious = seriousFindings(findings);
  if (serious.length > 0) {
    throw new Error(
      `axe found ${serious.length} serious or critical accessibility problem(s) on ${where}:\n` +
        describeFindings(serious)
    );
  }
  return findings;
}
