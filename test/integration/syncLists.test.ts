import { dropDatabase } from '#platform/database/ensureDatabase';
import { encodeMarker } from '#subgraph-kit/changeFeed';
import { loadConfig } from '../../subgraphs/samverkan/src/config';
import { startSamverkanServer, type SamverkanServer } from '../../subgraphs/samverkan/src/server';
import { testDatabaseUrl, uniquePrefix } from '../helpers/database';
import { postGraphQL } from '../helpers/graphql';
import { SqlCounter } from '../helpers/sqlCounter';
import type { Caller } from '#platform/auth/caller';
import { TIMRA_HANDLAGGARE, timraSubgraph } from '../helpers/timraSubgraph';

// Every list on the sync feed, polled as a client keeping a copy would: Timrå's subgraph and the
// samverkan subgraph on seeded databases of their own, rows written and deleted beside them in
// SQL (the service deletes nothing; an admin or a restore may), as the triggers must catch any
// write path.
const sql = new SqlCounter();
const timra = timraSubgraph({ sqlLogger: sql });
const SAMVERKAN_DB = testDatabaseUrl(uniquePrefix(), 'samverkan');
let samverkan: SamverkanServer;

beforeAll(async () => {
  samverkan = await startSamverkanServer(
    loadConfig({ DATABASE_URL: SAMVERKAN_DB, PORT: '0', SEED: 'true', INTERNAL_AUTH: 'off' }),
  );
}, 60_000);
afterAll(async () => {
  await samverkan?.stop();
  await dropDatabase(SAMVERKAN_DB);
});

