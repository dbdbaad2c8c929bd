import { parse } from 'graphql';
import { PUBLIC_SCOPE } from '#platform/auth/accessScope';
import type { KommunEntry } from '#platform/registry';
import { readSubgraphSdl } from '#platform/supergraph';
import { loadConfig } from '../../gateway/src/config';
import {
  KommunClient,
  KommunRouter,
  kommunCalls,
  createKommunReadiness,
  loadKommunSchemaInfo,
} from '../../gateway/src/kommunRouter';
import { startKommunRouterServer } from '../../gateway/src/kommunRouterHosts';
import { testKeys } from '../helpers/auth';
import { startStubKommun, type StubKommun } from '../helpers/stubKommun';
import { silentLogger } from '#platform/telemetry/logger';

/** HTTP to the kommuner, as the services send it. */
const client = new KommunClient();
afterAll(() => client.close());

/**
 * The kommun router over real HTTP against stub kommuner: small servers that record when each
 * request arrived and left, and misbehave on demand the ways real kommuner do.
 */
type Behaviour = 'ok' | 'http500' | 'garbage' | 'hang' | 'incompatible' | 'drop' | 'trickle';

/** A stub kommun (its requests record when each arrived and was answered) that behaves as told. */
type MisbehavingKommun = Omit<StubKommun, 'entry'> & { entry: KommunEntry; behaviour: Behaviour };

const schema = loadKommunSchemaInfo();
const kommunSdl = readSubgraphSdl('kommun');
// An older release: a kommun running it lacks Kommun.uppdrag.
const olderSdl = kommunSdl.replace(
  /\n {2}"Assignments given[^\n]*\n {2}uppdrag\(forsenade: Boolean\): \[Uppdrag!\]!( @cacheControl\([^)]*\))?/,
  '',
);

