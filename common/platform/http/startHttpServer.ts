import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLRequest } from '@apollo/server';
import { HttpError, parseJsonBody, readBody, sendFailure, sendJson, setCorsHeaders } from './httpUtils';
import { ErrorCode } from '../errors';
import { serveStaticSite, type StaticSite } from './staticFiles';
import { getNeedsNoPreflight, statusForClient } from './graphqlOverHttp';
import { serveMetrics, type MetricsAccess } from '../telemetry/metrics';
import { createLogger, type Logger } from '../telemetry/logger';

/**
 * What answers GraphQL over HTTP: Apollo Server, or anything that takes a request the same way
 * (the standalone kommun router, which forwards operations without executing them).
 */
export type GraphQLHttpHandler<TContext extends BaseContext> = Pick<ApolloServer<TContext>, 'executeHTTPGraphQLRequest'>;

/** A route that answers with its own bytes rather than GraphQL (a document's file, say). */
export interface HttpRoute<TAuth> {
  method: 'GET' | 'PUT';
  /** Matched against the path; its groups are passed to `handle`. */
  path: RegExp;
  /** Whether `authenticate` decides who calls first; a route whose request carries its own proof (a signed link) says false. */
  authenticated: boolean;
  handle(req: http.IncomingMessage, res: http.ServerResponse, params: string[], auth: TAuth | undefined): Promise<void>;
}

export interface HttpServerOptions<TContext extends BaseContext, TAuth = undefined> {
  apollo: GraphQLHttpHandler<TContext>;
  /**
   * Decides who is calling before GraphQL sees the request; throws an HttpError (401) to refuse
   * it. `/health` is never authenticated.
   */
  authenticate?: (req: http.IncomingMessage) => Promise<TAuth>;
  /** Builds the per-request context (loaders, caller). */
  context: (req: http.IncomingMessage, auth: TAuth) => Promise<TContext>;
  /**
   * Called once the answer to a request whose context was built is complete, whether it
   * succeeded or failed: where a context gives back what it holds (a database connection).
   */
  requestEnded?: (context: TContext) => Promise<void>;
  port: number;
  host?: string;
  /** Paths that serve GraphQL. Everything else but /health is a 404. */
  graphqlPaths?: string[];
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
  /** Origins allowed to call from a browser; absent: any origin (development). */
  allowedOrigins?: string[];
  /** Extra GET routes, e.g. /ready; each returns a status and a JSON body (it may read the request's headers). */
  routes?: Record<string, (req: http.IncomingMessage) => Promise<{ status: number; body: unknown }>>;
  /**
   * Called for every GraphQL request, own route and extra route once it is known who calls
   * (after `authenticate`, also when it refused: then without `auth`); throws an HttpError to
   * refuse the request (the gateway's rate limit).
   */
  admit?: (req: http.IncomingMessage, res: http.ServerResponse, auth: TAuth | undefined) => Promise<void>;
  /** Routes of their own, before GraphQL (HEAD is answered as GET). */
  httpRoutes?: HttpRoute<TAuth>[];
  /** Built single-page apps served under their prefixes, without credentials (e.g. /graphiql). */
  staticSites?: StaticSite[];
  /** How long `close()` lets requests in flight finish before it cuts their connections. */
  drainMs?: number;
  /** Serve the process's metrics at GET /metrics, to whom this allows (METRICS_TOKEN; closed in production without it). */
  metrics?: MetricsAccess;
  /** Where the front says what it had to do (cut connections after the drain): its service's logger. */
  logger?: Logger;
  /** The bytes of an answer's text when they are at hand already (the gateway's kept answers). */
  encodedBody?: (body: string) => Buffer | undefined;
}

export interface RunningHttpServer {
  server: http.Server;
  port: number;
  url: string;
  /**
   * Stops taking connections at once, lets the requests in flight finish (at most `drainMs`,
   * then their connections are cut) and resolves when the last connection has closed.
   */
  close(): Promise<void>;
}

/** Long enough for a request that waits on a kommun's timeout (5 s by default) to get its answer. */
const DEFAULT_DRAIN_MS = 10_000;

/**
 * A small HTTP front for Apollo Server, shared by the gateway, the standalone kommun router and
 * every subgraph: GraphQL on the given paths, an open `/health`, `/metrics`, built web apps under their
 * prefixes, CORS for Sandbox, and a bounded JSON body. Written here
 * instead of startStandaloneServer so that every service has the same extra routes and limits.
 */
