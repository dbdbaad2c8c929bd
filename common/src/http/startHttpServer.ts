import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLRequest } from '@apollo/server';

export interface HttpServerOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  /** Builds the per-request context (loaders, caller). */
  context: (req: http.IncomingMessage) => Promise<TContext>;
  port: number;
  host?: string;
  /** Paths that serve GraphQL. Everything else but /health is a 404. */
  graphqlPaths?: string[];
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
  /** Extra GET routes, e.g. /ready; each returns a status and a JSON body. */
  routes?: Record<string, () => Promise<{ status: number; body: unknown }>>;
}

export interface RunningHttpServer {
  server: http.Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A small HTTP front for Apollo Server, shared by the gateway and every subgraph: GraphQL on
 * the given paths, an open `/health`, CORS for Sandbox, and a bounded JSON body. Written here
 * instead of startStandaloneServer so that every service has the same extra routes and limits.
 */
export async function startHttpServer<TContext extends BaseContext>(
  options: HttpServerOptions<TContext>,
): Promise<RunningHttpServer> {
  const graphqlPaths = new Set(options.graphqlPaths ?? ['/', '/graphql']);
  const maxBodyBytes = options.maxBodyBytes ?? 1_000_000;
  const routes = options.routes ?? {};

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof HttpError ? error.message : 'Internal server error';
      if (!res.headersSent) {
        res.writeHead(status, { 'content-type': 'application/json' });
      }
      res.end(JSON.stringify({ errors: [{ message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }] }));
    });
  });
  server.keepAliveTimeout = 65_000;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    setCorsHeaders(req, res);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/health' && req.method === 'GET') {
      sendJson(res, 200, { status: 'ok' });
      return;
    }
    const route = routes[url.pathname];
    if (route && req.method === 'GET') {
      const { status, body } = await route();
      sendJson(res, status, body);
      return;
    }
    if (!graphqlPaths.has(url.pathname)) {
      sendJson(res, 404, { error: `Nothing at ${url.pathname}; GraphQL is served at ${[...graphqlPaths].join(' and ')}` });
      return;
    }
    const body = await readBody(req, maxBodyBytes);
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const request: HTTPGraphQLRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      headers,
      search: url.search,
      body: parseBody(body, headers.get('content-type')),
    };
    const response = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: request,
      context: () => options.context(req),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
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
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

function setCorsHeaders(req: http.IncomingMessage, res: http.ServerResponse): void {
  const origin = req.headers.origin;
  if (!origin) return;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'origin');
  res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
  res.setHeader(
    'access-control-allow-headers',
    req.headers['access-control-request-headers'] ?? 'content-type, authorization, apollo-require-preflight',
  );
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new HttpError(413, `Request body is larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, `Request body is larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(body: string, contentType: string | undefined): unknown {
  if (body === '') return undefined;
  if (contentType && /^application\/(graphql-response\+)?json\b/i.test(contentType)) {
    try {
      return JSON.parse(body);
    } catch {
      throw new HttpError(400, 'The request body is not valid JSON');
    }
  }
  // Apollo Server answers a body it cannot read with a 400 that names the content type.
  return body;
}
