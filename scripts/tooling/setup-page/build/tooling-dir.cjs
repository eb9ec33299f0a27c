// Jest's stand-in for tooling-dir.ts (jest.config.js moduleNameMapper): the same folder, found
// with __dirname because Jest runs the tooling as CommonJS.
const { join } = require('node:path');

module.exports = { SETUP_PAGE_DIR: join(__dirname, '..') };