interface Tombstone {
  typ: string;
  id: string;
  markor: string;
}
interface FeedAnswer {
  nodes: Record<string, unknown>[];
  borttagna: Tombstone[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  andringsmarkor: string | null;
}

/** One list on the feed: how to ask for a page, how its items are known, and SQL that changes one. */
interface List {
  name: string;
  page: (marker: string | null, after: string | null, first: number) => Promise<FeedAnswer>;
  key: string;
  insert: string;
  update: string;
  delete: string;
  id: string;
  /** The field `update` changes, and its new value. */
  changed: [string, unknown];
  db: () => { query: (sql: string) => Promise<unknown> };
}

const feedPart = (fields: string) =>
  `nodes { ${fields} } borttagna { typ id borttagen markor } pageInfo { hasNextPage endCursor } andringsmarkor`;

function kommunList(field: string, fields: string): List['page'] {
  return async (marker, after, first) => {
    const { data, errors } = await timra.gql(
      `query($m: String, $a: String, $f: Int) { kommun(kommunkod: "2262") { l: ${field}(andradeEfter: $m, after: $a, first: $f) { ${feedPart(fields)} } } }`,
      { m: marker, a: after, f: first },
    );
    expect(errors).toBeUndefined();
    return data!.kommun.l as FeedAnswer;
  };
}

function samverkanList(field: string, fields: string): List['page'] {
  return async (marker, after, first) => {
    const { data, errors } = await postGraphQL(
      samverkan.url,
      `query($m: String, $a: String, $f: Int) { l: ${field}(andradeEfter: $m, after: $a, first: $f) { ${feedPart(fields)} } }`,
      { m: marker, a: after, f: first },
    );
    expect(errors).toBeUndefined();
    return data!.l as FeedAnswer;
  };
}

/** The ärenden's feed through `filter.andradeEfter`, shaped like the other lists. */
const arendePage: List['page'] = async (marker, after, first) => {
  const { data, errors } = await timra.gql(
    `query($m: String, $a: String, $f: Int) { kommun(kommunkod: "2262") {
      l: arenden(filter: { andradeEfter: $m }, after: $a, first: $f) { ${feedPart('diarienummer status uppdaterad')} } } }`,
    { m: marker, a: after, f: first },
  );
  expect(errors).toBeUndefined();
  return data!.kommun.l as FeedAnswer;
};

const kommunDb = () => timra.server.dataSource;
const samverkanDb = () => samverkan.dataSource;

const LISTS: List[] = [
  {
    name: 'Kommun.paragrafandringar',
    page: kommunList('paragrafandringar', 'beteckning rubrik uppdaterad organ { kortnamn }'),
    key: 'beteckning',
    insert: `INSERT INTO paragraf (beteckning, organ_id, ar, nummer, rubrik) VALUES ('KS 2031 § 1', 'KS', 2031, 1, 'Ny')`,
    update: `UPDATE paragraf SET rubrik = 'Ändrad' WHERE beteckning = 'KS 2031 § 1'`,
    delete: `DELETE FROM paragraf WHERE beteckning = 'KS 2031 § 1'`,
    id: 'KS 2031 § 1',
    changed: ['rubrik', 'Ändrad'],
    db: kommunDb,
  },
  {
    name: 'Kommun.uppdragsandringar',
    page: kommunList('uppdragsandringar', 'id mottagare status uppdaterad'),
    key: 'id',
    insert: `INSERT INTO uppdrag (id, beskrivning, mottagare, status) VALUES ('synk-1', 'Utred', 'Kommunchefen', 'PAGAENDE')`,
    update: `UPDATE uppdrag SET status = 'AVSKRIVET' WHERE id = 'synk-1'`,
    delete: `DELETE FROM uppdrag WHERE id = 'synk-1'`,
    id: 'synk-1',
    changed: ['status', 'AVSKRIVET'],
    db: kommunDb,
  },
  {
    name: 'Kommun.handlingsandringar',
    page: kommunList('handlingsandringar', 'id kommunkod titel typ uppdaterad arende { diarienummer }'),
    key: 'id',
    insert: `INSERT INTO handling (id, diarienummer, titel, typ) OVERRIDING SYSTEM VALUE VALUES (9001, 'KS 2020/1', 'Synkhandling', 'SKRIVELSE')`,
    update: `UPDATE handling SET titel = 'Synkhandling, rättad' WHERE id = 9001`,
    delete: `DELETE FROM handling WHERE id = 9001`,
    id: '9001',
    changed: ['titel', 'Synkhandling, rättad'],
    db: kommunDb,
  },
  {
    name: 'Kommun.organandringar',
    page: kommunList('organandringar', 'id kortnamn namn typ uppdaterad'),
    key: 'id',
    insert: `INSERT INTO organ (id, kortnamn, namn, typ) VALUES ('SYNK', 'SYNK', 'Synknämnden', 'NAMND')`,
    update: `UPDATE organ SET namn = 'Synk- och kopianämnden' WHERE id = 'SYNK'`,
    delete: `DELETE FROM organ WHERE id = 'SYNK'`,
    id: 'SYNK',
    changed: ['namn', 'Synk- och kopianämnden'],
    db: kommunDb,
  },
  {
    name: 'Kommun.sammantradesandringar',
    page: kommunList('sammantradesandringar', 'id status plats uppdaterad organ { kortnamn }'),
    key: 'id',
    insert: `INSERT INTO sammantrade (id, organ_id, status) VALUES ('synkmote', 'KS', 'PLANERAT')`,
    update: `UPDATE sammantrade SET plats = 'Sessionssalen' WHERE id = 'synkmote'`,
    delete: `DELETE FROM sammantrade WHERE id = 'synkmote'`,
    id: 'synkmote',
    changed: ['plats', 'Sessionssalen'],
    db: kommunDb,
  },
  {
    name: 'Kommun.ledamotsandringar',
    page: kommunList('ledamotsandringar', 'id namn parti uppdaterad'),
    key: 'id',
    insert: `INSERT INTO ledamot (id, namn) VALUES ('synkledamot', 'Synk Ledamot')`,
    update: `UPDATE ledamot SET parti = 'Synkpartiet' WHERE id = 'synkledamot'`,
    delete: `DELETE FROM ledamot WHERE id = 'synkledamot'`,
    id: 'synkledamot',
    changed: ['parti', 'Synkpartiet'],
    db: kommunDb,
  },
  {
    name: 'Kommun.arenden(filter: { andradeEfter })',
    page: arendePage,
    key: 'diarienummer',
    insert: `INSERT INTO arende (diarienummer, status, registrerad, ansvarigt_organ_id) VALUES ('KS 2031/1', 'OPPET', '2031-01-02', 'KS')`,
    update: `UPDATE arende SET status = 'VILANDE' WHERE diarienummer = 'KS 2031/1'`,
    delete: `DELETE FROM arende WHERE diarienummer = 'KS 2031/1'`,
    id: 'KS 2031/1',
    changed: ['status', 'VILANDE'],
    db: kommunDb,
  },
  {
    name: 'Query.samverkansandringar',
    page: samverkanList('samverkansandringar', 'id namn uppdaterad'),
    key: 'id',
    insert: `INSERT INTO samverkan (id, namn) VALUES ('synk', 'Synksamverkan')`,
    update: `UPDATE samverkan SET beskrivning = 'Ändrad', namn = 'Synksamverkan 2' WHERE id = 'synk'`,
    delete: `DELETE FROM samverkan WHERE id = 'synk'`,
    id: 'synk',
    changed: ['namn', 'Synksamverkan 2'],
    db: samverkanDb,
  },
  {
    name: 'Query.samverkansomradesandringar',
    page: samverkanList('samverkansomradesandringar', 'id namn status uppdaterad samverkan { id }'),
    key: 'id',
    insert: `INSERT INTO samverkansomrade (id, samverkan_id, namn, status) VALUES ('synkomrade', 'sundsvall-timra', 'Synk', 'IDENTIFIERAT')`,
    update: `UPDATE samverkansomrade SET status = 'UTREDS' WHERE id = 'synkomrade'`,
    delete: `DELETE FROM samverkansomrade WHERE id = 'synkomrade'`,
    id: 'synkomrade',
    changed: ['status', 'UTREDS'],
    db: samverkanDb,
  },
  {
    name: 'Query.avtalsandringar',
    page: samverkanList('avtalsandringar', 'id namn resurs uppdaterad omrade { id }'),
    key: 'id',
    insert: `INSERT INTO avtal (id, omrade_id, namn) VALUES ('synkavtal', 'eu-samordning', 'Synkavtal')`,
    update: `UPDATE avtal SET resurs = 'Synkresurs' WHERE id = 'synkavtal'`,
    delete: `DELETE FROM avtal WHERE id = 'synkavtal'`,
    id: 'synkavtal',
    changed: ['resurs', 'Synkresurs'],
    db: samverkanDb,
  },
  {
    name: 'Query.uppfoljningsandringar',
    page: samverkanList('uppfoljningsandringar', 'id sammanfattning uppdaterad samverkan { id }'),
    key: 'id',
    insert: `INSERT INTO uppfoljning (id, samverkan_id, datum, sammanfattning) VALUES ('synkuppf', 'sundsvall-timra', '2031-01-01', 'Först')`,
    update: `UPDATE uppfoljning SET sammanfattning = 'Sedan' WHERE id = 'synkuppf'`,
    delete: `DELETE FROM uppfoljning WHERE id = 'synkuppf'`,
    id: 'synkuppf',
    changed: ['sammanfattning', 'Sedan'],
    db: samverkanDb,
  },
];

/** A client keeping a copy of one list: reads every page after its marker, keeps the last marker. */
function client(list: Pick<List, 'page'>, first = 100) {
  let marker: string | null = null;
  const nodes: Record<string, unknown>[] = [];
  const borttagna: Tombstone[] = [];
  let pages = 0;
  return {
    get marker() {
      return marker;
    },
    nodes,
    borttagna,
    get pages() {
      return pages;
    },
    async poll(): Promise<{ nodes: Record<string, unknown>[]; borttagna: Tombstone[] }> {
      const got = { nodes: [] as Record<string, unknown>[], borttagna: [] as Tombstone[] };
      for (let after: string | null = null; ;) {
        const page = await list.page(marker, after, first);
        pages++;
        got.nodes.push(...page.nodes);
        got.borttagna.push(...page.borttagna);
        marker = page.andringsmarkor;
        after = page.pageInfo.endCursor;
        if (!page.pageInfo.hasNextPage) break;
      }
      nodes.push(...got.nodes);
      borttagna.push(...got.borttagna);
      return got;
    },
    /**
     * Polls until something arrives: a write transaction in another test's database on the same
     * server holds the horizon back too (transaction ids are server-wide), for a moment.
     */
    async pollUntilChanged(): Promise<{ nodes: Record<string, unknown>[]; borttagna: Tombstone[] }> {
      for (let i = 0; i < 100; i++) {
        const got = await this.poll();
        if (got.nodes.length || got.borttagna.length) return got;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return { nodes: [], borttagna: [] };
    },
  };
}

describe.each(LISTS)('the sync feed of $name', (list) => {
  it('shows a client an insert, an update and a delete, each exactly once', async () => {
    const copy = client(list);
    const initial = await copy.poll();
    expect(initial.nodes.map((n) => n[list.key])).not.toContain(list.id);

    await list.db().query(list.insert);
    const inserted = await copy.pollUntilChanged();
    expect(inserted.nodes.map((n) => n[list.key])).toEqual([list.id]);
    expect(inserted.nodes[0].uppdaterad).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(inserted.borttagna).toEqual([]);

    await list.db().query(list.update);
    const updated = await copy.pollUntilChanged();
    expect(updated.nodes).toEqual([expect.objectContaining({ [list.key]: list.id, [list.changed[0]]: list.changed[1] })]);
    expect(updated.borttagna).toEqual([]);
    expect(String(updated.nodes[0].uppdaterad) >= String(inserted.nodes[0].uppdaterad)).toBe(true);

    await list.db().query(list.delete);
    const deleted = await copy.pollUntilChanged();
    expect(deleted.nodes).toEqual([]);
    expect(deleted.borttagna).toEqual([expect.objectContaining({ id: list.id })]);
    expect(deleted.borttagna[0].typ).toBeTruthy();

    // Nothing more, however often the client asks; over all polls, the row came twice and went once.
    expect(await copy.poll()).toEqual({ nodes: [], borttagna: [] });
    expect(copy.nodes.filter((n) => n[list.key] === list.id)).toHaveLength(2);
    expect(copy.borttagna.filter((b) => b.id === list.id)).toHaveLength(1);
    const keys = copy.nodes.map((n) => `${String(n[list.key])} ${JSON.stringify(n)}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

const PARAGRAFER = LISTS[0];

describe('the sync feed by commit order on a list other than ärenden', () => {
  it('holds a short transaction back behind a long one that began first, then shows both once, in commit order', async () => {
    const copy = client(PARAGRAFER);
    await copy.poll();
    const long = timra.server.dataSource.createQueryRunner();
    await long.connect();
    await long.startTransaction();
    try {
      await long.query(`UPDATE paragraf SET rubrik = 'Ändrad i en lång transaktion' WHERE beteckning = 'KS 2019 § 65'`);
      await timra.server.dataSource.query(
        `INSERT INTO paragraf (beteckning, organ_id, ar, nummer, rubrik) VALUES ('KS 2032 § 1', 'KS', 2032, 1, 'Kort')`,
      );
      // The short one has committed, but the long one may still commit before it: nothing yet.
      expect(await copy.poll()).toEqual({ nodes: [], borttagna: [] });
      await long.commitTransaction();
      const after: Record<string, unknown>[] = [];
      for (let i = 0; i < 100 && after.length < 2; i++) {
        after.push(...(await copy.poll()).nodes);
        if (after.length < 2) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(after.map((n) => [n.beteckning, n.rubrik])).toEqual([
        ['KS 2019 § 65', 'Ändrad i en lång transaktion'],
        ['KS 2032 § 1', 'Kort'],
      ]);
      expect(await copy.poll()).toEqual({ nodes: [], borttagna: [] });
    } finally {
      if (long.isTransactionActive) await long.rollbackTransaction();
      await long.release();
    }
  });

  it('pages through more changes than `first`, rows and tombstones interleaved, each once', async () => {
    const copy = client(PARAGRAFER, 4);
    await copy.poll();
    const pagesBefore = copy.pages;
    // 25 inserts, each its own transaction, and a delete after every fifth.
    for (let i = 1; i <= 25; i++) {
      await kommunDb().query(
        `INSERT INTO paragraf (beteckning, organ_id, ar, nummer) VALUES ('KS 2033 § ${i}', 'KS', 2033, ${i})`,
      );
      if (i % 5 === 0) await kommunDb().query(`DELETE FROM paragraf WHERE beteckning = 'KS 2033 § ${i - 2}'`);
    }
    const seen = { nodes: [] as string[], borttagna: [] as string[] };
    for (let i = 0; i < 100 && seen.nodes.length + seen.borttagna.length < 25; i++) {
      const got = await copy.poll();
      seen.nodes.push(...got.nodes.map((n) => n.beteckning as string));
      seen.borttagna.push(...got.borttagna.map((b) => b.id));
      if (seen.nodes.length + seen.borttagna.length < 25) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const deleted = [3, 8, 13, 18, 23].map((i) => `KS 2033 § ${i}`);
    const kept = Array.from({ length: 25 }, (_, i) => `KS 2033 § ${i + 1}`).filter((b) => !deleted.includes(b));
    expect([...seen.nodes].sort()).toEqual([...kept].sort());
    expect(seen.borttagna.sort()).toEqual([...deleted].sort());
    expect(copy.pages - pagesBefore).toBeGreaterThanOrEqual(7);
    expect(await copy.poll()).toEqual({ nodes: [], borttagna: [] });
  });

  it('reports a row deleted and inserted again in one transaction as its tombstone, then the row', async () => {
    const copy = client(PARAGRAFER);
    await copy.poll();
    const m = timra.server.dataSource.createQueryRunner();
    await m.connect();
    try {
      await m.startTransaction();
      await m.query(`DELETE FROM paragraf WHERE beteckning = 'KS 2032 § 1'`);
      await m.query(
        `INSERT INTO paragraf (beteckning, organ_id, ar, nummer, rubrik) VALUES ('KS 2032 § 1', 'KS', 2032, 1, 'Igen')`,
      );
      await m.commitTransaction();
    } finally {
      await m.release();
    }
    const before = copy.marker;
    const got = await copy.pollUntilChanged();
    expect(got.borttagna.map((b) => b.id)).toEqual(['KS 2032 § 1']);
    expect(got.nodes.map((n) => [n.beteckning, n.rubrik])).toEqual([['KS 2032 § 1', 'Igen']]);
    // In the feed's order the tombstone comes first, so a copy that applies it in order keeps the row.
    const first = await PARAGRAFER.page(before, null, 1);
    expect([first.borttagna.map((b) => b.id), first.nodes]).toEqual([['KS 2032 § 1'], []]);
    const second = await PARAGRAFER.page(before, first.pageInfo.endCursor, 1);
    expect(second.nodes.map((n) => n.beteckning)).toEqual(['KS 2032 § 1']);
  });

  it('sends as many SQL statements for a page of 100 paragraphs with their relations as for 10', async () => {
    await kommunDb().query(
      `INSERT INTO paragraf (beteckning, organ_id, ar, nummer, diarienummer)
       SELECT 'KS 2034 § ' || i, 'KS', 2034, i, 'KS 2020/1' FROM generate_series(1, 120) i`,
    );
    const query = `query($f: Int) { kommun(kommunkod: "2262") { paragrafandringar(first: $f) {
      nodes { beteckning organ { kortnamn namn } arende { diarienummer rubrik status } }
      borttagna { id } pageInfo { hasNextPage } andringsmarkor } } }`;
    const statementsFor = async (first: number) => {
      // Until the horizon has passed the insert, the page may be short.
      for (let i = 0; i < 100; i++) {
        sql.reset();
        const { data, errors } = await timra.gql(query, { f: first });
        expect(errors).toBeUndefined();
        const page = data!.kommun.paragrafandringar;
        if (page.nodes.length + page.borttagna.length === first) return sql.count;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`no full page of ${first}`);
    };
    const ten = await statementsFor(10);
    const hundred = await statementsFor(100);
    expect(hundred).toBe(ten);
    expect(ten).toBeLessThanOrEqual(10);
  });
});

describe('uppdateradSedan on a list of the feed', () => {
  it('keeps the items and tombstones after a time, by the clock', async () => {
    await kommunDb().query(`INSERT INTO paragraf (beteckning, organ_id, ar) VALUES ('KS 2037 § 1', 'KS', 2037)`);
    const [{ t }] = (await kommunDb().query(`SELECT uppdaterad AS t FROM paragraf WHERE beteckning = 'KS 2037 § 1'`)) as {
      t: Date;
    }[];
    await new Promise((resolve) => setTimeout(resolve, 5));
    await kommunDb().query(`INSERT INTO paragraf (beteckning, organ_id, ar) VALUES ('KS 2037 § 2', 'KS', 2037)`);
    await kommunDb().query(`DELETE FROM paragraf WHERE beteckning = 'KS 2037 § 2'`);
    const query = `query($t: DateTime) { kommun(kommunkod: "2262") {
      paragrafandringar(uppdateradSedan: $t) { nodes { beteckning } borttagna { id } } } }`;
    for (let i = 0; i < 100; i++) {
      const { data, errors } = await timra.gql(query, { t: t.toISOString() });
      expect(errors).toBeUndefined();
      const page = data!.kommun.paragrafandringar;
      if (page.borttagna.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      expect(page.nodes.map((n: { beteckning: string }) => n.beteckning)).not.toContain('KS 2037 § 1');
      expect(page.borttagna).toEqual([{ id: 'KS 2037 § 2' }]);
      return;
    }
    throw new Error('the delete never arrived');
  });
});

describe('markers', () => {
  const query = `query($m: String, $a: String) { kommun(kommunkod: "2262") {
    paragrafandringar(andradeEfter: $m, after: $a, first: 5) { nodes { beteckning } borttagna { id } andringsmarkor } } }`;

  it('are per kommun: joined with other kommuners markers, each kommun reads its own', async () => {
    const start = await timra.gql(query, { m: null });
    const own = start.data!.kommun.paragrafandringar.andringsmarkor as string;
    const next = await timra.gql(query, { m: own });
    const sundsvall = encodeMarker(
      'paragrafer',
      { name: '2281', instans: 'sundsvall' },
      { xid: '999999999', borttagen: false, n: 'KS 2099 § 1' },
    );
    const joined = await timra.gql(query, { m: `${sundsvall},,${own}` });
    expect(joined.errors).toBeUndefined();
    expect(joined.data).toEqual(next.data);
    // Another kommun's marker alone: Timrå has no position in it, so it starts from the beginning.
    const foreign = await timra.gql(query, { m: sundsvall });
    expect(foreign.data).toEqual(start.data);
  });

  it('of another list, or forged, are refused with BAD_USER_INPUT naming the argument', async () => {
    const uppdrag = await timra.gql(`{ kommun(kommunkod: "2262") { uppdragsandringar(first: 1) { andringsmarkor } } }`);
    const other = uppdrag.data!.kommun.uppdragsandringar.andringsmarkor as string;
    const refused = await timra.gql(query, { m: other });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'andradeEfter' });
    expect(refused.errors?.[0].message).toMatch(/belongs to the list uppdrag/);
    const forged = await timra.gql(query, { a: 'bm90IGEgbWFya29y' });
    expect(forged.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const tooMany = await timra.gql(`{ kommun(kommunkod: "2262") { organandringar(first: 101) { andringsmarkor } } }`);
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('of the ärende feed from before every list was on it are still accepted', async () => {
    const [{ andrad_xid, id }] = (await kommunDb().query(
      `SELECT andrad_xid::text, id::text FROM arende WHERE diarienummer = 'KS 2020/1'`,
    )) as { andrad_xid: string; id: string }[];
    const v1 = Buffer.from(JSON.stringify(['x', andrad_xid, id])).toString('base64url');
    const page = await arendePage(v1, null, 100);
    expect(page.nodes.map((n) => n.diarienummer)).not.toContain('KS 2020/1');
  });
});

describe('sekretess on the documents feed', () => {
  it("gives a restricted ärende's documents to a case officer of the kommun, and to no one else", async () => {
    await kommunDb().query(`
      INSERT INTO arende (diarienummer, status, registrerad, ansvarigt_organ_id, sekretess_lagrum)
        VALUES ('KS 2035/1', 'OPPET', '2035-01-02', 'KS', 'OSL 21 kap. 1 §');
      INSERT INTO handling (diarienummer, titel, typ) VALUES ('KS 2035/1', 'Hemlig bilaga', 'SKRIVELSE')`);
    const query = `{ kommun(kommunkod: "2262") { handlingsandringar { nodes { titel } pageInfo { hasNextPage } } } }`;
    const titlesFor = async (caller: Caller | null, waitForIt = false) => {
      for (let i = 0; i < 100; i++) {
        const { data, errors } = await timra.gqlAs(caller, query);
        expect(errors).toBeUndefined();
        const titles = (data!.kommun.handlingsandringar.nodes as { titel: string }[]).map((n) => n.titel);
        // The case officer's answer shows the insert once the horizon has passed it.
        if (!waitForIt || titles.includes('Hemlig bilaga')) return titles;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('the document never arrived');
    };
    expect(await titlesFor(TIMRA_HANDLAGGARE, true)).toContain('Hemlig bilaga');
    const anonymous = await titlesFor(null);
    expect(anonymous.length).toBeGreaterThan(0);
    expect(anonymous).not.toContain('Hemlig bilaga');
    expect(await titlesFor({ sub: 'sundsvall', kommunkod: '2281', roller: ['HANDLAGGARE'] })).not.toContain('Hemlig bilaga');
  });
});

describe('a change of a part is a change of its whole', () => {
  it('shows a meeting again when an item is added to its dagordning', async () => {
    const moten = client(LISTS.find((l) => l.name === 'Kommun.sammantradesandringar')!);
    await kommunDb().query(`INSERT INTO sammantrade (id, organ_id, status) VALUES ('synkmote-2', 'KS', 'PLANERAT')`);
    await moten.pollUntilChanged();
    await kommunDb().query(`INSERT INTO dagordningspunkt (sammantrade_id, nummer, rubrik) VALUES ('synkmote-2', 1, 'Upprop')`);
    expect((await moten.pollUntilChanged()).nodes.map((n) => n.id)).toEqual(['synkmote-2']);
  });

  it('shows an agreement again when one of its parties changes, and an area when its status history grows', async () => {
    const avtal = client(LISTS.find((l) => l.name === 'Query.avtalsandringar')!);
    const omraden = client(LISTS.find((l) => l.name === 'Query.samverkansomradesandringar')!);
    await avtal.poll();
    await omraden.poll();
    await samverkanDb().query(`UPDATE avtalspart SET kostnadsandel = kostnadsandel WHERE avtal_id = 'eu-samordnare'`);
    await samverkanDb().query(
      `INSERT INTO omrade_status (omrade_id, ordning, status, datum) VALUES ('kostorganisation', 99, 'AVVAKTAR', '2031-01-01')`,
    );
    expect((await avtal.pollUntilChanged()).nodes.map((n) => n.id)).toEqual(['eu-samordnare']);
    expect((await omraden.pollUntilChanged()).nodes.map((n) => n.id)).toEqual(['kostorganisation']);
  });
});

describe('a restored database', () => {
  it('refuses the markers its predecessor gave out, saying to start again, and keeps uppdaterad of restored rows', async () => {
    const before = await PARAGRAFER.page(null, null, 5);
    const marker = before.andringsmarkor!;
    // A restore runs the migrations in a new database, which makes a new incarnation; here the
    // same database is given one, as the restore would.
    await kommunDb().query(
      `CREATE OR REPLACE FUNCTION andringsflode_instans() RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT 'aterstalld'::text $$`,
    );
    const refused = await timra.gql(
      `query($m: String) { kommun(kommunkod: "2262") { paragrafandringar(andradeEfter: $m) { andringsmarkor } } }`,
      { m: marker },
    );
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'andradeEfter' });
    expect(refused.errors?.[0].message).toMatch(/restored or replaced; start again with andradeEfter: null/);
    const again = await PARAGRAFER.page(null, null, 5);
    expect(again.nodes).toEqual(before.nodes);

    // A restore inserts rows with their uppdaterad: the trigger keeps it.
    await kommunDb().query(
      `INSERT INTO paragraf (beteckning, organ_id, ar, uppdaterad) VALUES ('KS 2036 § 1', 'KS', 2036, '2020-02-03T04:05:06.007Z')`,
    );
    const [{ uppdaterad }] = (await kommunDb().query(`SELECT uppdaterad FROM paragraf WHERE beteckning = 'KS 2036 § 1'`)) as {
      uppdaterad: Date;
    }[];
    expect(uppdaterad.toISOString()).toBe('2020-02-03T04:05:06.007Z');
  });
});
