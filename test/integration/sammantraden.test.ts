import { loadConfig } from '../../subgraphs/kommun/src/config';
import { startKommunServer, type KommunServer } from '../../subgraphs/kommun/src/server';
import { dropAll, testDatabaseUrl, uniquePrefix } from '../helpers/database';
import { postGraphQL } from '../helpers/graphql';
import { SqlCounter } from '../helpers/sqlCounter';

// Ånge (2260), not in the seed: a kommun with many meetings, members and protocols.
const angeDb = testDatabaseUrl(uniquePrefix(), 'kommun_2260');
const registry = JSON.stringify([
  { kommunkod: '2260', namn: 'Ånge', lan: 'Västernorrlands län', url: 'http://localhost:4005/graphql' },
]);

const sql = new SqlCounter();
let server: KommunServer;

/**
 * Sixty weekly meetings of KS from Monday 5 January 2026, each with four items decided in
 * paragraphs (the fourth only information), a protokoll announced two days after the meeting,
 * two justerare and ten members present; thirty members with seats in KS.
 */
beforeAll(async () => {
  server = await startKommunServer(
    loadConfig(['2260'], { DATABASE_URL: angeDb, PORT: '0', SEED: 'false', KOMMUN_REGISTRY: registry, INTERNAL_AUTH: 'off' }),
    { sqlLogger: sql },
  );
  await server.dataSource.query(`
    INSERT INTO organ (id, kortnamn, namn, typ) VALUES ('KS', 'KS', 'Kommunstyrelsen', 'STYRELSE'), ('BUN', 'BUN', 'Barn- och utbildningsnämnden', 'NAMND');
    INSERT INTO ledamot (id, namn, parti) SELECT 'l' || i, 'Ledamot ' || lpad(i::text, 2, '0'), 'Parti ' || (i % 4) FROM generate_series(1, 30) i;
    INSERT INTO ledamotskap (ledamot_id, organ_id, roll, fran, till)
      SELECT 'l' || i, 'KS', CASE i WHEN 1 THEN 'ORDFORANDE' WHEN 2 THEN 'VICE_ORDFORANDE' ELSE 'LEDAMOT' END, date '2023-01-01', date '2026-12-31'
      FROM generate_series(1, 30) i;
    INSERT INTO ledamotskap (ledamot_id, organ_id, roll, fran, till) VALUES ('l3', 'BUN', 'ERSATTARE', date '2019-01-01', date '2022-12-31');
    INSERT INTO sammantrade (id, organ_id, datum, borjar, plats, status)
      SELECT 'ks-' || m, 'KS', date '2026-01-05' + (m - 1) * 7, ((date '2026-01-05' + (m - 1) * 7) + time '13:00') AT TIME ZONE 'Europe/Stockholm',
             'Kommunhuset', 'GENOMFORT'
      FROM generate_series(1, 60) m;
    INSERT INTO arende (diarienummer, status, registrerad, ansvarigt_organ_id)
      SELECT 'KS 2026/' || m || '-' || p, 'OPPET', date '2026-01-01', 'KS' FROM generate_series(1, 60) m, generate_series(1, 4) p;
    INSERT INTO arende_innehall (diarienummer, rubrik) SELECT diarienummer, 'Ärende ' || diarienummer FROM arende;
    INSERT INTO paragraf (beteckning, organ_id, ar, nummer, datum, utfall, diarienummer)
      SELECT 'KS 2026 § ' || ((m - 1) * 4 + p), 'KS', 2026, (m - 1) * 4 + p, date '2026-01-05' + (m - 1) * 7,
             CASE p WHEN 4 THEN 'INFORMATION' ELSE 'BIFALL' END, 'KS 2026/' || m || '-' || p
      FROM generate_series(1, 60) m, generate_series(1, 4) p;
    INSERT INTO dagordningspunkt (sammantrade_id, nummer, rubrik, diarienummer, paragraf)
      SELECT 'ks-' || m, p, 'Punkt ' || p, 'KS 2026/' || m || '-' || p, 'KS 2026 § ' || ((m - 1) * 4 + p)
      FROM generate_series(1, 60) m, generate_series(1, 4) p;
    INSERT INTO protokoll (sammantrade_id, justeringsdag, anslagsdag)
      SELECT id, datum + 1, datum + 2 FROM sammantrade;
    INSERT INTO protokollsutdrag (sammantrade_id, mottagare, expedierat) SELECT id, 'Kommunchefen', datum + 3 FROM sammantrade;
    INSERT INTO protokoll_justerare (sammantrade_id, ledamot_id) SELECT s.id, 'l' || j FROM sammantrade s, generate_series(4, 5) j;
    INSERT INTO narvaro (sammantrade_id, ledamot_id) SELECT s.id, 'l' || n FROM sammantrade s, generate_series(1, 10) n;
  `);
});

afterAll(async () => {
  await server?.stop();
  await dropAll([angeDb]);
});

const gql = async (query: string, variables: Record<string, unknown> = {}) => {
  sql.reset();
  const response = await postGraphQL(server.url, query, variables);
  return { ...response, statements: sql.count };
};

