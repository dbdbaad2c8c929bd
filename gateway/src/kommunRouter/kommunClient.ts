import type { GraphQLFormattedError } from 'graphql';
import { Pool, type Dispatcher } from 'undici';
import { ErrorCode } from '#platform/errors';
import type { KommunEntry } from '#platform/registry';
import type { KommunAnswer, KommunRequest } from './types';
import { RETRY_WITH_SAME_KEY, neverSent } from '../writeOutcome';

export const DEFAULT_TIMEOUT_MS = 5000;
/** Most open sockets to one kommun; more requests wait for a free one instead of opening more. */
export const CONNECTIONS_PER_KOMMUN = 32;

/** How an exchange with a kommun ended, before it is read as GraphQL. */
export type KommunExchange = { status: number; text: string } | { failure: unknown };

/**
 * HTTP to the kommun instances: one keep-alive connection pool per kommun with a bounded number
 * of sockets, so a burst of dashboard queries neither opens a connection per request nor
 * exhausts a kommun. A send always resolves: a kommun that refuses the connection, answers
 * 5xx or something that is not GraphQL, or does not answer in time becomes a coded error for
 * that kommun (see `kommunAnswerOf`), never a failure of the whole query.
 */
export class KommunClient {
  private readonly pools = new Map<string, Pool>();
  private readonly targets = new Map<string, { pool: Pool; path: string }>();

  async send(kommun: KommunEntry, request: KommunRequest, headers: Record<string, string> = {}): Promise<KommunAnswer> {
    const timeoutMs = kommun.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const { pool, path } = this.target(kommun.url);
    let exchange: KommunExchange;
    try {
      exchange = await post(pool, path, request.body, headers, timeoutMs);
    } catch (failure) {
      exchange = { failure };
    }
    return kommunAnswerOf(kommun, exchange, timeoutMs, request);
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
    this.pools.clear();
    this.targets.clear();
  }

  /** Where a kommun URL goes: its origin's pool and its path, worked out once per URL. */
  private target(url: string): { pool: Pool; path: string } {
    let target = this.targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      let pool = this.pools.get(parsed.origin);
      if (!pool) {
        pool = new Pool(parsed.origin, { connections: CONNECTIONS_PER_KOMMUN, keepAliveTimeout: 30_000 });
        this.pools.set(parsed.origin, pool);
      }
      target = { pool, path: parsed.pathname + parsed.search };
      this.targets.set(url, target);
    }
    return target;
  }
}

/**
 * What a kommun's exchange means for the caller: its GraphQL answer, or one coded error that
 * names the kommun. Every way a kommun can fail is classified here and nowhere else.
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
    const { code } = exchange.failure as { code?: string };
    // A write that may have reached the kommun must not look like one that did not: the
    // client would write again under a new key and register it twice.
    const notSent = exchange.failure instanceof KommunDeadlineExceeded ? !exchange.failure.sent : neverSent(exchange.failure);
    if (request?.operationType === 'mutation' && !notSent) {
      return failed(
        ErrorCode.KOMMUN_OUTCOME_UNKNOWN,
        `did not answer a write before the connection broke or timed out, so its outcome is unknown (it may have been made); ${RETRY_WITH_SAME_KEY}`,
      );
    }
    if (
      exchange.failure instanceof KommunDeadlineExceeded ||
      code === 'UND_ERR_HEADERS_TIMEOUT' ||
      code === 'UND_ERR_BODY_TIMEOUT'
    ) {
      return failed(ErrorCode.KOMMUN_TIMEOUT, `did not answer within ${timeoutMs} ms`);
    }
    return failed(ErrorCode.KOMMUN_UNAVAILABLE, 'could not be reached');
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
  return { kommunkod: kommun.kommunkod, ok: true, data: body.data ?? null, errors: body.errors };
}

/**
 * A kommun's `timeoutMs` ran out: its whole answer had not arrived. `sent` tells whether the
 * request had been handed to a connection (a write may then have been made).
 */
export class KommunDeadlineExceeded extends Error {
  readonly code = 'KOMMUN_DEADLINE_EXCEEDED';

  constructor(
    timeoutMs: number,
    readonly sent: boolean,
  ) {
    super(`no whole answer within ${timeoutMs} ms`);
  }
}

/**
 * One POST through undici's dispatcher, collecting the answer's bytes directly: no response
 * stream and no AbortSignal per request, which is most of what a request costs when one query
 * fans out to hundreds of kommuner. `timeoutMs` is a deadline for the whole answer, from the
 * moment of dispatch (waiting for a free socket included), kept by a timer of its own: undici's
 * header and body timeouts run on a timer that ticks about every half second (a 1000 ms timeout
 * fired after about 1500 ms), and its body timeout restarts with every chunk, so a kommun that
 * trickles bytes would never time out.
 */
function post(
  pool: Pool,
  path: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    let status = 0;
    const chunks: Buffer[] = [];
    let controller: Dispatcher.DispatchController | undefined;
    let expired: KommunDeadlineExceeded | undefined;
    const deadline = setTimeout(() => {
      expired = new KommunDeadlineExceeded(timeoutMs, controller !== undefined);
      // Still waiting for a socket, it has no controller yet: it is stopped as it gets one.
      controller?.abort(expired);
      reject(expired);
    }, timeoutMs);
    pool.dispatch(
      {
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body,
        // The deadline above bounds the exchange; undici's own idle timeouts are off.
        headersTimeout: 0,
        bodyTimeout: 0,
      },
      {
        onRequestStart: (started) => {
          controller = started;
          if (expired) started.abort(expired);
        },
        onResponseStart: (_controller, statusCode) => {
          status = statusCode;
        },
        onResponseData: (_controller, chunk) => {
          chunks.push(chunk);
        },
        onResponseEnd: () => {
          clearTimeout(deadline);
          resolve({ status, text: Buffer.concat(chunks).toString('utf8') });
        },
        onResponseError: (_controller, error) => {
          clearTimeout(deadline);
          reject(error);
        },
      },
    );
  });
}
