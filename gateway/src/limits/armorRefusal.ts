import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { ErrorCode } from '#platform/errors';
import type { QueryLimits } from './queryLimits';

/**
 * Depth, aliases and directives checked by GraphQL Armor's rules (Escape, as Yoga and Hive
 * Gateway run them), which count each fragment once and reuse its count wherever it is spread:
 * linear in the document's size (docs/security.md, What is limited, has the measurements).
 * They run here in a validation pass of their own, before graphql-js's rules: in Apollo Server's
 * `validationRules` they would run in the same pass as those rules, some of which are quadratic.
 * Armor's errors carry no code and start "Syntax Error:"; its callbacks tell which rule refused,
 * and the refusal is ours, with its code. Returns the first rule's refusal in the order below, or null.
 */
export function armorRefusal(schema: GraphQLSchema, document: DocumentNode, limits: QueryLimits): GraphQLError | null {
  const maxNesting = 2 * limits.maxDepth;
  const refusals: (GraphQLError | undefined)[] = [];
  const refuseAs = (index: number, message: string, code: ErrorCode) => ({
    propagateOnRejection: false,
    onReject: [() => (refusals[index] ??= new GraphQLError(message, { extensions: { code } }))],
  });
  const rules = [
    maxDepthRule({
      n: limits.maxDepth,
      // Fields only, as MAX_QUERY_DEPTH means: a fragment adds no level.
      flattenFragments: true,
      ...refuseAs(
        0,
        `The operation nests fields more than ${limits.maxDepth} deep; at most ${limits.maxDepth} levels are allowed.`,
        ErrorCode.QUERY_TOO_DEEP,
      ),
    }),
    // Fields and fragments alike (a spread counts its own level and its fragment's): 300 nested
    // inline fragments, or a chain of fragments, are refused however few fields they hold.
    maxDepthRule({
      n: maxNesting,
      flattenFragments: false,
      ...refuseAs(
        1,
        `The operation nests selections (fields and fragments) more than ${maxNesting} deep; at most ${maxNesting} are allowed.`,
        ErrorCode.QUERY_TOO_DEEP,
      ),
    }),
    maxAliasesRule({
      n: limits.maxAliases,
      ...refuseAs(
        2,
        `The operation uses more than ${limits.maxAliases} aliases; at most ${limits.maxAliases} are allowed. Split it into several requests.`,
        ErrorCode.TOO_MANY_ALIASES,
      ),
    }),
    maxDirectivesRule({
      n: limits.maxDirectives,
      ...refuseAs(
        3,
        `The operation uses more than ${limits.maxDirectives} directives; at most ${limits.maxDirectives} are allowed.`,
        ErrorCode.TOO_MANY_DIRECTIVES,
      ),
    }),
  ] as ValidationRule[];
  validate(schema, document, rules);
  return refusals.find((refusal) => refusal !== undefined) ?? null;
}
