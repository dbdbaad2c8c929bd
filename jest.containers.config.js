/**
 * `npm run test:containers` (scripts/testContainers.sh): the containers of docker/compose.yaml,
 * built and run. Kept out of `npm test`: it needs a Docker engine and the images the script builds.
 * @type {import('jest').Config}
 */
const base = require('./jest.config');

module.exports = {
  testEnvironment: base.testEnvironment,
  transform: base.transform,
  moduleNameMapper: base.moduleNameMapper,
  roots: ['<rootDir>/test/containers'],
  testMatch: ['**/*.test.ts'],
  // One project on one engine, started once for the whole file.
  maxWorkers: 1,
  testTimeout: 300000,
};
