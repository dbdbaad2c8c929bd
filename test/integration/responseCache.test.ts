import Redis from 'ioredis';
import { silentLogger } from '#platform/telemetry/logger';
import type { Caller } from '#platform/auth/caller';
import type { KommunEntry } from '#platform/registry';
import { loadConfig } from '../../gateway/src/config';
import { startGatewayServer, type GatewayServer } from '../../gateway/src/server';
import { testKeys } from '../helpers/auth';
import { describeWithRedis } from '../helpers/redis';
import { startStubKommun, type StubRequest } from '../helpers/stubKommun';

/**
 * The gateway's whole answers (gateway/src/responseCache), through the real gateway over HTTP to
 * stub kommuner that count what they are asked: a repeated read is answered without them, a
 * write through the gateway to a kommun makes every answer that read it a miss, answers are
 * never shared between access scopes, and in Redis two gateways share them.
 */

interface StubKommun {
  entry: KommunEntry;
  /** The queries it got, in order. */
  asked: string[];
  /** Bumped by every write it takes: a read shows it in `namn`. */
  version: number;
  close(): Promise<void>;
}

/** The roles of the caller the gateway vouches for in its internal token (read, not verified: a stub). */
const rollerOf = (request: StubRequest): string[] => {
  const token = String(request.headers.authorization ?? '').split('.')[1] ?? '';
  return (JSON.parse(Buffer.from(token, 'base64url').toString() || '{}') as { roller?: string[] }).roller ?? [];
};

async function startStub(kommunkod: string, namn: string): Promise<StubKommun> {
  const stub = { asked: [] as string[], version: 1 } as StubKommun;
  const server = await startStubKommun((request) => {
    const { query } = request;
    stub.asked.push(query);
    let answer: unknown;
    if (query.includes('registreraArende')) {
      stub.version += 1;
      answer = { data: { registreraArende: { diarienummer: `KS 2026/${stub.version}` } } };
    } else if (query.includes('arende(')) {
      // Content under sekretess: only a case officer sees it, the public gets it withheld.
      answer = rollerOf(request).includes('HANDLAGGARE')
        ? { data: { arende: { diarienummer: 'KS 2020/1', rubrik: 'Hemlig rubrik' } } }
        : {
            data: { arende: { diarienummer: 'KS 2020/1', rubrik: null } },
            errors: [{ message: 'Covered by sekretess', path: ['arende', 'rubrik'], extensions: { code: 'FORBIDDEN' } }],
          };
    } else {
      answer = { data: { kommuner: [{ kommunkod, namn: `${namn} v${stub.version}` }] } };
    }
    return { json: answer };
  });
  stub.entry = server.entry(kommunkod, namn, { lanskod: kommunkod.slice(0, 2) });
  stub.close = server.close;
  return stub;
}

let keys: Awaited<ReturnType<typeof testKeys>>;
beforeAll(async () => {
  keys = await testKeys();
});
afterAll(() => keys.remove());

const startGateway = (stubs: StubKommun[], env: NodeJS.ProcessEnv = {}) =>
  startGatewayServer(
    loadConfig({
      PORT: '0',
      KEYS_DIR: keys.keysDir,
      SAMVERKAN_URL: 'http://127.0.0.1:9/graphql',
      KOMMUN_REGISTRY: JSON.stringify(stubs.map((s) => s.entry)),
      ...env,
    }),
    silentLogger(),
  );

/** The answer's text exactly as it arrived, and its status. */
async function post(gateway: GatewayServer, query: string, caller?: Caller): Promise<{ status: number; text: string }> {
  const token = caller && (await keys.userToken(caller));
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, text: await response.text() };
}

const dashboard = '{ kommuner { kommunkod namn } }';
const write = (kommunkod: string) =>
  `mutation { registreraArende(kommunkod: "${kommunkod}", input: { ansvarigtOrgan: "KS", rubrik: "Ny" }) { diarienummer } }`;
const officerOf = (kommunkod: string): Caller => ({ sub: 'anna', kommunkod, roller: ['HANDLAGGARE'] });
const askedCount = (stubs: StubKommun[]) => stubs.map((s) => s.asked.length);

