import { GraphQLError } from 'graphql';

/**
 * The stable `extensions.code` values of this graph. Dashboards switch on these, so a code
 * is never renamed; new ones may be added.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  KOMMUN_UNAVAILABLE: 'KOMMUN_UNAVAILABLE',
  KOMMUN_TIMEOUT: 'KOMMUN_TIMEOUT',
  UNKNOWN_KOMMUN: 'UNKNOWN_KOMMUN',
  KOMMUN_INCOMPATIBLE: 'KOMMUN_INCOMPATIBLE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A refused input: names the offending field so a form can point at it. */
export function badUserInput(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...(field ? { field } : {}) } });
}

export function notFound(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.NOT_FOUND, ...(field ? { field } : {}) } });
}

/** A write refused because the record changed or is in a state that does not allow it. */
export function conflict(message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.CONFLICT, ...(field ? { field } : {}) } });
}
