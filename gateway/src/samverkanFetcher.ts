import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import type { SubgraphHttp } from './kommunRouter';

type Fetcher = NonNullable<RemoteGraphQLDataSource['fetcher']>;

/** Statuses whose answer has no body (a Response refuses one). */
const NO_BODY = new Set([101, 204, 205, 304]);

/**
 * The samverkan data source's fetcher: the gateway's HTTP to its subgraphs (kommunRouter's
 * SubgraphHttp), the one a kommun call takes, with SAMVERKAN_TIMEOUT as its deadline. A call
 * that passes it rejects with DeadlineExceeded, which `samverkanFetchError` codes like a
 * kommun's (./writeOutcome.ts).
 */
export function samverkanFetcher(http: SubgraphHttp, timeoutMs: number): Fetcher {
  const fetcher = async (url: string, init: { body?: unknown; headers?: unknown } = {}) => {
    const headers = Object.fromEntries(new Headers(init.headers as ConstructorParameters<typeof Headers>[0]));
    const answer = await http.post(url, String(init.body ?? ''), headers, timeoutMs);
    return new Response(NO_BODY.has(answer.status) ? null : answer.text, {
      status: answer.status,
      headers: answer.contentType ? { 'content-type': answer.contentType } : {},
    });
  };
  return fetcher as unknown as Fetcher;
}
