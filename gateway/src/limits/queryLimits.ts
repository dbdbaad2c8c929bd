import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  type GraphQLNamedType,
} from 'graphql';
import { ErrorCode } from '#platform/errors';

/** How large an operation may be. Checked at the gateway, before any subgraph is called. */
export interface QueryLimits {
  /** Deepest nesting of fields (introspection fields excepted). */
  maxDepth: number;
  /** Aliased fields in the whole operation. */
  maxAliases: number;
  /** Directive uses in the whole operation. */
  maxDirectives: number;
  /** Lexical tokens of the document (enforced by the parser). */
  maxTokens: number;
  /** Estimated objects resolved: every list multiplies by its `first` argument or `assumedListSize`. */
  maxCost: number;
  assumedListSize: number;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
}

export const defaultQueryLimits: QueryLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 20,
  maxTokens: 5000,
  maxCost: 50_000,
  assumedListSize: 10,
  maxBodyBytes: 100_000,
};

/** The codes of the refusals below, which keep their own code rather than Apollo's for validation. */
export const limitCodes: ReadonlySet<unknown> = new Set<ErrorCode>([
  ErrorCode.QUERY_TOO_DEEP,
  ErrorCode.QUERY_TOO_COMPLEX,
  ErrorCode.TOO_MANY_ALIASES,
  ErrorCode.TOO_MANY_DIRECTIVES,
  ErrorCode.TOO_MANY_TOKENS,
]);

const refuse = (message: string, code: ErrorCode) => new GraphQLError(message, { extensions: { code } });

/**
 * Validation rules that refuse an operation too deep, too wide or too costly. They run in the
 * gateway's validation, so a refused operation never reaches a subgraph.
 */
export function queryLimitRules(limits: QueryLimits): ValidationRule[] {
  return [
    (context) =>
      countRule(
        context,
        Kind.FIELD,
        (node) => Boolean((node as FieldNode).alias),
        limits.maxAliases,
        (n) =>
          refuse(
            `The operation uses ${n} aliases; at most ${limits.maxAliases} are allowed. Split it into several requests.`,
            ErrorCode.TOO_MANY_ALIASES,
          ),
      ),
    (context) =>
      countRule(
        context,
        Kind.DIRECTIVE,
        () => true,
        limits.maxDirectives,
        (n) =>
          refuse(
            `The operation uses ${n} directives; at most ${limits.maxDirectives} are allowed.`,
            ErrorCode.TOO_MANY_DIRECTIVES,
          ),
      ),
    (context) => shapeRule(context, limits),
  ];
}

function countRule(
  context: ValidationContext,
  kind: Kind.FIELD | Kind.DIRECTIVE,
  counts: (node: unknown) => boolean,
  max: number,
  error: (count: number) => GraphQLError,
): ASTVisitor {
  let count = 0;
  return {
    [kind]: (node: unknown) => {
      if (counts(node)) count += 1;
    },
    Document: {
      leave: () => {
        if (count > max) context.reportError(error(count));
      },
    },
  } as ASTVisitor;
}

/** Depth and cost of each operation, following fragments (a cycle is reported by graphql-js). */
function shapeRule(context: ValidationContext, limits: QueryLimits): ASTVisitor {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of context.getDocument().definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const schema = context.getSchema();
  const fieldsOf = (type: GraphQLNamedType | null | undefined) =>
    type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields() : {};
  const measure = (
    selectionSet: SelectionSetNode,
    parent: GraphQLNamedType | null | undefined,
    seen: Set<string>,
  ): { depth: number; cost: number } => {
    let depth = 0;
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        // Introspection is allowed only where it is enabled; Sandbox's own query is deep.
        if (name === '__schema' || name === '__type' || !selection.selectionSet) continue;
        const field = fieldsOf(parent)[name];
        const inner = measure(selection.selectionSet, field ? getNamedType(field.type) : null, seen);
        const first = selection.arguments?.find((a) => a.name.value === 'first')?.value;
        const isList = field ? isListType(getNullableType(field.type)) : true;
        const size = first?.kind === Kind.INT ? Number(first.value) : isList ? limits.assumedListSize : 1;
        depth = Math.max(depth, inner.depth + 1);
        cost += size * (1 + inner.cost);
      } else {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
        const name = selection.kind === Kind.FRAGMENT_SPREAD ? selection.name.value : null;
        if (!fragment || (name && seen.has(name))) continue;
        const type = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parent;
        const inner = measure(fragment.selectionSet, type, name ? new Set([...seen, name]) : seen);
        depth = Math.max(depth, inner.depth);
        cost += inner.cost;
      }
      if (cost > limits.maxCost * 1000) break; // Far enough past the limit to stop counting.
    }
    return { depth, cost };
  };
  return {
    OperationDefinition(operation) {
      const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
      const { depth, cost } = measure(operation.selectionSet, root, new Set());
      if (depth > limits.maxDepth) {
        context.reportError(
          refuse(
            `The operation nests fields ${depth} deep; at most ${limits.maxDepth} levels are allowed.`,
            ErrorCode.QUERY_TOO_DEEP,
          ),
        );
      }
      if (cost > limits.maxCost) {
        context.reportError(
          refuse(
            `The operation could resolve about ${Math.round(cost)} objects; at most ${limits.maxCost} are allowed. Ask for fewer items (first) or less nesting.`,
            ErrorCode.QUERY_TOO_COMPLEX,
          ),
        );
      }
    },
  };
}
