import {
  Kind,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type VariableDefinitionNode,
} from 'graphql';

/**
 * The operation reduced to `nodes` at its root, with the fresh representation variables
 * declared and unused variables and fragments dropped, so that it stays valid GraphQL.
 */
export function narrowDocument(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  nodes: readonly SelectionNode[],
  addedVariables: readonly string[],
): { document: DocumentNode; operation: OperationDefinitionNode } {
  const added: VariableDefinitionNode[] = addedVariables.map((name) => ({
    kind: Kind.VARIABLE_DEFINITION,
    variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: name } },
    type: {
      kind: Kind.NON_NULL_TYPE,
      type: {
        kind: Kind.LIST_TYPE,
        type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: '_Any' } } },
      },
    },
  }));
  const body = { kind: Kind.SELECTION_SET, selections: nodes } as const;
  const usedFragments = new Set<string>();
  const usedVariableNames = new Set<string>();
  const collect = (root: object) =>
    visit(root as DocumentNode, {
      FragmentSpread: (spread) => void usedFragments.add(spread.name.value),
      Variable: (variable) => void usedVariableNames.add(variable.name.value),
    });
  collect(body);
  const fragments = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  // Fragments can use fragments: grow the used set until it stops changing.
  let size = -1;
  while (size !== usedFragments.size) {
    size = usedFragments.size;
    for (const fragment of fragments) if (usedFragments.has(fragment.name.value)) collect(fragment.selectionSet);
  }
  const narrowed: OperationDefinitionNode = {
    ...operation,
    variableDefinitions: [
      ...(operation.variableDefinitions ?? []).filter((v) => usedVariableNames.has(v.variable.name.value)),
      ...added,
    ],
    selectionSet: body,
  };
  return {
    operation: narrowed,
    document: { kind: Kind.DOCUMENT, definitions: [narrowed, ...fragments.filter((f) => usedFragments.has(f.name.value))] },
  };
}

/** The field with one argument's value replaced by a variable of that name. */
export function withArgumentVariable(node: FieldNode, argument: string, variableName: string): FieldNode {
  return {
    ...node,
    arguments: (node.arguments ?? []).map((a) =>
      a.name.value === argument ? { ...a, value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: variableName } } } : a,
    ),
  };
}

/** The values of the declared variables; a kommun is not sent variables its operation does not declare. */
export function pickVariables(operation: OperationDefinitionNode, variables: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (name in variables) result[name] = variables[name];
  }
  return result;
}
