import fs from 'node:fs';
import path from 'node:path';
import { buildASTSchema, parse, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { loadKommunSchemaInfo } from '../../gateway/src/kommunRouter/plan/kommunSchema';
import { fieldTargets } from '../../gateway/src/kommunRouter/plan/targets';
import { kommunerCalledByRouter } from '../../gateway/src/limits/kommunerCalledByRouter';
import { priceOperations } from '../../gateway/src/limits/priceOperations';
import { defaultQueryLimits } from '../../gateway/src/limits/queryLimits';
import { kommunRootFieldsOf } from '../../gateway/src/rateLimits/operationCost';

/**
 * The query limits price a root field of the kommun subgraph by the kommuner the router's plan
 * calls for it (kommunRouter/plan/targets.ts): `kommuner` at national scale costs 290, not an
 * assumed list size.
 */
const schema = buildASTSchema(parse(fs.readFileSync(path.resolve(__dirname, '../../schema/supergraph.graphql'), 'utf8')), {
  assumeValidSDL: true,
});
// 290 kommuner: Timrå and Sundsvall of the län 22, the rest of 14.
const registry = [
  { kommunkod: '2262', lanskod: '22' },
  { kommunkod: '2281', lanskod: '22' },
  ...Array.from({ length: 288 }, (_, i) => ({ kommunkod: String(1401 + i), lanskod: '14' })),
];
const kommunerCalled = kommunerCalledByRouter(kommunRootFieldsOf(loadKommunSchemaInfo().schema).query, () => registry);
const price = (source: string, variables: Record<string, unknown> = {}) => {
  const result = priceOperations(parse(source), {
    schema,
    limits: { ...defaultQueryLimits, maxCost: Number.MAX_SAFE_INTEGER },
    variables,
    kommunerCalled,
  });
  if (result.refusal) throw result.refusal;
  return result.cost;
};
const rootField = (source: string) =>
  (parse(source).definitions[0] as OperationDefinitionNode).selectionSet.selections[0] as FieldNode;

describe('priceOperations', () => {
  it.each([
    ['{ kommuner { namn } }', {}, 290],
    ['{ kommuner(lan: "22") { namn } }', {}, 2],
    ['query($k: [ID!]) { kommuner(kommunkoder: $k) { namn } }', { k: ['2262', '1401', '9999'] }, 2],
    ['query($k: [ID!]) { kommuner(kommunkoder: $k) { namn } }', { k: '2281' }, 1],
    ['{ kommun(kommunkod: "2262") { namn } }', {}, 1],
    ['{ kommun(kommunkod: "9999") { namn } }', {}, 0],
  ])('prices %s by the kommuner the plan calls (%j)', (source, variables, called) => {
    expect(fieldTargets(rootField(source), variables, registry).targets).toHaveLength(called);
    // Each kommun called resolves the field and its one scalar; a field no kommun answers still costs its own.
    expect(price(source, variables)).toBe(2 * Math.max(1, called));
  });

  it('prices `first` given by a variable as if it were written', () => {
    expect(price('{ kommun(kommunkod: "2262") { arenden(first: 5) { nodes { rubrik } } } }')).toBe(
      price('query($n: Int) { kommun(kommunkod: "2262") { arenden(first: $n) { nodes { rubrik } } } }', { n: 5 }),
    );
  });
});
