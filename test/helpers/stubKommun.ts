import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KommunEntry } from '#platform/registry';

/** A request a stub received, as the gateway or the kommun router sent it. */
export interface StubRequest {
  /** The path asked for: `/graphql`, or `/kommun`, `/samverkan` where one stub plays several subgraphs. */
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The operation and variables of a JSON body ('' and {} when the body is not one). */
  query: string;
  variables: Record<string, any>;
  /** When it arrived, and when the stub answered it (milliseconds since the epoch; unset until then). */
  arrived: number;
  answered?: number;
}

/**
 * What the stub answers, as JSON (`json`, or `text` sent as it is) with `status` (200 by
 * default); `undefined` when the handler has taken the response itself, or never answers.
 */
export type StubAnswer = { status?: number; json?: unknown; text?: string } | undefined;

export type StubHandler = (request: StubRequest, response: http.ServerResponse) => StubAnswer | Promise<StubAnswer>;

export interface StubKommun {
  /** `http://127.0.0.1:<port>/graphql` */
  url: string;
  /** `http://127.0.0.1:<port>`, for a stub that answers several paths. */
  origin: string;
  /** Every request received, in order of arrival; tests may empty it. */
  requests: StubRequest[];
  /** A registry entry for a kommun this stub plays (Västernorrland unless `extra` says otherwise). */
  entry(kommunkod: string, namn: string, extra?: Partial<KommunEntry>): KommunEntry;
  /** Stops listening and cuts every open connection: the kommun refuses connections. */
  close(): Promise<void>;
  /** Listens again on the same port, as a restarted kommun does. */
  reopen(): Promise<void>;
}

const noKommuner: StubHandler = () => ({ json: { data: { kommuner: [] } } });

/**
 * A stand-in subgraph on 127.0.0.1 over real HTTP, for tests of the gateway and the kommun
 * router that need a kommun (or samverkan) to answer, count, record or misbehave on demand
 * without a database. `handler` decides each answer; every request is recorded.
 */
export async function startStubKommun(handler: StubHandler = noKommuner): Promise<StubKommun> {
  const requests: StubRequest[] = [];
  const server = http.createServer(async (req, res) => {
    const arrived = Date.now();
    let body = '';
    for await (const chunk of req) body += chunk;
    let operation: { query?: unknown; variables?: unknown } = {};
    try {
      operation = JSON.parse(body) ?? {};
    } catch {
      // Not JSON: recorded as it came, with no operation.
    }
    const request: StubRequest = {
      path: req.url ?? '/',
      headers: req.headers,
      body,
      query: typeof operation.query === 'string' ? operation.query : '',
      variables: (operation.variables as Record<string, any> | undefined) ?? {},
      arrived,
    };
    requests.push(request);
    const answer = await handler(request, res);
    if (!answer) return;
    request.answered = Date.now();
    res
      .writeHead(answer.status ?? 200, { 'content-type': 'application/json' })
      .end(answer.text ?? JSON.stringify(answer.json ?? null));
  });
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  await listen(0);
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/graphql`,
    origin,
    requests,
    entry: (kommunkod, namn, extra = {}) => ({
      kommunkod,
      namn,
      lan: 'Västernorrlands län',
      url: `${origin}/graphql`,
      ...extra,
    }),
    async close() {
      if (!server.listening) return;
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await closed;
    },
    reopen: () => listen(port),
  };
}
