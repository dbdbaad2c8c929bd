import fs from 'node:fs';
import path from 'node:path';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageProductionDefault } from '@apollo/server/plugin/landingPage/default';
import { startHttpServer } from '#platform/http/startHttpServer';
import { readSubgraphSdl } from '#platform/supergraph';
import type { GatewayConfig } from './config';
import { KommunRouter } from './kommunRouter/KommunRouter';
import { KommunRouterDataSource } from './kommunRouter/KommunRouterDataSource';
import { loadKommunSchemaInfo } from './kommunRouter/kommunSchema';
import { SAMVERKAN_AUDIENCE, InternalTokenSigner, kommunAudience } from '#platform/auth/internalToken';
import { ensureDevKeys } from '#dev-tools/devIssuer';
import { readJwk } from '#platform/auth/keys';
import { HttpError } from '#platform/http/httpUtils';
import { UserTokenVerifier } from './auth/userTokens';
import { writeAuthorizationPlugin } from './auth/writeAuthorization';
import { errorPolicyPlugin, formatError, requestIdOf, type GatewayContext } from './errorPolicy';
import { queryLimitRules } from './limits/queryLimits';
import { createReadinessCheck } from './readiness';
import { createGatewayTuning } from './tuning';
import { watchRegistry } from '#platform/watchRegistry';
import { ErrorCode } from '#platform/errors';
import { explorerPrefix, sandboxLandingPage } from './landingPage';

/** The operation Sandbox opens with: the contract's overview of every kommun. */
const initialDocument = fs.readFileSync(path.resolve(__dirname, '../../contract/oversikt.graphql'), 'utf8');
/** The bundled explorer's build (explorer/), served at /graphiql/ wherever introspection is on. */
const explorerDist = path.resolve(__dirname, '../../explorer/dist');

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
  if (config.auth.devKeysDir) await ensureDevKeys(config.auth.devKeysDir);
  const users = new UserTokenVerifier(config.auth.user);
  const signer = await InternalTokenSigner.fromJwk(readJwk(config.auth.internalSigningKeyFile));
  /** Subgraphs trust only the gateway: each call carries a token for that subgraph alone. */
  const internalAuthorization = async (audience: string, caller: GatewayContext['caller']) => ({
    authorization: `Bearer ${await signer.sign(audience, caller)}`,
  });
  const tuning = createGatewayTuning(config.tuning);
  const router = new KommunRouter(config.registry, loadKommunSchemaInfo(), undefined, tuning.kommunClient);
  const watcher = config.registrySource.inline
    ? null
    : watchRegistry(config.registrySource.file, (registry) => router.setRegistry(registry), log);
  const gateway = new ApolloGateway({
    ...tuning.gatewayOptions,
    // A static supergraph, never introspection: the gateway starts even when a kommun is down.
    supergraphSdl: fs.readFileSync(config.supergraphFile, 'utf8'),
    buildService: ({ name }) =>
      name === 'kommun'
        ? new KommunRouterDataSource(router, async (options, kommunkod) => {
            const { requestId, caller } = options.context as Partial<GatewayContext>;
            return {
              ...tuning.kommunHeaders(options),
              ...(requestId ? { 'x-request-id': requestId } : {}),
              ...(await internalAuthorization(kommunAudience(kommunkod), caller ?? null)),
            };
          })
        : new RemoteGraphQLDataSource<GatewayContext>({
            url: config.samverkanUrl,
            ...tuning.remoteDataSourceOptions,
            willSendRequest: async ({ request, context }) => {
              if (context.requestId) request.http?.headers.set('x-request-id', context.requestId);
              const { authorization } = await internalAuthorization(SAMVERKAN_AUDIENCE, context.caller ?? null);
              request.http?.headers.set('authorization', authorization);
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
      writeAuthorizationPlugin<GatewayContext>(),
      config.introspection
        ? sandboxLandingPage({ embed: true, document: initialDocument })
        : ApolloServerPluginLandingPageProductionDefault({ footer: false }),
    ],
  });
  await apollo.start();
  const readiness = createReadinessCheck(router, config.samverkanUrl, readSubgraphSdl('kommun'), (audience) =>
    internalAuthorization(audience, null),
  );
  const http = await startHttpServer({
    apollo,
    port: config.port,
    authenticate: async (req) => {
      try {
        const caller = await users.callerOf(req.headers.authorization);
        if (!caller && config.auth.requireAuth)
          throw new HttpError(401, 'This graph needs a bearer token', ErrorCode.UNAUTHENTICATED);
        return caller;
      } catch (error) {
        if (error instanceof HttpError) throw error;
        throw new HttpError(401, (error as Error).message, ErrorCode.UNAUTHENTICATED);
      }
    },
    context: async (req, caller) => ({ requestId: requestIdOf(req), caller }),
    maxBodyBytes: config.limits.maxBodyBytes,
    allowedOrigins: config.corsOrigins,
    routes: { '/ready': async () => ({ status: 200, body: await readiness() }) },
    staticSites: config.introspection
      ? [{ urlPrefix: explorerPrefix, dir: explorerDist, notBuiltHint: 'run `npm run build:explorer`' }]
      : [],
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
