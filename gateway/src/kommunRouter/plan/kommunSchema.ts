import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  Kind,
  getNullableType,
  isListType,
  isObjectType,
  parse,
  visit,
  BREAK,
  type DocumentNode,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { fieldsDeclared, summedFieldsOf } from './routingRules';
import { readSubgraphSdl } from '#platform/supergraph';

/**
 * What the router needs to know of the kommun schema: which root fields return lists (their
 * answers are concatenated across kommuner), which fields are sums (`@summeras`: added up
 * across kommuner), which fields carry document links (`@handlingslank`) and the SDL it reports
 * as `_service { sdl }`, so that a peer gateway can read the kommun subgraph's schema even when
 * every kommun is down.
 */
export interface KommunSchemaInfo {
  sdl: string;
  schema: GraphQLSchema;
  isListField(operationType: 'query' | 'mutation', fieldName: string): boolean;
  /** The coordinates (`Type.field`) declared `@summeras`. */
  summed: ReadonlySet<string>;
  /** The object type of a root query field whose answers are added up, or undefined for any other field. */
  sumFieldType(fieldName: string): GraphQLObjectType | undefined;
  /**
   * The coordinates (`Type.field`) declared `@handlingslank`: the fields whose values are document
   * links. The gateway signs these, and only these, and keeps no answer that selects one.
   */
  linkFields: ReadonlySet<string>;
  /**
   * Whether a fetch may select a link field: some field of the document (under any alias, in any
   * fragment) has the name of one. A wider test than the coordinates, never a narrower one.
   */
  mayCarryLink(document: DocumentNode): boolean;
}

/** The directive that marks a field whose value is a document link. */
export const HANDLINGSLANK = 'handlingslank';

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
  const linkFields = fieldsDeclared(sdl, HANDLINGSLANK);
  const linkFieldNames = new Set([...linkFields].map((coordinate) => coordinate.split('.')[1]));
  // The gateway keeps each fetch's document with its query plan: each is looked at once.
  const carrying = new WeakMap<DocumentNode, boolean>();
  const mayCarryLink = (document: DocumentNode) => {
    let carries = carrying.get(document);
    if (carries === undefined) {
      carries = false;
      visit(document, {
        [Kind.FIELD]: (node) => {
          if (!linkFieldNames.has(node.name.value)) return undefined;
          carries = true;
          return BREAK;
        },
      });
      carrying.set(document, carries);
    }
    return carries;
  };
  return {
    sdl,
    schema,
    isListField: (operationType, fieldName) => listFields.has(`${operationType}.${fieldName}`),
    summed,
    sumFieldType,
    linkFields,
    mayCarryLink,
  };
}
