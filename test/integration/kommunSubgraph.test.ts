import { loadConfig } from '../../subgraphs/kommun/src/config';
import { startKommunServer, type KommunServer } from '../../subgraphs/kommun/src/server';
import { dropAll, testDatabaseUrl, uniquePrefix } from '../helpers/database';
import { postGraphQL, type GraphQLResponse } from '../helpers/graphql';
import { SqlCounter } from '../helpers/sqlCounter';
import { createLogger } from '#platform/telemetry/logger';

const prefix = uniquePrefix();
const timraDb = testDatabaseUrl(prefix, 'kommun_2262');
const angeDb = testDatabaseUrl(prefix, 'kommun_2260');
const registry = JSON.stringify([
  { kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län', url: 'http://localhost:4003/graphql' },
  { kommunkod: '2260', namn: 'Ånge', lan: 'Västernorrlands län', url: 'http://localhost:4005/graphql' },
]);
const config = (kommunkod: string, databaseUrl: string, seed = true) =>
  loadConfig([kommunkod], {
    DATABASE_URL: databaseUrl,
    PORT: '0',
    SEED: String(seed),
    KOMMUN_REGISTRY: registry,
    INTERNAL_AUTH: 'off',
  });

afterAll(() => dropAll([timraDb, angeDb]));

describe('kommun subgraph (Timrå, seeded)', () => {
  let server: KommunServer;
  beforeAll(async () => {
    server = await startKommunServer(config('2262', timraDb));
  });
  afterAll(() => server.stop());

  it('names the län by its name in lansnamn, and keeps the deprecated lan answering the same', async () => {
    const { data, errors } = await postGraphQL(
      server.url,
      `{ kommun(kommunkod: "2262") { lansnamn lan }
         __type(name: "Kommun") { fields(includeDeprecated: true) { name isDeprecated deprecationReason } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data!.kommun).toEqual({ lansnamn: 'Västernorrlands län', lan: 'Västernorrlands län' });
    const fields = data!.__type.fields as { name: string; isDeprecated: boolean; deprecationReason: string | null }[];
    expect(fields.find((f) => f.name === 'lansnamn')).toMatchObject({ isDeprecated: false });
    expect(fields.find((f) => f.name === 'lan')).toMatchObject({ isDeprecated: true });
    expect(fields.find((f) => f.name === 'lan')!.deprecationReason).toMatch(/lansnamn.*SCB code/);
  });

  it('serves its own kommun with the seed document’s ärende, paragraphs and assignments', async () => {
    const { data, errors } = await postGraphQL(
      server.url,
      `{ kommun(kommunkod: "2262") { namn lan organ { kortnamn namn typ }
           arenden(first: 5) { totalCount nodes { diarienummer rubrik illustrativaFalt
             forslagTillBeslut { nummer text } behandlingar { beteckning utfall organ { kortnamn } }
             beslutsunderlag { titel typ } uppdrag { mottagare deadline status forsenad } } } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data!.kommun.namn).toBe('Timrå');
    expect(data!.kommun.organ).toEqual([
      { kortnamn: 'BUN', namn: 'Barn- och utbildningsnämnden', typ: 'NAMND' },
      { kortnamn: 'KS', namn: 'Kommunstyrelsen', typ: 'STYRELSE' },
    ]);
    const [arende] = data!.kommun.arenden.nodes;
    expect(arende.rubrik).toBe('Uppföljning uppdrag samverkan Sundsvall-Timrå');
    expect(arende.illustrativaFalt).toContain('diarienummer');
    expect(arende.forslagTillBeslut).toHaveLength(4);
    expect(arende.forslagTillBeslut[1].text).toContain('även inkludera Härnösands kommun');
    expect(arende.behandlingar.map((p: { beteckning: string }) => p.beteckning)).toEqual([
      'KS 2019 § 65',
      'KS 2019 § 241',
      'KS 2019 § 257',
      'BUN 2019 § 68',
      'KS 2020 § 40',
    ]);
    expect(arende.uppdrag).toContainEqual({
      mottagare: 'Kommunchefen',
      deadline: '2021-12-31',
      status: 'PAGAENDE',
      forsenad: true,
    });
  });

  it('answers null for another kommun and refuses entity references of another kommun', async () => {
    const { data } = await postGraphQL(
      server.url,
      `query($r: [_Any!]!) { kommun(kommunkod: "2281") { namn } _entities(representations: $r) { ... on Kommun { namn } } }`,
      {
        r: [
          { __typename: 'Kommun', kommunkod: '2281' },
          { __typename: 'Kommun', kommunkod: '2262' },
        ],
      },
    );
    expect(data).toEqual({ kommun: null, _entities: [null, { namn: 'Timrå' }] });
  });

  it('refuses a page size outside 1 to 100 and a forged cursor with BAD_USER_INPUT', async () => {
    for (const args of ['first: 0', 'first: 101', 'after: "not-a-cursor"']) {
      const { errors } = await postGraphQL(server.url, `{ kommun(kommunkod: "2262") { arenden(${args}) { totalCount } } }`);
      expect(errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    }
  });

  it('treats SQL in a string as data: it finds nothing, and every table is still there', async () => {
    const injection = "x'; DROP TABLE arende; --";
    const tables = async () =>
      (
        await server.dataSource.query(
          `SELECT (SELECT count(*) FROM arende)::int arende, (SELECT count(*) FROM arende_innehall)::int innehall,
                  (SELECT count(*) FROM arende_status)::int status, (SELECT count(*) FROM paragraf)::int paragraf`,
        )
      )[0];
    const before = await tables();
    const { data, errors } = await postGraphQL(
      server.url,
      `query($text: String!) {
         arende(kommunkod: "2262", diarienummer: "x'; DROP TABLE arende; --") { rubrik }
         kommun(kommunkod: "2262") {
           arenden(filter: { text: $text, organ: ["KS'; DELETE FROM arende; --"] }) { totalCount }
           sokt: arenden(filter: { text: $text }) { totalCount }
         }
       }`,
      { text: injection },
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({ arende: null, kommun: { arenden: { totalCount: 0 }, sokt: { totalCount: 0 } } });
    expect(before.arende).toBeGreaterThan(0);
    expect(await tables()).toEqual(before);
  });
});

describe('kommun subgraph internal errors', () => {
  it('logs an internal error as one JSON line (pino) with the request id the gateway sent', async () => {
    const lines: string[] = [];
    const settings = config('2262', timraDb);
    const logger = createLogger(settings.telemetry, { write: (line: string) => void lines.push(line) });
    const server = await startKommunServer(settings, { logger });
    try {
      // Break the database under the running service, as an operator's mistake would.
      await server.dataSource.query('ALTER TABLE organ RENAME TO organ_borta');
      const response = await postGraphQL(server.url, '{ kommun(kommunkod: "2262") { organ { namn } } }', {}, undefined, {
        'x-request-id': 'req-from-gateway-7',
      });
      expect(response.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(lines.map((line) => JSON.parse(line))).toContainEqual(
        expect.objectContaining({
          level: 'error',
          service: 'kommun 2262',
          kommunkod: '2262',
          requestId: 'req-from-gateway-7',
          path: ['kommun', 'organ'],
        }),
      );
    } finally {
      await server.dataSource.query('ALTER TABLE organ_borta RENAME TO organ');
      await server.stop();
    }
  });
});

describe('kommun subgraph start-up', () => {
  it('seeds once: a second start on the same database adds nothing', async () => {
    const counts = async (server: KommunServer) => {
      const rows = await server.dataSource.query(
        `SELECT (SELECT count(*) FROM arende) a, (SELECT count(*) FROM paragraf) p, (SELECT count(*) FROM uppdrag) u,
                (SELECT count(*) FROM handling) h, (SELECT count(*) FROM arende_status) s, (SELECT count(*) FROM beslutspunkt) b`,
      );
      return rows[0];
    };
    const first = await startKommunServer(config('2262', timraDb));
    const before = await counts(first);
    await first.stop();
    const second = await startKommunServer(config('2262', timraDb));
    const after = await counts(second);
    await second.stop();
    expect(before).toEqual({ a: '1', p: '5', u: '3', h: '2', s: '1', b: '4' });
    expect(after).toEqual(before);
  });

  it('refuses to serve a database that belongs to another kommun', async () => {
    await expect(startKommunServer(config('2260', timraDb, false))).rejects.toThrow(/belongs to kommun 2262/);
  });
});

describe('kommun subgraph SQL per request', () => {
  const sql = new SqlCounter();
  let server: KommunServer;
  beforeAll(async () => {
    server = await startKommunServer(config('2260', angeDb, false), { sqlLogger: sql });
    await server.dataSource.query(`
      INSERT INTO organ (id, kortnamn, namn, typ) VALUES ('KS', 'KS', 'Kommunstyrelsen', 'STYRELSE');
      INSERT INTO arende (diarienummer, status, registrerad, ansvarigt_organ_id)
        -- Ten ärenden a day: ties in registrerad that the order must break the same way every page.
        SELECT 'KS 2026/' || i, 'OPPET', date '2026-01-01' + i / 10, 'KS' FROM generate_series(1, 250) i;
      INSERT INTO arende_innehall (diarienummer, rubrik) SELECT diarienummer, 'Ärende ' || substr(diarienummer, 9) FROM arende;
      INSERT INTO arende_status (diarienummer, status, datum) SELECT diarienummer, 'OPPET', registrerad FROM arende;
      INSERT INTO beslutspunkt (diarienummer, nummer, text) SELECT diarienummer, 1, 'Besluta' FROM arende;
      INSERT INTO handling (diarienummer, titel, typ) SELECT diarienummer, 'Skrivelse', 'SKRIVELSE' FROM arende;
      INSERT INTO paragraf (beteckning, organ_id, ar, nummer, diarienummer)
        SELECT 'KS 2026 § ' || i, 'KS', 2026, i, 'KS 2026/' || i FROM generate_series(1, 250) i;
      INSERT INTO uppdrag (id, beskrivning, mottagare, givet_i, diarienummer, deadline, status)
        SELECT 'u' || i, 'Utred', 'Kommunchefen', 'KS 2026 § ' || i, 'KS 2026/' || i, date '2026-06-01', 'PAGAENDE'
        FROM generate_series(1, 250) i;
    `);
  });
  afterAll(() => server.stop());

  const listQuery = (first: number) => `{ kommun(kommunkod: "2260") { organ { namn } arenden(first: ${first}) { totalCount
      nodes { diarienummer ansvarigtOrgan { namn } statushistorik { status } forslagTillBeslut { text }
        beslutsunderlag { titel } behandlingar { beteckning organ { kortnamn } arende { rubrik } }
        uppdrag { id givetI { beteckning organ { namn } } arende { diarienummer } } } } } }`;

  it('sends as many statements for 100 ärenden with all their relations as for 10', async () => {
    const statementsFor = async (first: number) => {
      sql.reset();
      const { data, errors } = await postGraphQL(server.url, listQuery(first));
      expect(errors).toBeUndefined();
      expect(data!.kommun.arenden.nodes).toHaveLength(first);
      expect(data!.kommun.arenden.nodes[0].uppdrag[0].givetI.organ.namn).toBe('Kommunstyrelsen');
      return sql.count;
    };
    const ten = await statementsFor(10);
    const hundred = await statementsFor(100);
    expect(hundred).toBe(ten);
    // Batched lookups use = ANY($1), one statement for all keys.
    expect(sql.statements.some((s) => /= ANY\(\$1\)/.test(s))).toBe(true);
  });

  it('walks every page exactly once in a stable order', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const response: GraphQLResponse<{ kommun: any }> = await postGraphQL<{ kommun: any }>(
        server.url,
        `query($after: String) { kommun(kommunkod: "2260") { arenden(first: 25, after: $after) { nodes { diarienummer } pageInfo { hasNextPage endCursor } } } }`,
        { after },
      );
      const page: { nodes: { diarienummer: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } =
        response.data!.kommun.arenden;
      seen.push(...page.nodes.map((n: { diarienummer: string }) => n.diarienummer));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(250);
    expect(new Set(seen).size).toBe(250);
    expect(seen[0]).toBe('KS 2026/250');
    // Newest registered first, every step down the list.
    const numbers = seen.map((d) => Number(d.split('/')[1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
  });

  // Last in this block: it adds ärenden that the tests above do not expect.
  it('counts statistik in the same few statements however much data there is, restricted ärenden included', async () => {
    const statistik = `{ statistik { arenden { status organ ar antal } uppdrag { status antal } paragrafer { organ ar antal } } }`;
    const statementsFor = async () => {
      sql.reset();
      const { data, errors } = await postGraphQL(server.url, statistik);
      expect(errors).toBeUndefined();
      return { count: sql.count, data: data!.statistik };
    };
    const before = await statementsFor();
    expect(before.data).toEqual({
      arenden: [{ status: 'OPPET', organ: 'KS', ar: 2026, antal: 250 }],
      uppdrag: [{ status: 'PAGAENDE', antal: 250 }],
      paragrafer: [{ organ: 'KS', ar: 2026, antal: 250 }],
    });
    await server.dataSource.query(`
      INSERT INTO arende (diarienummer, status, registrerad, ansvarigt_organ_id, sekretess_lagrum)
        SELECT 'KS 2025/' || i, 'STANGT', date '2025-03-01', 'KS', 'OSL 26 kap. 1 §' FROM generate_series(1, 1000) i;
      INSERT INTO arende_innehall (diarienummer, rubrik) SELECT diarienummer, 'Hemligt' FROM arende WHERE sekretess_lagrum IS NOT NULL;
    `);
    const after = await statementsFor();
    expect(after.data.arenden).toEqual([
      { status: 'STANGT', organ: 'KS', ar: 2025, antal: 1000 },
      { status: 'OPPET', organ: 'KS', ar: 2026, antal: 250 },
    ]);
    expect(after.count).toBe(before.count);
    expect(sql.statements.filter((s) => /GROUP BY/.test(s))).toHaveLength(3);
  });
});
