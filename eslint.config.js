// ESLint flat config: Salesforce's LWC rules for the setup page, typescript-eslint for the tooling.
const lwcRecommended = require('@salesforce/eslint-config-lwc/recommended');
const tseslint = require('typescript-eslint');
const globals = require('globals');
const jestPlugin = require('eslint-plugin-jest');
const importPlugin = require('eslint-plugin-import');

// Packages only the tooling needs (devDependencies). Kept here, read from package.json, so the
// list cannot drift from what npm installs.
// Matched as a regular expression on the whole specifier: as gitignore-style patterns, a bare
// name such as `lwc` would also match a relative path through a folder of that name
// (force-app/main/default/lwc/...).
const DEV_ONLY_NAMES = Object.keys(require('./package.json').devDependencies)
  .map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
  .join('|');
const DEV_ONLY_PACKAGES = `^(?:${DEV_ONLY_NAMES})(?:/.*)?$`;

module.exports = [
  {
    ignores: [
      'node_modules/**',
      'coverage/**',
      '.sf/**',
      '.sfdx/**',
      '.local-org/**',
      // The setup page's browser build and the browser tests' screenshots (never committed).
      '.setup-page/**',
      '**/fixtures/**'
    ]
  },
  ...lwcRecommended.map((config) => ({ ...config, files: ['force-app/**/lwc/**/*.js'] })),
  {
    files: ['force-app/**/lwc/**/__tests__/**/*.js'],
    plugins: { jest: jestPlugin },
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: { '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off' }
  },
  ...tseslint.configs.recommended.map((config) => ({ ...config, files: ['scripts/**/*.ts'] })),
  {
    files: ['scripts/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
      ]
    }
  },
  // The boundary between what ships and what develops it: the product (scripts/product) never
  // imports the tooling (scripts/tooling) nor a package that only the tooling needs, so it runs
  // from an install without dev dependencies. Tests are tooling, wherever they sit. The one
  // allowed crossing is the lazy load of the local org in org/local-org-fallback.ts.
  {
    files: ['scripts/product/**/*.ts', 'scripts/product/**/*.js'],
    ignores: ['scripts/product/**/__tests__/**', 'scripts/product/org/local-org-fallback.ts'],
    plugins: { import: importPlugin },
    rules: {
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './scripts/product',
              from: './scripts/tooling',
              message:
                'The product must not import the development tooling (see eslint.config.js: the boundary).'
            }
          ]
        }
      ],
      // no-restricted-imports sees only static imports; a lazy import() of a dev package too.
      'no-restricted-syntax': [
        'error',
        {
          selector: `ImportExpression[source.value=/^(${DEV_ONLY_NAMES})($|\\/)/]`,
          message:
            'A development dependency: the product runs without it (npm ci --omit=dev). Move the code into scripts/tooling, or make the package a dependency.'
        }
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: DEV_ONLY_PACKAGES,
              message:
                'A development dependency: the product runs without it (npm ci --omit=dev). Move the code into scripts/tooling, or make the package a dependency.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['*.js', '.ci/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } }
  }
];
