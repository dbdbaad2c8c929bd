import fs from 'node:fs';
import path from 'node:path';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import { startHttpServer } from '../../common/src/http/startHttpServer';
import { readSubgraphSdl } from '../../common/src/supergraph';
import type { GatewayConfig } from './config';
import { KommunRouter } from './kommunRouter/KommunRouter';
import { KommunRouterDataSource } from './kommunRouter/KommunRouterDataSource';
import { loadKommunSchemaInfo } from './kommunRouter/kommunSchema';
import { errorPolicyPlugin, formatError, gatewayContext, type GatewayContext } from './errorPolicy';
import { queryLimitRules } from './limits/queryLimits';
import { createReadinessCheck } from './readiness';
import { createGatewayTuning } from './tuning';
import { watchRegistry } from '../../common/src/watchRegistry';

/** The operation Sandbox opens with: the contract's overview of every kommun. */
const initialDocument = fs.readFileSync(path.resolve(__dirname, '../../contract/oversikt.graphql'), 'utf8');

export interface GatewayServer {
  url: string;
  port: number;
  router: KommunRouter;
  /** Reads the registry file again (SIGHUP); a no-op when the registry came inline. */
  reloadRegistry(): void;
  stop(): Promise<void>;
}

export async function startGatewayServer(
  config: GatewayConfig,
  log: (message: string) => void = console.log,
): Promise<GatewayServer> {
  const router = new KommunRouter(config.registry, loadKommunSchemaInfo());
  const watcher = config.registrySource.inline
    ? null
    : watchRegistry(config.registrySource.file, (registry) => router.setRegistry(registry), log);
  const tuning = createGatewayTuning(config.tuning);
  const gateway = new ApolloGateway({
    ...tuning.gatewayOptions,
    // A static supergraph, never introspection: the gateway starts even when a kommun is down.
    supergraphSdl: fs.readFileSync(config.supergraphFile, 'utf8'),
    buildService: ({ name }) =>
      name === 'kommun'
        ? new KommunRouterDataSource(router, (options) => {
            const { context } = options;
            const { requestId } = context as Partial<GatewayContext>;
            return { ...tuning.kommunHeaders(options), ...(requestId ? { 'x-request-id': requestId } : {}) };
          })
        : new RemoteGraphQLDataSource<GatewayContext>({
            url: config.samverkanUrl,
            ...tuning.remoteDataSourceOptions,
            willSendRequest: ({ request, context }) => {
              if (context.requestId) request.http?.headers.set('x-request-id', context.requestId);
            },
          }),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.introspection,
    includeStacktraceInErrorResponses: !config.production,
    // No "Did you mean …?" in production: it would describe the schema to whoever probes it.
    hideSchemaDetailsFromClientErrors: config.production,
    // Every limit is checked here, before the query planner calls any subgraph.
    validationRules: queryLimitRules(config.limits),
    parseOptions: { maxTokens: config.limits.maxTokens },
    formatError,
    plugins: [
      ...tuning.plugins,
      errorPolicyPlugin({ production: config.production, log }),
      config.introspection
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, document: initialDocument })
        : ApolloServerPluginLandingPageProductionDefault({ footer: false }),
    ],
  });
  await apollo.start();
  const readiness = createReadinessCheck(router, config.samverkanUrl, readSubgraphSdl('kommun'));
  const http = await startHttpServer({
    apollo,
    port: config.port,
    context: async (req) => gatewayContext(req),
    maxBodyBytes: config.limits.maxBodyBytes,
    allowedOrigins: config.corsOrigins,
    routes: { '/ready': async () => ({ status: 200, body: await readiness() }) },
  });
  return {
    url: http.url,
    port: http.port,
    router,
    reloadRegistry: () => watcher?.reload(),
    async stop() {
      watcher?.stop();
      await http.close();
      await apollo.stop();
      await router.close();
      await tuning.close();
    },
  };
}
