import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Caller } from '#platform/auth/caller';
import { limitCodes } from './limits/queryLimits';
import { ErrorCode } from '#platform/errors';
import type { Logger } from '#platform/telemetry/logger';
import type { AnswerRecorder } from './kommunRouter';

/** Per request: who asks, and the id that ties an answer to the log lines and calls it caused. */
export interface GatewayContext {
  requestId: string;
  caller: Caller | null;
  /** The caller's Idempotency-Key, passed on to the subgraph that writes. */
  idempotencyKey?: string;
  /** Told about every kommun answer the request uses, when its whole answer may be kept (gateway/src/responseCache). */
  answerRecorder?: AnswerRecorder;
  /** The address the request came from: whom an anonymous client's rate limit is counted against. */
  clientAddress?: string;
  /**
   * Points of this operation that the front it came through has charged already, said where the
   * context is made: the GraphQL endpoint's admission point (rateLimitAdmission); 0 for an
   * operation the gateway runs for an HTTP route of its own (OParl), so that each is charged its
   * whole cost on top of the route's one point.
   */
  chargedAtFront: number;
}

const REQUEST_ID = /^[\w.-]{1,64}$/;

/** Takes the caller's `x-request-id` when it is a sane one, else makes one. */
export function requestIdOf(req: http.IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * A refused limit keeps its own code (Apollo Server files every validation error under
 * GRAPHQL_VALIDATION_FAILED), and the parser's refusal of a long document gets one too.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  const code = original instanceof GraphQLError ? original.extensions.code : undefined;
  if (limitCodes.has(code)) return { ...formatted, extensions: { ...formatted.extensions, code } };
  if (/Document contains more th(?:an|at) \d+ tokens/.test(formatted.message)) {
    return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.TOO_MANY_TOKENS } };
  }
  return formatted;
}

/**
 * What a caller sees of a request's errors. Every internal error is logged with the request id;
 * in production its message is replaced by one that quotes the request id, and no stack trace
 * leaves the service, not even one a subgraph put in its answer. Shared by the gateway and the
 * standalone kommun router.
 */
export function applyErrorPolicy(
  errors: readonly GraphQLFormattedError[],
  options: { production: boolean; log: Logger; requestId: string; operationName?: string | null },
): GraphQLFormattedError[] {
  const { requestId } = options;
  return errors.map((error) => {
    const code = error.extensions?.code;
    const internal =
      code === undefined || code === ErrorCode.INTERNAL_SERVER_ERROR || code === ErrorCode.DOWNSTREAM_SERVICE_ERROR;
    if (internal) {
      const kommunkod = error.extensions?.kommunkod;
      options.log.error(
        { requestId, operationName: options.operationName ?? undefined, path: error.path, ...(kommunkod ? { kommunkod } : {}) },
        error.message,
      );
    }
    if (!options.production) return error;
    const { stacktrace: _stacktrace, ...extensions } = error.extensions ?? {};
    if (!internal) return { ...error, extensions };
    return {
      message: `Internal server error; give request id ${requestId} when you report it`,
      ...(error.path ? { path: error.path } : {}),
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, requestId },
    };
  });
}

/** Sends the request id back as `x-request-id` and applies the error policy to the answer. */
export function errorPolicyPlugin(options: { production: boolean; log: Logger }): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue, request }: GraphQLRequestContextWillSendResponse<GatewayContext>) {
          const { requestId } = contextValue;
          response.http.headers.set('x-request-id', requestId);
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          const result = response.body.singleResult;
          result.errors = applyErrorPolicy(result.errors!, { ...options, requestId, operationName: request.operationName });
        },
      };
    },
  };
}
