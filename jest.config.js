// One `npm test` runs both halves of the project as separate Jest projects:
//  - lwc: the setup page's components, with Salesforce's LWC Jest preset;
//  - scripts: the TypeScript tooling (validation gate, local org, CLI, sync engine).
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

module.exports = {
  globalSetup: '<rootDir>/scripts/tooling/test-kit/jest-global-setup.cjs',
  projects: [
    {
      ...jestConfig,
      displayName: 'lwc',
      rootDir: __dirname,
      roots: ['<rootDir>/force-app'],
      testMatch: ['**/lwc/**/__tests__/**/*.test.js'],
      // lightning/navigation that records where a component navigates (the stub does nothing).
      moduleNameMapper: {
        ...jestConfig.moduleNameMapper,
        '^lightning/navigation$': '<rootDir>/scripts/tooling/test-kit/lwc-mocks/navigation.js'
      },
      modulePathIgnorePatterns: ['<rootDir>/.localdevserver']
    },
    {
      displayName: 'scripts',
      rootDir: __dirname,
      roots: ['<rootDir>/scripts'],
      testEnvironment: 'node',
      testMatch: ['**/__tests__/**/*.test.ts'],
      // The tooling imports its own modules with their .ts extension (as Node's type
      // stripping requires); ts-jest compiles each file on its own to CommonJS for Jest.
      // The shared rules module (force-app/.../lwc/bookingRules/*.js) is ES-module JavaScript
      // that the tooling imports; it goes through the same compiler (allowJs) to CommonJS.
      transform: {
        '^.+\\.[tj]s$': [
          'ts-jest',
          {
            tsconfig: {
              isolatedModules: true,
              module: 'commonjs',
              moduleResolution: 'node10',
              target: 'ES2022',
              esModuleInterop: true,
              allowImportingTsExtensions: true,
              allowJs: true,
              noEmit: true,
              verbatimModuleSyntax: false
            }
          }
        ]
      },
      // The shared rules module under force-app is plain ES-module JavaScript.
      transformIgnorePatterns: ['/node_modules/'],
      moduleFileExtensions: ['ts', 'js', 'json'],
      // scripts/product/messages-dir.ts finds its folder with import.meta, which CommonJS lacks.
      moduleNameMapper: {
        '^(.*)/messages-dir\\.ts$': '<rootDir>/scripts/tooling/test-kit/messages-dir.cjs',
        // The setup page's build finds its platform shims with import.meta too.
        '^(.*/)?tooling-dir\\.ts$': '<rootDir>/scripts/tooling/setup-page/build/tooling-dir.cjs'
      }
    }
  ]
};
