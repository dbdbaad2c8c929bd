import fs from 'node:fs';
import path from 'node:path';
import { parse, type OperationDefinitionNode } from 'graphql';
import { loadKommunSchemaInfo } from '../../gateway/src/kommunRouter';
import { directRead } from '../../gateway/src/kommunRouterHosts';
import { answerShape, hasShape } from '../../gateway/src/kommunRouterHosts/gateway/answerShape';

/**
 * Which queries go straight to the kommun router (gateway/src/kommunRouterHosts/gateway/
 * directKommunReads.ts): a query whose every field the kommun subgraph answers, without
 * introspection. test/e2e/sharedStack/directKommunReadsSuite.ts shows that clients get the same
 * bytes either way.
 */
const kommunSchema = loadKommunSchemaInfo().schema;
const contractDir = path.resolve(__dirname, '../../contract');

function readOf(text: string, operationName?: string) {
  const document = parse(text);
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  const operation = operationName ? operations.find((o) => o.name?.value === operationName)! : operations[0];
  return directRead(document, operation, kommunSchema);
}

it('takes a query the kommun subgraph answers alone, through its fragments', () => {
  const read = readOf(
    'query Oversikt { kommuner { ...K arenden(first: 2) { nodes { rubrik } } } } fragment K on Kommun { kommunkod namn }',
  );
  expect(read?.query).toContain('fragment K on Kommun');
  expect(read?.document.definitions).toHaveLength(2);
});

it('leaves to @apollo/gateway a field another subgraph adds, and a samverkan root field', () => {
  expect(readOf('{ kommun(kommunkod: "2262") { namn samverkansomraden { id } } }')).toBeNull();
  expect(readOf('{ kommuner { ...S } } fragment S on Kommun { samverkansomraden { id } }')).toBeNull();
  expect(readOf('{ samverkan { id } }')).toBeNull();
});

it('leaves to @apollo/gateway introspection (the supergraph is not a kommun schema) and every write', () => {
  expect(readOf('{ __schema { queryType { name } } }')).toBeNull();
  expect(readOf('{ kommuner { kommunkod } __type(name: "Kommun") { name } }')).toBeNull();
  expect(
    readOf('mutation { registreraArende(kommunkod: "2262", input: { rubrik: "x", organ: "KS" }) { diarienummer } }'),
  ).toBeNull();
});

it('sends only the operation asked for and the fragments it uses', () => {
  const read = readOf(
    'query A { kommuner { ...K } } query B { kommuner { ...N } } fragment K on Kommun { kommunkod } fragment N on Kommun { namn }',
    'B',
  );
  expect(read?.query).not.toContain('query A');
  expect(read?.query).not.toContain('fragment K');
  expect(read?.query).toContain('fragment N on Kommun');
});

describe('the shape of an answer', () => {
  const shapeOf = (text: string, variables: Record<string, unknown> = {}) => {
    const document = parse(text);
    const operation = document.definitions[0] as OperationDefinitionNode;
    return answerShape(kommunSchema.getQueryType()!, operation.selectionSet.selections, new Map(), variables)!;
  };
  const shape = shapeOf('{ kommuner { kommunkod n: namn organ { id } } }');
  const kommun = { kommunkod: '2262', n: 'Timrå', organ: [{ id: 'KS' }] };

  it('is exactly the keys asked for, with lists and nulls where the schema has them', () => {
    expect(hasShape({ kommuner: [kommun] }, shape)).toBe(true);
    expect(hasShape({ kommuner: [] }, shape)).toBe(true);
    // A key more (a kommun on its own system that adds a field), or one less.
    expect(hasShape({ kommuner: [{ ...kommun, lan: '22' }] }, shape)).toBe(false);
    expect(hasShape({ kommuner: [{ kommunkod: '2262', organ: [] }] }, shape)).toBe(false);
    // A null where the schema allows none (Kommun.namn is String!), an object where a list belongs.
    expect(hasShape({ kommuner: [{ ...kommun, n: null }] }, shape)).toBe(false);
    expect(hasShape({ kommuner: kommun }, shape)).toBe(false);
  });

  it('follows @skip and @include as the variables decide', () => {
    const text = 'query($mer: Boolean!) { kommuner { kommunkod namn @include(if: $mer) } }';
    expect(hasShape({ kommuner: [{ kommunkod: '2262' }] }, shapeOf(text, { mer: false }))).toBe(true);
    expect(hasShape({ kommuner: [{ kommunkod: '2262' }] }, shapeOf(text, { mer: true }))).toBe(false);
  });
});

it("sends the contract's kommun-only queries straight to the router, and those that read samverkan through @apollo/gateway", () => {
  const direct: Record<string, boolean> = {};
  for (const file of fs.readdirSync(contractDir).filter((f) => f.endsWith('.graphql'))) {
    const document = parse(fs.readFileSync(path.join(contractDir, file), 'utf8'));
    for (const definition of document.definitions)
      if (definition.kind === 'OperationDefinition' && definition.operation === 'query')
        direct[definition.name!.value] = directRead(document, definition, kommunSchema) !== null;
  }
  const going = (to: boolean) =>
    Object.keys(direct)
      .filter((name) => direct[name] === to)
      .sort();
  expect(going(false)).toEqual([
    'ArendeDetalj',
    'DashboardSamverkan',
    'KommunensSamverkan',
    'LikalydandeBeslut',
    'SamverkanDashboard',
  ]);
  expect(going(true)).toEqual(
    expect.arrayContaining(['KommunOversikt', 'SokArenden', 'Statistik', 'Handlingar', 'Sammantraden']),
  );
});
