// deploy: the package source to any org through the deploy library (SDR), as `sf project
// deploy start` does. --test-level for sandboxes and production, --dry-run validates only
// (checkOnly), and a failed deploy reports each component failure with its file and line.
import { dirname, isAbsolute, join, relative } from 'node:path';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Connection } from '@salesforce/core';
import { ComponentSet, RequestStatus, type FileResponse } from '@salesforce/source-deploy-retrieve';
import { messageError, productMessages } from '../messages.ts';
import { defaultPackageDirectory, projectRoot } from '../project.ts';

const messages = productMessages('org.deploy');

export const TEST_LEVELS = [
  'NoTestRun',
  'RunSpecifiedTests',
  'RunLocalTests',
  'RunAllTestsInOrg'
] as const;
export type TestLevel = (typeof TEST_LEVELS)[number];

export interface DeployOptions {
  sourceDir?: string;
  testLevel?: string;
  tests?: string[];
  dryRun?: boolean;
  /** Status updates while the org works (for the spinner). */
  onProgress?: (status: string) => void;
  pollIntervalMs?: number;
  timeoutMs?: number;
}

export interface DeployFailure {
  type: string;
  name: string;
  file: string;
  line: number | null;
  column: number | null;
  problem: string;
}

export interface DeploySummary {
  id: string;
  status: string;
  success: boolean;
  dryRun: boolean;
  testLevel: TestLevel | null;
  sourceDir: string;
  componentCount: number;
  deployed: { type: string; name: string; state: string }[];
  failures: DeployFailure[];
}

export function packageSourceDir(root = projectRoot()): string {
  return join(root, defaultPackageDirectory(root).path);
}

export function parseTestLevel(value: string | undefined): TestLevel | undefined {
  if (value === undefined) return undefined;
  const level = TEST_LEVELS.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
  if (!level) {
    throw messageError(messages, 'unknown-test-level', [value], {
      name: 'InvalidFlag',
      actionTokens: [TEST_LEVELS.join(', ')]
    });
  }
  return level;
}

function failureRows(responses: FileResponse[], root: string): DeployFailure[] {
  return responses
    .filter((response) => response.state === 'Failed')
    .map((response) => {
      const failed = response as FileResponse & {
        error?: string;
        lineNumber?: number;
        columnNumber?: number;
      };
      return {
        type: response.type,
        name: response.fullName,
        file: response.filePath ? relative(root, response.filePath) : '',
        line: failed.lineNumber ?? null,
        column: failed.columnNumber ?? null,
        problem: failed.error ?? 'failed'
      };
    });
}

export async function deploySource(
  connection: Connection,
  options: DeployOptions = {}
): Promise<DeploySummary> {
  const root = projectRoot();
  const sourceDir = options.sourceDir
    ? isAbsolute(options.sourceDir)
      ? options.sourceDir
      : join(process.cwd(), options.sourceDir)
    : packageSourceDir(root);
  if (!existsSync(sourceDir)) {
    throw messageError(messages, 'no-source-dir', [sourceDir], { name: 'InvalidFlag' });
  }
  const testLevel = parseTestLevel(options.testLevel);
  if (testLevel === 'RunSpecifiedTests' && !options.tests?.length) {
    throw messageError(messages, 'no-tests', [], { name: 'InvalidFlag' });
  }
  const set = ComponentSet.fromSource(sourceDir);
  const apiVersion = connection.getApiVersion();
  set.sourceApiVersion = apiVersion;
  set.apiVersion = apiVersion;
  const componentCount = set.size;
  if (componentCount === 0) {
    throw messageError(messages, 'nothing-to-deploy', [sourceDir], { name: 'NothingToDeploy' });
  }
  const deploy = await set.deploy({
    usernameOrConnection: connection,
    apiOptions: {
      checkOnly: options.dryRun ?? false,
      rollbackOnError: true,
      ...(testLevel ? { testLevel } : {}),
      ...(testLevel === 'RunSpecifiedTests' ? { runTests: options.tests } : {})
    }
  });
  deploy.onUpdate((status) => {
    const done = (status.numberComponentsDeployed ?? 0) + (status.numberComponentErrors ?? 0);
    options.onProgress?.(
      `${status.status}: ${done}/${status.numberComponentsTotal || componentCount} components`
    );
  });
  // (frequency in milliseconds, timeout in seconds)
  const result = await deploy.pollStatus(
    options.pollIntervalMs ?? 1000,
    Math.ceil((options.timeoutMs ?? 33 * 60_000) / 1000)
  );
  const responses = result.getFileResponses();
  const summary: DeploySummary = {
    id: result.response.id,
    status: result.response.status,
    success: result.response.status === RequestStatus.Succeeded,
    dryRun: options.dryRun ?? false,
    testLevel: testLevel ?? null,
    sourceDir: relative(root, sourceDir) || '.',
    componentCount,
    deployed: responses
      .filter((response) => response.state !== 'Failed')
      .map((response) => ({ type: response.type, name: response.fullName, state: response.state })),
    failures: failureRows(responses, root)
  };
  if (!summary.success && summary.failures.length === 0) {
    const message = (result.response as { errorMessage?: string }).errorMessage;
    summary.failures.push({
      type: '',
      name: '',
      file: '',
      line: null,
      column: null,
      problem: message ?? `Deploy ${summary.status}`
    });
  }
  return summary;
}

/**
 * Deploys metadata the tooling writes itself (mappings from a config file, a layout with the
 * package fields added): the files, by path under main/default (e.g.
 * "layouts/Event-Event Layout.layout-meta.xml"), go into a temporary source folder that is
 * deployed like any other and removed afterwards.
 */
export async function deployGeneratedSource(
  connection: Connection,
  files: Record<string, string>,
  options: Pick<DeployOptions, 'pollIntervalMs'> = {}
): Promise<DeploySummary> {
  const dir = mkdtempSync(join(tmpdir(), 'bkconn-generated-'));
  try {
    for (const [path, content] of Object.entries(files)) {
      const file = join(dir, 'main', 'default', path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    return await deploySource(connection, { sourceDir: dir, ...options });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
