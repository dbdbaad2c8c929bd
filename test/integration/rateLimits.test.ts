import { silentLogger } from '#platform/telemetry/logger';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../gateway/src/config';
import { startGatewayServer, type GatewayServer } from '../../gateway/src/server';
import { testKeys } from '../helpers/auth';
import { describeWithRedis } from '../helpers/redis';
import { startStubKommun, type StubKommun } from '../helpers/stubKommun';

/**
 * Rate limits at the gateway, in front of a stub that answers for every kommun: each client
 * (token subject, else address) spends points per window, an operation costing the kommun
 * fetches it makes, so a query over every kommun of a 290-kommun registry costs 290 and one
 * kommun's costs 1.
 */
let stub: StubKommun;
let stubUrl: string;
let keys: Awaited<ReturnType<typeof testKeys>>;

beforeAll(async () => {
  keys = await testKeys();
  stub = await startStubKommun(() => ({ json: { data: { kommuner: [], kommun: null } } }));
  stubUrl = stub.url;
});
afterAll(async () => {
  await stub.close();
  keys.remove();
});

/** 290 kommuner, as Sweden has: 1401, 1402, … of the län "14", and Timrå (2262) of "22". */
const registryOf = (count: number) => [
  { kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län', url: stubUrl },
  ...Array.from({ length: count - 1 }, (_, i) => ({
    kommunkod: String(1401 + i),
    namn: `Kommun ${1401 + i}`,
    lan: 'Västra Götalands län',
    url: stubUrl,
  })),
];

const startGateway = (env: NodeJS.ProcessEnv, kommuner = 1) =>
  startGatewayServer(
    loadConfig({
      PORT: '0',
      SAMVERKAN_URL: stubUrl,
      KOMMUN_REGISTRY: JSON.stringify(registryOf(kommuner)),
      KEYS_DIR: keys.keysDir,
      ...env,
    }),
    silentLogger(),
  );

async function post(gateway: GatewayServer, query: string, headers: Record<string, string> = {}) {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as any };
}
const remaining = (answer: { headers: Headers }) => Number(answer.headers.get('ratelimit-remaining'));

const oneKommun = '{ kommun(kommunkod: "2262") { kommunkod } }';
const everyKommun = '{ kommuner { kommunkod } }';

