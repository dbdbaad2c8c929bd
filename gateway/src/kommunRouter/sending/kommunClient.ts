import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '#platform/errors';
import type { KommunEntry } from '#platform/registry';
import { RETRY_WITH_SAME_KEY, SubgraphHttp, failureOf } from '../../subgraphCalls';
import type { KommunAnswer, KommunCall, KommunRequest, KommunSender } from '../types';

export const DEFAULT_TIMEOUT_MS = 5000;

/** How an exchange with a kommun ended, before it is read as GraphQL. */
export type KommunExchange = { status: number; text: string } | { failure: unknown };

/**
 * The last layer of a call to a kommun: the gateway's HTTP to its subgraphs (SubgraphHttp of
 * ../../subgraphCalls: bounded keep-alive pools, the kommun's `timeoutMs` as the deadline), with
 * the call's headers (worked out only here, so a merged call never signs a token), its exchange read by
 * `kommunAnswerOf`. A send always resolves: a kommun that refuses the connection, answers 5xx
 * or something that is not GraphQL, or does not answer in time becomes a coded error for that
 * kommun, never a failure of the whole query.
 */
export class KommunClient implements KommunSender {
  constructor(private readonly http: SubgraphHttp = new SubgraphHttp()) {}

  async send({ kommun, request, headers }: KommunCall): Promise<KommunAnswer> {
    const timeoutMs = kommun.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const sent = await headers();
    let exchange: KommunExchange;
    try {
      exchange = await this.http.post(kommun.url, request.body, sent, timeoutMs);
    } catch (failure) {
      exchange = { failure };
    }
    return kommunAnswerOf(kommun, exchange, timeoutMs, request);
  }

  /** Closes the HTTP pools (where the host shares one SubgraphHttp among its subgraphs, it closes that itself). */
  close(): Promise<void> {
    return this.http.close();
  }
}

/**
 * What a kommun's exchange means for the caller: its GraphQL answer, or one coded error that
 * names the kommun. A call that got no answer is classified as every subgraph call is
 * (`failureOf` of ../../subgraphCalls), and named with the KOMMUN_… codes.
 */
export function kommunAnswerOf(
  kommun: KommunEntry,
  exchange: KommunExchange,
  timeoutMs: number,
  request?: Pick<KommunRequest, 'operationType'>,
): KommunAnswer {
  const failed = (code: string, reason: string): KommunAnswer => ({
    kommunkod: kommun.kommunkod,
    ok: false,
    error: {
      message: `Kommun ${kommun.namn} (${kommun.kommunkod}) ${reason}; its data is missing from this answer`,
      extensions: { code, kommunkod: kommun.kommunkod },
    },
  });
  if ('failure' in exchange) {
    // A write that may have reached the kommun must not look like one that did not: the
    // client would write again under a new key and register it twice.
    switch (failureOf(exchange.failure, request?.operationType === 'mutation')) {
      case 'OUTCOME_UNKNOWN':
        return failed(
          ErrorCode.KOMMUN_OUTCOME_UNKNOWN,
          `did not answer a write before the connection broke or timed out, so its outcome is unknown (it may have been made); ${RETRY_WITH_SAME_KEY}`,
        );
      case 'TIMEOUT':
        return failed(ErrorCode.KOMMUN_TIMEOUT, `did not answer within ${timeoutMs} ms`);
      default:
        return failed(ErrorCode.KOMMUN_UNAVAILABLE, 'could not be reached');
    }
  }
  const { status, text } = exchange;
  if (status >= 500) return failed(ErrorCode.KOMMUN_UNAVAILABLE, `answered HTTP ${status}`);
  let body: { data?: Record<string, unknown> | null; errors?: GraphQLFormattedError[] };
  try {
    body = JSON.parse(text);
  } catch {
    return failed(ErrorCode.KOMMUN_UNAVAILABLE, `answered HTTP ${status} without a GraphQL response`);
  }
  if (typeof body !== 'object' || body === null || (!('data' in body) && !Array.isArray(body.errors))) {
    return failed(ErrorCode.KOMMUN_UNAVAILABLE, `answered HTTP ${status} without a GraphQL response`);
  }
  // A kommun whose schema lacks what the query asks for refuses the whole operation; say so
  // for that kommun instead of passing on an error that looks like the caller's mistake.
  const invalid = body.errors?.find((e) => e.extensions?.code === ErrorCode.GRAPHQL_VALIDATION_FAILED);
  if (!body.data && invalid) {
    return failed(ErrorCode.KOMMUN_INCOMPATIBLE, `runs a schema that lacks what this query needs (${invalid.message})`);
  }
  const data = body.data ?? null;
  return asItCame(body)
    ? { kommunkod: kommun.kommunkod, ok: true, data, errors: body.errors, json: text }
    : { kommunkod: kommun.kommunkod, ok: true, data, errors: body.errors };
}

/** A body that parses to what `{ data, errors }` serialises to: an object as `data`, and `errors` only as a list. */
function asItCame(body: Record<string, unknown>): boolean {
  let keys = 0;
  for (const key in body) {
    keys += 1;
    if (key === 'data' ? typeof body.data !== 'object' || body.data === null : key !== 'errors' || !Array.isArray(body.errors))
      return false;
  }
  return keys > 0 && 'data' in body;
}