async function startStub(
  kommunkod: string,
  namn: string,
  options: { holdUntil?: Promise<void>; arrived?: () => void; timeoutMs?: number } = {},
): Promise<MisbehavingKommun> {
  // Filled in below, before anyone knows the stub's address and could call it.
  const kommun = { behaviour: 'ok' } as MisbehavingKommun;
  const stub = await startStubKommun(async ({ query }, response) => {
    options.arrived?.();
    await options.holdUntil;
    switch (kommun.behaviour) {
      case 'hang':
        return undefined; // Never answers, like a frozen process.
      case 'trickle': {
        // Answers at once, then a blank every 100 ms and never the end: alive, but never done.
        response.writeHead(200, { 'content-type': 'application/json' });
        const drip = setInterval(() => response.write(' '), 100);
        response.once('close', () => clearInterval(drip));
        return undefined;
      }
      case 'drop':
        response.socket?.destroy(); // Dies after reading the request, as a killed process would.
        return undefined;
      case 'http500':
        return { status: 500, text: 'upstream exploded' };
      case 'garbage':
        return { text: '<html>maintenance</html>' };
      case 'incompatible':
        if (query.includes('_service')) return { json: { data: { _service: { sdl: olderSdl } } } };
        return {
          status: 400,
          json: {
            errors: [
              { message: 'Cannot query field "uppdrag" on type "Kommun".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
            ],
          },
        };
      default:
        if (query.includes('_service')) return { json: { data: { _service: { sdl: kommunSdl } } } };
        return { json: { data: { kommuner: [{ kommunkod, namn }] } } };
    }
  });
  return Object.assign(kommun, stub, { entry: stub.entry(kommunkod, namn, { timeoutMs: options.timeoutMs ?? 1000 }) });
}

const query = '{ kommuner { kommunkod namn } }';
const execute = (router: KommunRouter) => router.execute({ scope: PUBLIC_SCOPE, document: parse(query), query });

describe('kommun router over HTTP', () => {
  let stubs: MisbehavingKommun[];
  let router: KommunRouter;

  beforeEach(async () => {
    stubs = [await startStub('2281', 'Sundsvall'), await startStub('2262', 'Timrå'), await startStub('2280', 'Härnösand')];
    router = new KommunRouter(
      stubs.map((s) => s.entry),
      schema,
      kommunCalls({ last: client, schema }),
    );
  });
  afterEach(async () => {
    await router.close();
    for (const stub of stubs) await stub.close();
  });

  it('calls every kommun before any of them answers', async () => {
    // Each stub holds its answer until all three requests have arrived: a router that waited
    // for one answer before calling the next kommun would never finish.
    await router.close();
    for (const stub of stubs) await stub.close();
    let arrived = 0;
    let releaseAll!: () => void;
    const allArrived = new Promise<void>((resolve) => (releaseAll = resolve));
    const holdUntil = new Promise<void>((resolve) => setTimeout(resolve, 3000).unref());
    const gate = Promise.race([allArrived, holdUntil]);
    stubs = await Promise.all(
      [
        ['2281', 'Sundsvall'],
        ['2262', 'Timrå'],
        ['2280', 'Härnösand'],
      ].map(([kod, namn]) =>
        startStub(kod, namn, { holdUntil: gate, arrived: () => ++arrived === 3 && releaseAll(), timeoutMs: 5000 }),
      ),
    );
    router = new KommunRouter(
      stubs.map((s) => s.entry),
      schema,
      kommunCalls({ last: client, schema }),
    );

    const result = await execute(router);
    expect(result.errors).toBeUndefined();
    const calls = stubs.map((s) => s.requests[0]);
    expect(Math.max(...calls.map((c) => c.arrived))).toBeLessThanOrEqual(Math.min(...calls.map((c) => c.answered!)));
  });

  it.each([
    ['http500', 'KOMMUN_UNAVAILABLE', /answered HTTP 500/],
    ['garbage', 'KOMMUN_UNAVAILABLE', /without a GraphQL response/],
    ['hang', 'KOMMUN_TIMEOUT', /did not answer within 1000 ms/],
    ['incompatible', 'KOMMUN_INCOMPATIBLE', /lacks what this query needs/],
  ] as const)('keeps the others when Timrå answers %s, with %s naming Timrå', async (behaviour, code, message) => {
    stubs[1].behaviour = behaviour;
    const result = await execute(router);
    expect(result.data?.kommuner).toEqual([
      { kommunkod: '2281', namn: 'Sundsvall' },
      { kommunkod: '2280', namn: 'Härnösand' },
    ]);
    expect(result.errors).toEqual([
      { message: expect.stringMatching(message), path: ['kommuner'], extensions: { code, kommunkod: '2262' } },
    ]);
    expect(result.errors![0].message).toContain('Timrå (2262)');
  });

  it('holds a kommun to its timeoutMs for the whole answer, also when it keeps sending a byte now and then', async () => {
    stubs[1].behaviour = 'trickle';
    const started = Date.now();
    const result = await execute(router);
    expect(result.errors).toEqual([
      {
        message: expect.stringMatching(/^Kommun Timrå \(2262\) did not answer within 1000 ms/),
        path: ['kommuner'],
        extensions: { code: 'KOMMUN_TIMEOUT', kommunkod: '2262' },
      },
    ]);
    expect(result.data?.kommuner).toHaveLength(2);
    // Bounded only against a hang: undici's idle timeouts alone never ended this exchange.
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('reports a refused connection as KOMMUN_UNAVAILABLE and serves the kommun again once it is back', async () => {
    await stubs[1].close();
    const down = await execute(router);
    expect(down.errors).toEqual([expect.objectContaining({ extensions: { code: 'KOMMUN_UNAVAILABLE', kommunkod: '2262' } })]);

    await stubs[1].reopen();
    const back = await execute(router);
    expect(back.errors).toBeUndefined();
    expect(back.data?.kommuner).toHaveLength(3);
  });

  describe('a write', () => {
    const mutation = `mutation { registreraArende(kommunkod: "2262", input: { ansvarigtOrgan: "KS", rubrik: "R" }) { diarienummer } }`;
    const write = () => router.execute({ scope: PUBLIC_SCOPE, document: parse(mutation), query: mutation });
    const codeOf = (result: Awaited<ReturnType<typeof write>>) => result.errors?.map((e) => e.extensions?.code);

    it.each([
      ['drop', /connection broke or timed out, so its outcome is unknown/],
      ['hang', /connection broke or timed out, so its outcome is unknown/],
    ] as const)(
      'whose kommun received it and then %s is KOMMUN_OUTCOME_UNKNOWN, with advice to retry',
      async (behaviour, message) => {
        stubs[1].behaviour = behaviour;
        const result = await write();
        expect(codeOf(result)).toEqual(['KOMMUN_OUTCOME_UNKNOWN']);
        expect(result.errors![0].message).toMatch(message);
        expect(result.errors![0].message).toMatch(/retry with the same Idempotency-Key/);
        // A read that meets the same failure has no outcome to lose.
        expect(codeOf(await execute(router))).toEqual([behaviour === 'drop' ? 'KOMMUN_UNAVAILABLE' : 'KOMMUN_TIMEOUT']);
      },
    );

    it('that never reached the kommun (connection refused) is KOMMUN_UNAVAILABLE', async () => {
      await stubs[1].close();
      expect(codeOf(await write())).toEqual(['KOMMUN_UNAVAILABLE']);
    });
  });

  it('tells in readiness which kommun is down and which runs an incompatible schema', async () => {
    stubs[0].behaviour = 'incompatible';
    stubs[2].behaviour = 'http500';
    const readiness = createKommunReadiness(router, kommunSdl);
    const result = await readiness();
    expect(result.status).toBe('degraded');
    expect(result.kommuner.map((k) => [k.kommunkod, k.reachable, k.schema])).toEqual([
      ['2281', true, 'incompatible'],
      ['2262', true, 'compatible'],
      ['2280', false, 'unknown'],
    ]);
    expect(result.kommuner[0].problems?.join(' ')).toContain('Kommun.uppdrag was removed');
    expect(result.kommuner[1].latencyMs).toEqual(expect.any(Number));
  });
});

describe('kommun router over HTTP: entities', () => {
  it('sends each kommun its own representations, even though the operation text is the same', async () => {
    const seen = new Map<string, unknown>();
    const servers = await Promise.all(
      ['2281', '2262'].map(async (kommunkod) => {
        const server = await startStubKommun(({ variables }) => {
          seen.set(kommunkod, variables.representations);
          const entities = variables.representations.map((r: { kommunkod: string }) => ({ namn: `namn ${r.kommunkod}` }));
          return { json: { data: { _entities: entities } } };
        });
        return { server, entry: server.entry(kommunkod, kommunkod, { lan: 'L' }) };
      }),
    );
    const router = new KommunRouter(
      servers.map((s) => s.entry),
      schema,
      kommunCalls({ last: client, schema }),
    );
    const entitiesQuery = 'query($representations:[_Any!]!){_entities(representations:$representations){...on Kommun{namn}}}';
    const representations = ['2262', '2281', '2262'].map((kommunkod) => ({ __typename: 'Kommun', kommunkod }));
    try {
      const result = await router.execute({
        scope: PUBLIC_SCOPE,
        document: parse(entitiesQuery),
        query: entitiesQuery,
        variables: { representations },
      });
      expect(result.data?._entities).toEqual([{ namn: 'namn 2262' }, { namn: 'namn 2281' }, { namn: 'namn 2262' }]);
      expect(seen.get('2281')).toEqual([representations[1]]);
      expect(seen.get('2262')).toEqual([representations[0], representations[2]]);
    } finally {
      await router.close();
      for (const { server } of servers) await server.close();
    }
  });
});

describe('the standalone kommun router (npm run start:kommun-router)', () => {
  let stubs: MisbehavingKommun[];
  let keys: Awaited<ReturnType<typeof testKeys>>;
  let server: Awaited<ReturnType<typeof startKommunRouterServer>>;

  beforeAll(async () => {
    keys = await testKeys();
    stubs = [await startStub('2281', 'Sundsvall'), await startStub('2262', 'Timrå')];
    server = await startKommunRouterServer(
      loadConfig({
        PORT: '0',
        KEYS_DIR: keys.keysDir,
        KOMMUN_REGISTRY: JSON.stringify(stubs.map((s) => s.entry)),
        MAX_BODY_BYTES: '2000',
        CORS_ORIGINS: 'https://dashboard.test',
        // Every request here must reach the kommuner: no answer comes from the cache.
        KOMMUN_CACHE: 'false',
        // As behind a peer gateway that calls without a user token.
        KOMMUN_ROUTER_ANONYMOUS: 'true',
      }),
      silentLogger(),
    );
  });
  afterAll(async () => {
    await server.stop();
    for (const stub of stubs) await stub.close();
    keys.remove();
  });
  beforeEach(() => stubs.forEach((s) => (s.requests.length = 0)));

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const firstError = async (response: Response) =>
    ((await response.json()) as { errors: { message: string; extensions: { code: string } }[] }).errors[0];

  it("forwards the caller's x-request-id to every kommun and returns it", async () => {
    const response = await post(JSON.stringify({ query }), { 'x-request-id': 'dashboard-4711' });
    expect(await response.json()).toEqual({
      data: {
        kommuner: [
          { kommunkod: '2281', namn: 'Sundsvall' },
          { kommunkod: '2262', namn: 'Timrå' },
        ],
      },
    });
    expect(response.headers.get('x-request-id')).toBe('dashboard-4711');
    expect(stubs.map((s) => s.requests.map((r) => r.headers['x-request-id']))).toEqual([['dashboard-4711'], ['dashboard-4711']]);
    // Each kommun gets an internal token of its own.
    expect(stubs[0].requests[0].headers.authorization).toMatch(/^Bearer /);
    expect(stubs[0].requests[0].headers.authorization).not.toBe(stubs[1].requests[0].headers.authorization);
  });

  it('makes a request id when the caller sends none, the same for every kommun', async () => {
    const response = await post(JSON.stringify({ query }));
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[\w-]{8,}$/);
    expect(stubs.map((s) => s.requests.map((r) => r.headers['x-request-id']))).toEqual([[id], [id]]);
  });

  it('refuses a body above MAX_BODY_BYTES with 413 before any kommun is called', async () => {
    const response = await post(JSON.stringify({ query, variables: { padding: 'x'.repeat(3000) } }));
    expect(response.status).toBe(413);
    expect((await firstError(response)).extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(stubs.flatMap((s) => s.requests)).toEqual([]);
  });

  it('answers a configured origin with CORS headers, and no other', async () => {
    const allowed = await post(JSON.stringify({ query }), { origin: 'https://dashboard.test' });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://dashboard.test');
    const other = await post(JSON.stringify({ query }), { origin: 'https://elsewhere.test' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a bad user token (401), an operation it cannot route and one that does not parse (400)', async () => {
    const unauthenticated = await post(JSON.stringify({ query }), { authorization: 'Bearer not-a-token' });
    expect(unauthenticated.status).toBe(401);
    expect((await firstError(unauthenticated)).extensions.code).toBe('UNAUTHENTICATED');
    const subscription = await post(JSON.stringify({ query: 'subscription { x }' }));
    expect(subscription.status).toBe(400);
    expect(await firstError(subscription)).toMatchObject({
      message: 'Subscriptions are not supported',
      extensions: { code: 'BAD_REQUEST' },
    });
    const unparsable = await post(JSON.stringify({ query: '{ kommuner {' }));
    expect(unparsable.status).toBe(400);
    expect((await firstError(unparsable)).extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(stubs.flatMap((s) => s.requests)).toEqual([]);
  });

  it('tells in /ready how every kommun answers', async () => {
    const ready = await (await fetch(server.url.replace('/graphql', '/ready'))).json();
    expect(ready).toEqual({
      status: 'ready',
      checkedAt: expect.any(String),
      kommuner: [
        expect.objectContaining({ kommunkod: '2281', reachable: true, schema: 'compatible' }),
        expect.objectContaining({ kommunkod: '2262', reachable: true, schema: 'compatible' }),
      ],
    });
  });
});
