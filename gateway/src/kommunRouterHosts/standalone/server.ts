import { HeaderMap, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';
import { parse, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import { accessScopeOf } from '#platform/auth/accessScope';
import { startHttpServer, type GraphQLHttpHandler } from '#platform/http/startHttpServer';
import { ErrorCode } from '#platform/errors';
import { createLogger, type Logger } from '#platform/telemetry/logger';
import { graphqlRequestDuration, operationLabel } from '#platform/telemetry/metrics';
import type { GatewayConfig } from '../../config';
import { applyErrorPolicy, type GatewayContext } from '../../errorPolicy';
import { RoutingError } from '../../kommunRouter';
import { subgraphChains } from '../../subgraphChains';
import { SubgraphHttp } from '../../subgraphCalls';
import { HttpError } from '#platform/http/httpUtils';
import { screenedHandler } from '../../limits/screenedHandler';
import { kommunerCalledByRouter } from '../../limits/kommunerCalledByRouter';
import { kommunRootFieldsOf } from '../../rateLimits/operationCost';
import { startBackgroundProbe } from '../../backgroundProbe';
import { readinessRoute } from '../../readinessRoute';
import { setupKommunRouter, type KommunRouterSetup, type RouterService } from '../setupKommunRouter';

export type KommunRouterServer = RouterService;

/**
 * The kommun router as its own HTTP service speaking the subgraph protocol, so that any
 * Federation 2 gateway (Hive Gateway, Apollo Router) can use it as the URL of the subgraph
 * `kommun`. It runs on the same HTTP front as the gateway, with the same body limit, CORS,
 * request ids, error policy and query limits, and forwards without validating: each kommun
 * validates against its own schema. Callers without a user token are refused unless
 * KOMMUN_ROUTER_ANONYMOUS says a trusted peer gateway calls that way.
 */
export async function startKommunRouterServer(
  config: GatewayConfig,
  log: Logger = createLogger(config.telemetry),
): Promise<KommunRouterServer> {
  const http = new SubgraphHttp();
  // The kommun chain of the gateway's own composition root: the same layers behind another gateway.
  const { kommun } = await subgraphChains(config, log, http);
  const setup = await setupKommunRouter(config, log, kommun);
  const kommunRootFields = kommunRootFieldsOf(setup.router.schema.schema);
  const authenticate = setup.http.authenticate!;
  const readiness = startBackgroundProbe(setup.readiness, config.readinessProbeSeconds * 1000);
  const front = await startHttpServer<GatewayContext, GatewayContext['caller']>({
    ...setup.http,
    // Anyone who reaches it could otherwise read through it as the gateway's clients do, unlimited.
    authenticate: async (req) => {
      const caller = await authenticate(req);
      if (!caller && !config.kommunRouterAcceptsAnonymous)
        throw new HttpError(
          401,
          'This kommun router needs a bearer token (KOMMUN_ROUTER_ANONYMOUS=true lets a trusted peer gateway call without one)',
          ErrorCode.UNAUTHENTICATED,
        );
      return caller;
    },
    // The gateway's query limits, priced against the kommun subgraph's schema.
    apollo: screenedHandler(forwardingHandler(setup, config.production, log), {
      schema: setup.router.schema.schema,
      limits: config.limits,
      kommunerCalled: kommunerCalledByRouter(kommunRootFields.query, () => setup.router.kommuner),
    }),
    routes: { '/ready': readinessRoute(readiness, config.telemetry) },
  });
  return setup.service(front, async () => {
    readiness.stop();
    await http.close();
  });
}

/** Takes a subgraph request (a POST with a JSON body) and answers it through the router. */
function forwardingHandler(setup: KommunRouterSetup, production: boolean, log: Logger): GraphQLHttpHandler<GatewayContext> {
  return {
    async executeHTTPGraphQLRequest({ httpGraphQLRequest, context }) {
      const started = performance.now();
      const { requestId, caller, idempotencyKey } = await context();
      const operation = readOperation(httpGraphQLRequest);
      const answer = (status: number, body: { data?: unknown; errors?: GraphQLFormattedError[] }): HTTPGraphQLResponse => {
        const operationName = 'refusal' in operation ? null : operation.operationName;
        graphqlRequestDuration.observe({ operation: operationLabel(operationName) }, (performance.now() - started) / 1000);
        const errors = body.errors && applyErrorPolicy(body.errors, { production, log, requestId, operationName });
        const headers = new HeaderMap([
          ['content-type', 'application/json; charset=utf-8'],
          ['x-request-id', requestId],
        ]);
        return { status, headers, body: { kind: 'complete', string: JSON.stringify(errors ? { ...body, errors } : body) } };
      };
      if ('refusal' in operation) {
        const { status, message, code } = operation.refusal;
        return answer(status, { errors: [{ message, extensions: { code } }] });
      }
      try {
        const result = await setup.router.execute({
          ...operation,
          scope: accessScopeOf(caller),
          headers: (kommunkod) => setup.kommunHeaders(kommunkod, { requestId, caller, idempotencyKey }),
        });
        return answer(200, result);
      } catch (error) {
        if (error instanceof RoutingError)
          return answer(400, { errors: [{ message: error.message, extensions: { code: ErrorCode.BAD_REQUEST } }] });
        // No code: the error policy logs it with the request id and, in production, hides it.
        return answer(500, { errors: [{ message: (error as Error).message }] });
      }
    },
  };
}

type ReadOperation =
  | { document: DocumentNode; query: string; operationName: string | null; variables: Record<string, unknown> }
  | { refusal: { status: number; message: string; code: string } };

/** The operation of a subgraph request, or why it cannot be one. */
function readOperation(request: HTTPGraphQLRequest): ReadOperation {
  const refusal = (status: number, message: string, code: string = ErrorCode.BAD_REQUEST) => ({
    refusal: { status, message, code },
  });
  if (request.method !== 'POST') return refusal(405, 'Send GraphQL requests as POST with a JSON body');
  const body = request.body as { query?: unknown; variables?: unknown; operationName?: unknown } | string | undefined;
  if (typeof body !== 'object' || body === null) return refusal(415, 'Send GraphQL requests with content-type application/json');
  if (typeof body.query !== 'string') return refusal(400, 'The request has no query');
  let document: DocumentNode;
  try {
    document = parse(body.query);
  } catch (error) {
    return refusal(400, (error as Error).message, ErrorCode.GRAPHQL_PARSE_FAILED);
  }
  return {
    document,
    query: body.query,
    operationName: typeof body.operationName === 'string' ? body.operationName : null,
    variables: (body.variables as Record<string, unknown>) ?? {},
  };
}
