import type { GraphQLFormattedError } from 'graphql';
import { Pool } from 'undici';
import { ErrorCode } from '#platform/errors';
import type { KommunEntry } from '#platform/registry';
import type { KommunAnswer } from './mergeAnswers';
import type { KommunRequest } from './routeOperation';

export const DEFAULT_TIMEOUT_MS = 5000;

/**
 * The JSON body of a request, made once: a fan-out sends the same operation to every kommun, so
 * the requests share it (see routeOperation) and it is serialised for the first only.
 */
const bodies = new WeakMap<object, string>();
function requestBody(request: KommunRequest): string {
  const key = request.shared ?? request;
  let body = bodies.get(key);
  if (body === undefined) {
    body = JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName });
    bodies.set(key, body);
  }
  return body;
}

export interface KommunClientOptions {
  /** Most open connections to one kommun; more requests wait for a free one. */
  connectionsPerKommun?: number;
  /**
   * `pools` (default): a bounded keep-alive pool per kommun, driven through undici's dispatcher.
   * `fetch`: the platform's fetch with an AbortSignal per request, as an untuned gateway would
   * send; kept only so that `npm run bench` can measure what the pools are worth.
   */
  transport?: 'pools' | 'fetch';
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
  private readonly targets = new Map<string, { pool: Pool; path: string }>();
  private readonly connections: number;
  private readonly transport: 'pools' | 'fetch';
  readonly observations = new Map<string, KommunObservation>();

  constructor(options: KommunClientOptions = {}) {
    this.connections = options.connectionsPerKommun ?? 32;
    this.transport = options.transport ?? 'pools';
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
    this.targets.clear();
  }

  /** Where a kommun URL goes: its origin's pool and its path, worked out once per URL. */
  private target(url: string): { pool: Pool; path: string } {
    let target = this.targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      let pool = this.pools.get(parsed.origin);
      if (!pool) {
        pool = new Pool(parsed.origin, { connections: this.connections, keepAliveTimeout: 30_000 });
        this.pools.set(parsed.origin, pool);
      }
      target = { pool, path: parsed.pathname + parsed.search };
      this.targets.set(url, target);
    }
    return target;
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
    const url = this.target(kommun.url);
    let status: number;
    let text: string;
    try {
      ({ status, text } =
        this.transport === 'pools'
          ? await post(url.pool, url.path, requestBody(request), headers, timeoutMs)
          : await postWithFetch(kommun.url, requestBody(request), headers, timeoutMs));
    } catch (error) {
      const { code, name } = error as { code?: string; name?: string };
      if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || name === 'TimeoutError') {
        return failed(ErrorCode.KOMMUN_TIMEOUT, `did not answer within ${timeoutMs} ms`);
      }
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
    const invalid = body.errors?.find((e) => e.extensions?.code === ErrorCode.GRAPHQL_VALIDATION_FAILED);
    if (!body.data && invalid) {
      return failed(ErrorCode.KOMMUN_INCOMPATIBLE, `runs a schema that lacks what this query needs (${invalid.message})`);
    }
    return { kommunkod: kommun.kommunkod, ok: true, data: body.data ?? null, errors: body.errors };
  }
}

/**
 * One POST through undici's dispatcher, collecting the answer's bytes directly: no response
 * stream and no AbortSignal per request (undici's own header and body timeouts instead), which is
 * most of what a request costs when one query fans out to hundreds of kommuner.
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
    pool.dispatch(
      {
        path,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      },
      {
        // Its presence tells undici this handler speaks the controller API.
        onRequestStart: () => undefined,
        onResponseStart: (_controller, statusCode) => {
          status = statusCode;
        },
        onResponseData: (_controller, chunk) => {
          chunks.push(chunk);
        },
        onResponseEnd: () => resolve({ status, text: Buffer.concat(chunks).toString('utf8') }),
        onResponseError: (_controller, error) => reject(error),
      },
    );
  });
}

/** The untuned way: fetch with a timer per request (see KommunClientOptions.transport). */
async function postWithFetch(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: response.status, text: await response.text() };
}
