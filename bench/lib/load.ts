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
  /**
   * Error codes an answer may carry and still count as answered (the stale scenario's
   * KOMMUN_STALE, which marks what it measures); any other `errors` in a body is a failure.
   */
  expectedErrorCodes?: readonly string[];
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

/** Answers that came with HTTP 200 but whose body carried `errors` (codes not expected), with the first of them. */
interface ErrorAnswers {
  count: number;
  first?: string;
}

/** Whether a GraphQL answer carries errors other than the expected codes. */
function carriesErrors(body: string, expected: readonly string[]): boolean {
  if (!body.includes('"errors"')) return false;
  let errors: { extensions?: { code?: string } }[] | undefined;
  try {
    errors = (JSON.parse(body) as { errors?: { extensions?: { code?: string } }[] }).errors;
  } catch {
    return true;
  }
  return !!errors && errors.some((e) => !expected.includes(e.extensions?.code ?? ''));
}

function fire(
  options: LoadOptions,
  seconds: number,
  errorAnswers: ErrorAnswers,
  latencies?: number[],
): Promise<autocannon.Result> {
  const expected = options.expectedErrorCodes ?? [];
  const onResponse = (status: number, body: string) => {
    if (status !== 200 || !carriesErrors(body, expected)) return;
    errorAnswers.count++;
    errorAnswers.first ??= body.slice(0, 300);
  };
  const instance: autocannon.Instance = (autocannon as unknown as (o: autocannon.Options) => autocannon.Instance)({
    url: options.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.body,
    // Every body is read: an answer with `errors` is a failure, whatever its HTTP status.
    requests: [
      {
        onResponse,
        ...(options.bodyOf ? { setupRequest: (request: object) => ({ ...request, body: options.bodyOf!(sent++) }) } : {}),
      },
    ],
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
 * Fails when any request errs, times out, answers something other than HTTP 200 or answers with
 * `errors` in its body (in the warm-up too): a failed answer is never counted as throughput.
 */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const errorAnswers: ErrorAnswers = { count: 0 };
  if (options.warmupSeconds) await fire(options, options.warmupSeconds, errorAnswers);
  const latencies: number[] = [];
  const result = await fire(options, options.seconds, errorAnswers, latencies);
  const failed = result.errors + result.timeouts + result.non2xx + errorAnswers.count;
  if (failed > 0) {
    throw new Error(
      `${options.url}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx answers, ` +
        `${errorAnswers.count} answers with errors under load${errorAnswers.first ? ` (first: ${errorAnswers.first})` : ''}`,
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
