import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { parse } from 'graphql';
import { accessScopeOf } from '#platform/auth/accessScope';
import type { GatewayContext } from '../errorPolicy';
import type { KommunRouter } from './KommunRouter';

/**
 * The gateway's data source for the subgraph `kommun`: instead of one URL it asks the kommun
 * router, which fans the fetch out to the kommun instances.
 */
export class KommunRouterDataSource implements GraphQLDataSource {
  constructor(
    private readonly router: KommunRouter,
    /** Headers of the call to one kommun for the request whose context this is. */
    private readonly headersFor: (
      kommunkod: string,
      context: GraphQLDataSourceProcessOptions['context'],
    ) => Promise<Record<string, string>>,
  ) {}

  async process(options: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    // The gateway hands over the fetch's document, parsed once with its query plan
    // (queryPlannerConfig.exposeDocumentNodeInFetchNode); parsing is only a fallback.
    const document = ('document' in options && options.document) || parse(request.query!);
    const context = options.context as Partial<GatewayContext>;
    const response = await this.router.execute({
      document,
      query: request.query,
      operationName: request.operationName,
      variables: request.variables,
      scope: accessScopeOf(context.caller ?? null),
      headers: (kommunkod) => this.headersFor(kommunkod, options.context),
      recorder: context.answerRecorder,
    });
    return response as GatewayGraphQLResponse;
  }
}
