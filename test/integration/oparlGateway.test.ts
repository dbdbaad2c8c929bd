import { silentLogger } from '#platform/telemetry/logger';
import { loadConfig } from '../../gateway/src/config';
import { startGatewayServer, type GatewayServer } from '../../gateway/src/server';
import { testKeys } from '../helpers/auth';
import { startStubKommun, type StubKommun } from '../helpers/stubKommun';

/**
 * OParl at the gateway in front of a stub kommun: each OParl request costs its point at the
 * front and every kommun fetch it makes, as GraphQL operations do (a kommun that fails is
 * test/e2e/oparl.test.ts's).
 */
let stub: StubKommun;
let keys: Awaited<ReturnType<typeof testKeys>>;
let gateway: GatewayServer;

const EMPTY_PAGE = { nodes: [], borttagna: [], pageInfo: { hasNextPage: false, endCursor: null } };

beforeAll(async () => {
  keys = await testKeys();
  stub = await startStubKommun((request) => {
    if (request.query.includes('organandringar')) return { json: { data: { kommun: { organandringar: EMPTY_PAGE } } } };
    if (request.query.includes('OparlOrganizationList')) return { json: { data: { kommun: { organ: [] } } } };
    return { json: { data: { kommuner: [], kommun: null } } };
  });
  gateway = await startGatewayServer(
    loadConfig({
      PORT: '0',
      SAMVERKAN_URL: stub.url,
      KOMMUN_REGISTRY: JSON.stringify([stub.entry('2262', 'Timrå')]),
      KEYS_DIR: keys.keysDir,
      KOMMUN_CACHE: 'false',
      RATE_LIMIT_POINTS: '7',
      RATE_LIMIT_WINDOW: '60',
    }),
    silentLogger(),
  );
});
afterAll(async () => {
  await gateway?.stop();
  await stub.close();
  keys.remove();
});

const get = async (path: string) => {
  const response = await fetch(new URL(path, gateway.url));
  return { status: response.status, headers: response.headers, json: (await response.json()) as any };
};

it('charges an OParl list its point and its kommun fetch, and refuses a client over its points with 429 and Retry-After', async () => {
  // 7 points: a full list fetches the kommun's list and its feed (for tombstones and the feed's
  // position), so two lists cost 6; the third's fetch is one too many.
  expect((await get('/oparl/v1/body/2262/organizations')).status).toBe(200);
  expect((await get('/oparl/v1/body/2262/organizations')).status).toBe(200);
  const refused = await get('/oparl/v1/body/2262/organizations');
  expect(refused.status).toBe(429);
  expect(refused.json.errors[0].extensions.code).toBe('RATE_LIMITED');
  expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect((await get('/oparl/v1/system')).status).toBe(429);
});
