// Jest's stand-in for scripts/product/messages-dir.ts (jest.config.js moduleNameMapper): the
// same folder, found with __dirname because Jest runs the tooling as CommonJS.
const { join } = require('node:path');

module.exports = { PRODUCT_MESSAGES_PARENT: join(__dirname, '..', '..', 'product') };
