import { Kind, parse, print, type FieldDefinitionNode, type ObjectTypeDefinitionNode } from 'graphql';

/**
 * The rules that let the kommun router route every request by `kommunkod`: every mutation and
 * every root field returning one object takes `kommunkod: ID!`, every root list an optional
 * `kommunkoder: [ID!]`, every entity key contains `kommunkod`. Returns one sentence per violation, naming the rule and the field; empty when the schema
 * keeps them all. A test runs this over schema/kommun.graphql.
 */
export function checkRoutingRules(kommunSdl: string): string[] {
  const document = parse(kommunSdl);
  const violations: string[] = [];
  const types = document.definitions.filter(
    (d): d is ObjectTypeDefinitionNode =>
      d.kind === Kind.OBJECT_TYPE_DEFINITION || (d.kind as string) === Kind.OBJECT_TYPE_EXTENSION,
  );
  const argument = (field: FieldDefinitionNode, name: string) => field.arguments?.find((a) => a.name.value === name);
  const returnsList = (field: FieldDefinitionNode) =>
    field.type.kind === Kind.LIST_TYPE || (field.type.kind === Kind.NON_NULL_TYPE && field.type.type.kind === Kind.LIST_TYPE);

  for (const type of types) {
    const typeName = type.name.value;
    for (const field of type.fields ?? []) {
      const where = `${typeName}.${field.name.value}`;
      const kommunkod = argument(field, 'kommunkod');
      const kommunkoder = argument(field, 'kommunkoder');
      if (typeName === 'Mutation' && (!kommunkod || print(kommunkod.type) !== 'ID!')) {
        violations.push(`Rule "a mutation writes in one kommun": ${where} must take kommunkod: ID!`);
      }
      if (typeName === 'Query' && returnsList(field) && (!kommunkoder || print(kommunkoder.type) !== '[ID!]')) {
        violations.push(`Rule "a root list asks all or some kommuner": ${where} must take an optional kommunkoder: [ID!]`);
      }
      if (typeName === 'Query' && !returnsList(field) && (!kommunkod || print(kommunkod.type) !== 'ID!')) {
        violations.push(`Rule "a root object comes from one kommun": ${where} must take kommunkod: ID!`);
      }
    }
    for (const directive of type.directives ?? []) {
      if (directive.name.value !== 'key') continue;
      const fields = directive.arguments?.find((a) => a.name.value === 'fields')?.value;
      const keyFields = fields?.kind === Kind.STRING ? fields.value.split(/[\s{}]+/).filter(Boolean) : [];
      if (!keyFields.includes('kommunkod')) {
        violations.push(
          `Rule "every kommun entity is keyed by kommunkod": ${typeName} @key(fields: "${keyFields.join(' ')}") lacks kommunkod`,
        );
      }
    }
  }
  return violations;
}
