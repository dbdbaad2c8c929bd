import { GraphQLError, getOperationAST, parse } from 'graphql';
import { ErrorCode } from '#platform/errors';
import { RETRY_WITH_SAME_KEY, failureOf } from './kommunRouter';

/** Parsed only when a call failed, which is rare enough not to matter. */
export function isMutation(query: string | undefined, operationName?: string | null): boolean {
  try {
    return getOperationAST(parse(query ?? ''), operationName)?.operation === 'mutation';
  } catch {
    return false;
  }
}

/**
 * The samverkan data source's failed fetch as a coded error, classified as a kommun call's is
 * (`failureOf`): SAMVERKAN_OUTCOME_UNKNOWN for a write that may have been made (the connection
 * broke, or SAMVERKAN_TIMEOUT passed after it was sent), SAMVERKAN_TIMEOUT for a read that
 * passed it, SAMVERKAN_UNAVAILABLE otherwise. An HTTP answer keeps @apollo/gateway's own error.
 */
export function samverkanFetchError(
  error: unknown,
  request: { query?: string; operationName?: string | null },
  timeoutMs?: number,
): Error {
  if (error instanceof GraphQLError || !(error instanceof Error) || error.name === 'AbortError') return error as Error;
  switch (failureOf(error, isMutation(request.query, request.operationName))) {
    case 'OUTCOME_UNKNOWN':
      return new GraphQLError(
        `The samverkan subgraph did not answer a write before the connection broke or its deadline passed, so its outcome is unknown (it may have been made); ${RETRY_WITH_SAME_KEY}`,
        { extensions: { code: ErrorCode.SAMVERKAN_OUTCOME_UNKNOWN } },
      );
    case 'TIMEOUT':
      return new GraphQLError(
        `The samverkan subgraph did not answer within ${timeoutMs ?? '(its deadline)'} ms; its data is missing from this answer`,
        { extensions: { code: ErrorCode.SAMVERKAN_TIMEOUT } },
      );
    default:
      return new GraphQLError('The samverkan subgraph could not be reached; its data is missing from this answer', {
        extensions: { code: ErrorCode.SAMVERKAN_UNAVAILABLE },
      });
  }
}
