import fs from 'node:fs';
import path from 'node:path';
import { ApolloGateway, type GatewayConfig as ApolloGatewayOptions } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageProductionDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { buildASTSchema, parse } from 'graphql';
import { SAMVERKAN_AUDIENCE } from '#platform/auth/internalToken';
import { startHttpServer } from '#platform/http/startHttpServer';
import type { GatewayConfig } from './config';
import { errorPolicyPlugin, formatError, type GatewayContext } from './errorPolicy';
import { KommunRouterDataSource, setupKommunRouter, withDirectKommunReads, type RouterService } from './kommunRouterHosts';
import { IDEMPOTENCY_KEY_HEADER } from '#platform/http/idempotencyKey';
import { writeAuthorizationPlugin } from './auth/writeAuthorization';
import { SamverkanDataSource } from './samverkan/SamverkanDataSource';
import { subgraphChains } from './subgraphChains';
import { SubgraphHttp } from './subgraphCalls';
import { screenedHandler } from './limits/screenedHandler';
import { kommunerCalledByRouter } from './limits/kommunerCalledByRouter';
import { createReadinessCheck } from './readiness';
import { explorerPrefix, sandboxLandingPage } from './landingPage';
import { operationResolutionPlugin } from './operationResolution';
import { createLogger, type Logger } from '#platform/telemetry/logger';
import { requestTelemetryPlugin } from '#platform/telemetry/requestTelemetryPlugin';
import { digestOf } from '#platform/digestOf';
import { ResponseCache } from './responseCache/ResponseCache';
import { readJwk } from '#platform/auth/keys';
import { HandlingLinks } from './handlingar/HandlingLinks';
import { handlingRoutes } from './handlingar/handlingRoutes';
import { signHandlingLinks } from './handlingar/signHandlingLinks';
import {
  loadTrustedDocuments,
  persistedQueryCache,
  trustedDocumentsPlugin,
  untrustedDocumentRefusal,
} from './trustedDocuments/trustedDocuments';
import { createRateLimiter, rateLimitPlugin } from './rateLimits/rateLimitPlugin';
import { kommunRootFieldsOf } from './rateLimits/operationCost';
import { rateLimitAdmission } from './rateLimits/rateLimitAdmission';
import { startBackgroundProbe } from './backgroundProbe';
import { readinessRoute } from './readinessRoute';
import { kommunerRoute } from './kommunerRoute';
import { OparlGraph } from './oparl/oparlGraph';
import { FEED_MAX_AGE_SECONDS } from './oparl/oparlOperations';
import { withOparlOperations } from './oparl/oparlOperations';
import { oparlRoutes } from './oparl/oparlRoutes';

/** The operation Sandbox opens with: the contract's overview of every kommun. */
const initialDocument = fs.readFileSync(path.resolve(__dirname, '../../contract/oversikt.graphql'), 'utf8');
/** The bundled explorer's build (explorer/), served at /graphiql/ wherever introspection is on. */
const explorerDist = path.resolve(__dirname, '../../explorer/dist');

/** The shared dashboard (dashboard/, built by `npm start` or `npm run build:dashboard`). */
const dashboardSite = {
  urlPrefix: '/dashboard',
  dir: path.resolve(__dirname, '../../dashboard/dist'),
  notBuiltHint: 'run `npm run build:dashboard` (npm start builds it)',
};

/** Approximate size of the query-plan cache. */
const QUERY_PLAN_CACHE_MIB = 64;

/**
 * What the gateway is built from besides its configuration: how it reaches its subgraphs and
 * how Apollo is tuned. `startGatewayServer` builds the gateway's own (`ownGatewayPieces`);
 * another composition root (a test, a baseline of the bench) may start the same gateway from
 * pieces of its own with `startGatewayWith`.
 */
export interface GatewayPieces {
  /** Options of `new ApolloGateway(...)` besides the supergraph and the data sources. */
  gatewayOptions: Partial<ApolloGatewayOptions>;
  /** Plugins that tune Apollo Server; the gateway's own plugins (error policy, limits, …) come after them. */
  plugins: ApolloServerPlugin<GatewayContext>[];
  /**
   * The HTTP under the last layer of every subgraph call, kommun and samverkan alike (the
   * chains themselves are the composition root's, ./subgraphChains.ts).
   */
  http: SubgraphHttp;
  /**
   * Queries the kommun subgraph answers alone go straight to the kommun router, past
   * @apollo/gateway's execution (./kommunRouterHosts/gateway/directKommunReads.ts).
   */
  directKommunReads: boolean;
  /** Closes what the pieces hold open (connection pools), once the gateway has stopped. */
  close(): Promise<void>;
}