describe('rate limits', () => {
  it('refuses a client over its points with 429, RATE_LIMITED and Retry-After, and counts each client apart', async () => {
    const gateway = await startGateway({ RATE_LIMIT_POINTS: '3', RATE_LIMIT_WINDOW: '60' });
    try {
      for (let i = 0; i < 3; i++) expect((await post(gateway, oneKommun)).status).toBe(200);
      const refused = await post(gateway, oneKommun);
      expect(refused.status).toBe(429);
      expect(refused.json.errors[0].extensions.code).toBe('RATE_LIMITED');
      expect(refused.json.data).toBeUndefined();
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // A signed-in user is counted by its token's subject, not by the address it shares.
      const token = await keys.userToken({ sub: 'lasare-rate', kommunkod: '2262', roller: ['LASARE'] });
      expect((await post(gateway, oneKommun, { authorization: `Bearer ${token}` })).status).toBe(200);
    } finally {
      await gateway.stop();
    }
  });

  it('charges a query over 290 kommuner 290 points, one over a kommun or a län what it asks', async () => {
    const gateway = await startGateway({ RATE_LIMIT_POINTS: '1000' }, 290);
    try {
      const start = remaining(await post(gateway, oneKommun));
      expect(start).toBe(999);
      expect(remaining(await post(gateway, everyKommun))).toBe(start - 290);
      expect(remaining(await post(gateway, '{ kommuner(lan: "22") { kommunkod } }'))).toBe(start - 291);
      expect(remaining(await post(gateway, '{ statistik(kommunkoder: ["2262", "1401"]) { uppdrag { antal } } }'))).toBe(
        start - 293,
      );
    } finally {
      await gateway.stop();
    }
  });

  it('charges a document that does not parse or validate, and a refused token, a point each', async () => {
    const gateway = await startGateway({ RATE_LIMIT_POINTS: '4' });
    try {
      expect((await post(gateway, '{ kommuner {')).status).toBe(400);
      expect((await post(gateway, '{ ingetSadantFalt }')).status).toBe(400);
      expect((await post(gateway, oneKommun, { authorization: 'Bearer not-a-token' })).status).toBe(401);
      expect((await post(gateway, oneKommun)).status).toBe(200);
      const refused = await post(gateway, '{ kommuner {');
      expect([refused.status, refused.json.errors[0].extensions.code]).toEqual([429, 'RATE_LIMITED']);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    } finally {
      await gateway.stop();
    }
  });

  it('charges a document the query limits refuse a point before refusing it, and a batch too', async () => {
    const gateway = await startGateway({ RATE_LIMIT_POINTS: '3' });
    const chain = `{ ...F0 } ${Array.from({ length: 30 }, (_, i) => `fragment F${i} on Query { ${i < 29 ? `...F${i + 1} ...F${i + 1}` : '__typename'} }`).join(' ')}`;
    try {
      const deep = await post(gateway, chain);
      expect([deep.status, deep.json.errors[0].extensions.code, remaining(deep)]).toEqual([400, 'QUERY_TOO_DEEP', 2]);
      const batch = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([{ query: oneKommun }, { query: oneKommun }]),
      });
      expect([batch.status, remaining(batch)]).toEqual([400, 1]);
      expect(remaining(await post(gateway, chain))).toBe(0);
      const refused = await post(gateway, chain);
      expect([refused.status, refused.json.errors[0].extensions.code]).toEqual([429, 'RATE_LIMITED']);
    } finally {
      await gateway.stop();
    }
  });

  it('limits /ready, /kommuner and document links like operations', async () => {
    const gateway = await startGateway({ RATE_LIMIT_POINTS: '4' });
    const get = (path: string) => fetch(gateway.url.replace('/graphql', path));
    try {
      expect((await get('/ready')).status).toBe(200);
      expect((await get('/kommuner')).status).toBe(200);
      // A link without its signature is refused (403), and still counted.
      expect((await get('/handlingar/2262/1')).status).toBe(403);
      const last = await get('/ready');
      expect([last.status, last.headers.get('ratelimit-remaining')]).toEqual([200, '0']);
      const refused = await get('/handlingar/2262/1');
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
      expect((await get('/ready')).status).toBe(429);
      expect((await get('/kommuner')).status).toBe(429);
      expect((await post(gateway, oneKommun)).status).toBe(429);
    } finally {
      await gateway.stop();
    }
  });

  it('does not limit when RATE_LIMIT=false (the bench)', async () => {
    const gateway = await startGateway({ RATE_LIMIT: 'false', RATE_LIMIT_POINTS: '1' });
    try {
      for (let i = 0; i < 3; i++) expect((await post(gateway, oneKommun)).status).toBe(200);
    } finally {
      await gateway.stop();
    }
  });
});

describeWithRedis('rate limits shared in Redis (REDIS_URL)', (redisUrl) => {
  it('counts a client once across two gateway replicas', async () => {
    // A prefix of this run's own, so that other runs on the same Redis count apart.
    const env = {
      KOMMUN_CACHE: 'false',
      REDIS_URL: redisUrl,
      RATE_LIMIT_KEY_PREFIX: `kommungraf-test:${randomUUID()}`,
      RATE_LIMIT_POINTS: '5',
    };
    const [first, second] = [await startGateway(env), await startGateway(env)];
    try {
      for (let i = 0; i < 3; i++) expect((await post(first, oneKommun)).status).toBe(200);
      expect(remaining(await post(second, oneKommun))).toBe(1);
      expect((await post(first, oneKommun)).status).toBe(200);
      const refused = await post(second, oneKommun);
      expect([refused.status, refused.json.errors[0].extensions.code]).toEqual([429, 'RATE_LIMITED']);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });
});
