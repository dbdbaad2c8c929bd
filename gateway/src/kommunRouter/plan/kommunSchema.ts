import { buildSubgraphSchema } from '@apollo/subgraph';
import { getNullableType, isListType, isObjectType, parse, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { summedFieldsOf } from './routingRules';
import { readSubgraphSdl } from '#platform/supergraph';

/**
 * What the router needs to know of the kommun schema: which root fields return lists (their
 * answers are concatenated across kommuner), which fields are sums (`@summeras`: added up
 * across kommuner) and the SDL it reports as `_service { sdl }`, so that
 * a peer gateway can read the kommun subgraph's schema even when every kommun is down.
 */
export interface KommunSchemaInfo {
  sdl: string;
  schema: GraphQLSchema;
  isListField(operationType: 'query' | 'mutation', fieldName: string): boolean;
  /** The coordinates (`Type.field`) declared `@summeras`. */
  summed: ReadonlySet<string>;
  /** The object type of a root query field whose answers are added up, or undefined for any other field. */
  sumFieldType(fieldName: string): GraphQLObjectType | undefined;
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
  const summed = summedFieldsOf(sdl);
  const queryType = schema.getQueryType();
  const sumFieldType = (fieldName: string) => {
    const field = queryType?.getFields()[fieldName];
    const type = field && getNullableType(field.type);
    return summed.has(`${queryType!.name}.${fieldName}`) && isObjectType(type) ? type : undefined;
  };
  return {
    sdl,
    schema,
    isListField: (operationType, fieldName) => listFields.has(`${operationType}.${fieldName}`),
    summed,
    sumFieldType,
  };
}
