import { Kind, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { collectFields, fieldTargets, type RegistryKommun } from '../kommunRouter';

/** What an operation is charged against its client's rate limit. */
export interface OperationCostInput {
  operation: OperationDefinitionNode;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  /** The kommuner of the registry, in its order. */
  kommuner: readonly RegistryKommun[];
  /** The root fields the kommun subgraph answers (`kommuner`, `statistik`, …), by operation type. */
  kommunRootFields: { query: ReadonlySet<string>; mutation: ReadonlySet<string> };
}

/**
 * The kommun fetches an operation makes, as the kommun router's plan makes them: each root field
 * of the kommun subgraph costs the kommuner it calls (`fieldTargets`, the decision the plan
 * reads), every other root field (samverkan's) one fetch. Kommun entities that samverkan's
 * answers reference are not counted: which kommuner they name is known only from the answer.
 * May be 0 (only `__typename`, or only kommuner the registry does not hold): the HTTP front
 * has charged every request its first point already.
 */
export function operationCost(input: OperationCostInput): number {
  const { operation, fragments, variables, kommuner } = input;
  if (operation.operation === 'subscription') return 0;
  const kommunFields = input.kommunRootFields[operation.operation];
  let cost = 0;
  for (const node of collectFields(operation.selectionSet.selections, fragments, variables)) {
    const name = node.name.value;
    if (name.startsWith('__')) continue;
    cost += kommunFields.has(name) ? fieldTargets(node, variables, kommuner).targets.length : 1;
  }
  return cost;
}

/** The fragments of a document by name, for `operationCost`. */
export function fragmentsOf(definitions: readonly { kind: string }[]): Map<string, FragmentDefinitionNode> {
  return new Map(
    definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
}

/** The root fields of the kommun subgraph's schema, which the kommun router answers. */
export function kommunRootFieldsOf(kommunSchema: GraphQLSchema): OperationCostInput['kommunRootFields'] {
  return {
    query: new Set(Object.keys(kommunSchema.getQueryType()?.getFields() ?? {})),
    mutation: new Set(Object.keys(kommunSchema.getMutationType()?.getFields() ?? {})),
  };
}