export async function startHttpServer<TContext extends BaseContext, TAuth = undefined>(
  options: HttpServerOptions<TContext, TAuth>,
): Promise<RunningHttpServer> {
  const graphqlPaths = new Set(options.graphqlPaths ?? ['/', '/graphql']);
  const logger = options.logger ?? createLogger({ service: 'http', production: false, logLevel: 'info' });
  const maxBodyBytes = options.maxBodyBytes ?? 1_000_000;
  const routes = options.routes ?? {};
  const staticSites = options.staticSites ?? [];
  /** Who calls (when `authenticated`), once `admit` has let the request in. */
  const admitted = async (req: http.IncomingMessage, res: http.ServerResponse, authenticated: boolean) => {
    let auth: TAuth | undefined;
    try {
      if (authenticated && options.authenticate) auth = await options.authenticate(req);
    } catch (error) {
      await options.admit?.(req, res, undefined);
      throw error;
    }
    await options.admit?.(req, res, auth);
    return auth;
  };

  // The answers still to be sent; while closing, each one closes its connection after it.
  const inFlight = new Set<http.ServerResponse>();
  let closing = false;
  const server = http.createServer((req, res) => {
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    // A request that comes on a kept-alive connection after close() began is still answered.
    if (closing) res.shouldKeepAlive = false;
    handle(req, res).catch((error: unknown) => {
      logFailure(logger, req, res, error);
      sendFailure(res, error);
    });
  });
  server.keepAliveTimeout = 65_000;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    setCorsHeaders(req, res, options.allowedOrigins);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/health' && req.method === 'GET') {
      sendJson(res, 200, { status: 'ok' });
      return;
    }
    if (url.pathname === '/metrics' && req.method === 'GET' && options.metrics) {
      await serveMetrics(req, res, options.metrics);
      return;
    }
    const route = routes[url.pathname];
    if (route && req.method === 'GET') {
      await admitted(req, res, false);
      const { status, body } = await route(req);
      sendJson(res, status, body);
      return;
    }
    if (serveStaticSite(staticSites, req, res)) return;
    const own = (options.httpRoutes ?? []).filter((r) => r.path.test(url.pathname));
    if (own.length > 0) {
      const method = req.method === 'HEAD' ? 'GET' : req.method;
      const route = own.find((r) => r.method === method);
      if (!route)
        throw new HttpError(405, `${url.pathname} answers ${own.map((r) => r.method).join(' and ')}, not ${req.method}`);
      const auth = await admitted(req, res, route.authenticated);
      await route.handle(req, res, route.path.exec(url.pathname)!.slice(1), auth);
      return;
    }
    if (!graphqlPaths.has(url.pathname)) {
      sendJson(res, 404, { error: `Nothing at ${url.pathname}; GraphQL is served at ${[...graphqlPaths].join(' and ')}` });
      return;
    }
    // A GET of the landing page needs no credentials; every operation does, when required.
    const landingPage = req.method === 'GET' && !url.search && /text\/html/.test(req.headers.accept ?? '');
    const auth = (await admitted(req, res, !landingPage)) as TAuth;
    const body = await readBody(req, maxBodyBytes);
    // PostgreSQL cannot store NUL in text; refusing it here gives a clear 400 instead of a
    // database error deep inside a resolver.
    if (body.includes('\\u0000') || body.includes('\u0000') || /%00/.test(url.search)) {
      throw new HttpError(
        400,
        'Text may not contain the NUL character (\\u0000); remove it and send the request again',
        ErrorCode.BAD_USER_INPUT,
      );
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    // Apollo Server's CSRF prevention lets a request through on this header's presence alone.
    if (getNeedsNoPreflight(req.method, req.headers.accept)) headers.set('apollo-require-preflight', 'accept');
    const request: HTTPGraphQLRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      headers,
      search: url.search,
      body: parseJsonBody(body, headers.get('content-type')),
    };
    let context: Promise<TContext> | undefined;
    // Before the answer goes out when it is complete, so that what the request held is given
    // back by the time the client has the answer; after the last chunk when it is streamed.
    let ended = false;
    const endRequest = async () => {
      if (ended || !context || !options.requestEnded) return;
      ended = true;
      const built = await context.catch(() => undefined);
      if (built) await options.requestEnded(built);
    };
    try {
      const response = await options.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: request,
        context: () => (context = options.context(req, auth)),
      });
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = statusForClient(req.headers.accept, response);
      if (response.body.kind === 'complete') {
        await endRequest();
        res.end(options.encodedBody?.(response.body.string) ?? response.body.string);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } finally {
      await endRequest();
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://localhost:${port}/graphql`,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        for (const res of inFlight) if (!res.headersSent) res.shouldKeepAlive = false;
        const drainMs = options.drainMs ?? DEFAULT_DRAIN_MS;
        const cut = setTimeout(() => {
          // Said, so that a restart that lost accepted requests shows in the log (the soak counts these).
          logger.warn(
            `http: ${inFlight.size} request(s) still in flight after the ${drainMs} ms drain; their connections are cut`,
          );
          server.closeAllConnections();
        }, drainMs);
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

/**
 * A request that failed on the service's side (5xx: its own fault, or a kommun's it could not
 * get past) is logged with the request it answered, so that whoever looks into it finds it; the
 * caller's own mistakes (4xx) are only answered. The logger redacts a document link's token.
 */
function logFailure(logger: Logger, req: http.IncomingMessage, res: http.ServerResponse, error: unknown): void {
  const status = error instanceof HttpError ? error.status : 500;
  if (status < 500) return;
  const requestId = res.getHeader('x-request-id');
  logger.error(
    {
      method: req.method,
      url: req.url,
      status,
      ...(requestId ? { requestId } : {}),
      ...(error instanceof HttpError ? { code: error.code } : { err: error }),
    },
    error instanceof HttpError ? error.message : 'request failed',
  );
}
