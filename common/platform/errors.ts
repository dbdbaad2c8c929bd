import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * Every `extensions.code` a client of this graph can see, with what it means. Dashboards switch
 * on these, so a code is never renamed; new ones may be added. Adding one is a line here and a
 * row in one of README.md's error tables: test/unit/errorCodes.test.ts checks that the two agree
 * and that no code outside this file spells a code as a string of its own.
 */
export const errorCodes = {
  // Refusals of a write or a read by a subgraph's services; `extensions.field` names the input.
  BAD_USER_INPUT: 'the input is wrong: an empty text, an impossible date, a forged cursor, a NUL character',
  NOT_FOUND: 'something the input names does not exist',
  CONFLICT: 'the record changed (a stale version) or its state forbids the write',
  // Who asks.
  UNAUTHENTICATED: 'no valid token: a write without a user, a bad or expired user token, a subgraph called without the gateway',
  FORBIDDEN: 'the user may not do or see this: a write in another kommun or without the role, hidden content',
  // The kommun router: one error per kommun whose data is missing, with `extensions.kommunkod`.
  KOMMUN_UNAVAILABLE: 'the kommun refused the connection, answered 5xx or something that is not GraphQL',
  KOMMUN_TIMEOUT: 'the kommun gave no answer within its timeoutMs',
  KOMMUN_INCOMPATIBLE: 'the kommun runs a schema that lacks what the query asks for',
  UNKNOWN_KOMMUN: 'the kommunkod is not in the registry',
  KOMMUN_STALE: 'the kommun failed; its data is its last good answer, `extensions.staleSeconds` old',
  KOMMUN_OUTCOME_UNKNOWN:
    'a write was sent to the kommun but the connection broke or timed out before its answer: it may have been made; retry with the same Idempotency-Key',
  // A subgraph whose own database does not answer (stopped, restarting); its pool reconnects by itself.
  KOMMUN_DATABASE_UNAVAILABLE: 'the kommun runs, but its database does not answer',
  SAMVERKAN_DATABASE_UNAVAILABLE: 'the samverkan subgraph runs, but its database does not answer',
  // The gateway's calls to the samverkan subgraph.
  SAMVERKAN_UNAVAILABLE: 'the gateway could not reach the samverkan subgraph (the connection was refused)',
  SAMVERKAN_TIMEOUT: 'the samverkan subgraph gave no answer within SAMVERKAN_TIMEOUT (a read, or a write that was never sent)',
  SAMVERKAN_OUTCOME_UNKNOWN:
    'a write was sent to the samverkan subgraph but the connection broke or SAMVERKAN_TIMEOUT passed before its answer; retry with the same Idempotency-Key',
  // The gateway's query limits, before any subgraph is called.
  QUERY_TOO_DEEP: 'fields nested deeper than MAX_QUERY_DEPTH',
  QUERY_TOO_COMPLEX: 'more estimated objects than MAX_QUERY_COST',
  TOO_MANY_ALIASES: 'more aliased fields than MAX_ALIASES',
  TOO_MANY_DIRECTIVES: 'more directives than MAX_DIRECTIVES',
  TOO_MANY_TOKENS: 'a document of more lexical tokens than MAX_TOKENS',
  // Documents: their files and the gateway's signed links (README "Documents").
  HANDLING_TOO_LARGE: "a document's file larger than HANDLING_MAX_BYTES (HTTP 413)",
  HANDLING_LINK_EXPIRED: 'a document link used after it expired (HTTP 410); ask the graph for a new one',
  HANDLING_LINK_INVALID: 'a document link that is not one the gateway signed, or was altered (HTTP 403)',
  // The gateway's trusted documents and rate limits (README, Operations).
  UNTRUSTED_OPERATION:
    'a client without a token sent an operation that is not in the trusted documents manifest (TRUSTED_DOCUMENTS=enforce; HTTP 403)',
  RATE_LIMITED:
    'the client used up its rate limit (RATE_LIMIT_POINTS per RATE_LIMIT_WINDOW); HTTP 429, retry after Retry-After seconds',
  // The HTTP front of every service.
  PAYLOAD_TOO_LARGE: 'a request body larger than MAX_BODY_BYTES (HTTP 413)',
  BAD_REQUEST: 'not a GraphQL request: malformed JSON, no query, a refused content type (CSRF prevention)',
  // Apollo Server's and @apollo/gateway's own.
  GRAPHQL_PARSE_FAILED: 'the document is not GraphQL',
  GRAPHQL_VALIDATION_FAILED: 'the document does not fit the schema (unknown field, wrong argument; introspection when it is off)',
  OPERATION_RESOLUTION_FAILURE: 'the operationName names no operation of the document, or several operations and no name',
  PERSISTED_QUERY_NOT_FOUND: 'an automatic persisted query hash the gateway has not seen; send the query with it',
  DOWNSTREAM_SERVICE_ERROR: 'a subgraph failed without a code (outside production; there it is INTERNAL_SERVER_ERROR)',
  INTERNAL_SERVER_ERROR: 'a fault of ours; in production the message gives only the request id to report',
} as const satisfies Record<string, string>;

export type ErrorCode = keyof typeof errorCodes;
/** The codes by name, `ErrorCode.CONFLICT`, so that a misspelt code does not compile. */
export const ErrorCode = Object.fromEntries(Object.keys(errorCodes).map((code) => [code, code])) as {
  readonly [C in ErrorCode]: C;
};

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

/**
 * For subgraphs: a value written into the document that a scalar refuses (a Date such as
 * 2021-02-30) is the caller's mistake, and the scalar says so with BAD_USER_INPUT; Apollo Server
 * files it under GRAPHQL_VALIDATION_FAILED with every other validation error, which the kommun
 * router would take for a schema the kommun lacks. The scalar's own code is kept.
 */
export function keepRefusedValueCode(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  const refused =
    formatted.extensions?.code === ErrorCode.GRAPHQL_VALIDATION_FAILED &&
    original instanceof GraphQLError &&
    original.extensions.code === ErrorCode.BAD_USER_INPUT;
  return refused ? { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.BAD_USER_INPUT } } : formatted;
}
