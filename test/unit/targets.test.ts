import { parse, type FieldNode, type OperationDefinitionNode } from 'graphql';
import { fieldTargets, kommunerCalledBy } from '../../gateway/src/kommunRouter/plan/targets';

/** The one decision of which kommuner a root field calls; the plan, the cost and the query limits read it. */
const registry = [
  { kommunkod: '2281', lanskod: '22' },
  { kommunkod: '2262', lanskod: '22' },
  { kommunkod: '1401', lanskod: '14' },
];
const field = (source: string) =>
  (parse(source).definitions[0] as OperationDefinitionNode).selectionSet.selections[0] as FieldNode;

describe('fieldTargets', () => {
  it('calls the kommun kommunkod names, or none when the registry does not hold it', () => {
    expect(fieldTargets(field('{ kommun(kommunkod: 2262) { namn } }'), {}, registry)).toEqual({ targets: ['2262'], unknown: [] });
    expect(fieldTargets(field('query ($k: ID!) { kommun(kommunkod: $k) { namn } }'), {}, registry)).toEqual({
      targets: [],
      unknown: [undefined],
    });
  });

  it('calls all, those kommunkoder names (one value as a list of one) and those of a län, in registry order', () => {
    expect(kommunerCalledBy(field('{ kommuner { namn } }'), {}, registry)).toBe(3);
    const named = field('query ($k: [ID!]) { kommuner(kommunkoder: $k) { namn } }');
    expect(fieldTargets(named, { k: ['2262', '2281', '9999'] }, registry)).toEqual({
      targets: ['2281', '2262'],
      unknown: ['9999'],
    });
    expect(fieldTargets(named, { k: '1401' }, registry).targets).toEqual(['1401']);
    expect(fieldTargets(field('{ statistik(lan: "22", kommunkoder: ["2262", "1401"]) { n } }'), {}, registry).targets).toEqual([
      '2262',
    ]);
  });
});
