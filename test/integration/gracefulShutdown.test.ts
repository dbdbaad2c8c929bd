import http from 'node:http';
import { HeaderMap, type BaseContext } from '@apollo/server';
import { startHttpServer, type GraphQLHttpHandler, type RunningHttpServer } from '#platform/http/startHttpServer';

/**
 * The HTTP front every service shares, closed as SIGTERM closes it: a request in flight gets its
 * answer, a new connection is refused, and a request that never ends is cut after the drain.
 */
function slowHandler() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let entered!: () => void;
  const started = new Promise<void>((resolve) => (entered = resolve));
  const apollo: GraphQLHttpHandler<BaseContext> = {
    async executeHTTPGraphQLRequest() {
      entered();
      await released;
      return {
        status: 200,
        headers: new HeaderMap([['content-type', 'application/json']]),
        body: { kind: 'complete', string: JSON.stringify({ data: { svar: 'klart' } }) },
      };
    },
  };
  return { apollo, started, release };
}

/** A POST over a kept-alive connection, as the gateway's pools send them. */
function post(url: string, agent: http.Agent): Promise<{ status: number; body: string; connection?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.end(JSON.stringify({ query: '{ svar }' }));
  });
}

describe('closing the HTTP front', () => {
  let server: RunningHttpServer | undefined;
  const agent = new http.Agent({ keepAlive: true });
  afterEach(async () => {
    server?.server.closeAllConnections();
    await server?.close();
  });
  afterAll(() => agent.destroy());

  it('answers the request in flight, refuses new connections, then closes', async () => {
    const handler = slowHandler();
    server = await startHttpServer({ apollo: handler.apollo, context: async () => ({}), port: 0, host: '127.0.0.1' });
    const inFlight = post(server.url, agent);
    await handler.started;

    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await expect(fetch(server.url.replace('/graphql', '/health'))).rejects.toThrow();
    expect(closed).toBe(false);

    handler.release();
    const answer = await inFlight;
    expect(answer).toMatchObject({ status: 200, connection: 'close' });
    expect(JSON.parse(answer.body)).toEqual({ data: { svar: 'klart' } });
    await closing;
    expect(closed).toBe(true);
    server = undefined;
  });

  it('cuts a request that does not finish within the drain', async () => {
    const handler = slowHandler();
    server = await startHttpServer({
      apollo: handler.apollo,
      context: async () => ({}),
      port: 0,
      host: '127.0.0.1',
      drainMs: 200,
    });
    const hung = post(server.url, agent);
    await handler.started;
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await server.close();
    await expect(hung).rejects.toThrow(/socket hang up|ECONNRESET/);
    // Said in the log, so that a restart that lost an accepted request shows (the soak counts these).
    expect(logged.mock.calls.map((c) => String(c[0]))).toEqual([
      expect.stringMatching(/1 request\(s\) still in flight after the 200 ms drain/),
    ]);
    logged.mockRestore();
    handler.release();
    server = undefined;
  });
});
