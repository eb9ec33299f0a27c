// Where the product's messages/ folder is: beside this file. On its own so that Jest, which
// compiles the tooling to CommonJS (where import.meta is a syntax error), can map this one
// module to scripts/tooling/test-kit/messages-dir.cjs, which says the same with __dirname.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PRODUCT_MESSAGES_PARENT = dirname(fileURLToPath(import.meta.url));
