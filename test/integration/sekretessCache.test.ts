import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Caller } from '#platform/auth/caller';
import { silentLogger } from '#platform/telemetry/logger';
import { loadConfig as loadGatewayConfig } from '../../gateway/src/config';
import { startGatewayServer, type GatewayServer } from '../../gateway/src/server';
import { loadConfig as loadKommunConfig } from '../../subgraphs/kommun/src/config';
import { startKommunServer, type KommunServer } from '../../subgraphs/kommun/src/server';
import { testKeys } from '../helpers/auth';
import { dropAll, testDatabaseUrl, uniquePrefix } from '../helpers/database';
import { postGraphQL } from '../helpers/graphql';
import { cuttableRedis, describeWithRedis } from '../helpers/redis';

/**
 * Sekretess and the caches (issue 21, item 6): once a write that restricts an ärende has
 * answered, no gateway replica and no cache layer gives its content to a reader who may not see
 * it. Two real gateways in front of Sundsvall's real subgraph (its own PostgreSQL); the public
 * reads the national view through both, a case officer restricts the ärende through one, and
 * the public reads again through both: in memory (no Redis), in a shared Redis, with Redis
 * refusing the writing replica's invalidation (an ACL user without INCR), with the writing
 * replica cut off from Redis, and one gateway alone with KOMMUN_CACHE_SINGLE_REPLICA.
 */

const db = testDatabaseUrl(uniquePrefix(), 'kommun_2281');
const LAGRUM = 'OSL 26 kap. 1 §';
const officer: Caller = { sub: 'handlaggare-sundsvall', kommunkod: '2281', roller: ['HANDLAGGARE'] };

let kommun: KommunServer;
let keys: Awaited<ReturnType<typeof testKeys>>;
const registry = () =>
  JSON.stringify([{ kommunkod: '2281', namn: 'Sundsvall', lan: 'Västernorrlands län', lanskod: '22', url: kommun.url }]);

beforeAll(async () => {
  keys = await testKeys();
  kommun = await startKommunServer(
    loadKommunConfig(['2281'], {
      DATABASE_URL: db,
      PORT: '0',
      SEED: 'true',
      KOMMUN_REGISTRY: JSON.stringify([
        { kommunkod: '2281', namn: 'Sundsvall', lan: 'Västernorrlands län', url: 'http://localhost:4002/graphql' },
      ]),
      ...keys.env,
    }),
  );
});

afterAll(async () => {
  await kommun?.stop();
  await dropAll([db]);
  keys?.remove();
});

const startGateway = (env: NodeJS.ProcessEnv = {}) =>
  startGatewayServer(
    loadGatewayConfig({
      PORT: '0',
      KEYS_DIR: keys.keysDir,
      SAMVERKAN_URL: 'http://127.0.0.1:9/graphql',
      KOMMUN_REGISTRY: registry(),
      RATE_LIMIT: 'false',
      ...env,
    }),
    silentLogger(),
  );

async function post(gateway: GatewayServer, query: string, variables: Record<string, unknown> = {}, caller?: Caller) {
  const token = caller && (await keys.userToken(caller));
  return postGraphQL(gateway.url, query, variables, undefined, token ? { authorization: `Bearer ${token}` } : {});
}

/**
 * The national view's read of the latest ärenden (contract KommunOversikt's shape). The alias is
 * of this test alone: answers that other runs left in a shared Redis are never found.
 */
const overview = (run: string) =>
  `{ kommuner { kommunkod ${run}: namn arenden(first: 20) { nodes { diarienummer rubrik sekretess { lagrum } } } } }`;

/** A search of ärenden by a word of their text: which ärenden it finds depends on their content. */
const search = (run: string) =>
  `query($text: String!) { kommuner { ${run}: namn arenden(filter: { text: $text }) { totalCount nodes { diarienummer } } } }`;

/** Registers a public ärende whose rubrik holds a word of its own, through the gateway. */
async function publicArende(gateway: GatewayServer, word: string): Promise<string> {
  const registered = await post(
    gateway,
    `mutation($input: NyttArendeInput!) { registreraArende(kommunkod: "2281", input: $input) { diarienummer } }`,
    { input: { ansvarigtOrgan: 'KS', rubrik: `${word} i Sundsvall`, beskrivning: 'Uppgifter om en enskild.' } },
    officer,
  );
  expect(registered.errors).toBeUndefined();
  return registered.data!.registreraArende.diarienummer;
}

async function restrict(gateway: GatewayServer, diarienummer: string) {
  return post(
    gateway,
    `mutation($d: String!, $input: ArendeandringInput!) {
      uppdateraArende(kommunkod: "2281", diarienummer: $d, input: $input) { diarienummer sekretess { lagrum } } }`,
    { d: diarienummer, input: { version: 1, sekretess: { lagrum: LAGRUM } } },
    officer,
  );
}

