import type { GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  GraphQLError,
  Kind,
  getVariableValues,
  print,
  validate,
  visit,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { ErrorCode } from '#platform/errors';
import { tracer, tracingEnabled } from '#platform/telemetry/tracing';
import { narrowDocument } from '../../kommunRouter';
import { answerShape, hasShape, type ObjectShape } from './answerShape';
import type { KommunRouterDataSource } from './KommunRouterDataSource';

/** The subgraph's name in the supergraph: @apollo/gateway names the service in each of its errors. */
const SERVICE_NAME = 'kommun';

/** A read the kommun subgraph answers alone: the operation alone (with its fragments) and its text. */
interface DirectRead {
  document: DocumentNode;
  query: string;
  /** The shape of its answer; undefined when @skip or @include read a variable (then per request). */
  shape?: ObjectShape;
  /** What the shape of a request's answer is made from. */
  root: GraphQLObjectType;
  operation: OperationDefinitionNode;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
}

/**
 * Queries that only the kommun subgraph answers go straight to the kommun router, past
 * @apollo/gateway's execution. For such a query @apollo/gateway's plan is one fetch to `kommun`
 * with the client's selection, and after the last kommun has answered it walks every object of
 * the merged answer once more to shape it (`computeResponse`): on a national view, 290 kommuners'
 * objects after the slowest has answered (docs/performance.md). Asked the client's own
 * operation, graphql-js in each kommun has already shaped its answer, and the router merges
 * shaped answers: what is left is to check that they are (`hasShape`, a walk over keys).
 *
 * A query qualifies when it is a query, is valid against the kommun subgraph's own schema (so
 * every field it selects, through every fragment, is the kommun subgraph's; a field another
 * subgraph adds, such as `Kommun.samverkansomraden`, fails), selects no interface or union,
 * asks for no introspection (`__schema`, `__type`: the supergraph's, not a kommun's), and its
 * variables coerce. Its answer is used when it has exactly the shape asked for (./answerShape.ts:
 * every key and no other, no null where none may be), which is one cheap walk instead of
 * @apollo/gateway's. Anything else, any read the router refuses and any answer of another shape
 * goes through @apollo/gateway as before, which also gives the usual errors. The answer is
 * @apollo/gateway's: the kommun data source's (link signing and all), with each error named
 * `serviceName: "kommun"` as @apollo/gateway names it, under a `gateway.request` span.
 */
export function withDirectKommunReads(
  gateway: GatewayInterface,
  kommun: { source: KommunRouterDataSource; schema: GraphQLSchema },
): GatewayInterface {
  const reads = new WeakMap<DocumentNode, Map<string | null, DirectRead | null>>();
  const directReadOf = (request: GatewayGraphQLRequestContext): DirectRead | null => {
    let byOperation = reads.get(request.document);
    if (!byOperation) reads.set(request.document, (byOperation = new Map()));
    let read = byOperation.get(request.operationName);
    if (read === undefined)
      byOperation.set(request.operationName, (read = directRead(request.document, request.operation, kommun.schema)));
    return read;
  };
  const direct = (federated: GatewayExecutor): GatewayExecutor => {
    const answer = async (request: GatewayGraphQLRequestContext, read: DirectRead, shape: ObjectShape) => {
      let response;
      try {
        response = await kommun.source.read({
          document: read.document,
          query: read.query,
          operationName: request.operation.name?.value,
          variables: request.request.variables ?? {},
          context: request.context,
        });
      } catch {
        // The router refused it (RoutingError) before asking any kommun: @apollo/gateway's errors.
        return federated(request);
      }
      // An answer that is not exactly what was asked (a kommun on its own system that adds a
      // field, or a null where none may be): @apollo/gateway shapes it, as it shapes every other.
      if (!response.data || !hasShape(response.data, shape)) return federated(request);
      return response.errors?.length
        ? { data: response.data, errors: response.errors.map(asServiceError) }
        : { data: response.data };
    };
    return async (request) => {
      const read = directReadOf(request);
      if (!read) return federated(request);
      const coerced = getVariableValues(
        request.schema,
        request.operation.variableDefinitions ?? [],
        request.request.variables ?? {},
      );
      if (coerced.errors) return federated(request);
      const shape = read.shape ?? answerShape(read.root, read.operation.selectionSet.selections, read.fragments, coerced.coerced);
      if (!shape) return federated(request);
      if (!tracingEnabled()) return answer(request, read, shape);
      // The span @apollo/gateway makes for each request, so that traces look alike either way.
      return tracer().startActiveSpan(
        'gateway.request',
        { attributes: { 'graphql.operation.name': request.operationName ?? '', 'kommungraf.direct_read': true } },
        async (span) => {
          try {
            return await answer(request, read, shape);
          } finally {
            span.end();
          }
        },
      );
    };
  };
  return {
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
    async load(options) {
      const loaded = await gateway.load(options);
      return { ...loaded, executor: loaded.executor && direct(loaded.executor) };
    },
  };
}

/** The operation and its fragments, when the kommun subgraph answers all of it; otherwise null. */
export function directRead(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  kommunSchema: GraphQLSchema,
): DirectRead | null {
  const root = kommunSchema.getQueryType();
  if (operation.operation !== 'query' || !root) return null;
  // The operation alone with the fragments it uses: another operation of the document may read samverkan.
  const own = narrowDocument(document, operation, operation.selectionSet.selections, []).document;
  let introspection = false;
  let readsVariables = false;
  visit(own, {
    Field(field) {
      if (field.name.value === '__schema' || field.name.value === '__type') introspection = true;
    },
    Directive(directive) {
      if (directive.arguments?.some((a) => a.value.kind === Kind.VARIABLE)) readsVariables = true;
    },
  });
  if (introspection || validate(kommunSchema, own).length) return null;
  const fragments = new Map(
    own.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  const read: DirectRead = { document: own, query: print(own), root, operation, fragments };
  if (readsVariables) return read;
  // Interfaces and unions go through @apollo/gateway (answerShape).
  const shape = answerShape(root, operation.selectionSet.selections, fragments, {});
  return shape ? { ...read, shape } : null;
}

/**
 * An error of the router's answer as @apollo/gateway passes a subgraph's on: its extensions name
 * the service, and one without a code gets DOWNSTREAM_SERVICE_ERROR.
 */
function asServiceError(error: GraphQLFormattedError): GraphQLError {
  const extensions: Record<string, unknown> = { ...error.extensions, serviceName: SERVICE_NAME };
  return new GraphQLError(error.message || `Error while fetching subquery from service "${SERVICE_NAME}"`, {
    path: error.path,
    extensions: extensions.code === undefined ? { ...extensions, code: ErrorCode.DOWNSTREAM_SERVICE_ERROR } : extensions,
  });
}
