import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../../../common/src/errors';
import type { KommunEntry } from '../../../common/src/registry';
import type { KommunAnswer } from './mergeAnswers';
import type { KommunRequest } from './routeOperation';

export const DEFAULT_TIMEOUT_MS = 5000;

/**
 * Sends one request to one kommun instance and always resolves: a kommun that refuses the
 * connection, answers something that is not GraphQL, or does not answer in time becomes a
 * coded error for that kommun, never a failure of the whole query.
 */
export async function sendToKommun(
  kommun: KommunEntry,
  request: KommunRequest,
  headers: Record<string, string> = {},
): Promise<KommunAnswer> {
  const timeoutMs = kommun.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const failed = (code: string, reason: string): KommunAnswer => ({
    kommunkod: kommun.kommunkod,
    ok: false,
    error: {
      message: `Kommun ${kommun.namn} (${kommun.kommunkod}) ${reason}; its data is missing from this answer`,
      extensions: { code, kommunkod: kommun.kommunkod },
    },
  });
  let response: Response;
  let text: string;
  try {
    response = await fetch(kommun.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return failed(ErrorCode.KOMMUN_TIMEOUT, `did not answer within ${timeoutMs} ms`);
    }
    return failed(ErrorCode.KOMMUN_UNAVAILABLE, 'could not be reached');
  }
  let body: { data?: Record<string, unknown> | null; errors?: GraphQLFormattedError[] };
  try {
    body = JSON.parse(text);
  } catch {
    return failed(ErrorCode.KOMMUN_UNAVAILABLE, `answered HTTP ${response.status} without a GraphQL response`);
  }
  if (typeof body !== 'object' || body === null || (!('data' in body) && !Array.isArray(body.errors))) {
    return failed(ErrorCode.KOMMUN_UNAVAILABLE, `answered HTTP ${response.status} without a GraphQL response`);
  }
  return { kommunkod: kommun.kommunkod, ok: true, data: body.data ?? null, errors: body.errors };
}
