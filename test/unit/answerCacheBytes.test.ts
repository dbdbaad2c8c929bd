import v8 from 'node:v8';
import vm from 'node:vm';
import { parse } from 'graphql';
import { PUBLIC_SCOPE } from '#platform/auth/accessScope';
import type { KommunEntry } from '#platform/registry';
import { KommunRouter, kommunCalls, loadKommunSchemaInfo } from '../../gateway/src/kommunRouter';
import { MemoryAnswerStore } from '../../gateway/src/kommunRouter/sending/cache/memoryStore';

/**
 * The answer cache's memory is bounded in bytes (issue 21, item 9): a client that varies an
 * argument without end gets every answer, and the gateway keeps no more than its bound of them.
 * Measured twice: by the store's own count, and by the heap the gateway still holds once the
 * garbage is collected. (A search of ärenden by text is not kept in memory at all: which
 * ärenden it finds depends on content a restriction hides.)
 */

const schema = loadKommunSchemaInfo();
const registry: KommunEntry[] = ['2281', '2262', '2280'].map((kommunkod) => ({
  kommunkod,
  namn: kommunkod,
  lan: 'Västernorrlands län',
  lanskod: '22',
  url: `http://${kommunkod}.test/graphql`,
}));

const MAX_BYTES = 2 * 2 ** 20;
/** Fifty paragraphs a kommun, about 5 kB of answer. */
const nodes = (kommunkod: string, text: string) =>
  Array.from({ length: 50 }, (_, i) => ({ kommunkod, beteckning: `KS 2026 § ${i}`, utfall: 'BIFALL', text }));

/** The heap in use after a full collection. */
function heapAfterGc(): number {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

it('keeps answers to a paragraph list by a year varied 3 000 times within KOMMUN_CACHE_MAX_BYTES, in its own count and in the heap', async () => {
  const store = new MemoryAnswerStore({ maxBytes: MAX_BYTES });
  let asked = 0;
  const router = new KommunRouter(
    registry,
    schema,
    kommunCalls({
      last: {
        send: async ({ kommun, request }) => {
          asked += 1;
          const text = `år ${String(request.variables.ar)}`;
          return {
            kommunkod: kommun.kommunkod,
            ok: true,
            data: { kommuner: [{ paragrafer: nodes(kommun.kommunkod, text) }] },
          };
        },
      },
      schema,
      cache: { store, staleMaxAgeSeconds: 3600 },
    }),
  );
  // Public fields only: such answers are kept in memory, for the public scope.
  const query = 'query($ar: Int) { kommuner { paragrafer(ar: $ar) { beteckning utfall } } }';
  const document = parse(query);
  const search = (ar: number) => router.execute({ document, query, variables: { ar }, scope: PUBLIC_SCOPE });

  expect((await search(2026)).data?.kommuner).toHaveLength(3);
  // A repeated search is answered from the cache: the bound does not make it useless.
  await search(2026);
  expect(asked).toBe(3);

  const before = heapAfterGc();
  for (let i = 0; i < 3000; i += 1) await search(-i);
  const held = heapAfterGc() - before;
  expect(asked).toBe(3 + 3 * 3000);
  // 9 000 answers of about 5 kB each were given: 45 MB had they all been kept.
  expect(store.bytes.answers).toBeLessThanOrEqual(MAX_BYTES);
  expect(store.bytes.answers).toBeGreaterThan(MAX_BYTES / 2);
  expect(held).toBeLessThan(3 * MAX_BYTES);
  await router.close();
});

it('keeps whole answers within WHOLE_ANSWER_CACHE_MAX_BYTES however many different ones are written', async () => {
  const store = new MemoryAnswerStore({ maxWholeBytes: MAX_BYTES });
  const json = JSON.stringify({ data: { kommuner: nodes('2262', 'Sundsvall–Timrå') } });
  for (let i = 0; i < 2000; i += 1) {
    await store.writeWhole(`search ${i}`, { json: `${json}${i}`, freshUntil: Date.now() + 60_000, generations: {} }, 60);
  }
  expect(store.bytes.wholes).toBeLessThanOrEqual(MAX_BYTES);
  expect(store.bytes.wholes).toBeGreaterThan(MAX_BYTES / 2);
  // The latest is kept and given back whole.
  expect((await store.readWhole('search 1999'))?.json).toBe(`${json}1999`);
  expect(await store.readWhole('search 0')).toBeUndefined();
});