/**
 * The public sees the ärende's content through both replicas, and after the restriction has
 * answered sees it through neither: the ärende is listed, restricted, its rubrik null.
 */
async function restrictAndRead(a: GatewayServer, b: GatewayServer, beforeRestrict?: () => Promise<void>) {
  const word = `Hemlighet${randomUUID().slice(0, 8)}`;
  const run = `run_${randomUUID().replace(/-/g, '')}`;
  const query = overview(run);
  const diarienummer = await publicArende(a, word);
  for (const gateway of [a, b, a, b]) {
    const before = await post(gateway, query);
    expect(JSON.stringify(before.data)).toContain(word);
    const found = await post(gateway, search(run), { text: word });
    expect(found.data!.kommuner[0].arenden).toEqual({ totalCount: 1, nodes: [{ diarienummer }] });
  }
  await beforeRestrict?.();
  const restricted = await restrict(a, diarienummer);
  expect(restricted.errors).toBeUndefined();
  expect(restricted.data!.uppdateraArende).toEqual({ diarienummer, sekretess: { lagrum: LAGRUM } });
  for (const gateway of [b, a]) {
    const after = await post(gateway, query);
    expect(JSON.stringify(after)).not.toContain(word);
    const node = after.data!.kommuner[0].arenden.nodes.find((n: { diarienummer: string }) => n.diarienummer === diarienummer);
    expect(node).toEqual({ diarienummer, rubrik: null, sekretess: { lagrum: LAGRUM } });
    // Nor is it found by a word of its content.
    const found = await post(gateway, search(run), { text: word });
    expect(found.data!.kommuner[0].arenden).toEqual({ totalCount: 0, nodes: [] });
  }
}

describe('a restricted ärende’s content, from the caches of two gateway replicas', () => {
  it('is given by neither replica once the restriction has answered, without Redis (each replica keeps its own memory)', async () => {
    const [a, b] = [await startGateway(), await startGateway()];
    try {
      await restrictAndRead(a, b);
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  describeWithRedis('in Redis', (redisUrl) => {
    it('is given by neither replica once the restriction has answered, with both on one Redis', async () => {
      const [a, b] = [await startGateway({ REDIS_URL: redisUrl }), await startGateway({ REDIS_URL: redisUrl })];
      try {
        await restrictAndRead(a, b);
      } finally {
        await a.stop();
        await b.stop();
      }
    });

    it('is given by neither replica when Redis refuses the writing replica’s invalidation: the write answers only once the kept answers have run out', async () => {
      // A Redis user that may read and keep answers but not invalidate them (INCR refused).
      const user = `kommungraf-test-${randomUUID().slice(0, 8)}`;
      const admin = new Redis(redisUrl);
      await admin.call('ACL', 'SETUSER', user, 'on', '>secret', '~*', '+@all', '-incr');
      const refused = new URL(redisUrl);
      refused.username = user;
      refused.password = 'secret';
      // Answers are fresh for 5 s at most here, so that waiting them out is short.
      const env = { KOMMUN_CACHE_MAX_AGE: '5' };
      const [a, b] = [
        await startGateway({ ...env, REDIS_URL: refused.toString() }),
        await startGateway({ ...env, REDIS_URL: redisUrl }),
      ];
      try {
        await restrictAndRead(a, b);
      } finally {
        await a.stop();
        await b.stop();
        await admin.call('ACL', 'DELUSER', user);
        admin.disconnect();
      }
    }, 30_000);
    it('is given by neither replica when the writing replica is cut off from Redis: the write answers only once the kept answers have run out', async () => {
      const path = await cuttableRedis(redisUrl);
      const env = { KOMMUN_CACHE_MAX_AGE: '5' };
      const [a, b] = [await startGateway({ ...env, REDIS_URL: path.url }), await startGateway({ ...env, REDIS_URL: redisUrl })];
      try {
        // Both have read through Redis; then the writing replica loses it (a partition), the other keeps it.
        await restrictAndRead(a, b, () => path.cut());
      } finally {
        await a.stop();
        await b.stop();
        await path.cut();
      }
    }, 30_000);
  });

  it('is not given again by a gateway alone without Redis that keeps such answers in memory (KOMMUN_CACHE_SINGLE_REPLICA)', async () => {
    const gateway = await startGateway({ KOMMUN_CACHE_SINGLE_REPLICA: 'true' });
    try {
      await restrictAndRead(gateway, gateway);
    } finally {
      await gateway.stop();
    }
  });
});
