import type http from 'node:http';
import { ensureLocalKeys } from '#platform/auth/localKeys';
import type { Caller } from '#platform/auth/caller';
import { InternalTokenSigner, kommunAudience } from '#platform/auth/internalToken';
import { readJwk } from '#platform/auth/keys';
import { HttpError } from '#platform/http/httpUtils';
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeyOf } from '#platform/http/idempotencyKey';
import type { HttpServerOptions, RunningHttpServer } from '#platform/http/startHttpServer';
import { readSubgraphSdl } from '#platform/supergraph';
import { watchRegistry } from '#platform/watchRegistry';
import { ErrorCode } from '#platform/errors';
import type { Logger } from '#platform/telemetry/logger';
import { UserTokenVerifier } from '../auth/userTokens';
import type { GatewayConfig } from '../config';
import { requestIdOf, type GatewayContext } from '../errorPolicy';
import { ADMISSION_POINTS } from '../rateLimits/rateLimitAdmission';
import { KommunRouter, createKommunReadiness, type KommunAnswerStore, type KommunerReadiness } from '../kommunRouter';
import type { SubgraphChains } from '../subgraphChains';

/** A running service with the kommun router in it: the gateway, or the router on its own. */
export interface RouterService {
  url: string;
  port: number;
  router: KommunRouter;
  /** Reads the registry file again (SIGHUP); a no-op when the registry came inline. */
  reloadRegistry(): void;
  stop(): Promise<void>;
}

/** The HTTP front's settings both services share: port, user tokens, request ids, body limit, CORS. */
export type RouterHttpOptions = Omit<HttpServerOptions<GatewayContext, Caller | null>, 'apollo' | 'routes'>;

/** The kommun router with what it runs with, in the gateway or on its own. */
export interface KommunRouterSetup {
  router: KommunRouter;
  /** Where the answer cache keeps answers and each kommun's generation; absent when the cache is off. */
  answerStore?: KommunAnswerStore;
  http: RouterHttpOptions;
  /** An internal token for one subgraph (`kommun:<kod>`, `samverkan`) that vouches for the caller. */
  internalAuthorization(audience: string, caller: Caller | null): Promise<string>;
  /**
   * Headers of a request's call to one kommun: its request id, the client's Idempotency-Key for
   * the kommun that writes, and an internal token for that kommun.
   */
  kommunHeaders(kommunkod: string, context: Partial<GatewayContext>): Promise<Record<string, string>>;
  /** Every kommun's reachability and schema, for /ready. */
  readiness(): Promise<KommunerReadiness>;
  /**
   * The service once its HTTP front runs. Stopping it closes the front, then what `stopOwn`
   * stops (the gateway's Apollo Server), then the router and its registry watcher.
   */
  service(http: RunningHttpServer, stopOwn?: () => Promise<void>): RouterService;
}

/**
 * Assembles the kommun router for both of its homes, the gateway (gateway/src/server.ts) and
 * the standalone service (./server.ts): keys, the internal-token signer, user-token
 * verification, the router, the registry watcher and readiness. Behind another gateway the
 * router is where trust is established, so it verifies user tokens there as the gateway does.
 * `kommun` is the chain of calls to the kommuner and the schema it plans by, as the host's
 * composition root assembled them (../subgraphChains.ts).
 */
export async function setupKommunRouter(
  config: GatewayConfig,
  log: Logger,
  kommun: SubgraphChains['kommun'],
): Promise<KommunRouterSetup> {
  if (config.auth.devKeysDir) await ensureLocalKeys(config.auth.devKeysDir);
  const users = new UserTokenVerifier(config.auth.user);
  const signer = await InternalTokenSigner.fromJwk(readJwk(config.auth.internalSigningKeyFile));
  const router = new KommunRouter(config.registry, kommun.schema, kommun.calls);
  const watcher = config.registrySource.inline
    ? null
    : watchRegistry(config.registrySource.file, (registry) => router.setRegistry(registry), log);
  /** Subgraphs trust only the gateway: each call carries a token for that subgraph alone. */
  const internalAuthorization = async (audience: string, caller: Caller | null) =>
    `Bearer ${await signer.sign(audience, caller)}`;
  const readiness = createKommunReadiness(router, readSubgraphSdl('kommun'), async (audience) => ({
    authorization: await internalAuthorization(audience, null),
  }));
  /** Who calls: the user of a verified bearer token, or null (anonymous); refuses with HTTP 401. */
  const authenticate = async (req: http.IncomingMessage): Promise<Caller | null> => {
    try {
      const caller = await users.callerOf(req.headers.authorization);
      if (!caller && config.auth.requireAuth)
        throw new HttpError(401, 'This graph needs a bearer token', ErrorCode.UNAUTHENTICATED);
      return caller;
    } catch (error) {
      if (error instanceof HttpError) throw error;
      throw new HttpError(401, (error as Error).message, ErrorCode.UNAUTHENTICATED);
    }
  };
  return {
    router,
    answerStore: kommun.answerStore,
    http: {
      port: config.port,
      authenticate,
      context: async (req, caller) => ({
        requestId: requestIdOf(req),
        caller,
        idempotencyKey: idempotencyKeyOf(req),
        clientAddress: req.socket.remoteAddress,
        // Every request to the GraphQL endpoint has paid its admission point (rateLimitAdmission).
        chargedAtFront: ADMISSION_POINTS,
      }),
      maxBodyBytes: config.limits.maxBodyBytes,
      allowedOrigins: config.corsOrigins,
      metrics: config.telemetry,
      logger: log,
    },
    internalAuthorization,
    async kommunHeaders(kommunkod, { requestId, caller, idempotencyKey }) {
      return {
        ...(requestId ? { 'x-request-id': requestId } : {}),
        ...(idempotencyKey ? { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey } : {}),
        authorization: await internalAuthorization(kommunAudience(kommunkod), caller ?? null),
      };
    },
    readiness,
    service: (http, stopOwn) => ({
      url: http.url,
      port: http.port,
      router,
      reloadRegistry: () => watcher?.reload(),
      async stop() {
        await http.close();
        await stopOwn?.();
        watcher?.stop();
        await router.close();
      },
    }),
  };
}
