/**
 * `npm run test:containers` (scripts/testContainers.sh): the containers of docker/compose.yaml,
 * built and run. Kept out of `npm test` (jest.config.js ignores test/containers/): it needs a
 * Docker engine and the images the script builds, and no database of the test setup.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/containers'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: { module: 'commonjs', moduleResolution: 'node', isolatedModules: true } }],
  },
  moduleNameMapper: {
    '^#platform/(.*)$': '<rootDir>/common/platform/$1',
    '^#subgraph-kit/(.*)$': '<rootDir>/common/subgraph-kit/$1',
    '^#dev-tools/(.*)$': '<rootDir>/common/dev-tools/$1',
  },
  // One project on one engine, started once for the file.
  maxWorkers: 1,
  testTimeout: 300000,
};
