import {
  getNamedType,
  isNonNullType,
  isObjectType,
  Kind,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

/** An entity type of the contract and the fields of its `@key`. */
export interface KeyType {
  type: GraphQLObjectType;
  fields: string[];
}

/** Every type the contract marks `@key`, with its key fields, read from the schema itself. */
export function keyTypes(schema: GraphQLSchema): KeyType[] {
  return Object.values(schema.getTypeMap()).flatMap((type) => {
    if (!isObjectType(type) || type.name.startsWith('_')) return [];
    const directives = [type.astNode, ...type.extensionASTNodes].flatMap((node) => node?.directives ?? []);
    const key = directives.find((d) => d.name.value === 'key');
    const fieldsArg = key?.arguments?.find((a) => a.name.value === 'fields');
    if (!fieldsArg || fieldsArg.value.kind !== Kind.STRING) return [];
    return [{ type, fields: fieldsArg.value.value.split(/\s+/).filter(Boolean) }];
  });
}

const hasRequiredArgs = (field: GraphQLField<unknown, unknown>) =>
  field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined);

/**
 * Where a kommun lists its rows of `typeName`: a field of the Kommun type without required
 * arguments that returns them as a list or as a connection's `nodes`. A plain list and a list that
 * is not a sync feed are preferred, since they show every row at once.
 */
export function listOf(schema: GraphQLSchema, typeName: string): { field: string; viaNodes: boolean } | undefined {
  const kommun = schema.getType('Kommun') as GraphQLObjectType;
  const candidates = Object.values(kommun.getFields()).flatMap((field) => {
    if (hasRequiredArgs(field) || field.deprecationReason) return [];
    const named = getNamedType(field.type);
    if (named.name === typeName) return [{ field: field.name, viaNodes: false, rank: 0 }];
    const nodes = isObjectType(named) ? named.getFields().nodes : undefined;
    if (nodes && getNamedType(nodes.type).name === typeName) {
      return [{ field: field.name, viaNodes: true, rank: field.args.some((a) => a.name === 'andradeEfter') ? 2 : 1 }];
    }
    return [];
  });
  return candidates.sort((a, b) => a.rank - b.rank)[0];
}

/** The sync feeds of a kommun: its fields that take `andradeEfter` and answer a connection with `andringsmarkor`. */
export function feedsOf(schema: GraphQLSchema): { field: string; nodeType: GraphQLObjectType }[] {
  const kommun = schema.getType('Kommun') as GraphQLObjectType;
  return Object.values(kommun.getFields()).flatMap((field) => {
    const named = getNamedType(field.type);
    if (!field.args.some((a) => a.name === 'andradeEfter') || !isObjectType(named) || !named.getFields().andringsmarkor)
      return [];
    return [{ field: field.name, nodeType: getNamedType(named.getFields().nodes.type) as GraphQLObjectType }];
  });
}

/** The fields that identify a row of `type`: its key without `kommunkod`, else `id`. */
export function identityOf(schema: GraphQLSchema, type: GraphQLObjectType): string[] {
  const key = keyTypes(schema).find((k) => k.type.name === type.name);
  const fields = key ? key.fields.filter((f) => f !== 'kommunkod') : [];
  return fields.length ? fields : ['id'];
}
