import { GraphQLError } from 'graphql';

/**
 * The stable `extensions.code` values of this graph. Dashboards switch on these, so a code
 * is never renamed; new ones may be added.
 */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
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

/** No user: the request needs one (a write, say). */
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED } });
}

/** The user is known but may not do or see this. */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN } });
}

/**
 * For subgraphs, which only the gateway calls. Apollo Server answers a value its own schema
 * refuses (a Date such as 2021-02-30, which the gateway cannot check: to it a Date is any string)
 * with HTTP 400, and the gateway turns a 400 into an opaque server error. Answered with 200, the
 * error travels on to the client with its code and message, like every other refusal.
 */
export const refusalsAnswerOk = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }: { response: { http: { status?: number }; body: { kind: string } } }) {
        if (response.http.status === 400 && response.body.kind === 'single') response.http.status = 200;
      },
    };
  },
};
