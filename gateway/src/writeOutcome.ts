import { GraphQLError, getOperationAST, parse } from 'graphql';
import { ErrorCode } from '#platform/errors';

/**
 * A failed call to a subgraph either never left the gateway (the connection was refused) or
 * may have been carried out (the connection broke, or no answer came in time). For a read the
 * difference does not matter; for a write it does: the client must not write again under a new
 * key, and is told so.
 */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The request did not leave: no connection was made. */
export function neverSent(error: unknown): boolean {
  const { code, cause } = error as { code?: string; cause?: { code?: string } };
  return NOT_CONNECTED.has(code ?? '') || NOT_CONNECTED.has(cause?.code ?? '');
}

/** Parsed only when a call failed, which is rare enough not to matter. */
export function isMutation(query: string | undefined, operationName?: string | null): boolean {
  try {
    return getOperationAST(parse(query ?? ''), operationName)?.operation === 'mutation';
  } catch {
    return false;
  }
}

export const RETRY_WITH_SAME_KEY = 'retry with the same Idempotency-Key';

/**
 * The samverkan data source's failed fetch as a coded error: SAMVERKAN_OUTCOME_UNKNOWN for a
 * write that may have been made, SAMVERKAN_UNAVAILABLE otherwise. An HTTP answer keeps
 * @apollo/gateway's own error.
 */
export function samverkanFetchError(error: unknown, request: { query?: string; operationName?: string | null }): Error {
  if (error instanceof GraphQLError || !(error instanceof Error) || error.name === 'AbortError') return error as Error;
  if (!neverSent(error) && isMutation(request.query, request.operationName)) {
    return new GraphQLError(
      `The samverkan subgraph did not answer a write before the connection broke, so its outcome is unknown (it may have been made); ${RETRY_WITH_SAME_KEY}`,
      { extensions: { code: ErrorCode.SAMVERKAN_OUTCOME_UNKNOWN } },
    );
  }
  return new GraphQLError('The samverkan subgraph could not be reached; its data is missing from this answer', {
    extensions: { code: ErrorCode.SAMVERKAN_UNAVAILABLE },
  });
}
