import fs from 'node:fs';
import path from 'node:path';
import { buildASTSchema, parse } from 'graphql';
import { loadKommunSchemaInfo } from '../../gateway/src/kommunRouter/plan/kommunSchema';
import { kommunerCalledByRouter } from '../../gateway/src/limits/kommunerCalledByRouter';
import { keptPrices } from '../../gateway/src/limits/keptPrices';
import { priceOperations, type PricingOptions } from '../../gateway/src/limits/priceOperations';
import { defaultQueryLimits } from '../../gateway/src/limits/queryLimits';
import { kommunRootFieldsOf } from '../../gateway/src/rateLimits/operationCost';

/**
 * A kept price is the price `priceOperations` would make for the request: it is reused only for
 * the same values of the variables the pricing read, under the same registry.
 */
const schema = buildASTSchema(parse(fs.readFileSync(path.resolve(__dirname, '../../schema/supergraph.graphql'), 'utf8')), {
  assumeValidSDL: true,
});
const kommunRootFields = kommunRootFieldsOf(loadKommunSchemaInfo().schema).query;
const document = parse(`query($k: [ID!], $n: Int, $fran: Date) {
  kommuner(kommunkoder: $k) { arenden(first: $n, filter: { registreradFran: $fran }) { nodes { rubrik } } }
}`);

describe('keptPrices', () => {
  let registry = [
    { kommunkod: '2262', lanskod: '22' },
    { kommunkod: '2281', lanskod: '22' },
  ];
  const kommunerCalled = kommunerCalledByRouter(kommunRootFields, () => registry);
  const options = (variables: Record<string, unknown>): PricingOptions => ({
    schema,
    limits: { ...defaultQueryLimits, maxCost: 500 },
    variables,
    kommunerCalled,
  });
  const costOf = (variables: Record<string, unknown>) => priceOperations(document, options(variables)).cost;

  it('reuses a price for a variable it does not read, and prices afresh for one it reads', () => {
    const price = keptPrices();
    const first = price(document, options({ k: ['2262'], n: 5, fran: '1900-01-01' }));
    expect(first.cost).toBe(costOf({ k: ['2262'], n: 5 }));
    expect(price(document, options({ k: ['2262'], n: 5, fran: '1900-01-02' }))).toBe(first);
    expect(price(document, options({ k: ['2262', '2281'], n: 5 })).cost).toBe(costOf({ k: ['2262', '2281'], n: 5 }));
    expect(price(document, options({ k: ['2262'], n: 50 })).cost).toBe(costOf({ k: ['2262'], n: 50 }));
    expect(price(document, options({ k: ['2262'] })).cost).toBe(costOf({ k: ['2262'] }));
    // A refusal is the request's too: past maxCost with the kept document.
    expect(price(document, options({ k: ['2262', '2281'], n: 1000 })).refusal).not.toBeNull();
    expect(price(document, options({ k: ['2262'], n: 5, fran: '1900-01-03' }))).toBe(first);
  });

  it('prices afresh under another registry', () => {
    const price = keptPrices();
    const all = { n: 5 }; // no kommunkoder: every kommun of the registry
    const before = price(document, options(all)).cost;
    expect(before).toBe(costOf(all));
    registry = [...registry, { kommunkod: '2280', lanskod: '22' }];
    expect(costOf(all)).toBeGreaterThan(before!);
    expect(price(document, options(all)).cost).toBe(costOf(all));
  });
});
