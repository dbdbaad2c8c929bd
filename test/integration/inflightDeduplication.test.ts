import { parse } from 'graphql';
import { PUBLIC_SCOPE } from '#platform/auth/accessScope';
import { signDevToken } from '#dev-tools/devIssuer';
import type { KommunEntry } from '#platform/registry';
import type { Stack } from '../../scripts/stack';
import { loadConfig } from '../../gateway/src/config';
import { KommunClient, KommunRouter, kommunCalls, loadKommunSchemaInfo } from '../../gateway/src/kommunRouter';
import { startGatewayServer, type GatewayServer } from '../../gateway/src/server';
import { postGraphQL } from '../helpers/graphql';
import { contractOperation, seedKommuner, startTestStack } from '../helpers/stack';
import { startStubKommun, type StubKommun } from '../helpers/stubKommun';
import { silentLogger } from '#platform/telemetry/logger';

/** HTTP to the kommuner, as the services send it. */
const client = new KommunClient();
afterAll(() => client.close());

/**
 * Identical reads in flight at the same time cost a subgraph one request: counted where they
 * arrive, at the kommun and samverkan processes (through a counting proxy), or at stub kommuner.
 */

describe('in-flight deduplication in the kommun router, over HTTP to stub kommuner', () => {
  const entitiesQuery = 'query($representations:[_Any!]!){_entities(representations:$representations){...on Kommun{namn}}}';
  const kommun = (kommunkod: string) => ({ __typename: 'Kommun', kommunkod });
  let stubs: StubKommun[];
  let sundsvall: (body: string) => { status: number; text: string };
  let router: KommunRouter;

  beforeEach(async () => {
    const answerNamn = (body: string) => ({
      status: 200,
      text: JSON.stringify({
        data: {
          _entities: JSON.parse(body).variables.representations.map((r: { kommunkod: string }) => ({
            namn: `namn ${r.kommunkod}`,
          })),
        },
      }),
    });
    stubs = [await startStubKommun(({ body }) => answerNamn(body)), await startStubKommun(({ body }) => sundsvall(body))];
    const registry: KommunEntry[] = [
      { kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län', url: stubs[0].url, timeoutMs: 5000 },
      { kommunkod: '2281', namn: 'Sundsvall', lan: 'Västernorrlands län', url: stubs[1].url, timeoutMs: 5000 },
    ];
    const schema = loadKommunSchemaInfo();
    router = new KommunRouter(registry, schema, kommunCalls({ last: client, schema }));
  });
  afterEach(async () => {
    await router.close();
    for (const stub of stubs) await stub.close();
  });

  /** Two callers whose requests to Sundsvall are identical, though Sundsvall's entity sits at index 1 for one and 0 for the other. */
  const twoCallers = () =>
    Promise.all([
      router.execute({
        scope: PUBLIC_SCOPE,
        document: parse(entitiesQuery),
        query: entitiesQuery,
        variables: { representations: [kommun('2262'), kommun('2281')] },
      }),
      router.execute({
        scope: PUBLIC_SCOPE,
        document: parse(entitiesQuery),
        query: entitiesQuery,
        variables: { representations: [kommun('2281')] },
      }),
    ]);

  it('fails a follower of a failing leader with KOMMUN_UNAVAILABLE at its own path', async () => {
    sundsvall = () => ({ status: 500, text: 'upstream exploded' });
    const [first, second] = await twoCallers();
    expect(stubs[1].requests).toHaveLength(1);
    const unavailable = { code: 'KOMMUN_UNAVAILABLE', kommunkod: '2281' };
    expect(first.data?._entities).toEqual([{ namn: 'namn 2262' }, null]);
    expect(first.errors).toEqual([expect.objectContaining({ path: ['_entities', 1], extensions: unavailable })]);
    expect(second.data?._entities).toEqual([null]);
    expect(second.errors).toEqual([expect.objectContaining({ path: ['_entities', 0], extensions: unavailable })]);
    expect(second.errors![0].message).toBe(first.errors![0].message);
  });

  it("gives a follower the leader's errors, each at its own path", async () => {
    sundsvall = () => ({
      status: 200,
      text: JSON.stringify({
        data: { _entities: [{ namn: null }] },
        errors: [{ message: 'namn is hidden', path: ['_entities', 0, 'namn'], extensions: { code: 'FORBIDDEN' } }],
      }),
    });
    const [first, second] = await twoCallers();
    expect(stubs[1].requests).toHaveLength(1);
    expect(first.errors).toEqual([
      { message: 'namn is hidden', path: ['_entities', 1, 'namn'], extensions: { code: 'FORBIDDEN', kommunkod: '2281' } },
    ]);
    expect(second.errors).toEqual([
      { message: 'namn is hidden', path: ['_entities', 0, 'namn'], extensions: { code: 'FORBIDDEN', kommunkod: '2281' } },
    ]);
  });
});

describe('in-flight deduplication through the gateway, against the real kommun and samverkan processes', () => {
  const HOLD_MS = 1000;
  let stack: Stack;
  let gateway: GatewayServer;
  /** Counting proxies in front of each kommun and samverkan, by kommunkod and 'samverkan'. */
  const proxies = new Map<string, StubKommun>();
  /** Requests wait here, so that every request a test sends at once is in flight together. */
  let held: Promise<void> | undefined;

  /** A proxy to `target` that holds each request until HOLD_MS after the first of a burst arrived. */
  const proxyTo = (target: string) =>
    startStubKommun(async ({ body, headers: received }) => {
      held ??= new Promise((resolve) => setTimeout(resolve, HOLD_MS));
      await held;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      for (const name of ['authorization', 'x-request-id']) if (received[name]) headers[name] = String(received[name]);
      const response = await fetch(target, { method: 'POST', headers, body });
      return { status: response.status, text: await response.text() };
    });

  beforeAll(async () => {
    stack = await startTestStack();
    for (const [kommunkod, service] of stack.kommuner) proxies.set(kommunkod, await proxyTo(service.url));
    proxies.set('samverkan', await proxyTo(stack.samverkan.url));
    gateway = await startGatewayServer(
      loadConfig({
        PORT: '0',
        KEYS_DIR: stack.keysDir,
        SAMVERKAN_URL: proxies.get('samverkan')!.url,
        // In-flight merging alone: with the answer cache, a repeated read would not reach a kommun at all.
        KOMMUN_CACHE: 'false',
        // One gateway: a restricting write reaches every read in flight here, so reads of content
        // a restriction can hide may merge (with replicas they merge only under Redis; docs/security.md).
        KOMMUN_CACHE_SINGLE_REPLICA: 'true',
        KOMMUN_REGISTRY: JSON.stringify(
          seedKommuner.map((k) => ({ ...k, url: proxies.get(k.kommunkod)!.url, timeoutMs: 20_000 })),
        ),
      }),
      silentLogger(),
    );
  }, 120_000);
  afterAll(async () => {
    await gateway?.stop();
    for (const proxy of proxies.values()) await proxy.close();
    await stack?.stop();
  });
  beforeEach(() => {
    held = undefined;
    for (const proxy of proxies.values()) proxy.requests.length = 0;
  });

  const counts = () => Object.fromEntries([...proxies].map(([name, proxy]) => [name, proxy.requests.length]));
  const oversikt = contractOperation('oversikt.graphql', 'KommunOversikt');
  const ask = (headers: Record<string, string> = {}) => postGraphQL(gateway.url, oversikt, {}, 'KommunOversikt', headers);
  const bearer = async (roller: ('HANDLAGGARE' | 'LASARE')[]) => ({
    authorization: `Bearer ${await signDevToken(stack.keysDir, { sub: roller.join('-'), kommunkod: '2262', roller })}`,
  });

  it('sends ten identical anonymous queries to each kommun once, and all ten get the whole answer', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => ask()));
    expect(counts()).toEqual({ '2281': 1, '2262': 1, '2280': 1, samverkan: 0 });
    for (const answer of answers) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual(answers[0].data);
    }
    expect(answers[0].data!.kommuner.map((k: { kommunkod: string }) => k.kommunkod)).toEqual(['2281', '2262', '2280']);
  });

  it('never merges two users whose scope differs, and merges those who see the same', async () => {
    const handlaggare = await bearer(['HANDLAGGARE']);
    const lasare = await bearer(['LASARE']);
    const answers = await Promise.all([ask(), ask(handlaggare), ask(lasare), ask(handlaggare)]);
    expect(answers.map((a) => a.errors)).toEqual([undefined, undefined, undefined, undefined]);
    // Two scopes: public (anonymous and LASARE) and Timrå's HANDLAGGARE.
    expect(counts()).toEqual({ '2281': 2, '2262': 2, '2280': 2, samverkan: 0 });
    expect(answers[3].data).toEqual(answers[1].data);
  });

  const dashboard = contractOperation('samverkan.graphql', 'SamverkanDashboard');
  const askSamverkan = (headers: Record<string, string> = {}) =>
    postGraphQL(gateway.url, dashboard, {}, 'SamverkanDashboard', headers);

  it('sends ten identical samverkan queries to samverkan once', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => askSamverkan()));
    expect(counts().samverkan).toBe(1);
    for (const answer of answers) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual(answers[0].data);
    }
    expect(JSON.stringify(answers[0].data)).toContain('"kommunkod"');
  });

  it('never merges samverkan queries of two users whose scope differs', async () => {
    const answers = await Promise.all([askSamverkan(), askSamverkan(await bearer(['HANDLAGGARE'])), askSamverkan()]);
    expect(answers.map((a) => a.errors)).toEqual([undefined, undefined, undefined]);
    expect(counts().samverkan).toBe(2);
  });
});
