import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { Kind, type DocumentNode } from 'graphql';
import { accessScopeOf } from '#platform/auth/accessScope';
import type { GatewayContext } from '../errorPolicy';
import type { SamverkanSender } from './types';

/**
 * The gateway's data source for the samverkan subgraph: each fetch becomes a call that goes
 * through samverkan's chain (gateway/src/subgraphChains.ts: in-flight merging → telemetry →
 * HTTP with SAMVERKAN_TIMEOUT). A failure is thrown as its coded error, which @apollo/gateway
 * puts in the client's answer as it is. The gateway runs a static supergraph, so every fetch is
 * one of a client's operation: no health checks, no schema loads.
 */
export class SamverkanDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(
    private readonly calls: SamverkanSender,
    /** Headers of a request's call to samverkan: its request id, the client's Idempotency-Key and an internal token for samverkan. */
    private readonly headersFor: (context: Partial<GatewayContext>) => Promise<Record<string, string>>,
  ) {}

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const context = (options.context ?? {}) as Partial<GatewayContext>;
    // Samverkan's answers are not in the answer cache: no whole answer that reads it is kept.
    context.answerRecorder?.notKept();
    const { http: _http, ...request } = options.request;
    const document = 'document' in options ? options.document : undefined;
    const answer = await this.calls.send({
      body: JSON.stringify(request),
      operationType: isQuery(document, request.query) ? 'query' : 'mutation',
      scope: accessScopeOf(context.caller ?? null),
      headers: () => this.headersFor(context),
    });
    if (!answer.ok) throw answer.error;
    return answer.response;
  }
}

/**
 * Whether a fetch is a query: from its document when the query planner exposes it, else from
 * the text the planner printed (`query …` or `{ … }`; the planner never puts anything before
 * the operation). Whatever is not recognised as a query is treated as a write: never merged,
 * and its failure told as a write's.
 */
function isQuery(document: DocumentNode | undefined, text: string | undefined): boolean {
  if (!document) return text !== undefined && /^\s*(query\b|\{)/.test(text);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  return operation?.kind === Kind.OPERATION_DEFINITION && operation.operation === 'query';
}
