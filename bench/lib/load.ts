import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  /** The JSON body of every request. */
  body: string;
  /** The body of the n-th request instead, for load in which no two requests are alike. */
  bodyOf?: (n: number) => string;
  connections: number;
  /** Seconds measured, after `warmupSeconds` not measured. */
  seconds: number;
  warmupSeconds?: number;
  headers?: Record<string, string>;
}

export interface LoadResult {
  /** Latency percentiles in milliseconds, from every answered request (not autocannon's whole-ms histogram). */
  p50: number;
  p99: number;
  /** Requests per second over the measured seconds. */
  rps: number;
  requests: number;
  connections: number;
  seconds: number;
}

/** Requests made so far with `bodyOf`, over every run: no body is sent twice. */
let sent = 0;

function fire(options: LoadOptions, seconds: number, latencies?: number[]): Promise<autocannon.Result> {
  const instance: autocannon.Instance = (autocannon as unknown as (o: autocannon.Options) => autocannon.Instance)({
    url: options.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.body,
    ...(options.bodyOf
      ? { requests: [{ setupRequest: (request: object) => ({ ...request, body: options.bodyOf!(sent++) }) }] }
      : {}),
    connections: options.connections,
    duration: seconds,
    timeout: 30,
  });
  if (latencies) {
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode === 200) latencies.push(responseTime);
    });
  }
  return instance as unknown as Promise<autocannon.Result>;
}

/**
 * Loads one URL with autocannon for a bounded time and reports its latency and throughput.
 * Fails when any request errs, times out or answers something other than HTTP 200.
 */
export async function load(options: LoadOptions): Promise<LoadResult> {
  if (options.warmupSeconds) await fire(options, options.warmupSeconds);
  const latencies: number[] = [];
  const result = await fire(options, options.seconds, latencies);
  const failed = result.errors + result.timeouts + result.non2xx;
  if (failed > 0) {
    throw new Error(
      `${options.url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers under load`,
    );
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    p50: at(0.5),
    p99: at(0.99),
    rps: latencies.length / options.seconds,
    requests: latencies.length,
    connections: options.connections,
    seconds: options.seconds,
  };
}

export const graphqlBody = (query: string, variables: Record<string, unknown> = {}, operationName?: string) =>
  JSON.stringify({ query, variables, ...(operationName ? { operationName } : {}) });
