import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';

/**
 * Whether an error means the database could not be reached or went away (stopped, restarting,
 * the connection broken), rather than that a statement was wrong. Such an error is the
 * database's state, not a bug: the subgraph answers it with a code of its own, and its pool
 * reconnects once the server is back.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (isReleasedUnderTheRequest(error)) return true;
  for (let e = error as Cause | undefined, depth = 0; e && depth < 5; e = e.driverError ?? e.originalError ?? e.cause, depth++) {
    if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || SERVER_GONE.test(e.code))) return true;
    if (typeof e.message === 'string' && LOST_CONNECTION.test(e.message)) return true;
  }
  return false;
}

interface Cause {
  code?: unknown;
  message?: unknown;
  driverError?: Cause;
  originalError?: Cause;
  cause?: Cause;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);
// 08xxx connection exceptions; 57P01-57P03 admin shutdown, crash shutdown, cannot connect now.
const SERVER_GONE = /^(08...|57P0[123])$/;
const LOST_CONNECTION = /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect/i;

/**
 * TypeORM releases a query runner by itself when its connection reports an error while no
 * statement runs (the server terminated it in a fast shutdown, the connection broke); the next
 * statement of the request then fails with "already released", which does not say why. A request's
 * runner is released by us only when its answer is complete (RequestDb.end), so before that this
 * error means the connection was lost.
 */
function isReleasedUnderTheRequest(error: unknown): boolean {
  return error instanceof QueryRunnerAlreadyReleasedError || error instanceof QueryRunnerProviderAlreadyReleasedError;
}
