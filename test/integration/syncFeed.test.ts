import { ArendeRepository } from '../../subgraphs/kommun/src/repositories/ArendeRepository';
import { timraSubgraph } from '../helpers/timraSubgraph';

// The sync feed against transactions that commit out of order: Timrå's subgraph on its own
// seeded database, a case officer writing through it, and a long transaction held open beside it
// with the repository's own update (as a slow write would be).
const timra = timraSubgraph();
const { gql } = timra;

interface Change {
  diarienummer: string;
  version: number;
  uppdaterad: string;
}
const LISTA = `query($filter: ArendeFilter, $after: String) {
  kommun(kommunkod: "2262") { arenden(filter: $filter, first: 2, after: $after) {
    nodes { diarienummer version uppdaterad } pageInfo { hasNextPage endCursor } } } }`;

async function page(filter: Record<string, unknown>, after?: string) {
  const { data, errors } = await gql(LISTA, { filter, after });
  expect(errors).toBeUndefined();
  return data!.kommun.arenden as { nodes: Change[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/** A client keeping a copy by commit order: reads every page after its position, keeps the last cursor. */
function commitOrderClient() {
  let position: string | null = null;
  const seen: Change[] = [];
  return {
    seen,
    async poll(): Promise<Change[]> {
      const got: Change[] = [];
      for (let after: string | undefined; ;) {
        const { nodes, pageInfo } = await page({ andradeEfter: position }, after);
        got.push(...nodes);
        if (pageInfo.endCursor) position = after = pageInfo.endCursor;
        if (!pageInfo.hasNextPage) break;
      }
      seen.push(...got);
      return got;
    },
  };
}

/** A client keeping a copy by time: passes the largest `uppdaterad` it has seen. */
function timeClient() {
  let since = '2000-01-01T00:00:00.000Z';
  const seen: Change[] = [];
  return {
    seen,
    async poll(): Promise<void> {
      for (let after: string | undefined; ;) {
        const { nodes, pageInfo } = await page({ uppdateradSedan: since }, after);
        seen.push(...nodes);
        after = pageInfo.endCursor ?? undefined;
        if (!pageInfo.hasNextPage) break;
      }
      for (const n of seen) if (n.uppdaterad > since) since = n.uppdaterad;
    },
  };
}

const REGISTRERA = `mutation { registreraArende(kommunkod: "2262", input: { ansvarigtOrgan: "KS", rubrik: "Kort transaktion" }) {
  diarienummer version } }`;
const key = (c: Pick<Change, 'diarienummer' | 'version'>) => `${c.diarienummer} v${c.version}`;

describe('the sync feed by commit order (andradeEfter)', () => {
  it('sees a long transaction that commits after a short one that began later, and each change once', async () => {
    const client = commitOrderClient();
    const byTime = timeClient();
    const initial = await client.poll();
    await byTime.poll();
    expect(initial.length).toBeGreaterThan(0);
    const before = initial.find((c) => c.diarienummer === 'KS 2020/1')!;

    // The long transaction writes first (stamped now, and given the older transaction id)...
    const long = timra.server.dataSource.createQueryRunner();
    await long.connect();
    await long.startTransaction();
    try {
      const updated = await new ArendeRepository(undefined as never, undefined as never).update(
        long.manager,
        'KS 2020/1',
        before.version,
        {
          rubrik: 'Ändrad i en lång transaktion',
        },
      );
      expect(updated?.version).toBe(before.version + 1);
      await new Promise((resolve) => setTimeout(resolve, 20));

      // ...then a short one begins, writes and commits while the long one is still open.
      const short = await gql(REGISTRERA);
      expect(short.errors).toBeUndefined();
      const registered = short.data!.registreraArende as Change;

      // Nothing of the short one yet: it may not pass a transaction that can still commit before it.
      expect(await client.poll()).toEqual([]);
      await byTime.poll();
      expect(byTime.seen.map(key)).toContain(key(registered));

      await long.commitTransaction();
      // A write transaction in another test's database on the same server holds the line back
      // too (transaction ids are server-wide), so the client polls again until it moves on.
      const after: Change[] = [];
      for (let i = 0; i < 100 && after.length < 2; i++) {
        after.push(...(await client.poll()));
        if (after.length < 2) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(after.map(key)).toEqual([key({ ...before, version: before.version + 1 }), key(registered)]);
      expect(await client.poll()).toEqual([]);

      // Every change once, over all polls.
      const all = client.seen.map(key);
      expect(new Set(all).size).toBe(all.length);
      expect(all).toEqual(expect.arrayContaining([key(registered), `KS 2020/1 v${before.version + 1}`]));

      // The same polls by time miss the long transaction's change: its stamp is older than the
      // short one's, which the time client had already read past. This is what the feed fixes.
      await byTime.poll();
      expect(byTime.seen.map(key)).not.toContain(`KS 2020/1 v${before.version + 1}`);
    } finally {
      if (long.isTransactionActive) await long.rollbackTransaction();
      await long.release();
    }
  });

  it('starts from null or "", pages by the same cursors, and refuses a cursor of another list', async () => {
    const fromNull = await page({ andradeEfter: null });
    const fromEmpty = await page({ andradeEfter: '' });
    expect(fromEmpty).toEqual(fromNull);
    const next = await page({ andradeEfter: fromNull.pageInfo.endCursor });
    const paged = await page({ andradeEfter: null }, fromNull.pageInfo.endCursor!);
    expect(paged.nodes).toEqual(next.nodes);

    const registeredOrder = await page({});
    const refused = await gql(LISTA, { filter: { andradeEfter: registeredOrder.pageInfo.endCursor } });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'andradeEfter' });
    const forged = await gql(LISTA, { filter: { andradeEfter: 'bm90IGEgY3Vyc29y' } });
    expect(forged.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'andradeEfter' });
  });
});
