import type http from 'node:http';
import { ensureDevKeys } from '#dev-tools/devIssuer';
import type { Caller } from '#platform/auth/caller';
import { InternalTokenSigner, kommunAudience } from '#platform/auth/internalToken';
import { readJwk } from '#platform/auth/keys';
import { HttpError } from '#platform/http/httpUtils';
import { readSubgraphSdl } from '#platform/supergraph';
import { watchRegistry } from '#platform/watchRegistry';
import { UserTokenVerifier } from '../auth/userTokens';
import type { GatewayConfig } from '../config';
import type { GatewayContext } from '../errorPolicy';
import { KommunRouter } from './KommunRouter';
import { loadKommunSchemaInfo } from './kommunSchema';
import { createKommunReadiness, type KommunerReadiness } from './readiness';
import type { SendToKommun } from './types';

/** The kommun router with what it runs with, in the gateway or on its own. */
export interface KommunRouterSetup {
  router: KommunRouter;
  /** Who calls: the user of a verified bearer token, or null (anonymous); refuses with HTTP 401. */
  authenticate(req: http.IncomingMessage): Promise<Caller | null>;
  /** An internal token for one subgraph (`kommun:<kod>`, `samverkan`) that vouches for the caller. */
  internalAuthorization(audience: string, caller: Caller | null): Promise<string>;
  /** Headers of a request's call to one kommun: its request id and an internal token for that kommun. */
  kommunHeaders(kommunkod: string, context: Partial<GatewayContext>): Promise<Record<string, string>>;
  /** Every kommun's reachability and schema, for /ready. */
  readiness(): Promise<KommunerReadiness>;
  /** Reads the registry file again (SIGHUP); a no-op when the registry came inline. */
  reloadRegistry(): void;
  close(): Promise<void>;
}

/**
 * Assembles the kommun router for both of its homes, the gateway (gateway/src/server.ts) and
 * the standalone service (./server.ts): keys, the internal-token signer, user-token
 * verification, the router, the registry watcher and readiness. Behind another gateway the
 * router is where trust is established, so it verifies user tokens there as the gateway does.
 * `send` replaces HTTP to the kommuner (the bench's stock baseline).
 */
export async function setupKommunRouter(
  config: GatewayConfig,
  log: (message: string) => void,
  send?: SendToKommun,
): Promise<KommunRouterSetup> {
  if (config.auth.devKeysDir) await ensureDevKeys(config.auth.devKeysDir);
  const users = new UserTokenVerifier(config.auth.user);
  const signer = await InternalTokenSigner.fromJwk(readJwk(config.auth.internalSigningKeyFile));
  const router = new KommunRouter(config.registry, loadKommunSchemaInfo(), send);
  const watcher = config.registrySource.inline
    ? null
    : watchRegistry(config.registrySource.file, (registry) => router.setRegistry(registry), log);
  /** Subgraphs trust only the gateway: each call carries a token for that subgraph alone. */
  const internalAuthorization = async (audience: string, caller: Caller | null) =>
    `Bearer ${await signer.sign(audience, caller)}`;
  const readiness = createKommunReadiness(router, readSubgraphSdl('kommun'), async (audience) => ({
    authorization: await internalAuthorization(audience, null),
  }));
  return {
    router,
    async authenticate(req) {
      try {
        const caller = await users.callerOf(req.headers.authorization);
        if (!caller && config.auth.requireAuth) throw new HttpError(401, 'This graph needs a bearer token', 'UNAUTHENTICATED');
        return caller;
      } catch (error) {
        if (error instanceof HttpError) throw error;
        throw new HttpError(401, (error as Error).message, 'UNAUTHENTICATED');
      }
    },
    internalAuthorization,
    async kommunHeaders(kommunkod, { requestId, caller }) {
      return {
        ...(requestId ? { 'x-request-id': requestId } : {}),
        authorization: await internalAuthorization(kommunAudience(kommunkod), caller ?? null),
      };
    },
    readiness,
    reloadRegistry: () => watcher?.reload(),
    async close() {
      watcher?.stop();
      await router.close();
    },
  };
}
