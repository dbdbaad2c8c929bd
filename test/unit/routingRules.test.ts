import { readSubgraphSdl } from '#platform/supergraph';
import { checkRoutingRules } from '../../gateway/src/kommunRouter';

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
      'Rule "a mutation writes in one kommun": Mutation.stangArende must take kommunkod: ID!',
      'Rule "every kommun entity is keyed by kommunkod": Arende @key(fields: "diarienummer") lacks kommunkod',
    ]);
  });
});