/**
 * The gateway's own pieces: a query-plan cache of a known size, cache control off, and one
 * SubgraphHttp under the last layer of every subgraph call.
 */
export function ownGatewayPieces(): GatewayPieces {
  // One HTTP to every subgraph: bounded keep-alive pools (undici, instead of make-fetch-happen's
  // unbounded agent with its cache layer) and a deadline on every call.
  const http = new SubgraphHttp();
  return {
    gatewayOptions: {
      experimental_approximateQueryPlanStoreMiB: QUERY_PLAN_CACHE_MIB,
      // Each fetch carries its parsed document, kept with the cached plan, so that the kommun
      // router does not parse the same fetch text again on every request.
      queryPlannerConfig: { exposeDocumentNodeInFetchNode: true },
    },
    // Cache hints are computed per field and nothing here reads them.
    plugins: [ApolloServerPluginCacheControlDisabled()],
    http,
    directKommunReads: true,
    close: () => http.close(),
  };
}

export type GatewayServer = RouterService;

/** The gateway as `npm start` runs it: its own pieces. */
export function startGatewayServer(config: GatewayConfig, log: Logger = createLogger(config.telemetry)): Promise<GatewayServer> {
  return startGatewayWith(config, log, ownGatewayPieces());
}

/** The gateway built from `pieces`; stopping it closes them. */
export async function startGatewayWith(config: GatewayConfig, log: Logger, pieces: GatewayPieces): Promise<GatewayServer> {
  // Read before anything starts: a missing or broken manifest stops the gateway with its name.
  const trustedDocuments = loadTrustedDocuments(config.trustedDocuments.manifestFile);
  // Every call to a subgraph, through its chain of layers (./subgraphChains.ts).
  const chains = await subgraphChains(config, log, pieces.http);
  const kommuner = await setupKommunRouter(config, log, chains.kommun);
  const supergraphSdl = fs.readFileSync(config.supergraphFile, 'utf8');
  // Whole answers, kept with the kommuner's answers wherever the answer cache is on.
  const supergraphDigest = digestOf(supergraphSdl);
  const responseCache =
    kommuner.answerStore &&
    new ResponseCache(kommuner.answerStore, {
      identity: () => `${supergraphDigest}:${kommuner.router.registryDigest}`,
      // The encoded bytes of answers lately given, beside the kept texts: a quarter of their bound more.
      maxEncodedBytes: Math.ceil(config.answerCache.maxWholeBytes / 4),
    });
  // Document links are signed with the gateway's internal key, which setupKommunRouter has made sure of.
  const links = await HandlingLinks.fromJwk(
    readJwk(config.auth.internalSigningKeyFile),
    config.handlingar.linkTtlSeconds,
    config.handlingar.publicUrl,
  );
  const rateLimiter = config.rateLimit.enabled ? await createRateLimiter(config.rateLimit, log) : undefined;
  const kommunSource = new KommunRouterDataSource(
    kommuner.router,
    (kommunkod, context) => kommuner.kommunHeaders(kommunkod, context as Partial<GatewayContext>),
    (data, context, fetch) => signHandlingLinks(data, (context as Partial<GatewayContext>).caller ?? null, links, fetch),
  );
  const federated = new ApolloGateway({
    ...pieces.gatewayOptions,
    // A static supergraph, never introspection: the gateway starts even when a kommun is down.
    supergraphSdl,
    buildService: ({ name }) =>
      name === 'kommun'
        ? kommunSource
        : new SamverkanDataSource(chains.samverkan, async ({ requestId, idempotencyKey, caller }) => ({
            ...(requestId ? { 'x-request-id': requestId } : {}),
            ...(idempotencyKey ? { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey } : {}),
            authorization: await kommuner.internalAuthorization(SAMVERKAN_AUDIENCE, caller ?? null),
          })),
  });
  const gateway = pieces.directKommunReads
    ? withDirectKommunReads(federated, { source: kommunSource, schema: kommuner.router.schema.schema })
    : federated;
  const persistedQueries = persistedQueryCache(trustedDocuments);
  const kommunRootFields = kommunRootFieldsOf(kommuner.router.schema.schema);
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // runService owns SIGINT and SIGTERM: Apollo's own handlers stopped the server under it,
    // and its stop() then hung until runService's bound (20 s) ended the process.
    stopOnTerminationSignals: false,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: !config.production,
    // No "Did you mean …?" in production: it would describe the schema to whoever probes it.
    hideSchemaDetailsFromClientErrors: config.production,
    // The query limits are checked before Apollo Server sees a request (screenedHandler below).
    parseOptions: { maxTokens: config.limits.maxTokens },
    formatError,
    ...(responseCache ? { stringifyResult: responseCache.stringifyResult } : {}),
    // Apollo's persisted-query protocol: the manifest's hashes always answer (the dashboard sends only those).
    persistedQueries: { cache: persistedQueries },
    plugins: [
      ...pieces.plugins,
      requestTelemetryPlugin<GatewayContext>(),
      errorPolicyPlugin({ production: config.production, log }),
      writeAuthorizationPlugin<GatewayContext>(),
      operationResolutionPlugin<GatewayContext>(),
      ...(responseCache ? [responseCache.plugin()] : []),
      // OParl's own operations run for its anonymous readers like the manifest's.
      trustedDocumentsPlugin({ mode: config.trustedDocuments.mode, documents: withOparlOperations(trustedDocuments), log }),
      ...(rateLimiter
        ? [
            rateLimitPlugin({
              rateLimiter,
              kommuner: () => kommuner.router.kommuner,
              kommunRootFields,
            }),
          ]
        : []),
      config.introspection
        ? sandboxLandingPage({ embed: true, document: initialDocument })
        : ApolloServerPluginLandingPageProductionDefault({ footer: false }),
    ],
  });
  await apollo.start();
  const readiness = startBackgroundProbe(
    createReadinessCheck(kommuner.readiness, {
      url: config.samverkanUrl,
      probe: chains.samverkanProbe,
      headers: async () => ({ authorization: await kommuner.internalAuthorization(SAMVERKAN_AUDIENCE, null) }),
    }),
    config.readinessProbeSeconds * 1000,
  );
  const http = await startHttpServer({
    ...kommuner.http,
    // Every request priced and checked against the limits before Apollo Server parses, validates or plans it.
    apollo: screenedHandler(apollo, {
      schema: buildASTSchema(parse(supergraphSdl), { assumeValidSDL: true }),
      limits: config.limits,
      kommunerCalled: kommunerCalledByRouter(kommunRootFields.query, () => kommuner.router.kommuner),
      // Apollo Server keeps persisted queries under this prefix.
      documentOf: (hash) => persistedQueries.get(`apq:${hash}`),
      admit: untrustedDocumentRefusal({
        ...config.trustedDocuments,
        documents: trustedDocuments,
        introspection: config.introspection,
      }),
    }),
    // Every request is charged its first point here, before the screen above, whether it parses or not; the plugin charges the rest.
    ...(rateLimiter ? { admit: rateLimitAdmission(rateLimiter) } : {}),
    routes: {
      '/ready': readinessRoute(readiness, config.telemetry),
      // The kommuner's state for everyone, from the same probe: the dashboard polls it.
      '/kommuner': kommunerRoute(readiness, () => kommuner.router.kommuner),
    },
    encodedBody: responseCache?.encodedBody,
    httpRoutes: [
      ...handlingRoutes({
        router: kommuner.router,
        links,
        kommunHeaders: (kommunkod, context) => kommuner.kommunHeaders(kommunkod, context),
        maxBytes: config.handlingar.maxBytes,
      }),
      // Charged at the front like /ready (`admit`), and each graph operation by the rate-limit plugin.
      ...oparlRoutes({
        graph: new OparlGraph(
          apollo,
          config.answerCache.enabled ? Math.min(FEED_MAX_AGE_SECONDS, config.answerCache.maxAgeCapSeconds ?? Infinity) : 0,
        ),
        kommuner: () => kommuner.router.kommuner,
        publicUrl: config.handlingar.publicUrl,
        license: config.oparl.license,
      }),
    ],
    // The dashboard always; the explorer only where introspection is on.
    staticSites: [
      dashboardSite,
      ...(config.introspection
        ? [{ urlPrefix: explorerPrefix, dir: explorerDist, notBuiltHint: 'run `npm run build:explorer`' }]
        : []),
    ],
  });
  return kommuner.service(http, async () => {
    readiness.stop();
    await apollo.stop();
    await pieces.close();
    rateLimiter?.close();
  });
}
