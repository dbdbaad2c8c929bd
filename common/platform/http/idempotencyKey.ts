import type http from 'node:http';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../errors';

/**
 * The client's key for retry-safe writes: the gateway takes it from the caller's request and
 * passes it on to the subgraph that writes, which stores it with the write (see RequestDb).
 */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

const KEY = /^[\x21-\x7e]{1,200}$/;

/** The request's Idempotency-Key, if it sent one; a malformed one is refused (HTTP 400). */
export function idempotencyKeyOf(req: http.IncomingMessage): string | undefined {
  const given = req.headers[IDEMPOTENCY_KEY_HEADER];
  if (given === undefined) return undefined;
  if (typeof given !== 'string' || !KEY.test(given)) {
    throw new GraphQLError(
      'The Idempotency-Key header must be one key of 1 to 200 visible ASCII characters, e.g. a UUID; send a new one for each new write',
      { extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } },
    );
  }
  return given;
}
