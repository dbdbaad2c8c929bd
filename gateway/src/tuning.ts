import type {
  GatewayConfig as ApolloGatewayOptions,
  GraphQLDataSourceProcessOptions,
  RemoteGraphQLDataSource,
} from '@apollo/gateway';
import type { ApolloServerPlugin } from '@apollo/server';
import type { KommunClientOptions } from './kommunRouter/kommunClient';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { Agent, fetch as undiciFetch } from 'undici';

/**
 * How the gateway is tuned (`GATEWAY_TUNING`). `tuned` is the default and what runs in
 * production; `stock` is the same gateway with @apollo/gateway's and Apollo Server's defaults,
 * kept so that `npm run bench` can measure what the tuning is worth.
 */
export type GatewayTuningMode = 'stock' | 'tuned';

export interface GatewayTuning {
  mode: GatewayTuningMode;
  /** Options merged into `new ApolloGateway(...)`. */
  gatewayOptions: Partial<ApolloGatewayOptions>;
  /** Plugins added to the gateway's Apollo Server. */
  plugins: ApolloServerPlugin[];
  /** Options of the RemoteGraphQLDataSource of an ordinary subgraph (samverkan). */
  remoteDataSourceOptions: Partial<Pick<RemoteGraphQLDataSource, 'fetcher'>>;
  /** How the kommun router reaches the kommuner. */
  kommunClient: KommunClientOptions;
  /** Headers the kommun router passes on to every kommun with a fetch. */
  kommunHeaders(options: GraphQLDataSourceProcessOptions): Record<string, string>;
  close(): Promise<void>;
}

/** Most open sockets to one subgraph; more fetches wait for a free one instead of opening more. */
export const SUBGRAPH_CONNECTIONS = 32;
/** Approximate size of the query-plan cache. */
export const QUERY_PLAN_CACHE_MIB = 64;

const TRACE_HEADER = 'apollo-federation-include-trace';

export function createGatewayTuning(mode: GatewayTuningMode): GatewayTuning {
  return mode === 'stock' ? stockTuning() : tunedTuning();
}

/**
 * Tuned: keep-alive sockets with a bound per subgraph (undici, instead of make-fetch-happen's
 * unbounded agent with its cache layer), a query-plan cache of a known size, and no inline
 * traces: the subgraphs are asked for an ftv1 trace only when a caller's request captures one.
 */
function tunedTuning(): GatewayTuning {
  const agent = new Agent({ connections: SUBGRAPH_CONNECTIONS, keepAliveTimeout: 30_000, pipelining: 1 });
  const fetcher = ((url: string, init: Record<string, unknown>) =>
    undiciFetch(url, { ...init, dispatcher: agent } as never)) as unknown as NonNullable<RemoteGraphQLDataSource['fetcher']>;
  return {
    mode: 'tuned',
    gatewayOptions: { experimental_approximateQueryPlanStoreMiB: QUERY_PLAN_CACHE_MIB },
    // Cache hints are computed per field and nothing here reads them.
    plugins: [ApolloServerPluginCacheControlDisabled()],
    kommunClient: { transport: 'pools', connectionsPerKommun: SUBGRAPH_CONNECTIONS },
    remoteDataSourceOptions: { fetcher },
    kommunHeaders: () => ({}),
    close: () => agent.close(),
  };
}

/**
 * Stock: @apollo/gateway's defaults (RemoteGraphQLDataSource with its default fetcher, default
 * query-plan cache) and inline tracing on: the gateway captures a trace of every request, as it
 * does with usage reporting at full field-level instrumentation, so that every subgraph answer
 * carries an ftv1 trace (the subgraphs must run with INLINE_TRACE=true to produce it).
 */
function stockTuning(): GatewayTuning {
  const captureTraces: ApolloServerPlugin = {
    async requestDidStart(requestContext) {
      requestContext.metrics.captureTraces = true;
    },
  };
  return {
    mode: 'stock',
    gatewayOptions: {},
    plugins: [captureTraces],
    // What a data source does by default: a fetch per request, sockets without a bound.
    kommunClient: { transport: 'fetch' },
    remoteDataSourceOptions: {},
    kommunHeaders: (options): Record<string, string> => {
      const value = options.request.http?.headers.get(TRACE_HEADER);
      return value ? { [TRACE_HEADER]: value } : {};
    },
    close: async () => undefined,
  };
}
