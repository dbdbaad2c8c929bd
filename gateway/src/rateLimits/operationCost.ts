import {
  Kind,
  valueFromASTUntyped,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { lanskodOf, type KommunEntry } from '#platform/registry';
import { collectFields } from '../kommunRouter/collectFields';

/** What an operation is charged against its client's rate limit. */
export interface OperationCostInput {
  operation: OperationDefinitionNode;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  /** The kommuner of the registry, in its order. */
  kommuner: readonly Pick<KommunEntry, 'kommunkod' | 'lanskod'>[];
  /** The root fields the kommun subgraph answers (`kommuner`, `statistik`, …), by operation type. */
  kommunRootFields: { query: ReadonlySet<string>; mutation: ReadonlySet<string> };
}

const asId = (value: unknown) => (typeof value === 'number' ? String(value) : value);

/**
 * The number of fetches an operation makes, as the kommun router will route it: a root field
 * with `kommunkod` calls one kommun; a root list or sum calls the kommuner `kommunkoder` names,
 * of the län `lan` names, or all of the registry; a mutation one subgraph. Every other root field
 * (samverkan's) is one fetch. Kommun entities that samverkan's answers reference are not counted:
 * which kommuner they name is known only from the answer. At least 1: every request costs.
 */
export function operationCost(input: OperationCostInput): number {
  const { operation, fragments, variables, kommuner } = input;
  if (operation.operation === 'subscription') return 1;
  const kommunFields = input.kommunRootFields[operation.operation];
  const argument = (node: FieldNode, name: string) => {
    const found = node.arguments?.find((a) => a.name.value === name);
    return found ? valueFromASTUntyped(found.value, variables) : undefined;
  };
  let cost = 0;
  for (const node of collectFields(operation.selectionSet.selections, fragments, variables)) {
    const name = node.name.value;
    if (name.startsWith('__')) continue;
    if (operation.operation === 'mutation' || !kommunFields.has(name) || argument(node, 'kommunkod') !== undefined) {
      cost += 1;
      continue;
    }
    const lan = asId(argument(node, 'lan'));
    const named = argument(node, 'kommunkoder');
    const wanted = Array.isArray(named) ? new Set(named.map(asId)) : null;
    cost += kommuner.filter(
      (kommun) => (lan == null || lanskodOf(kommun) === lan) && (wanted === null || wanted.has(kommun.kommunkod)),
    ).length;
  }
  return Math.max(1, cost);
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
