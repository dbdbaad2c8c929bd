import { documentedStartupTable, readStartupResults, startupTable } from '../../bench/startupTable';

/**
 * docs/operations.md says how long `npm start` takes; the figures are the ones the start-up part
 * of `npm run bench` measured (bench/results/startup.json), written there by the bench, never typed in.
 */
it('docs/operations.md shows the start-up times of bench/results/startup.json', () => {
  expect(documentedStartupTable()).toBe(startupTable(readStartupResults()));
});
