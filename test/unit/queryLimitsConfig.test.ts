import { ConfigError } from '#platform/configError';
import { loadConfig } from '../../gateway/src/config';
import { defaultQueryLimits } from '../../gateway/src/limits/queryLimits';

/** Every query limit and the kommun router's anonymous switch come from config.ts, which names a bad value. */
describe('query limits from the environment', () => {
  it('reads every limit and KOMMUN_ROUTER_ANONYMOUS', () => {
    const config = loadConfig({
      MAX_QUERY_DEPTH: '7',
      MAX_ALIASES: '3',
      MAX_DIRECTIVES: '4',
      MAX_TOKENS: '900',
      MAX_QUERY_COST: '1000',
      ASSUMED_LIST_SIZE: '5',
      MAX_FIELDS: '60',
      MAX_OPERATIONS: '2',
      MAX_VARIABLE_VALUES: '50',
      MAX_BODY_BYTES: '4096',
      KOMMUN_ROUTER_ANONYMOUS: 'true',
    });
    expect(config.limits).toEqual({
      maxDepth: 7,
      maxAliases: 3,
      maxDirectives: 4,
      maxTokens: 900,
      maxCost: 1000,
      assumedListSize: 5,
      maxFields: 60,
      maxOperations: 2,
      maxVariableValues: 50,
      maxBodyBytes: 4096,
    });
    expect(config.kommunRouterAcceptsAnonymous).toBe(true);
    expect(loadConfig({}).limits).toEqual(defaultQueryLimits);
    expect(loadConfig({}).kommunRouterAcceptsAnonymous).toBe(false);
  });

  it.each([
    ['MAX_FIELDS', 'many'],
    ['MAX_OPERATIONS', '0'],
    ['MAX_VARIABLE_VALUES', '-1'],
    ['MAX_QUERY_DEPTH', '2.5'],
    ['KOMMUN_ROUTER_ANONYMOUS', 'maybe'],
  ])('names %s when it is %j', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});
