import { parse, type OperationDefinitionNode } from 'graphql';
import { loadKommunSchemaInfo } from '../../gateway/src/kommunRouter/plan/kommunSchema';
import { fragmentsOf, kommunRootFieldsOf, operationCost } from '../../gateway/src/rateLimits/operationCost';

/** What an operation costs against its client's rate limit: the fetches the kommun router will make. */
const kommunRootFields = kommunRootFieldsOf(loadKommunSchemaInfo().schema);
/** 290 kommuner: Timrå and Sundsvall of the län "22", the rest of "14". */
const kommuner = [
  { kommunkod: '2262', lanskod: '22' },
  { kommunkod: '2281', lanskod: '22' },
  ...Array.from({ length: 288 }, (_, i) => ({ kommunkod: String(1401 + i), lanskod: '14' })),
];

function costOf(source: string, variables: Record<string, unknown> = {}): number {
  const document = parse(source);
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
  return operationCost({ operation, fragments: fragmentsOf(document.definitions), variables, kommuner, kommunRootFields });
}

describe('operationCost', () => {
  it('charges a root list one point per kommun it calls: all, those named, those of a län', () => {
    expect(costOf('{ kommuner { namn } }')).toBe(290);
    expect(costOf('query ($k: [ID!]) { kommuner(kommunkoder: $k) { namn } }', { k: ['2262', '9999'] })).toBe(1);
    expect(costOf('{ statistik(lan: "22") { uppdrag { antal } } }')).toBe(2);
    expect(costOf('{ kommuner(lan: "22", kommunkoder: ["2262", "1401"]) { namn } }')).toBe(1);
  });

  it('charges a field with kommunkod, a mutation and a samverkan field one point each', () => {
    expect(costOf('{ kommun(kommunkod: "2262") { namn } }')).toBe(1);
    expect(costOf('{ samverkansomraden { namn } }')).toBe(1);
    expect(costOf('mutation { andraSamverkansstatus(id: "x", input: { status: STARTAT }) { id } }')).toBe(1);
  });

  it('follows fragments and @skip, adds up the root fields, and charges `__typename` nothing beyond the first point of the request', () => {
    expect(
      costOf(
        'query ($s: Boolean!) { ...F a: kommun(kommunkod: "2262") @skip(if: $s) { namn } } fragment F on Query { kommuner { namn } }',
        {
          s: false,
        },
      ),
    ).toBe(291);
    expect(costOf('{ __typename }')).toBe(0);
  });
});
