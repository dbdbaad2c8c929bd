import { DeadlineExceeded } from './subgraphHttp';

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

export const RETRY_WITH_SAME_KEY = 'retry with the same Idempotency-Key';

/** The request did not leave: no connection was made. */
export function neverSent(error: unknown): boolean {
  if (error instanceof DeadlineExceeded) return !error.sent;
  const { code, cause } = error as { code?: string; cause?: { code?: string } };
  return NOT_CONNECTED.has(code ?? '') || NOT_CONNECTED.has(cause?.code ?? '');
}

/**
 * What a call that got no answer means for the caller, the same for every subgraph (each names
 * it with its own code, KOMMUN_… or SAMVERKAN_…):
 * - `OUTCOME_UNKNOWN`: a write that may have been made (sent, then the connection broke or the
 *   deadline passed);
 * - `TIMEOUT`: the deadline passed (a read, or a write that never left);
 * - `UNAVAILABLE`: the subgraph could not be reached.
 */
export function failureOf(failure: unknown, write: boolean): 'OUTCOME_UNKNOWN' | 'TIMEOUT' | 'UNAVAILABLE' {
  if (write && !neverSent(failure)) return 'OUTCOME_UNKNOWN';
  const { code } = failure as { code?: string };
  if (failure instanceof DeadlineExceeded || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT')
    return 'TIMEOUT';
  return 'UNAVAILABLE';
}
