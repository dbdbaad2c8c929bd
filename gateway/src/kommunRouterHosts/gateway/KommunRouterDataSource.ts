import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { accessScopeOf } from '#platform/auth/accessScope';
import type { GatewayContext } from '../../errorPolicy';
import type { KommunRouter } from '../../kommunRouter';

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
    /**
     * Runs over each answer whose fetch may select a document link, before the gateway merges it:
     * the gateway signs the kommuner's link markers there for the request's caller (see
     * ../handlingar/). Answers are per request by then, so nothing signed is ever cached.
     */
    private readonly signLinks?: (
      data: unknown,
      context: GraphQLDataSourceProcessOptions['context'],
      fetch: {
        schema: GraphQLSchema;
        document: DocumentNode;
        linkFields: ReadonlySet<string>;
        variables?: Record<string, unknown>;
      },
    ) => Promise<void>,
  ) {}

  async process(options: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    // The gateway hands over the fetch's document, parsed once with its query plan
    // (queryPlannerConfig.exposeDocumentNodeInFetchNode); parsing is only a fallback.
    const document = ('document' in options && options.document) || parse(request.query!);
    return this.read({
      document,
      query: request.query,
      operationName: request.operationName,
      variables: request.variables,
      context: options.context,
    });
  }

  /**
   * One operation through the router, for @apollo/gateway's fetch (`process`) or for a query
   * the kommun subgraph answers alone (./directKommunReads.ts): the router's answer, with the
   * document links it may carry signed for the caller.
   */
  async read({ document, query, operationName, variables, context }: KommunRead): Promise<GatewayGraphQLResponse> {
    const gatewayContext = context as Partial<GatewayContext>;
    const response = await this.router.execute({
      document,
      query,
      operationName,
      variables,
      scope: accessScopeOf(gatewayContext.caller ?? null),
      headers: (kommunkod) => this.headersFor(kommunkod, context),
      recorder: gatewayContext.answerRecorder,
    });
    // The kommun schema says which fields carry links (`@handlingslank`); a fetch that selects none has no link.
    const { schema } = this.router;
    if (this.signLinks && response.data && schema.mayCarryLink(document)) {
      // Signed for this caller and for a while: the whole answer is never kept (gateway/src/responseCache).
      gatewayContext.answerRecorder?.notKept();
      await this.signLinks(response.data, context, {
        schema: schema.schema,
        linkFields: schema.linkFields,
        document,
        variables,
      });
    }
    return response as GatewayGraphQLResponse;
  }
}

/** An operation for the router to answer, and the request's context. */
export interface KommunRead {
  document: DocumentNode;
  /** Its text, as the router may send it on unchanged. */
  query?: string;
  operationName?: string;
  variables?: Record<string, unknown>;
  context: GraphQLDataSourceProcessOptions['context'];
}
