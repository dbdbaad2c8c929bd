import { inclusiveTimes, selfTimes } from '../../bench/scenarios/profile';

/**
 * The profile table of `BENCH_PROFILE=1 npm run bench` (docs/performance.md): self time per
 * function from a V8 CPU profile, idle left out, and only the samples after the warm-up.
 */
const frame = (functionName: string, url = '') => ({ functionName, url });
const profile = {
  nodes: [
    { id: 1, callFrame: frame('(idle)') },
    { id: 2, callFrame: frame('parse', 'file:///x/node_modules/graphql/language/parser.js') },
    { id: 3, callFrame: frame('route', 'file:///x/gateway/src/kommunRouter/router.ts') },
    { id: 4, callFrame: frame('(garbage collector)') },
  ],
  // Sample i at node samples[i], timeDeltas[i] µs after the one before.
  samples: [2, 2, 1, 3, 3, 3, 4, 1],
  timeDeltas: [100, 100, 100, 100, 100, 100, 100, 100],
};

it('adds up self time per function and per package, leaving idle out', () => {
  const { total, functions, packages } = selfTimes(profile);
  expect(total).toBeCloseTo(0.6);
  expect(functions.map((f) => [f.what, f.ms])).toEqual([
    ['route', 0.3],
    ['parse', 0.2],
    ['(garbage collector)', 0.1],
  ]);
  expect(functions[0].percent).toBeCloseTo(50);
  expect(packages.map((p) => p.what)).toContain('graphql');
});

it('counts only the samples after the warm-up', () => {
  const { total, functions } = selfTimes(profile, 250);
  expect(total).toBeCloseTo(0.4);
  expect(functions.map((f) => f.what)).toEqual(['route', '(garbage collector)']);
});

it('counts a function with its callees once per sample, however deep it recurses', () => {
  // computeResponse → updateOutputValue → updateOutputValue → get; a sample elsewhere too.
  const stacks = {
    nodes: [
      { id: 1, callFrame: frame('computeResponse'), children: [2] },
      { id: 2, callFrame: frame('updateOutputValue'), children: [3] },
      { id: 3, callFrame: frame('updateOutputValue'), children: [4] },
      { id: 4, callFrame: frame('get') },
      { id: 5, callFrame: frame('prettyJSONStringify') },
    ],
    samples: [1, 3, 4, 5, 4],
    timeDeltas: [100, 100, 100, 100, 100],
  };
  const times = inclusiveTimes(stacks, ['computeResponse', 'updateOutputValue', 'prettyJSONStringify']);
  expect(times.get('computeResponse')).toBeCloseTo(0.4);
  expect(times.get('updateOutputValue')).toBeCloseTo(0.3);
  expect(times.get('prettyJSONStringify')).toBeCloseTo(0.1);
  // After the warm-up: from the third sample on.
  expect(inclusiveTimes(stacks, ['computeResponse'], 250).get('computeResponse')).toBeCloseTo(0.2);
});