const meetingsQuery = `query($fran: Date, $till: Date) { kommun(kommunkod: "2260") {
  sammantraden(fran: $fran, till: $till) { id datum borjar plats status organ { kortnamn }
    dagordning { nummer rubrik arende { diarienummer rubrik } paragraf { beteckning utfall sammantrade { id }
      beslutadAv { organ { kortnamn } sammantrade { id } narvarande { namn } } } }
    protokoll { justeringsdag anslagsdag overklagandetidSlutar justerare { namn parti ledamotskap { roll organ { kortnamn } fran till } }
      utdrag { mottagare expedierat } }
    narvarande { id } }
  organ { kortnamn sammantraden(fran: $fran, till: $till) { id } ledamotskap(per: "2026-03-01") { roll ledamot { namn } } }
  ledamoter { id namn parti ledamotskap { roll organ { kortnamn } } } } }`;

describe('sammanträden, protokoll and ledamöter of a kommun', () => {
  it('tells a meeting with its items, paragraphs, protokoll, justerare and who was present', async () => {
    const { data, errors } = await gql(meetingsQuery, { fran: '2026-01-05', till: '2026-01-05' });
    expect(errors).toBeUndefined();
    const [meeting] = data!.kommun.sammantraden;
    expect(meeting).toMatchObject({
      id: 'ks-1',
      datum: '2026-01-05',
      borjar: '2026-01-05T12:00:00.000Z',
      plats: 'Kommunhuset',
      status: 'GENOMFORT',
      organ: { kortnamn: 'KS' },
    });
    expect(meeting.dagordning.map((d: { nummer: number }) => d.nummer)).toEqual([1, 2, 3, 4]);
    expect(meeting.dagordning[0]).toEqual({
      nummer: 1,
      rubrik: 'Punkt 1',
      arende: { diarienummer: 'KS 2026/1-1', rubrik: 'Ärende KS 2026/1-1' },
      paragraf: {
        beteckning: 'KS 2026 § 1',
        utfall: 'BIFALL',
        sammantrade: { id: 'ks-1' },
        beslutadAv: {
          organ: { kortnamn: 'KS' },
          sammantrade: { id: 'ks-1' },
          narvarande: Array.from({ length: 10 }, (_, i) => ({ namn: `Ledamot ${String(i + 1).padStart(2, '0')}` })),
        },
      },
    });
    // Posted on Wednesday 7 January: three weeks later is Wednesday 28 January.
    expect(meeting.protokoll).toMatchObject({
      justeringsdag: '2026-01-06',
      anslagsdag: '2026-01-07',
      overklagandetidSlutar: '2026-01-28',
    });
    expect(meeting.protokoll.justerare).toEqual([
      {
        namn: 'Ledamot 04',
        parti: 'Parti 0',
        ledamotskap: [{ roll: 'LEDAMOT', organ: { kortnamn: 'KS' }, fran: '2023-01-01', till: '2026-12-31' }],
      },
      {
        namn: 'Ledamot 05',
        parti: 'Parti 1',
        ledamotskap: [{ roll: 'LEDAMOT', organ: { kortnamn: 'KS' }, fran: '2023-01-01', till: '2026-12-31' }],
      },
    ]);
    expect(meeting.protokoll.utdrag).toEqual([{ mottagare: 'Kommunchefen', expedierat: '2026-01-08' }]);
    const ks = data!.kommun.organ.find((o: { kortnamn: string }) => o.kortnamn === 'KS');
    expect(ks.sammantraden).toEqual([{ id: 'ks-1' }]);
    expect(ks.ledamotskap.slice(0, 2)).toEqual([
      { roll: 'ORDFORANDE', ledamot: { namn: 'Ledamot 01' } },
      { roll: 'VICE_ORDFORANDE', ledamot: { namn: 'Ledamot 02' } },
    ]);
    // The BUN seat of l3 ended in 2022: not a member on 1 March 2026.
    const bun = data!.kommun.organ.find((o: { kortnamn: string }) => o.kortnamn === 'BUN');
    expect(bun.ledamotskap).toEqual([]);
    const l3 = data!.kommun.ledamoter.find((l: { id: string }) => l.id === 'l3');
    expect(l3.ledamotskap).toEqual([
      { roll: 'ERSATTARE', organ: { kortnamn: 'BUN' } },
      { roll: 'LEDAMOT', organ: { kortnamn: 'KS' } },
    ]);
  });

  it('sends as many SQL statements for sixty meetings with everything in them as for five', async () => {
    const five = await gql(meetingsQuery, { fran: '2026-01-05', till: '2026-02-02' });
    const sixty = await gql(meetingsQuery, {});
    expect(five.errors).toBeUndefined();
    expect(sixty.errors).toBeUndefined();
    expect(five.data!.kommun.sammantraden).toHaveLength(5);
    expect(sixty.data!.kommun.sammantraden).toHaveLength(60);
    expect(sixty.data!.kommun.sammantraden[59].dagordning[3].paragraf.beslutadAv.narvarande).toHaveLength(10);
    expect(sixty.statements).toBe(five.statements);
    expect(sql.statements.filter((s) => /= ANY\(\$1\)/.test(s)).length).toBeGreaterThan(5);
  });

  it('lists the decisions still appealable on a day, soonest ending first, without information items', async () => {
    // The meetings of Mondays 2, 9 and 16 March are posted on Wednesdays 4, 11 and 18 March: on
    // 24 March their windows are open (the first ends Wednesday 25 March); the posting of
    // 25 February ended on 18 March, the one of 25 March has not been made yet.
    const query = `query($per: Date) { overklagbaraBeslut(per: $per) { kommunkod anslagsdag overklagandetidSlutar
      paragraf { beteckning } sammantrade { id datum } } }`;
    const { data, errors, statements } = await gql(query, { per: '2026-03-24' });
    expect(errors).toBeUndefined();
    const beslut = data!.overklagbaraBeslut;
    expect(beslut.map((b: { paragraf: { beteckning: string } }) => b.paragraf.beteckning)).toEqual([
      'KS 2026 § 33',
      'KS 2026 § 34',
      'KS 2026 § 35',
      'KS 2026 § 37',
      'KS 2026 § 38',
      'KS 2026 § 39',
      'KS 2026 § 41',
      'KS 2026 § 42',
      'KS 2026 § 43',
    ]);
    expect(beslut[0]).toEqual({
      kommunkod: '2260',
      anslagsdag: '2026-03-04',
      overklagandetidSlutar: '2026-03-25',
      paragraf: { beteckning: 'KS 2026 § 33' },
      sammantrade: { id: 'ks-9', datum: '2026-03-02' },
    });
    expect(beslut[3]).toMatchObject({ anslagsdag: '2026-03-11', overklagandetidSlutar: '2026-04-01' });
    // On the last day of a window it is still open; on the next day it is not.
    const lastDay = await gql(query, { per: '2026-03-25' });
    expect(lastDay.data!.overklagbaraBeslut[0].paragraf.beteckning).toBe('KS 2026 § 33');
    const dayAfter = await gql(query, { per: '2026-03-26' });
    expect(dayAfter.data!.overklagbaraBeslut[0].paragraf.beteckning).toBe('KS 2026 § 37');
    // One statement for the protocols, one per relation, whatever the number of decisions.
    const one = await gql(query, { per: '2026-01-08' });
    expect(one.data!.overklagbaraBeslut).toHaveLength(3);
    expect(one.statements).toBe(statements);
  });

  it('answers for its own kommun only, and refuses a period that ends before it begins', async () => {
    const other = await gql(`{ overklagbaraBeslut(kommunkoder: ["2262"], per: "2026-03-24") { anslagsdag } }`);
    expect(other.data!.overklagbaraBeslut).toEqual([]);
    const otherLan = await gql(`{ overklagbaraBeslut(lan: "01", per: "2026-03-24") { anslagsdag } }`);
    expect(otherLan.data!.overklagbaraBeslut).toEqual([]);
    expect((await gql(`{ sammantrade(kommunkod: "2262", id: "ks-1") { id } }`)).data!.sammantrade).toBeNull();
    const backwards = await gql(`{ kommun(kommunkod: "2260") { sammantraden(fran: "2026-03-01", till: "2026-02-01") { id } } }`);
    expect(backwards.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'till' }) }),
    ]);
  });

  it('withholds the rubrik of an item whose ärende has sekretess from a reader who may not see it', async () => {
    await server.dataSource.query(`
      INSERT INTO arende (diarienummer, status, registrerad, ansvarigt_organ_id, sekretess_lagrum)
        VALUES ('KS 2026/hemlig', 'OPPET', date '2026-01-01', 'KS', 'OSL 26 kap. 1 §');
      INSERT INTO arende_innehall (diarienummer, rubrik) VALUES ('KS 2026/hemlig', 'Stöd till en enskild');
      INSERT INTO dagordningspunkt (sammantrade_id, nummer, rubrik, diarienummer) VALUES ('ks-1', 5, 'Stöd till en enskild', 'KS 2026/hemlig');
    `);
    const { data, errors } = await gql(
      `{ sammantrade(kommunkod: "2260", id: "ks-1") { dagordning { nummer rubrik arende { diarienummer sekretess { lagrum } } } } }`,
    );
    const item = data!.sammantrade.dagordning[4];
    expect(item).toEqual({
      nummer: 5,
      rubrik: null,
      arende: { diarienummer: 'KS 2026/hemlig', sekretess: { lagrum: 'OSL 26 kap. 1 §' } },
    });
    expect(errors).toEqual([
      expect.objectContaining({
        path: ['sammantrade', 'dagordning', 4, 'rubrik'],
        extensions: expect.objectContaining({ code: 'FORBIDDEN' }),
      }),
    ]);
    expect(JSON.stringify(data)).not.toContain('enskild');
  });
});
