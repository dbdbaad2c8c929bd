import { silentLogger } from '#platform/telemetry/logger';
import fs from 'node:fs';
import path from 'node:path';
import {
  Kind,
  buildClientSchema,
  getIntrospectionQuery,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  parse,
  typeFromAST,
  type FragmentDefinitionNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { loadConfig } from '../../gateway/src/config';
import { startGatewayServer, type GatewayServer } from '../../gateway/src/server';
import { collectFields } from '../../gateway/src/kommunRouter/plan/collectFields';
import { testKeys } from '../helpers/auth';
import { startStubKommun, type StubKommun } from '../helpers/stubKommun';

/**
 * The rate-limit cost follows the router's plan: every operation of the contract, sent through
 * the gateway, is charged exactly the root fields that reach the subgraphs, each counted once per
 * kommun that answers it (and at least 1). Stubs record what reaches them and answer with no
 * data, so that nothing but the root fetches is made.
 */
const reached: { subgraph: string; fields: number }[] = [];
/** What reached a subgraph: the operation's root fields other than introspection. */
function rootFields(query: string, variables: Record<string, unknown>): number {
  const document = parse(query);
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return collectFields(operation.selectionSet.selections, fragments, variables).filter((f) => !f.name.value.startsWith('__'))
    .length;
}
let stub: StubKommun;
let keys: Awaited<ReturnType<typeof testKeys>>;
let gateway: GatewayServer;
let schema: GraphQLSchema;
const POINTS = 100_000;

beforeAll(async () => {
  keys = await testKeys();
  stub = await startStubKommun(({ path, query, variables }) => {
    reached.push({ subgraph: path.split('/')[1], fields: rootFields(query, variables) });
    return { json: { data: null } };
  });
  const stubUrl = stub.origin;
  const kommun = (kommunkod: string, lan: string) => ({ kommunkod, namn: kommunkod, lan, url: `${stubUrl}/kommun/${kommunkod}` });
  gateway = await startGatewayServer(
    loadConfig({
      PORT: '0',
      SAMVERKAN_URL: `${stubUrl}/samverkan`,
      KOMMUN_REGISTRY: JSON.stringify([
        kommun('2281', 'Västernorrlands län'),
        kommun('2262', 'Västernorrlands län'),
        kommun('1401', 'Västra Götalands län'),
        kommun('1402', 'Västra Götalands län'),
      ]),
      KEYS_DIR: keys.keysDir,
      KOMMUN_CACHE: 'false',
      RATE_LIMIT_POINTS: String(POINTS),
    }),
    silentLogger(),
  );
  const introspection = await send(getIntrospectionQuery(), {}, '2262');
  schema = buildClientSchema(introspection.json.data);
  reached.length = 0;
});
afterAll(async () => {
  await gateway?.stop();
  await stub?.close();
  keys.remove();
});

let client = 0;
/** Each request as a client of its own, so that what it was charged is what its limit lost. */
async function send(query: string, variables: Record<string, unknown>, kommunkod: string, operationName?: string) {
  const token = await keys.userToken({ sub: `cost-${++client}`, kommunkod, roller: ['HANDLAGGARE', 'SAMORDNARE'] });
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables, operationName }),
  });
  const json = (await response.json()) as any;
  return { json, charged: POINTS - Number(response.headers.get('ratelimit-remaining')) };
}

/** The least valid value of a variable's type: nothing when it may be left out. */
function valueOf(type: GraphQLInputType): unknown {
  if (!isNonNullType(type)) return undefined;
  const inner = getNullableType(type);
  if (isListType(inner)) return [];
  if (isEnumType(inner)) return inner.getValues()[0].value;
  if (isInputObjectType(inner)) {
    return Object.fromEntries(
      Object.values(inner.getFields())
        .map((f) => [f.name, valueOf(f.type)])
        .filter(([, v]) => v !== undefined),
    );
  }
  if (isScalarType(inner)) {
    return ({ Int: 1, Float: 1, Boolean: false } as Record<string, unknown>)[inner.name] ?? '2021-01-01';
  }
  return undefined;
}

/**
 * The routing arguments' values of each run: kommuner named (one of them unknown) and a län; all
 * kommuner; an unknown kommun, and one kommun named as a single value (GraphQL makes it a list).
 */
const runs = [
  { kommunkod: '2262', kommunkoder: ['2262', '1401', '9999'], lan: '22' },
  { kommunkod: '2281' },
  { kommunkod: '9999', kommunkoder: '1401', lan: '14' },
];

const contractDir = path.resolve(__dirname, '../../contract');
const operations = fs
  .readdirSync(contractDir)
  .filter((file) => file.endsWith('.graphql'))
  .flatMap((file) => {
    const text = fs.readFileSync(path.join(contractDir, file), 'utf8');
    return parse(text)
      .definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)
      .map((operation) => ({ file, text, operation }));
  });

describe('the rate-limit cost follows the plan', () => {
  it('finds the contract', () => {
    expect(operations.length).toBeGreaterThan(20);
  });

  it.each(operations.map((o) => [`${o.file} ${o.operation.name?.value}`, o] as const))(
    '%s is charged the root fields each kommun and samverkan are asked',
    async (_name, { text, operation }) => {
      for (const [index, run] of runs.entries()) {
        const variables: Record<string, unknown> = {};
        for (const definition of operation.variableDefinitions ?? []) {
          const name = definition.variable.name.value;
          const value =
            name in run
              ? run[name as keyof typeof run]
              : valueOf(typeFromAST(schema, definition.type as never) as GraphQLInputType);
          if (value !== undefined) variables[name] = value;
        }
        reached.length = 0;
        const { json, charged } = await send(text, variables, run.kommunkod, operation.name?.value);
        const refusals = (json.errors ?? [])
          .map((e: { extensions?: { code?: string } }) => e.extensions?.code)
          .filter((code: string) => /VALIDATION|BAD_USER_INPUT|PARSE|FORBIDDEN|UNAUTHENTICATED|BAD_REQUEST|INTERNAL/.test(code));
        expect(refusals).toEqual([]);
        const fields = reached.reduce((sum, r) => sum + r.fields, 0);
        // The usual run reaches a subgraph: else the comparison would hold for nothing.
        if (index < 2) expect(fields).toBeGreaterThan(0);
        expect({ run: index, charged }).toEqual({ run: index, charged: Math.max(1, fields) });
      }
    },
  );
});
