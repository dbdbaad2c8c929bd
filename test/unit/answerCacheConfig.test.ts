import { loadConfig } from '../../gateway/src/config';

/** The answer cache's bounds and the one-replica switch, as an operator sets them (docs/configuration.md). */

const registry = JSON.stringify([
  { kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län', url: 'http://timra.test/graphql' },
]);
const cacheOf = (env: NodeJS.ProcessEnv) => loadConfig({ KOMMUN_REGISTRY: registry, ...env }).answerCache;

it('bounds the memory caches in bytes by default, and keeps restrictable answers out of memory unless told there is one replica', () => {
  expect(cacheOf({})).toMatchObject({ maxBytes: 48 * 2 ** 20, maxWholeBytes: 16 * 2 ** 20, singleReplica: false });
  expect(
    cacheOf({ KOMMUN_CACHE_MAX_BYTES: '1048576', WHOLE_ANSWER_CACHE_MAX_BYTES: '524288', KOMMUN_CACHE_SINGLE_REPLICA: 'true' }),
  ).toMatchObject({ maxBytes: 1048576, maxWholeBytes: 524288, singleReplica: true });
});

it('names a bad setting instead of starting with an unbounded or unsafe cache', () => {
  expect(() => cacheOf({ KOMMUN_CACHE_MAX_BYTES: '0' })).toThrow(/KOMMUN_CACHE_MAX_BYTES/);
  expect(() => cacheOf({ WHOLE_ANSWER_CACHE_MAX_BYTES: '16M' })).toThrow(/WHOLE_ANSWER_CACHE_MAX_BYTES/);
  expect(() => cacheOf({ KOMMUN_CACHE_SINGLE_REPLICA: 'maybe' })).toThrow(/KOMMUN_CACHE_SINGLE_REPLICA/);
});
