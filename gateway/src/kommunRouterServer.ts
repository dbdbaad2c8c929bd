import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse, type DocumentNode } from 'graphql';
import { HttpError, readBody, sendFailure, sendJson } from '#platform/http/httpUtils';
import { readSubgraphSdl } from '#platform/supergraph';
import type { GatewayConfig } from './config';
import { KommunRouter } from './kommunRouter/KommunRouter';
import { loadKommunSchemaInfo } from './kommunRouter/kommunSchema';
import { RoutingError } from './kommunRouter/routeOperation';
import type { Caller } from '#platform/auth/caller';
import { ensureDevKeys } from '#dev-tools/devIssuer';
import { InternalTokenSigner, kommunAudience } from '#platform/auth/internalToken';
import { readJwk } from '#platform/auth/keys';
import { UserTokenVerifier } from './auth/userTokens';
import { createReadinessCheck } from './readiness';
import { watchRegistry } from '#platform/watchRegistry';
import { ErrorCode } from '#platform/errors';

export interface KommunRouterServer {
  url: string;
  port: number;
  router: KommunRouter;
  reloadRegistry(): void;
  stop(): Promise<void>;
}

const MAX_BODY_BYTES = 5_000_000;

/**
 * The kommun router as its own HTTP service speaking the subgraph protocol, so that any
 * Federation 2 gateway (Hive Gateway, Apollo Router) can use it as the URL of the subgraph
 * `kommun`. It forwards without validating: each kommun validates against its own schema.
 */
export async function startKommunRouterServer(
  config: GatewayConfig,
  log: (message: string) => void = console.log,
): Promise<KommunRouterServer> {
  if (config.auth.devKeysDir) await ensureDevKeys(config.auth.devKeysDir);
  // Behind another gateway the router is where trust is established: it verifies the user token
  // the peer forwards (if any) and vouches for the user to each kommun, as our gateway does.
  const users = new UserTokenVerifier(config.auth.user);
  const signer = await InternalTokenSigner.fromJwk(readJwk(config.auth.internalSigningKeyFile));
  const router = new KommunRouter(config.registry, loadKommunSchemaInfo());
  const watcher = config.registrySource.inline
    ? null
    : watchRegistry(config.registrySource.file, (registry) => router.setRegistry(registry), log);
  const readiness = createReadinessCheck(router, config.samverkanUrl, readSubgraphSdl('kommun'), async (audience) => ({
    authorization: `Bearer ${await signer.sign(audience, null)}`,
  }));
  const documents = new Map<string, DocumentNode>();

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => sendFailure(res, error));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && path === '/health') return sendJson(res, 200, { status: 'ok' });
    if (req.method === 'GET' && path === '/ready') {
      const { kommuner } = await readiness();
      return sendJson(res, 200, { kommuner });
    }
    if (path !== '/graphql' && path !== '/') return sendJson(res, 404, { error: `Nothing at ${path}` });
    if (req.method !== 'POST') throw new HttpError(405, 'Send GraphQL requests as POST with a JSON body');
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      throw new HttpError(415, 'Send GraphQL requests with content-type application/json');
    }
    let body: { query?: unknown; variables?: unknown; operationName?: unknown };
    try {
      body = JSON.parse(await readBody(req, MAX_BODY_BYTES));
    } catch (error) {
      if (error instanceof HttpError) throw error;
      throw new HttpError(400, 'The request body is not valid JSON');
    }
    if (typeof body?.query !== 'string') throw new HttpError(400, 'The request has no query');
    let caller: Caller | null;
    try {
      caller = await users.callerOf(req.headers.authorization);
    } catch (error) {
      throw new HttpError(401, (error as Error).message, ErrorCode.UNAUTHENTICATED);
    }
    let document = documents.get(body.query);
    if (!document) {
      try {
        document = parse(body.query);
      } catch (error) {
        return sendJson(res, 400, {
          errors: [{ message: (error as Error).message, extensions: { code: ErrorCode.GRAPHQL_PARSE_FAILED } }],
        });
      }
      if (documents.size > 1000) documents.clear();
      documents.set(body.query, document);
    }
    try {
      const result = await router.execute({
        document,
        query: body.query,
        operationName: typeof body.operationName === 'string' ? body.operationName : null,
        variables: (body.variables as Record<string, unknown>) ?? {},
        headers: async (kommunkod) => ({ authorization: `Bearer ${await signer.sign(kommunAudience(kommunkod), caller)}` }),
      });
      sendJson(res, 200, result);
    } catch (error) {
      if (!(error instanceof RoutingError)) throw error;
      sendJson(res, 400, { errors: [{ message: error.message, extensions: { code: ErrorCode.BAD_REQUEST } }] });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, '0.0.0.0', () => resolve());
  });
  server.keepAliveTimeout = 65_000;
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}/graphql`,
    port,
    router,
    reloadRegistry: () => watcher?.reload(),
    async stop() {
      watcher?.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await router.close();
    },
  };
}