describe('whole answers kept by the gateway', () => {
  let stubs: StubKommun[];
  let gateway: GatewayServer;
  beforeEach(async () => {
    stubs = [await startStub('2281', 'Sundsvall'), await startStub('2262', 'Timrå')];
    gateway = await startGateway(stubs);
  });
  afterEach(async () => {
    await gateway.stop();
    for (const stub of stubs) await stub.close();
  });

  it('answers a repeated read with the same text without asking any kommun; a write to one kommun makes the next read ask again', async () => {
    const first = await post(gateway, dashboard);
    expect(JSON.parse(first.text)).toEqual({
      data: {
        kommuner: [
          { kommunkod: '2281', namn: 'Sundsvall v1' },
          { kommunkod: '2262', namn: 'Timrå v1' },
        ],
      },
    });
    expect(askedCount(stubs)).toEqual([1, 1]);
    expect(await post(gateway, dashboard)).toEqual(first);
    expect(askedCount(stubs)).toEqual([1, 1]);

    expect((await post(gateway, write('2262'), officerOf('2262'))).status).toBe(200);
    const after = await post(gateway, dashboard);
    expect(JSON.parse(after.text).data.kommuner).toEqual([
      { kommunkod: '2281', namn: 'Sundsvall v1' },
      { kommunkod: '2262', namn: 'Timrå v2' },
    ]);
    // Sundsvall's own answer is still kept; only Timrå is asked again.
    expect(askedCount(stubs)).toEqual([1, 3]);
    expect(await post(gateway, dashboard)).toEqual(after);
    expect(askedCount(stubs)).toEqual([1, 3]);
  });

  it('never shares an answer between access scopes, and keeps no content a restriction could hide, in memory not even withheld', async () => {
    const arende = '{ arende(kommunkod: "2262", diarienummer: "KS 2020/1") { diarienummer rubrik } }';
    const publicAnswer = await post(gateway, arende);
    expect(JSON.parse(publicAnswer.text)).toEqual({
      data: { arende: { diarienummer: 'KS 2020/1', rubrik: null } },
      errors: [
        expect.objectContaining({ path: ['arende', 'rubrik'], extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
      ],
    });
    expect(stubs[1].asked).toHaveLength(1);

    const officer = officerOf('2262');
    for (const round of [1, 2]) {
      const officerAnswer = await post(gateway, arende, officer);
      expect(JSON.parse(officerAnswer.text)).toEqual({
        data: { arende: { diarienummer: 'KS 2020/1', rubrik: 'Hemlig rubrik' } },
      });
      expect(stubs[1].asked).toHaveLength(1 + round);
    }
    // The public answer holds content a write could restrict: in memory (an invalidation reaches
    // this replica alone) it is not kept either; a LASARE is public too and gets the same.
    expect(await post(gateway, arende)).toEqual(publicAnswer);
    expect(await post(gateway, arende, { sub: 'lars', kommunkod: '2262', roller: ['LASARE'] })).toEqual(publicAnswer);
    expect(stubs[1].asked).toHaveLength(5);

    // Public fields are kept per scope: the officers of two kommuner and the public each ask once.
    await post(gateway, dashboard);
    await post(gateway, dashboard, officer);
    await post(gateway, dashboard, officerOf('2281'));
    await post(gateway, dashboard, officer);
    expect(stubs[0].asked).toHaveLength(3);
  });

  it('gives no answer kept under another registry: a kommun added shows at once', async () => {
    await post(gateway, dashboard);
    const harnosand = await startStub('2280', 'Härnösand');
    stubs.push(harnosand);
    gateway.router.setRegistry(stubs.map((s) => s.entry));
    const answer = JSON.parse((await post(gateway, dashboard)).text);
    expect(answer.data.kommuner.map((k: { kommunkod: string }) => k.kommunkod)).toEqual(['2281', '2262', '2280']);
  });
});

describeWithRedis('whole answers in Redis (REDIS_URL)', (redisUrl) => {
  it('are shared by two gateways, and a write through either makes them a miss for both', async () => {
    // Kommunkoder of this run only: generations and entries of earlier or parallel runs never meet.
    const prefix = String(10 + Math.floor(Math.random() * 89));
    // An earlier run that drew the same prefix (a CI run's second pass) may have left answers
    // and generations under these kommunkoder: they go first.
    const redis = new Redis(redisUrl);
    for (const kommunkod of [`${prefix}81`, `${prefix}62`]) {
      const left = await redis.keys(`kommungraf:*:${kommunkod}*`);
      if (left.length) await redis.del(...left);
    }
    await redis.quit();
    const stubs = [await startStub(`${prefix}81`, 'Sundsvall'), await startStub(`${prefix}62`, 'Timrå')];
    const [a, b] = [await startGateway(stubs, { REDIS_URL: redisUrl }), await startGateway(stubs, { REDIS_URL: redisUrl })];
    try {
      const first = await post(a, dashboard);
      expect(askedCount(stubs)).toEqual([1, 1]);
      expect(await post(b, dashboard)).toEqual(first);
      expect(askedCount(stubs)).toEqual([1, 1]);

      expect((await post(b, write(stubs[1].entry.kommunkod), officerOf(stubs[1].entry.kommunkod))).status).toBe(200);
      const after = JSON.parse((await post(a, dashboard)).text);
      expect(after.data.kommuner[1].namn).toBe('Timrå v2');
      expect(askedCount(stubs)).toEqual([1, 3]);
    } finally {
      await a.stop();
      await b.stop();
      for (const stub of stubs) await stub.close();
    }
  });
});
