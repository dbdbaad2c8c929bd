import {
  Kind,
  parse,
  print,
  type DocumentNode,
  type FieldDefinitionNode,
  type ObjectTypeDefinitionNode,
  type TypeNode,
} from 'graphql';
import { ROUTING_ARGUMENTS } from './targets';

/** The directive that declares a field merged by sum across kommuner (see schema/kommun.graphql). */
export const SUMMERAS = 'summeras';

/**
 * The rules that let the kommun router route every request by `kommunkod`: every mutation and
 * every root field returning one object takes `kommunkod: ID!`, every root list an optional
 * `kommunkoder: [ID!]` and an optional `lan: ID` (the SCB län code), as does a sum; every entity
 * key contains `kommunkod`; a sum (`@summeras` on a root
 * field) is answered by all or some kommuner and added up, so its type must be lists of rows
 * whose keys are scalars and whose summed fields are Int. Returns one sentence per violation,
 * naming the rule and the field; empty when the schema keeps them all. A test runs this over
 * schema/kommun.graphql. The arguments are those the routing decision reads (targets.ts).
 */
export function checkRoutingRules(kommunSdl: string): string[] {
  const document = parse(kommunSdl);
  const violations: string[] = [];
  const types = objectTypesOf(document);
  const summed = summedFieldsOf(document);
  const argument = (field: FieldDefinitionNode, name: string) => field.arguments?.find((a) => a.name.value === name);
  const returnsList = (field: FieldDefinitionNode) => isList(field.type);

  for (const type of types) {
    const typeName = type.name.value;
    for (const field of type.fields ?? []) {
      const where = `${typeName}.${field.name.value}`;
      const kommunkod = argument(field, ROUTING_ARGUMENTS.kommunkod);
      const kommunkoder = argument(field, ROUTING_ARGUMENTS.kommunkoder);
      if (typeName === 'Mutation' && (!kommunkod || print(kommunkod.type) !== 'ID!')) {
        violations.push(`Rule "a mutation writes in one kommun": ${where} must take kommunkod: ID!`);
      }
      if (typeName === 'Query' && returnsList(field) && (!kommunkoder || print(kommunkoder.type) !== '[ID!]')) {
        violations.push(`Rule "a root list asks all or some kommuner": ${where} must take an optional kommunkoder: [ID!]`);
      }
      const isSum = summed.has(where);
      if (typeName === 'Query' && isSum && (returnsList(field) || !kommunkoder || print(kommunkoder.type) !== '[ID!]')) {
        violations.push(
          `Rule "a sum asks all or some kommuner": ${where} must return one object and take an optional kommunkoder: [ID!]`,
        );
      }
      const lan = argument(field, ROUTING_ARGUMENTS.lan);
      if (typeName === 'Query' && (returnsList(field) || isSum) && (!lan || print(lan.type) !== 'ID')) {
        violations.push(`Rule "a root list or sum asks the kommuner of one län": ${where} must take an optional lan: ID`);
      }
      if (typeName === 'Query' && !isSum && !returnsList(field) && (!kommunkod || print(kommunkod.type) !== 'ID!')) {
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
  violations.push(...checkSums(types, summed));
  return violations;
}

/**
 * The sum rules. A sum's type holds only lists of rows; a row's fields are scalars or enums: the
 * summed ones Int, the others its key, so that the router can add rows up per key. A field
 * declared summed anywhere else would never be added up, which is a mistake too.
 */
function checkSums(types: ObjectTypeDefinitionNode[], summed: ReadonlySet<string>): string[] {
  const violations: string[] = [];
  const byName = new Map(types.map((t) => [t.name.value, t]));
  const sumTypes = new Set<string>();
  const rowTypes = new Set<string>();
  for (const field of byName.get('Query')?.fields ?? []) {
    if (!summed.has(`Query.${field.name.value}`)) continue;
    const sumType = byName.get(namedTypeOf(field.type));
    if (!sumType) {
      violations.push(`Rule "a sum holds lists of rows": Query.${field.name.value} must return an object type`);
      continue;
    }
    if (sumTypes.has(sumType.name.value)) continue;
    sumTypes.add(sumType.name.value);
    for (const list of sumType.fields ?? []) {
      const row = byName.get(namedTypeOf(list.type));
      if (!isList(list.type) || !row) {
        violations.push(
          `Rule "a sum holds lists of rows": ${sumType.name.value}.${list.name.value} must be a list of row objects`,
        );
        continue;
      }
      rowTypes.add(row.name.value);
    }
  }
  for (const typeName of rowTypes) {
    const row = byName.get(typeName)!;
    const rowFields = row.fields ?? [];
    for (const field of rowFields) {
      if (isList(field.type) || byName.has(namedTypeOf(field.type))) {
        violations.push(`Rule "a row's key is scalars": ${typeName}.${field.name.value} must be a scalar or an enum`);
      }
    }
    if (!rowFields.some((f) => summed.has(`${typeName}.${f.name.value}`))) {
      violations.push(`Rule "a row has something to add up": ${typeName} must have a field declared @${SUMMERAS}`);
    }
  }
  for (const coordinate of summed) {
    const [typeName, fieldName] = coordinate.split('.');
    if (typeName === 'Query') continue;
    const field = byName.get(typeName)?.fields?.find((f) => f.name.value === fieldName);
    if (!rowTypes.has(typeName) || !field || namedTypeOf(field.type) !== 'Int' || isList(field.type)) {
      violations.push(`Rule "a summed field is an Int of a row of a sum": ${coordinate} is declared @${SUMMERAS} but is not`);
    }
  }
  return violations;
}

/** The coordinates (`Type.field`) of the fields declared `@summeras`. */
export function summedFieldsOf(sdl: string | DocumentNode): Set<string> {
  return fieldsDeclared(sdl, SUMMERAS);
}

/** The coordinates (`Type.field`) of the fields declared with the directive `name`. */
export function fieldsDeclared(sdl: string | DocumentNode, name: string): Set<string> {
  const fields = new Set<string>();
  for (const type of objectTypesOf(typeof sdl === 'string' ? parse(sdl) : sdl)) {
    for (const field of type.fields ?? []) {
      if (field.directives?.some((d) => d.name.value === name)) fields.add(`${type.name.value}.${field.name.value}`);
    }
  }
  return fields;
}

function objectTypesOf(document: DocumentNode): ObjectTypeDefinitionNode[] {
  return document.definitions.filter(
    (d): d is ObjectTypeDefinitionNode =>
      d.kind === Kind.OBJECT_TYPE_DEFINITION || (d.kind as string) === Kind.OBJECT_TYPE_EXTENSION,
  );
}

function namedTypeOf(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type);
}

function isList(type: TypeNode): boolean {
  return type.kind === Kind.LIST_TYPE || (type.kind === Kind.NON_NULL_TYPE && type.type.kind === Kind.LIST_TYPE);
}
