import { GraphQLError } from 'graphql';
import { ErrorCode } from '#platform/errors';
import { RETRY_WITH_SAME_KEY, failureOf } from '../subgraphCalls';

/**
 * A samverkan call that got no answer (or no GraphQL answer) as a coded error, classified as a
 * kommun call's is (`failureOf`): SAMVERKAN_OUTCOME_UNKNOWN for a write that may have been made
 * (the connection broke, or SAMVERKAN_TIMEOUT passed after it was sent), SAMVERKAN_TIMEOUT for
 * a read that passed it, SAMVERKAN_UNAVAILABLE otherwise.
 */
export function samverkanFailure(failure: unknown, write: boolean, timeoutMs: number): GraphQLError {
  switch (failureOf(failure, write)) {
    case 'OUTCOME_UNKNOWN':
      return new GraphQLError(
        `The samverkan subgraph did not answer a write before the connection broke or its deadline passed, so its outcome is unknown (it may have been made); ${RETRY_WITH_SAME_KEY}`,
        { extensions: { code: ErrorCode.SAMVERKAN_OUTCOME_UNKNOWN } },
      );
    case 'TIMEOUT':
      return new GraphQLError(
        `The samverkan subgraph did not answer within ${timeoutMs} ms; its data is missing from this answer`,
        { extensions: { code: ErrorCode.SAMVERKAN_TIMEOUT } },
      );
    default:
      return new GraphQLError('The samverkan subgraph could not be reached; its data is missing from this answer', {
        extensions: { code: ErrorCode.SAMVERKAN_UNAVAILABLE },
      });
  }
}
