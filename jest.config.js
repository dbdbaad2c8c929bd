/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The containers' test runs only from `npm run test:containers` (jest.containers.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/containers/'],
  transform: {
    // Transpile only: `npm test` type-checks the whole project with tsc before jest runs.
    '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node', isolatedModules: true } }],
  },
  // The package.json `imports` names of common/, as tsx and tsc resolve them.
  moduleNameMapper: {
    '^#platform/(.*)$': '<rootDir>/common/platform/$1',
    '^#subgraph-kit/(.*)$': '<rootDir>/common/subgraph-kit/$1',
    '^#dev-tools/(.*)$': '<rootDir>/common/dev-tools/$1',
  },
  globalSetup: '<rootDir>/test/setup/globalSetup.ts',
  globalTeardown: '<rootDir>/test/setup/globalTeardown.ts',
  testTimeout: 120000,
  // Two cores: the e2e suites start several processes each.
  maxWorkers: 2,
};
