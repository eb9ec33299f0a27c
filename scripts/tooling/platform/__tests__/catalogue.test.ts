import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { NOT_MODELLED, PLATFORM_RULES, platformRule } from '../catalogue.ts';
import {
  END_MARKER,
  START_MARKER,
  renderFidelityTable,
  withFidelityTable
} from '../fidelity-table.ts';

const ROOT = join(__dirname, '..', '..', '..', '..');

// Salesforce's own documentation sites; a rule sourced anywhere else is not an authority.
const SALESFORCE_DOCS =
  /^https:\/\/(developer\.salesforce\.com|help\.salesforce\.com|resources\.docs\.salesforce\.com|architect\.salesforce\.com|trailhead\.salesforce\.com)\//;

describe('platform-rules catalogue', () => {
  const everything = [...PLATFORM_RULES, ...NOT_MODELLED];

  it('gives every rule a unique id of the form <area>.<subject>', () => {
    const ids = everything.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^(limit|permission|packaging|api)\.[\w.-]+$/);
  });

  it("names Salesforce's documentation as the source of every rule it checks", () => {
    const bad = PLATFORM_RULES.filter((rule) => !SALESFORCE_DOCS.test(rule.source));
    expect(bad.map((rule) => `${rule.id}: ${rule.source}`)).toEqual([]);
  });

  it('sources what it does not model in the documentation, or in a public thread where it is silent', () => {
    // A limit a real deploy enforces without a documented number can only be shown by a thread
    // where a deploy refused it; the entry must say the documentation is silent.
    const bad = NOT_MODELLED.filter(
      (rule) =>
        !SALESFORCE_DOCS.test(rule.source) &&
        !(
          /^https:\/\/github\.com\//.test(rule.source) &&
          /documentation|documented/i.test(rule.rule)
        )
    );
    expect(bad.map((rule) => `${rule.id}: ${rule.source}`)).toEqual([]);
  });

  it('says who enforces each checked rule, and what each rule is', () => {
    for (const rule of PLATFORM_RULES) {
      expect(rule.enforcedBy.length).toBeGreaterThan(0);
      expect(rule.rule.length).toBeGreaterThan(10);
    }
    for (const rule of NOT_MODELLED) expect(rule.checkedIn.length).toBeGreaterThan(3);
  });

  it('refuses an unknown rule id instead of enforcing nothing', () => {
    expect(() => platformRule('limit.NoSuchThing')).toThrow(/No platform rule "limit.NoSuchThing"/);
  });
});

describe('README fidelity table', () => {
  it('lists checked rules by area with their sources, and what only a real org shows', () => {
    const table = renderFidelityTable(
      [
        {
          id: 'limit.PermissionSet.description',
          title: 'Permission set description: 255',
          rule: 'PermissionSet.Description holds at most 255 characters.',
          source: 'https://developer.salesforce.com/x',
          enforcedBy: ['local-org', 'validate']
        }
      ],
      [
        {
          id: 'api.mixed-dml',
          title: 'Mixed DML',
          rule: 'Setup and non-setup objects cannot be written in one transaction.',
          source: 'https://developer.salesforce.com/y',
          checkedIn: 'Apex tests in the scratch-org CI job'
        }
      ]
    );
    expect(table).toContain(
      '| Metadata limits | [Permission set description: 255](https://developer.salesforce.com/x) (local org, `validate`) | - |'
    );
    expect(table).toContain(
      '| API behaviour | - | [Mixed DML](https://developer.salesforce.com/y) |'
    );
  });

  it('refuses a README without the markers', () => {
    expect(() => withFidelityTable('# README', 'x')).toThrow(/START-FIDELITY/);
  });

  it('is up to date in README.md (run `npm run docs:fidelity` after changing the catalogue)', () => {
    const current = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(current).toContain(START_MARKER);
    expect(current).toContain(END_MARKER);
    // Prettier formats the table; it loads only as an ES module, so the check runs as a process.
    expect(() =>
      execFileSync(process.execPath, ['scripts/tooling/platform/docs-cli.ts', '--check'], {
        cwd: ROOT,
        stdio: 'pipe'
      })
    ).not.toThrow();
  });
});
