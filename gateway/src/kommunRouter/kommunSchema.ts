import { buildSubgraphSchema } from '@apollo/subgraph';
import { getNullableType, isListType, parse, type GraphQLSchema } from 'graphql';
import { readSubgraphSdl } from '#platform/supergraph';

/**
 * What the router needs to know of the kommun schema: which root fields return lists (their
 * answers are concatenated across kommuner) and the SDL it reports as `_service { sdl }`, so that
 * a peer gateway can read the kommun subgraph's schema even when every kommun is down.
 */
export interface KommunSchemaInfo {
  sdl: string;
  schema: GraphQLSchema;
  isListField(operationType: 'query' | 'mutation', fieldName: string): boolean;
}

export function loadKommunSchemaInfo(sdl: string = readSubgraphSdl('kommun')): KommunSchemaInfo {
  const schema = buildSubgraphSchema({ typeDefs: parse(sdl) });
  const listFields = new Set<string>();
  for (const [operationType, type] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      if (isListType(getNullableType(field.type))) listFields.add(`${operationType}.${field.name}`);
    }
  }
  return {
    sdl,
    schema,
    isListField: (operationType, fieldName) => listFields.has(`${operationType}.${fieldName}`),
  };
}
