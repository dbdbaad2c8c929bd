import { ErrorCode } from '#platform/errors';

/**
 * How large a request may be. Checked before Apollo Server parses or validates it (see
 * ./screenedHandler.ts), so a refused request never reaches a subgraph or a super-linear rule.
 */
export interface QueryLimits {
  /** Deepest nesting of fields (introspection fields excepted); selections of any kind nest at most twice this. */
  maxDepth: number;
  /** Aliased fields in an operation, fragments counted where they are spread. */
  maxAliases: number;
  /** Directive uses in an operation, fragments counted where they are spread. */
  maxDirectives: number;
  /** Lexical tokens of the document (enforced by graphql-js's parser). */
  maxTokens: number;
  /** Estimated objects resolved (see ./priceOperations.ts). */
  maxCost: number;
  /** Items a list without `first` is assumed to hold. */
  assumedListSize: number;
  /** Fields of an operation once its fragments are spread, whatever lists multiply. */
  maxFields: number;
  /** Operations in one document. */
  maxOperations: number;
  /** List items and object entries in a request's variables, counted together. */
  maxVariableValues: number;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
}

export const defaultQueryLimits: QueryLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 20,
  maxTokens: 5000,
  maxCost: 200_000,
  assumedListSize: 10,
  maxFields: 500,
  maxOperations: 20,
  maxVariableValues: 2000,
  maxBodyBytes: 100_000,
};

/** The codes of the refusals of this folder, which keep their own code rather than Apollo's for validation. */
export const limitCodes: ReadonlySet<unknown> = new Set<ErrorCode>([
  ErrorCode.QUERY_TOO_DEEP,
  ErrorCode.QUERY_TOO_COMPLEX,
  ErrorCode.TOO_MANY_ALIASES,
  ErrorCode.TOO_MANY_DIRECTIVES,
  ErrorCode.TOO_MANY_TOKENS,
]);
