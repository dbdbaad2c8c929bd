import { parse } from 'graphql';
import { PUBLIC_SCOPE } from '#platform/auth/accessScope';
import type { KommunRegistry } from '#platform/registry';
import { readSubgraphSdl } from '#platform/supergraph';
import {
  checkRoutingRules,
  KommunRouter,
  kommunCalls,
  loadKommunSchemaInfo,
  type KommunRequest,
} from '../../gateway/src/kommunRouter';

describe('routing rules of the kommun schema', () => {
  it('hold for schema/kommun.graphql', () => {
    expect(checkRoutingRules(readSubgraphSdl('kommun'))).toEqual([]);
  });

  it('name the rule and the field a new field breaks', () => {
    const broken = `
      type Query { senaste: Arende  allaArenden(first: Int): [Arende!]! }
      type Mutation { stangArende(diarienummer: String!): Arende }
      type Arende @key(fields: "diarienummer") { diarienummer: String! }`;
    expect(checkRoutingRules(broken)).toEqual([
      'Rule "a root object comes from one kommun": Query.senaste must take kommunkod: ID!',
      'Rule "a root list asks all or some kommuner": Query.allaArenden must take an optional kommunkoder: [ID!]',
      'Rule "a root list or sum asks the kommuner of one län": Query.allaArenden must take an optional lan: ID',
      'Rule "a mutation writes in one kommun": Mutation.stangArende must take kommunkod: ID!',
      'Rule "every kommun entity is keyed by kommunkod": Arende @key(fields: "diarienummer") lacks kommunkod',
    ]);
  });

  it('check every field declared @summeras: a sum holds lists of rows, keyed by scalars, adding up Ints', () => {
    const broken = `
      directive @summeras on FIELD_DEFINITION
      type Query {
        totalt(kommunkoder: [ID!]): Totalt! @summeras
        ensam(kommunkod: ID!, lan: ID): Totalt! @summeras
        tal(kommunkoder: [ID!], lan: ID): Int @summeras
      }
      type Totalt { rader: [Rad!]!  etikett: String  utanSumma: [Nyckel!]! }
      type Rad { kommunkod: ID!  kommun: Kommun  namn: String @summeras  antal: Int! @summeras }
      type Nyckel { organ: ID! }
      type Kommun @key(fields: "kommunkod") { kommunkod: ID!  invanare: Int @summeras }`;
    expect(checkRoutingRules(broken)).toEqual([
      'Rule "a root list or sum asks the kommuner of one län": Query.totalt must take an optional lan: ID',
      'Rule "a sum asks all or some kommuner": Query.ensam must return one object and take an optional kommunkoder: [ID!]',
      'Rule "a sum holds lists of rows": Totalt.etikett must be a list of row objects',
      'Rule "a sum holds lists of rows": Query.tal must return an object type',
      'Rule "a row\'s key is scalars": Rad.kommun must be a scalar or an enum',
      'Rule "a row has something to add up": Nyckel must have a field declared @summeras',
      'Rule "a summed field is an Int of a row of a sum": Rad.namn is declared @summeras but is not',
      'Rule "a summed field is an Int of a row of a sum": Kommun.invanare is declared @summeras but is not',
    ]);
  });

  it('route overklagbaraBeslut as a root list: it must take kommunkoder and lan, and goes only to the kommuner they name', async () => {
    const sdl = readSubgraphSdl('kommun');
    const field = 'overklagbaraBeslut(kommunkoder: [ID!], lan: ID, per: Date)';
    expect(sdl).toContain(field);
    expect(checkRoutingRules(sdl.replace(field, 'overklagbaraBeslut(per: Date)'))).toEqual([
      'Rule "a root list asks all or some kommuner": Query.overklagbaraBeslut must take an optional kommunkoder: [ID!]',
      'Rule "a root list or sum asks the kommuner of one län": Query.overklagbaraBeslut must take an optional lan: ID',
    ]);

    const registry: KommunRegistry = [
      { kommunkod: '0180', namn: 'Stockholm', lan: 'Stockholms län', lanskod: '01', url: 'http://stockholm.test/graphql' },
      { kommunkod: '2281', namn: 'Sundsvall', lan: 'Västernorrlands län', lanskod: '22', url: 'http://sundsvall.test/graphql' },
      { kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län', lanskod: '22', url: 'http://timra.test/graphql' },
    ];
    const requests: KommunRequest[] = [];
    const router = new KommunRouter(
      registry,
      loadKommunSchemaInfo(),
      kommunCalls({
        last: {
          send: async ({ kommun, request }) => {
            requests.push(request);
            return { kommunkod: kommun.kommunkod, ok: true, data: { overklagbaraBeslut: [{ kommunkod: kommun.kommunkod }] } };
          },
        },
        schema: loadKommunSchemaInfo(),
      }),
    );
    const query = 'query($lan: ID, $per: Date) { overklagbaraBeslut(lan: $lan, per: $per) { kommunkod } }';
    const result = await router.execute({
      scope: PUBLIC_SCOPE,
      document: parse(query),
      query,
      variables: { lan: '22', per: '2026-12-10' },
    });

    expect(requests.map((r) => r.kommunkod)).toEqual(['2281', '2262']);
    expect(result.data).toEqual({ overklagbaraBeslut: [{ kommunkod: '2281' }, { kommunkod: '2262' }] });
  });
});
