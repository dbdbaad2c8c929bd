/**
 * Three projects, each a folder of test/: `unit` needs no service, `integration` and `e2e` get a
 * PostgreSQL (test/setup/postgres.ts). Jest runs a project's globalSetup only when at least one of
 * its files runs, so `npm run test:unit` starts no database. A new test file lands in the project
 * of its folder.
 */
const shared = {
  rootDir: __dirname,
  testEnvironment: 'node',
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
};

const withPostgres = {
  globalSetup: '<rootDir>/test/setup/postgres.ts',
  globalTeardown: '<rootDir>/test/setup/postgresTeardown.ts',
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
      // A unit test that reaches for PostgreSQL fails in every run, not only in `npm run test:unit`.
      setupFiles: ['<rootDir>/test/setup/withoutDatabase.ts'],
    },
    { ...shared, ...withPostgres, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.test.ts'] },
    { ...shared, ...withPostgres, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
    // A clone, `npm ci` and every start command: minutes of its own, so `npm test` leaves it to
    // `npm run test:fresh-clone`, which .ci/run runs once.
    { ...shared, ...withPostgres, displayName: 'fresh-clone', testMatch: ['<rootDir>/test/freshClone/**/*.test.ts'] },
  ],
  // Every run: the generated code that gateways and the dashboard's tests read.
  globalSetup: '<rootDir>/test/setup/generatedCode.ts',
  testTimeout: 120000,
  // Two cores: the e2e suites start several processes each.
  maxWorkers: 2,
};
