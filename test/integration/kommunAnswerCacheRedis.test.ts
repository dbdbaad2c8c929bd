import { randomUUID } from 'node:crypto';
import { parse } from 'graphql';
import type { KommunEntry } from '#platform/registry';
import { KommunRouter, kommunCalls, loadKommunSchemaInfo } from '../../gateway/src/kommunRouter';
import type { KommunAnswerStore } from '../../gateway/src/kommunRouter/sending/cache/KommunAnswerCache';
import { RedisAnswerStore } from '../../gateway/src/kommunRouter/sending/cache/redisStore';
import { describeWithRedis } from '../helpers/redis';

/** The kommun router's answer cache in the real Redis (test/unit/kommunAnswerCache has the rest, in memory). */
const schema = loadKommunSchemaInfo();
const registry: KommunEntry[] = [
  { kommunkod: '2281', namn: 'Sundsvall', lan: 'Västernorrlands län', lanskod: '22', url: 'http://sundsvall.test/graphql' },
  { kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län', lanskod: '22', url: 'http://timra.test/graphql' },
  { kommunkod: '2480', namn: 'Umeå', lan: 'Västerbottens län', lanskod: '24', url: 'http://umea.test/graphql' },
];

describeWithRedis('kommun router cache in Redis', (redisUrl) => {
  it('is shared by two router instances: one asks the kommuner, the other answers from Redis; a write through either invalidates for both', async () => {
    // Kommunkoder of this run only, so that runs in parallel or earlier never meet.
    const prefix = String(1000 + Math.floor(Math.random() * 8000)).slice(0, 2);
    const own = registry.map((k, i) => ({ ...k, kommunkod: `${prefix}${10 + i}`, lanskod: prefix }));
    const stores = [new RedisAnswerStore(redisUrl), new RedisAnswerStore(redisUrl)];
    await Promise.all(stores.map((s) => s.connect()));
    const requests: string[] = [];
    const makeRouter = (store: KommunAnswerStore) =>
      new KommunRouter(
        own,
        schema,
        kommunCalls({
          last: {
            send: async ({ kommun, request }) => {
              requests.push(kommun.kommunkod);
              return request.query.startsWith('mutation')
                ? { kommunkod: kommun.kommunkod, ok: true, data: { registreraArende: { diarienummer: 'KS 2026/1' } } }
                : { kommunkod: kommun.kommunkod, ok: true, data: { kommuner: [{ kommunkod: kommun.kommunkod }] } };
            },
          },
          schema,
          cache: { store, staleMaxAgeSeconds: 60 },
        }),
      );
    const [a, b] = stores.map(makeRouter);
    try {
      const query = `{ kommuner { kommunkod } }`;
      // A scope of this run alone: answers an earlier run left in Redis are never found.
      const scope = `test-${randomUUID()}`;
      const run = (router: KommunRouter, q = query) => router.execute({ document: parse(q), query: q, scope });
      const first = await run(a);
      expect(requests).toHaveLength(3);
      expect(await run(b)).toEqual(first);
      expect(requests).toHaveLength(3);

      await run(
        b,
        `mutation { registreraArende(kommunkod: "${own[1].kommunkod}", input: { ansvarigtOrgan: "KS", rubrik: "Ny" }) { diarienummer } }`,
      );
      requests.length = 0;
      await run(a);
      expect(requests).toEqual([own[1].kommunkod]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
