import type { GraphQLField, GraphQLObjectType } from 'graphql';

/**
 * Does this field of this type carry a kommun's document link? It does where the kommun schema
 * declares it `@handlingslank` (`linkFields`, the router's KommunSchemaInfo, read from the schema
 * at start). Only such a field's value is ever signed; the same text in any other field (an
 * ärende's `beskrivning`, a document's `titel`) is a user's text and goes back as written.
 */
export function carriesHandlingLink(
  linkFields: ReadonlySet<string>,
  type: GraphQLObjectType,
  field: GraphQLField<unknown, unknown>,
): boolean {
  return linkFields.has(`${type.name}.${field.name}`);
}
