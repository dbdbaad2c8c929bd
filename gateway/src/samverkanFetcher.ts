import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { GraphQLError } from 'graphql';
import { ErrorCode } from '#platform/errors';
import { samverkanFetchDuration } from '#platform/telemetry/metrics';
import type { SubgraphHttp } from './kommunRouter';
import { samverkanFetchError } from './samverkanFetchError';

type Fetcher = NonNullable<RemoteGraphQLDataSource['fetcher']>;

/** Statuses whose answer has no body (a Response refuses one). */
const NO_BODY = new Set([101, 204, 205, 304]);

/**
 * The samverkan data source's fetcher, in the layers a kommun call has: telemetry (each request
 * timed by outcome), then the gateway's HTTP to its subgraphs (kommunRouter's SubgraphHttp, the
 * one a kommun call takes) with SAMVERKAN_TIMEOUT as its deadline. A call that passes it rejects
 * with DeadlineExceeded, which `samverkanFetchError` codes as a kommun's is coded (./samverkanFetchError.ts).
 */
export function samverkanFetcher(http: SubgraphHttp, timeoutMs: number): Fetcher {
  const fetcher = async (url: string, init: { body?: unknown; headers?: unknown } = {}) => {
    const headers = Object.fromEntries(new Headers(init.headers as ConstructorParameters<typeof Headers>[0]));
    const body = String(init.body ?? '');
    const started = performance.now();
    const observe = (code: string) => samverkanFetchDuration.observe({ code }, (performance.now() - started) / 1000);
    try {
      const answer = await http.post(url, body, headers, timeoutMs);
      observe(answer.status >= 500 ? ErrorCode.SAMVERKAN_UNAVAILABLE : 'OK');
      return new Response(NO_BODY.has(answer.status) ? null : answer.text, {
        status: answer.status,
        headers: answer.contentType ? { 'content-type': answer.contentType } : {},
      });
    } catch (failure) {
      // The same classification the data source reports (a write's body is read only here).
      observe(String((samverkanFetchError(failure, queryOf(body), timeoutMs) as GraphQLError).extensions?.code));
      throw failure;
    }
  };
  return fetcher as unknown as Fetcher;
}

function queryOf(body: string): { query?: string; operationName?: string | null } {
  try {
    return JSON.parse(body) as { query?: string; operationName?: string | null };
  } catch {
    return {};
  }
}
