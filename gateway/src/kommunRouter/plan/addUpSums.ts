import {
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
} from 'graphql';
import { collectFields, responseKeyOf } from './collectFields';

/**
 * How the kommuner's answers to a sum field (`@summeras`) are added up, per response key of
 * the selection: a summed field is added, a list of rows is merged per key, an object is merged
 * field by field, and any other field (a scalar, `__typename`) is part of its row's key.
 */
export interface SumShape {
  typeName: string;
  fields: SumField[];
}

export type SumField =
  | { responseKey: string; kind: 'summed' | 'key' | 'typename' }
  | { responseKey: string; kind: 'rows' | 'object'; shape: SumShape };

/** The shape of a field's selection; `summed` holds the coordinates (`Type.field`) declared `@summeras`. */
export function sumShapeOf(
  type: GraphQLObjectType,
  node: FieldNode,
  summed: ReadonlySet<string>,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): SumShape {
  const fields: SumField[] = [];
  const seen = new Set<string>();
  for (const field of collectFields(node.selectionSet?.selections ?? [], fragments, variables)) {
    const responseKey = responseKeyOf(field);
    // A response key selected twice (e.g. by a fragment and directly) is one value in the answer.
    if (seen.has(responseKey)) continue;
    seen.add(responseKey);
    const name = field.name.value;
    const definition = type.getFields()[name];
    const named = definition && getNamedType(definition.type);
    if (name === '__typename') fields.push({ responseKey, kind: 'typename' });
    else if (summed.has(`${type.name}.${name}`)) fields.push({ responseKey, kind: 'summed' });
    else if (named && isObjectType(named)) {
      const kind = isListType(getNullableType(definition.type)) ? 'rows' : 'object';
      fields.push({ responseKey, kind, shape: sumShapeOf(named, field, summed, fragments, variables) });
    } else fields.push({ responseKey, kind: 'key' });
  }
  return { typeName: type.name, fields };
}

/**
 * The kommuner's objects as one: summed fields added up, lists of rows merged so that rows with
 * equal keys (all their fields but the summed ones) become one row with the sums, in the order
 * their keys first appear. With no answer at all, an object of zeros and empty lists.
 */
export function addUpSums(objects: readonly unknown[], shape: SumShape): Record<string, unknown> {
  const present = objects.filter((o): o is Record<string, unknown> => o != null && typeof o === 'object');
  const result: Record<string, unknown> = {};
  for (const field of shape.fields) {
    const values = present.map((o) => o[field.responseKey]);
    switch (field.kind) {
      case 'summed':
        result[field.responseKey] = values.reduce<number>((sum, v) => sum + (typeof v === 'number' ? v : 0), 0);
        break;
      case 'rows':
        result[field.responseKey] = addUpRows(
          values.flatMap((v) => (Array.isArray(v) ? v : [])),
          field.shape,
        );
        break;
      case 'object': {
        const inner = values.filter((v) => v != null);
        result[field.responseKey] = inner.length || !present.length ? addUpSums(inner, field.shape) : null;
        break;
      }
      case 'typename':
        result[field.responseKey] = shape.typeName;
        break;
      case 'key':
        result[field.responseKey] = values.find((v) => v != null) ?? null;
        break;
    }
  }
  return result;
}

function addUpRows(rows: readonly unknown[], shape: SumShape): Record<string, unknown>[] {
  const keyFields = shape.fields.filter((f) => f.kind === 'key' || f.kind === 'typename').map((f) => f.responseKey);
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const row of rows) {
    if (row == null || typeof row !== 'object') continue;
    const key = JSON.stringify(keyFields.map((k) => (row as Record<string, unknown>)[k] ?? null));
    const group = groups.get(key);
    if (group) group.push(row as Record<string, unknown>);
    else groups.set(key, [row as Record<string, unknown>]);
  }
  return [...groups.values()].map((group) => addUpSums(group, shape));
}
