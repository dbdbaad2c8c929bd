import type { GraphQLFormattedError } from 'graphql';
import { Pool } from 'undici';
import { ErrorCode } from '../../../common/src/errors';
import type { KommunEntry } from '../../../common/src/registry';
import type { KommunAnswer } from './mergeAnswers';
import type { KommunRequest } from './routeOperation';

export const DEFAULT_TIMEOUT_MS = 5000;

export interface KommunClientOptions {
  /** Most open connections to one kommun; more requests wait for a free one. */
  connectionsPerKommun?: number;
}

/** What the router last saw of a kommun, for /ready. */
export interface KommunObservation {
  ok: boolean;
  latencyMs: number;
  at: Date;
  code?: string;
}

/**
 * HTTP to the kommun instances: one keep-alive connection pool per kommun with a bounded number
 * of sockets, so a burst of dashboard queries neither opens a connection per request nor
 * exhausts a kommun. A send always resolves: a kommun that refuses the connection, answers
 * 5xx or something that is not GraphQL, or does not answer in time becomes a coded error for
 * that kommun, never a failure of the whole query.
 */
export class KommunClient {
  private readonly pools = new Map<string, Pool>();
  private readonly connections: number;
  readonly observations = new Map<string, KommunObservation>();

  constructor(options: KommunClientOptions = {}) {
    this.connections = options.connectionsPerKommun ?? 32;
  }

  async send(kommun: KommunEntry, request: KommunRequest, headers: Record<string, string> = {}): Promise<KommunAnswer> {
    const started = performance.now();
    const answer = await this.exchange(kommun, request, headers);
    this.observations.set(kommun.kommunkod, {
      ok: answer.ok,
      latencyMs: Math.round(performance.now() - started),
      at: new Date(),
      ...(answer.ok ? {} : { code: answer.error.extensions?.code as string }),
    });
    return answer;
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
    this.pools.clear();
  }

  private pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, { connections: this.connections, keepAliveTimeout: 30_000 });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  private async exchange(kommun: KommunEntry, request: KommunRequest, headers: Record<string, string>): Promise<KommunAnswer> {
    const timeoutMs = kommun.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const failed = (code: string, reason: string): KommunAnswer => ({
      kommunkod: kommun.kommunkod,
      ok: false,
      error: {
        message: `Kommun ${kommun.namn} (${kommun.kommunkod}) ${reason}; its data is missing from this answer`,
        extensions: { code, kommunkod: kommun.kommunkod },
      },
    });
    const url = new URL(kommun.url);
    const signal = AbortSignal.timeout(timeoutMs);
    let status: number;
    let text: string;
    try {
      const response = await this.pool(url.origin).request({
        path: url.pathname + url.search,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName }),
        signal,
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch {
      if (signal.aborted) return failed(ErrorCode.KOMMUN_TIMEOUT, `did not answer within ${timeoutMs} ms`);
      return failed(ErrorCode.KOMMUN_UNAVAILABLE, 'could not be reached');
    }
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
    const invalid = body.errors?.find((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED');
    if (!body.data && invalid) {
      return failed(ErrorCode.KOMMUN_INCOMPATIBLE, `runs a schema that lacks what this query needs (${invalid.message})`);
    }
    return { kommunkod: kommun.kommunkod, ok: true, data: body.data ?? null, errors: body.errors };
  }
}
