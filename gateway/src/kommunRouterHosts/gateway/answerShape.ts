import {
  TypeNameMetaFieldDef,
  getNamedType,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type SelectionNode,
} from 'graphql';
import { collectFields, responseKeyOf } from '../../kommunRouter';

/** One response key of an object: its type, and the shape of its objects where it has any. */
interface FieldShape {
  key: string;
  type: GraphQLOutputType;
  shape?: ObjectShape;
}

/** The response keys an object of the answer has, exactly, in the order the selection gives them. */
export interface ObjectShape {
  fields: FieldShape[];
}

/**
 * What an answer to a selection looks like, with @skip and @include decided by the variables:
 * each object's response keys and their types. Undefined when a field's type is an interface or
 * a union: which fragments apply there depends on each object's type, which the answer does not
 * carry unless asked (@apollo/gateway asks for `__typename` everywhere for that). Without them,
 * every fragment a valid selection spreads is on the object's own type, so the router's
 * `collectFields` gives the keys.
 */
export function answerShape(
  type: GraphQLObjectType,
  selections: readonly SelectionNode[],
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): ObjectShape | undefined {
  const byKey = new Map<string, FieldNode[]>();
  for (const field of collectFields(selections, fragments, variables)) {
    const key = responseKeyOf(field);
    byKey.set(key, [...(byKey.get(key) ?? []), field]);
  }
  const fields: FieldShape[] = [];
  for (const [key, nodes] of byKey) {
    const name = nodes[0].name.value;
    if (name === TypeNameMetaFieldDef.name) {
      fields.push({ key, type: TypeNameMetaFieldDef.type });
      continue;
    }
    const fieldType = type.getFields()[name].type;
    const named = getNamedType(fieldType);
    if (isAbstractType(named)) return undefined;
    if (isLeafType(named)) {
      fields.push({ key, type: fieldType });
      continue;
    }
    const shape = answerShape(
      named as GraphQLObjectType,
      nodes.flatMap((n) => n.selectionSet?.selections ?? []),
      fragments,
      variables,
    );
    if (!shape) return undefined;
    fields.push({ key, type: fieldType, shape });
  }
  return { fields };
}

/** Whether an answer has exactly the shape: every key and no other, lists where lists are, no null where none may be. */
export function hasShape(data: unknown, shape: ObjectShape): boolean {
  return objectMismatch(data, shape) === undefined;
}

/** Where an answer first differs from the shape and how (for a report), or undefined where it does not. */
export function shapeMismatch(data: unknown, shape: ObjectShape): string | undefined {
  const mismatch = objectMismatch(data, shape);
  return mismatch && `${mismatch.path.length ? mismatch.path.join('.') : 'data'}: ${mismatch.reason}`;
}

/** Made only where an answer differs: the walk over a conforming one allocates nothing. */
interface Mismatch {
  /** From the top, filled in on the way back up. */
  path: (string | number)[];
  reason: string;
}

function under(key: string | number, mismatch: Mismatch | undefined): Mismatch | undefined {
  mismatch?.path.unshift(key);
  return mismatch;
}

function objectMismatch(value: unknown, shape: ObjectShape): Mismatch | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { path: [], reason: 'not an object' };
  const object = value as Record<string, unknown>;
  let keys = 0;
  for (const _ in object) keys++;
  if (keys !== shape.fields.length) {
    const asked = new Set(shape.fields.map((f) => f.key));
    const extra = Object.keys(object).filter((key) => !asked.has(key));
    if (extra.length) return { path: [], reason: `${extra.map((key) => `"${key}"`).join(', ')} not asked for` };
  }
  for (const field of shape.fields) {
    if (!(field.key in object)) return { path: [field.key], reason: 'missing' };
    const mismatch = valueMismatch(object[field.key], field.type, field.shape);
    if (mismatch) return under(field.key, mismatch);
  }
  return undefined;
}

function valueMismatch(value: unknown, type: GraphQLOutputType, shape: ObjectShape | undefined): Mismatch | undefined {
  if (value === undefined) return { path: [], reason: 'missing' };
  if (isNonNullType(type)) {
    if (value === null) return { path: [], reason: `null, where the type is ${String(type)}` };
    type = type.ofType;
  } else if (value === null) return undefined;
  if (isListType(type)) {
    if (!Array.isArray(value)) return { path: [], reason: 'not a list' };
    const itemType = type.ofType;
    for (let i = 0; i < value.length; i++) {
      const mismatch = valueMismatch(value[i], itemType, shape);
      if (mismatch) return under(i, mismatch);
    }
    return undefined;
  }
  return shape ? objectMismatch(value, shape) : undefined;
}
