// Where the setup page's build and platform shims live: beside this file. On its own so that
// Jest, which compiles the tooling to CommonJS (where import.meta is a syntax error), can map
// this one module to tooling-dir.cjs (jest.config.js moduleNameMapper), as messages-dir.ts does.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** scripts/tooling/setup-page */
export const SETUP_PAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
