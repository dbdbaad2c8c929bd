import { STATUS_CODES } from 'node:http';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '#platform/errors';
import type { SubgraphHttp, SubgraphHttpAnswer } from '../subgraphCalls';
import { samverkanFailure } from './samverkanFailure';
import type { SamverkanAnswer, SamverkanCall, SamverkanSender } from './types';

/**
 * The last layer of a call to samverkan: the gateway's HTTP to its subgraphs (SubgraphHttp, the
 * one a kommun call takes) with SAMVERKAN_TIMEOUT as its deadline, and the call's headers,
 * worked out only here (a merged call signs no token). A send resolves with samverkan's GraphQL
 * answer or with a coded failure (`samverkanAnswerOf`).
 */
export class SamverkanClient implements SamverkanSender {
  constructor(
    private readonly http: SubgraphHttp,
    private readonly url: string,
    private readonly timeoutMs: number,
  ) {}

  async send({ body, operationType, headers }: SamverkanCall): Promise<SamverkanAnswer> {
    const sent = await headers();
    let exchange: SubgraphHttpAnswer | { failure: unknown };
    try {
      exchange = await this.http.post(this.url, body, sent, this.timeoutMs);
    } catch (failure) {
      exchange = { failure };
    }
    return samverkanAnswerOf(exchange, operationType === 'mutation', this.timeoutMs);
  }
}

/**
 * What samverkan's exchange means for the caller, as @apollo/gateway's remote data source read
 * it before: a 2xx answer is samverkan's GraphQL answer, its errors passed on; another status is
 * the error `<status>: <reason>` with samverkan's body in `extensions.response` (UNAUTHENTICATED
 * for 401, FORBIDDEN for 403, else no code: an internal error under the error policy); no answer,
 * or a 2xx that is not a GraphQL answer, is a coded failure (`samverkanFailure`).
 */
export function samverkanAnswerOf(
  exchange: SubgraphHttpAnswer | { failure: unknown },
  write: boolean,
  timeoutMs: number,
): SamverkanAnswer {
  if ('failure' in exchange) return { ok: false, error: samverkanFailure(exchange.failure, write, timeoutMs) };
  const { status, text } = exchange;
  const body = jsonOf(text);
  if (status < 200 || status > 299) {
    const statusText = STATUS_CODES[status] ?? '';
    const code = status === 401 ? ErrorCode.UNAUTHENTICATED : status === 403 ? ErrorCode.FORBIDDEN : undefined;
    const response = { status, statusText, body: body === undefined ? text : body };
    return {
      ok: false,
      error: new GraphQLError(`${status}: ${statusText}`, { extensions: { response, ...(code ? { code } : {}) } }),
    };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      ok: false,
      error: samverkanFailure(new Error(`samverkan answered HTTP ${status} without a GraphQL response`), write, timeoutMs),
    };
  }
  return { ok: true, response: body as GatewayGraphQLResponse };
}

function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
