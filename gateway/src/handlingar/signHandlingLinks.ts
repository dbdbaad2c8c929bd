import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  isAbstractType,
  isListType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionNode,
} from 'graphql';
import type { Caller } from '#platform/auth/caller';
import { parseHandlingMarker, type HandlingLinkTarget } from '#platform/handlingMarker';
import { carriesHandlingLink } from './carriesHandlingLink';
import type { HandlingLinks } from './HandlingLinks';

/** A fetch to the kommun subgraph as the gateway sent it: what its answer's positions mean. */
export interface KommunFetch {
  /** The kommun subgraph's schema. */
  schema: GraphQLSchema;
  /** Its fields declared `@handlingslank` (KommunSchemaInfo's `linkFields`). */
  linkFields: ReadonlySet<string>;
  document: DocumentNode;
  variables?: Record<string, unknown>;
}

type Holder = Record<string, unknown>;

/**
 * Replaces, in place, the link markers a kommun put in its answer with links signed for
 * `caller`, and only those: a marker counts where the fetch's document and the kommun schema
 * say the value is a link field (carriesHandlingLink: declared `@handlingslank` in the kommun
 * schema, today `Handling.url` and `Handlingsregistrering.uppladdningsUrl`). Marker-shaped text a user wrote anywhere else (an
 * ärende's `beskrivning`) goes back as text. The walk follows the answer with the document, so
 * it costs the answer's size times the selections of each object's type, each collected once.
 */
export async function signHandlingLinks(
  data: unknown,
  caller: Caller | null,
  links: HandlingLinks,
  fetch: KommunFetch,
): Promise<void> {
  const { schema, document, linkFields, variables = {} } = fetch;
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const rootType = operation && schema.getRootType(operation.operation);
  if (!operation || !rootType || data === null || typeof data !== 'object') return;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);

  // The fields of one runtime type under the same selections, collected once per list.
  const collected = new Map<readonly FieldNode[], Map<string, Map<string, FieldNode[]>>>();
  const fieldsOf = (type: GraphQLObjectType, nodes: readonly FieldNode[]) => {
    let byType = collected.get(nodes);
    if (!byType) collected.set(nodes, (byType = new Map()));
    let fields = byType.get(type.name);
    if (!fields) {
      fields = new Map();
      const visited = new Set<string>();
      for (const node of nodes) if (node.selectionSet) collect(type, node.selectionSet.selections, fields, visited);
      byType.set(type.name, fields);
    }
    return fields;
  };
  const collect = (
    type: GraphQLObjectType,
    selections: readonly SelectionNode[],
    into: Map<string, FieldNode[]>,
    visited: Set<string>,
  ) => {
    for (const selection of selections) {
      if (!isIncluded(selection, variables)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        into.set(key, [...(into.get(key) ?? []), selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (appliesTo(selection.typeCondition?.name.value, type)) collect(type, selection.selectionSet.selections, into, visited);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || visited.has(fragment.name.value) || !appliesTo(fragment.typeCondition.name.value, type)) continue;
        visited.add(fragment.name.value);
        collect(type, fragment.selectionSet.selections, into, visited);
      }
    }
  };
  const appliesTo = (condition: string | undefined, type: GraphQLObjectType) => {
    if (!condition || condition === type.name) return true;
    const conditionType = schema.getType(condition);
    return conditionType !== undefined && isAbstractType(conditionType) && schema.isSubType(conditionType, type);
  };

  const found: { holder: Holder; key: string; target: HandlingLinkTarget }[] = [];
  const visitObject = (object: Holder, type: GraphQLObjectType, nodes: readonly FieldNode[]) => {
    for (const [key, fieldNodes] of fieldsOf(type, nodes)) {
      const field = type.getFields()[fieldNodes[0].name.value];
      const value = object[key];
      if (!field || value === null || value === undefined) continue;
      if (typeof value === 'string') {
        const target = carriesHandlingLink(linkFields, type, field) ? parseHandlingMarker(value) : null;
        if (target) found.push({ holder: object, key, target });
      } else if (typeof value === 'object') {
        // `_entities` answers in the order of its representations, each of which names its type.
        const entityHints =
          field.name === '_entities' && type === rootType ? representationsOf(fieldNodes[0], variables) : undefined;
        visitValue(value, field.type, fieldNodes, entityHints);
      }
    }
  };
  const visitValue = (value: unknown, type: GraphQLOutputType, nodes: readonly FieldNode[], hints?: unknown[]) => {
    const nullable = getNullableType(type);
    if (isListType(nullable)) {
      if (Array.isArray(value)) value.forEach((item, i) => visitValue(item, nullable.ofType, nodes, hints && [hints[i]]));
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    const named = getNamedType(nullable);
    const runtime = isObjectType(named) ? named : runtimeTypeOf(value as Holder, named, hints?.[0]);
    if (runtime) visitObject(value as Holder, runtime, nodes);
  };
  const runtimeTypeOf = (object: Holder, abstract: ReturnType<typeof getNamedType>, hint: unknown) => {
    const typename = typeof object.__typename === 'string' ? object.__typename : typenameOf(hint);
    const type = typename ? schema.getType(typename) : undefined;
    // An object whose type cannot be told is left as it is: an unsigned marker, never signed text.
    return type && isObjectType(type) && isAbstractType(abstract) && schema.isSubType(abstract, type) ? type : undefined;
  };

  // The answer's top object, as if it were the value of a field that selects the operation's selections.
  const top: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'data' }, selectionSet: operation.selectionSet };
  visitObject(data as Holder, rootType, [top]);
  await Promise.all(
    found.map(async ({ holder, key, target }) => {
      holder[key] = await links.link(target, caller);
    }),
  );
}

function isIncluded(node: SelectionNode, variables: Record<string, unknown>): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
  if (getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if === false) return false;
  return true;
}

/** The representations an `_entities` field was sent, when they are a variable's list. */
function representationsOf(node: FieldNode, variables: Record<string, unknown>): unknown[] | undefined {
  const argument = node.arguments?.find((a) => a.name.value === 'representations');
  if (argument?.value.kind !== Kind.VARIABLE) return undefined;
  const value = variables[argument.value.name.value];
  return Array.isArray(value) ? value : undefined;
}

function typenameOf(representation: unknown): string | undefined {
  const typename = (representation as { __typename?: unknown } | null)?.__typename;
  return typeof typename === 'string' ? typename : undefined;
}
