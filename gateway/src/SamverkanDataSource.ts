import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { Kind, type DocumentNode } from 'graphql';
import { accessScopeOf } from '#platform/auth/accessScope';
import type { GatewayContext } from './errorPolicy';
import { InflightRequests, copyOfJson } from './kommunRouter';

/**
 * The gateway's data source for the samverkan subgraph: @apollo/gateway's remote data source,
 * with identical reads in flight at the same time (same operation and variables, same access
 * scope) sent once; the others get that fetch's answer or its failure. A follower skips the
 * whole send, its internal token included. Writes always go through.
 */
export class SamverkanDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly inflight = new InflightRequests<GatewayGraphQLResponse>();

  override process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    // Samverkan's answers are not in the answer cache: no whole answer that reads it is kept.
    (options.context as Partial<GatewayContext> | undefined)?.answerRecorder?.notKept();
    // Only a fetch of a client's operation has one (health checks and schema loads do not).
    if (!('incomingRequestContext' in options) || !isQuery(options.document, options.request.query)) {
      return super.process(options);
    }
    const { query, operationName, variables, extensions } = options.request;
    const scope = accessScopeOf(options.context.caller ?? null);
    const key = `${scope}\u0000${JSON.stringify({ query, operationName, variables, extensions })}`;
    return this.inflight.run(key, () => super.process(options), copyOfResponse);
  }
}

/**
 * Whether a fetch is a query: from its document when the query planner exposes it, else from
 * the text the planner printed (`query …` or `{ … }`; the planner never puts anything before
 * the operation). Whatever is not recognised as a query is not shared.
 */
function isQuery(document: DocumentNode | undefined, text: string | undefined): boolean {
  if (!document) return text !== undefined && /^\s*(query\b|\{)/.test(text);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  return operation?.kind === Kind.OPERATION_DEFINITION && operation.operation === 'query';
}

/** The answer for a follower: its own data and errors; the HTTP response it came in is only read. */
const copyOfResponse = (response: GatewayGraphQLResponse): GatewayGraphQLResponse => ({
  ...response,
  data: response.data && copyOfJson(response.data),
  errors: response.errors && copyOfJson(response.errors),
  extensions: response.extensions && copyOfJson(response.extensions),
});
