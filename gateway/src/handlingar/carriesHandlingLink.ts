import type { GraphQLField, GraphQLObjectType } from 'graphql';

/** The fields whose values a kommun fills with a link marker for one of its own documents. */
const LINK_FIELDS = new Set(['Handling.url', 'Handlingsregistrering.uppladdningsUrl']);

/**
 * Does this field of this type carry a kommun's document link? Only such a field's value is
 * ever signed; the same text in any other field (an ärende's `beskrivning`, a document's
 * `titel`) is a user's text and goes back as written. The one place that decides it.
 */
export function carriesHandlingLink(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): boolean {
  return LINK_FIELDS.has(`${type.name}.${field.name}`);
}
