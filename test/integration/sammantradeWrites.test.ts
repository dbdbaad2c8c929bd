import type { Caller } from '#platform/auth/caller';
import { kommunAudience } from '#platform/auth/internalToken';
import { silentLogger } from '#platform/telemetry/logger';
import { loadConfig as loadGatewayConfig } from '../../gateway/src/config';
import { startGatewayServer, type GatewayServer } from '../../gateway/src/server';
import { loadConfig } from '../../subgraphs/kommun/src/config';
import { startKommunServer, type KommunServer } from '../../subgraphs/kommun/src/server';
import { testKeys } from '../helpers/auth';
import { dropAll, testDatabaseUrl, uniquePrefix } from '../helpers/database';
import { postGraphQL, type GraphQLResponse } from '../helpers/graphql';

// The writes of what a kommun keeps besides its diarium: meetings with their dagordning, the
// protokoll's justering and anslag (from which the appeal window follows), members and their
// seats. Timrå's subgraph on its own seeded database, called as the gateway calls it; today is
// pinned. The tests run in order and build on each other's writes, as a secretary's week would.
const TODAY = '2026-03-10';
const prefix = uniquePrefix();
const db = testDatabaseUrl(prefix, 'kommun_2262');
const registry = JSON.stringify([
  { kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län', url: 'http://localhost:4003/graphql' },
]);
const user = (sub: string, kommunkod: string, roll: Caller['roller'][number]): Caller => ({ sub, kommunkod, roller: [roll] });
const HANDLAGGARE = user('handlaggare-timra', '2262', 'HANDLAGGARE');

let server: KommunServer;
let keys: Awaited<ReturnType<typeof testKeys>>;
beforeAll(async () => {
  keys = await testKeys();
  server = await startKommunServer(
    loadConfig(['2262'], { DATABASE_URL: db, PORT: '0', SEED: 'true', KOMMUN_REGISTRY: registry, ...keys.env }),
    { clock: () => new Date(`${TODAY}T10:00:00Z`) },
  );
});
afterAll(async () => {
  await server?.stop();
  await dropAll([db]);
  keys?.remove();
});

/** An operation as the gateway sends it for `caller` (null: without a user), with the client's Idempotency-Key if given. */
async function gqlAs(caller: Caller | null, query: string, variables: Record<string, unknown> = {}, key?: string) {
  const headers = await keys.internalHeaders(kommunAudience('2262'), caller);
  return postGraphQL(server.url, query, variables, undefined, { ...headers, ...(key ? { 'idempotency-key': key } : {}) });
}
const gql = (query: string, variables: Record<string, unknown> = {}, key?: string) => gqlAs(HANDLAGGARE, query, variables, key);

/** The data of a write that must succeed. */
async function ok(response: Promise<GraphQLResponse>) {
  const { data, errors } = await response;
  expect(errors).toBeUndefined();
  return data!;
}

/** The one error of a refused write, with its code and field. */
async function refusal(response: Promise<GraphQLResponse>) {
  const { errors } = await response;
  expect(errors).toHaveLength(1);
  const [error] = errors!;
  return { code: error.extensions?.code, field: error.extensions?.field, message: error.message };
}

const count = async (sql: string) => (await server.dataSource.query(sql))[0].n as number;
/** What the writes of this file touch, to show that a refusal writes nothing. */
const counts = async () =>
  (
    await server.dataSource.query(
      `SELECT (SELECT count(*) FROM sammantrade)::int sammantraden, (SELECT count(*) FROM dagordningspunkt)::int punkter,
              (SELECT count(*) FROM protokoll WHERE justeringsdag IS NOT NULL)::int justerade,
              (SELECT count(*) FROM protokoll WHERE anslagsdag IS NOT NULL)::int anslagna,
              (SELECT count(*) FROM protokoll_justerare)::int justerare, (SELECT count(*) FROM ledamot)::int ledamoter,
              (SELECT count(*) FROM ledamotskap)::int ledamotskap, (SELECT count(*) FROM ledamotskap WHERE till IS NOT NULL)::int avslutade,
              (SELECT count(*) FROM granskningslogg)::int granskning`,
    )
  )[0];

const MOTE = `id organ { kortnamn } datum borjar plats status
  dagordning { nummer rubrik arende { diarienummer } paragraf { beteckning } }
  protokoll { justeringsdag anslagsdag overklagandetidSlutar justerare { namn } }`;
const REGISTRERA_SAMMANTRADE = `mutation($input: NyttSammantradeInput!) { registreraSammantrade(kommunkod: "2262", input: $input) { ${MOTE} } }`;
const ANDRA_DAGORDNING = `mutation($id: ID!, $input: DagordningInput!) { andraDagordning(kommunkod: "2262", id: $id, input: $input) { ${MOTE} } }`;
const JUSTERA = `mutation($id: ID!, $input: JusteringInput!) { justeraProtokoll(kommunkod: "2262", id: $id, input: $input) { ${MOTE} } }`;
const ANSLA = `mutation($id: ID!, $input: AnslagInput!) { anslaProtokoll(kommunkod: "2262", id: $id, input: $input) { ${MOTE} } }`;
const STALL_IN = `mutation($id: ID!) { stallInSammantrade(kommunkod: "2262", id: $id) { ${MOTE} } }`;
const LAS_MOTE = `query($id: ID!) { sammantrade(kommunkod: "2262", id: $id) { ${MOTE} } }`;
const REGISTRERA_LEDAMOT = `mutation($input: NyLedamotInput!) { registreraLedamot(kommunkod: "2262", input: $input) { id namn parti ledamotskap { roll } } }`;
const SEAT = `id roll fran till organ { kortnamn } ledamot { id namn ledamotskap { id roll organ { kortnamn } fran till } }`;
const REGISTRERA_LEDAMOTSKAP = `mutation($input: NyttLedamotskapInput!) { registreraLedamotskap(kommunkod: "2262", input: $input) { ${SEAT} } }`;
const AVSLUTA_LEDAMOTSKAP = `mutation($id: ID!, $input: LedamotskapsslutInput!) { avslutaLedamotskap(kommunkod: "2262", id: $id, input: $input) { ${SEAT} } }`;

const ledamot: Record<'anna' | 'bo' | 'cecilia', string> = { anna: '', bo: '', cecilia: '' };
let moteId: string;

describe('registreraLedamot, registreraLedamotskap and avslutaLedamotskap', () => {
  it('registers members in their public role, and refuses an empty name', async () => {
    for (const [key, namn, parti] of [
      ['anna', 'Anna Ordförande', 'S'],
      ['bo', 'Bo Ledamot', 'C'],
      ['cecilia', '  Cecilia Ersättare ', null],
    ] as const) {
      const data = await ok(gql(REGISTRERA_LEDAMOT, { input: { namn, parti } }));
      expect(data.registreraLedamot).toMatchObject({ namn: namn.trim(), parti, ledamotskap: [] });
      ledamot[key] = data.registreraLedamot.id;
    }
    const read = await ok(gql(`query($id: ID!) { ledamot(kommunkod: "2262", id: $id) { namn parti } }`, { id: ledamot.cecilia }));
    expect(read.ledamot).toEqual({ namn: 'Cecilia Ersättare', parti: null });
    expect(await refusal(gql(REGISTRERA_LEDAMOT, { input: { namn: '  ' } }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'namn',
    });
  });

  it('gives seats in organs, read back from the member and the organ', async () => {
    const anna = await ok(
      gql(REGISTRERA_LEDAMOTSKAP, { input: { ledamot: ledamot.anna, organ: 'KS', roll: 'ORDFORANDE', fran: '2023-01-01' } }),
    );
    expect(anna.registreraLedamotskap).toMatchObject({
      roll: 'ORDFORANDE',
      fran: '2023-01-01',
      till: null,
      organ: { kortnamn: 'KS' },
      ledamot: { namn: 'Anna Ordförande', ledamotskap: [{ roll: 'ORDFORANDE', organ: { kortnamn: 'KS' }, till: null }] },
    });
    await ok(
      gql(REGISTRERA_LEDAMOTSKAP, {
        input: { ledamot: ledamot.bo, organ: 'KS', roll: 'LEDAMOT', fran: '2023-01-01', till: '2026-12-31' },
      }),
    );
    const organ = await ok(
      gql(`{ kommun(kommunkod: "2262") { organ { kortnamn ledamotskap(per: "${TODAY}") { roll ledamot { namn } } } } }`),
    );
    const ks = organ.kommun.organ.find((o: { kortnamn: string }) => o.kortnamn === 'KS');
    expect(ks.ledamotskap).toEqual([
      { roll: 'ORDFORANDE', ledamot: { namn: 'Anna Ordförande' } },
      { roll: 'LEDAMOT', ledamot: { namn: 'Bo Ledamot' } },
    ]);
  });

  it('refuses a second seat in the same period, a second chair, a period backwards and what does not exist, writing nothing', async () => {
    const before = await counts();
    const seat = (input: Record<string, unknown>) =>
      refusal(
        gql(REGISTRERA_LEDAMOTSKAP, {
          input: { ledamot: ledamot.cecilia, organ: 'KS', roll: 'LEDAMOT', fran: '2026-01-01', ...input },
        }),
      );
    expect(await seat({ ledamot: ledamot.bo, roll: 'ERSATTARE', fran: '2026-06-01' })).toMatchObject({
      code: 'CONFLICT',
      field: 'fran',
      message: expect.stringContaining('Bo Ledamot already has a seat in KS'),
    });
    expect(await seat({ roll: 'ORDFORANDE' })).toMatchObject({ code: 'CONFLICT', field: 'roll' });
    expect(await seat({ till: '2025-12-31' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'till' });
    expect(await seat({ organ: 'SN' })).toMatchObject({ code: 'NOT_FOUND', field: 'organ' });
    expect(await seat({ ledamot: 'ingen-sadan' })).toMatchObject({ code: 'NOT_FOUND', field: 'ledamot' });
    expect(await counts()).toEqual(before);
  });

  it('gives one of two concurrent chairs of an organ the seat and the other CONFLICT', async () => {
    const chair = (id: string) =>
      gql(REGISTRERA_LEDAMOTSKAP, {
        input: { ledamot: id, organ: 'BUN', roll: 'ORDFORANDE', fran: '2026-01-01', till: '2026-06-30' },
      });
    const answers = await Promise.all([chair(ledamot.anna), chair(ledamot.bo)]);
    expect(answers.map((a) => (a.errors ? a.errors[0].extensions?.code : 'OK')).sort()).toEqual(['CONFLICT', 'OK']);
    expect(await count(`SELECT count(*)::int n FROM ledamotskap WHERE organ_id = 'BUN' AND roll = 'ORDFORANDE'`)).toBe(1);
  });

  it('ends a running seat once, not before it began', async () => {
    const given = await ok(
      gql(REGISTRERA_LEDAMOTSKAP, { input: { ledamot: ledamot.cecilia, organ: 'BUN', roll: 'ERSATTARE', fran: '2026-01-01' } }),
    );
    const id = given.registreraLedamotskap.id;
    expect(await refusal(gql(AVSLUTA_LEDAMOTSKAP, { id, input: { till: '2025-12-31' } }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'till',
    });
    const ended = await ok(gql(AVSLUTA_LEDAMOTSKAP, { id, input: { till: '2026-02-28' } }));
    expect(ended.avslutaLedamotskap).toMatchObject({
      id,
      till: '2026-02-28',
      ledamot: { ledamotskap: [{ id, roll: 'ERSATTARE', organ: { kortnamn: 'BUN' }, fran: '2026-01-01', till: '2026-02-28' }] },
    });
    expect(await refusal(gql(AVSLUTA_LEDAMOTSKAP, { id, input: { till: '2026-03-31' } }))).toMatchObject({
      code: 'CONFLICT',
      field: 'id',
    });
    for (const unknown of ['999999', 'inte-ett-id']) {
      expect(await refusal(gql(AVSLUTA_LEDAMOTSKAP, { id: unknown, input: { till: '2026-03-31' } }))).toMatchObject({
        code: 'NOT_FOUND',
        field: 'id',
      });
    }
    // The ended period frees the place: a new seat from the next day is no overlap.
    await ok(
      gql(REGISTRERA_LEDAMOTSKAP, { input: { ledamot: ledamot.cecilia, organ: 'BUN', roll: 'LEDAMOT', fran: '2026-03-01' } }),
    );
  });
});

describe('registreraSammantrade and andraDagordning', () => {
  it('registers a meeting, PLANERAT, with its dagordning numbered in order', async () => {
    const data = await ok(
      gql(REGISTRERA_SAMMANTRADE, {
        input: {
          organ: 'KS',
          datum: '2026-03-02',
          borjar: '2026-03-02T12:00:00Z',
          plats: ' Kommunhuset, KS-salen ',
          dagordning: [{ rubrik: 'Val av justerare' }, { rubrik: 'Uppföljning av samverkan', diarienummer: 'KS 2020/1' }],
        },
      }),
    );
    expect(data.registreraSammantrade).toMatchObject({
      organ: { kortnamn: 'KS' },
      datum: '2026-03-02',
      borjar: '2026-03-02T12:00:00.000Z',
      plats: 'Kommunhuset, KS-salen',
      status: 'PLANERAT',
      dagordning: [
        { nummer: 1, rubrik: 'Val av justerare', arende: null, paragraf: null },
        { nummer: 2, rubrik: 'Uppföljning av samverkan', arende: { diarienummer: 'KS 2020/1' }, paragraf: null },
      ],
      protokoll: null,
    });
    moteId = data.registreraSammantrade.id;
    const read = await ok(gql(LAS_MOTE, { id: moteId }));
    expect(read.sammantrade).toEqual(data.registreraSammantrade);
    const listed = await ok(gql(`{ kommun(kommunkod: "2262") { sammantraden(fran: "2026-03-01", till: "2026-03-31") { id } } }`));
    expect(listed.kommun.sammantraden).toEqual([{ id: moteId }]);
  });

  it('refuses an unknown organ or ärende, a start on another day and an item without rubrik, writing nothing', async () => {
    const before = await counts();
    const mote = (input: Record<string, unknown>) =>
      refusal(gql(REGISTRERA_SAMMANTRADE, { input: { organ: 'KS', datum: '2026-04-06', ...input } }));
    expect(await mote({ organ: 'SN' })).toMatchObject({ code: 'NOT_FOUND', field: 'organ' });
    // 23:30 UTC on 5 April is 01:30 on 6 April in Sweden: the same day. 22:30 UTC on 6 April is not.
    expect(await mote({ borjar: '2026-04-06T22:30:00Z' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'borjar' });
    expect(await mote({ dagordning: [{ rubrik: 'Okänt', diarienummer: 'KS 1999/1' }] })).toMatchObject({
      code: 'NOT_FOUND',
      field: 'dagordning',
    });
    expect(await mote({ dagordning: [{ rubrik: 'Bra' }, { rubrik: ' ' }] })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'dagordning',
      message: expect.stringContaining('item 2'),
    });
    expect(await counts()).toEqual(before);
    await ok(gql(REGISTRERA_SAMMANTRADE, { input: { organ: 'BUN', datum: '2026-04-06', borjar: '2026-04-05T23:30:00Z' } }));
  });

  it('replaces the dagordning, naming the paragraphs the items were decided in', async () => {
    const paragraf = `mutation($input: NyParagrafInput!) { registreraParagraf(kommunkod: "2262", input: $input) { beteckning } }`;
    for (const [nummer, utfall, diarienummer, organ, datum] of [
      [40, 'BIFALL', 'KS 2020/1', 'KS', '2026-03-02'],
      [41, 'INFORMATION', null, 'KS', '2026-03-02'],
      [42, 'BIFALL', null, 'KS', '2026-02-23'],
      [40, 'BIFALL', null, 'BUN', '2026-03-02'],
    ] as const) {
      await ok(gql(paragraf, { input: { organ, ar: 2026, nummer, datum, utfall, diarienummer } }));
    }
    const PARAGRAFFEED = `query($m: String) { kommun(kommunkod: "2262") {
      paragrafandringar(andradeEfter: $m) { nodes { beteckning sammantrade { id } } andringsmarkor } } }`;
    const marker = (await ok(gql(PARAGRAFFEED, { m: null }))).kommun.paragrafandringar.andringsmarkor;
    const data = await ok(
      gql(ANDRA_DAGORDNING, {
        id: moteId,
        input: {
          punkter: [
            { rubrik: 'Val av justerare' },
            { rubrik: 'Uppföljning av samverkan', paragraf: 'KS 2026 § 40' },
            { rubrik: 'Information om budgeten', paragraf: 'KS 2026 § 41' },
          ],
        },
      }),
    );
    expect(data.andraDagordning.dagordning).toEqual([
      { nummer: 1, rubrik: 'Val av justerare', arende: null, paragraf: null },
      // The item takes the ärende of its paragraph.
      {
        nummer: 2,
        rubrik: 'Uppföljning av samverkan',
        arende: { diarienummer: 'KS 2020/1' },
        paragraf: { beteckning: 'KS 2026 § 40' },
      },
      { nummer: 3, rubrik: 'Information om budgeten', arende: null, paragraf: { beteckning: 'KS 2026 § 41' } },
    ]);
    const decided = await ok(gql(`{ paragraf(kommunkod: "2262", beteckning: "KS 2026 § 40") { sammantrade { id } } }`));
    expect(decided.paragraf.sammantrade).toEqual({ id: moteId });
    // Where a paragraph was decided is part of it: a copy of the paragraphs sees the change.
    const changed = await ok(gql(PARAGRAFFEED, { m: marker }));
    expect(changed.kommun.paragrafandringar.nodes).toEqual([
      { beteckning: 'KS 2026 § 40', sammantrade: { id: moteId } },
      { beteckning: 'KS 2026 § 41', sammantrade: { id: moteId } },
    ]);
  });

  it('refuses a paragraph of another organ, day or ärende, twice or unknown, and a meeting that does not exist', async () => {
    const before = await counts();
    const andra = (punkt: Record<string, unknown>, id = moteId) =>
      refusal(gql(ANDRA_DAGORDNING, { id, input: { punkter: [{ rubrik: 'Punkt', ...punkt }] } }));
    expect(await andra({ paragraf: 'BUN 2026 § 40' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'punkter' });
    expect(await andra({ paragraf: 'KS 2026 § 42' })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'punkter',
      message: expect.stringContaining('2026-02-23'),
    });
    expect(await andra({ paragraf: 'KS 2026 § 40', diarienummer: 'KS 2026/999' })).toMatchObject({
      code: 'NOT_FOUND',
      field: 'punkter',
    });
    expect(await andra({ paragraf: 'KS 2026 § 99' })).toMatchObject({ code: 'NOT_FOUND', field: 'punkter' });
    expect(
      await refusal(
        gql(ANDRA_DAGORDNING, {
          id: moteId,
          input: {
            punkter: [
              { rubrik: 'A', paragraf: 'KS 2026 § 41' },
              { rubrik: 'B', paragraf: 'KS 2026 § 41' },
            ],
          },
        }),
      ),
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'punkter' });
    expect(await andra({}, 'inget-mote')).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    // A paragraph decided at this meeting is not free for another.
    const other = await ok(gql(REGISTRERA_SAMMANTRADE, { input: { organ: 'KS', datum: '2026-03-02', plats: 'Extra' } }));
    const taken = await andra({ paragraf: 'KS 2026 § 41' }, other.registreraSammantrade.id);
    expect(taken).toMatchObject({ code: 'CONFLICT', field: 'punkter', message: expect.stringContaining(moteId) });
    expect(await counts()).toEqual({ ...before, sammantraden: before.sammantraden + 1, granskning: before.granskning + 1 });
  });
});

describe('stallInSammantrade', () => {
  it('cancels a planned meeting for good: its dagordning and protokoll no longer change', async () => {
    const mote = await ok(
      gql(REGISTRERA_SAMMANTRADE, { input: { organ: 'KS', datum: '2026-03-16', dagordning: [{ rubrik: 'Budget' }] } }),
    );
    const id = mote.registreraSammantrade.id;
    const cancelled = await ok(gql(STALL_IN, { id }));
    expect(cancelled.stallInSammantrade).toMatchObject({ id, status: 'INSTALLT', dagordning: [{ nummer: 1, rubrik: 'Budget' }] });
    expect((await ok(gql(LAS_MOTE, { id }))).sammantrade.status).toBe('INSTALLT');
    const before = await counts();
    expect(await refusal(gql(STALL_IN, { id }))).toMatchObject({ code: 'CONFLICT', field: 'id' });
    expect(await refusal(gql(ANDRA_DAGORDNING, { id, input: { punkter: [] } }))).toMatchObject({ code: 'CONFLICT', field: 'id' });
    expect(await refusal(gql(JUSTERA, { id, input: { justeringsdag: '2026-03-10', justerare: [ledamot.anna] } }))).toMatchObject({
      code: 'CONFLICT',
      field: 'id',
    });
    expect(await refusal(gql(STALL_IN, { id: 'inget-mote' }))).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect(await counts()).toEqual(before);
  });
});

describe('justeraProtokoll and anslaProtokoll', () => {
  it('refuses an anslag before the justering, and a justering that is early, late, unsigned or by someone without a seat', async () => {
    const before = await counts();
    expect(await refusal(gql(ANSLA, { id: moteId, input: { anslagsdag: '2026-03-05' } }))).toMatchObject({
      code: 'CONFLICT',
      field: 'id',
    });
    const justera = (input: Record<string, unknown>, id = moteId) =>
      refusal(gql(JUSTERA, { id, input: { justeringsdag: '2026-03-04', justerare: [ledamot.anna, ledamot.bo], ...input } }));
    expect(await justera({ justeringsdag: '2026-03-01' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'justeringsdag' });
    expect(await justera({ justeringsdag: '2026-03-11' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'justeringsdag' });
    expect(await justera({ justerare: [] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'justerare' });
    expect(await justera({ justerare: [ledamot.anna, ledamot.anna] })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'justerare',
    });
    expect(await justera({ justerare: [ledamot.anna, 'ingen-sadan'] })).toMatchObject({ code: 'NOT_FOUND', field: 'justerare' });
    // Cecilia sits in BUN, not in KS.
    expect(await justera({ justerare: [ledamot.anna, ledamot.cecilia] })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'justerare',
      message: expect.stringContaining(ledamot.cecilia),
    });
    expect(await justera({}, 'inget-mote')).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    // The seed's meeting has no known day to check a justering against.
    expect(await justera({}, 'ks-2020-uppfoljning-samverkan')).toMatchObject({ code: 'CONFLICT', field: 'id' });
    expect(await counts()).toEqual(before);
  });

  it('justerar the protokoll once; the meeting is then GENOMFORT and its dagordning fixed', async () => {
    const data = await ok(
      gql(JUSTERA, { id: moteId, input: { justeringsdag: '2026-03-04', justerare: [ledamot.bo, ledamot.anna] } }),
    );
    expect(data.justeraProtokoll).toMatchObject({
      status: 'GENOMFORT',
      protokoll: {
        justeringsdag: '2026-03-04',
        anslagsdag: null,
        overklagandetidSlutar: null,
        justerare: [{ namn: 'Anna Ordförande' }, { namn: 'Bo Ledamot' }],
      },
    });
    expect((await ok(gql(LAS_MOTE, { id: moteId }))).sammantrade).toEqual(data.justeraProtokoll);
    expect(
      await refusal(gql(JUSTERA, { id: moteId, input: { justeringsdag: '2026-03-05', justerare: [ledamot.anna] } })),
    ).toMatchObject({ code: 'CONFLICT', field: 'id', message: expect.stringContaining('2026-03-04') });
    expect(await refusal(gql(ANDRA_DAGORDNING, { id: moteId, input: { punkter: [] } }))).toMatchObject({
      code: 'CONFLICT',
      field: 'id',
    });
    // A meeting held is not cancelled.
    expect(await refusal(gql(STALL_IN, { id: moteId }))).toMatchObject({ code: 'CONFLICT', field: 'id' });
  });

  it('records the anslag once, not before the justering; the appeal window follows from it', async () => {
    expect(await refusal(gql(ANSLA, { id: moteId, input: { anslagsdag: '2026-03-03' } }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'anslagsdag',
    });
    expect(await refusal(gql(ANSLA, { id: moteId, input: { anslagsdag: '2026-03-11' } }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'anslagsdag',
    });
    const data = await ok(gql(ANSLA, { id: moteId, input: { anslagsdag: '2026-03-05' } }));
    // Three weeks from Thursday 5 March 2026: Thursday 26 March (KL 13 kap. 5 §).
    expect(data.anslaProtokoll.protokoll).toMatchObject({ anslagsdag: '2026-03-05', overklagandetidSlutar: '2026-03-26' });
    expect(await refusal(gql(ANSLA, { id: moteId, input: { anslagsdag: '2026-03-06' } }))).toMatchObject({
      code: 'CONFLICT',
      field: 'id',
    });
    // The decision may now be appealed; the information item may not.
    const appealable = await ok(
      gql(
        `{ overklagbaraBeslut(kommunkoder: ["2262"], per: "${TODAY}") { paragraf { beteckning } sammantrade { id } anslagsdag overklagandetidSlutar } }`,
      ),
    );
    expect(appealable.overklagbaraBeslut).toEqual([
      {
        paragraf: { beteckning: 'KS 2026 § 40' },
        sammantrade: { id: moteId },
        anslagsdag: '2026-03-05',
        overklagandetidSlutar: '2026-03-26',
      },
    ]);
  });
});

describe('the writes of meetings and members retried with an Idempotency-Key, and raced', () => {
  it('makes a write once: a retry gets the first answer, another input under the key is a CONFLICT', async () => {
    const input = { organ: 'BUN', datum: '2026-05-04', dagordning: [{ rubrik: 'Skolstart' }] };
    const before = await counts();
    const first = await ok(gql(REGISTRERA_SAMMANTRADE, { input }, 'mote-1'));
    const retry = await ok(gql(REGISTRERA_SAMMANTRADE, { input }, 'mote-1'));
    expect(retry).toEqual(first);
    expect(await counts()).toEqual({
      ...before,
      sammantraden: before.sammantraden + 1,
      punkter: before.punkter + 1,
      granskning: before.granskning + 1,
    });
    const other = await refusal(gql(REGISTRERA_SAMMANTRADE, { input: { ...input, datum: '2026-05-11' } }, 'mote-1'));
    expect(other).toMatchObject({ code: 'CONFLICT', field: 'Idempotency-Key' });
    expect(await counts()).toEqual({
      ...before,
      sammantraden: before.sammantraden + 1,
      punkter: before.punkter + 1,
      granskning: before.granskning + 1,
    });
  });

  it('justerar a protokoll once when two justeringar race, and keeps the winner’s justerare only', async () => {
    const mote = await ok(gql(REGISTRERA_SAMMANTRADE, { input: { organ: 'KS', datum: '2026-03-06' } }));
    const id = mote.registreraSammantrade.id;
    const answers = await Promise.all(
      [ledamot.anna, ledamot.bo].map((justerare) =>
        gql(JUSTERA, { id, input: { justeringsdag: '2026-03-06', justerare: [justerare] } }),
      ),
    );
    expect(answers.map((a) => (a.errors ? a.errors[0].extensions?.code : 'OK')).sort()).toEqual(['CONFLICT', 'OK']);
    const winner = answers.find((a) => !a.errors)!.data!.justeraProtokoll.protokoll.justerare;
    expect((await ok(gql(LAS_MOTE, { id }))).sammantrade.protokoll.justerare).toEqual(winner);
    expect(winner).toHaveLength(1);
  });

  it('replays a justering, an anslag and a seat instead of refusing them as made', async () => {
    const mote = await ok(gql(REGISTRERA_SAMMANTRADE, { input: { organ: 'KS', datum: '2026-03-09' } }));
    const id = mote.registreraSammantrade.id;
    const justering = { id, input: { justeringsdag: '2026-03-09', justerare: [ledamot.anna] } };
    const justerat = await ok(gql(JUSTERA, justering, 'justera-1'));
    expect(await ok(gql(JUSTERA, justering, 'justera-1'))).toEqual(justerat);
    const anslag = { id, input: { anslagsdag: '2026-03-10' } };
    const anslaget = await ok(gql(ANSLA, anslag, 'ansla-1'));
    expect(await ok(gql(ANSLA, anslag, 'ansla-1'))).toEqual(anslaget);
    expect(anslaget.anslaProtokoll.protokoll.overklagandetidSlutar).toBe('2026-03-31');

    const seat = { input: { ledamot: ledamot.bo, organ: 'BUN', roll: 'LEDAMOT', fran: '2027-01-01' } };
    const given = await ok(gql(REGISTRERA_LEDAMOTSKAP, seat, 'seat-1'));
    expect(await ok(gql(REGISTRERA_LEDAMOTSKAP, seat, 'seat-1'))).toEqual(given);
    const ledamotInput = { input: { namn: 'Dagny Dubblett', parti: 'V' } };
    const registered = await ok(gql(REGISTRERA_LEDAMOT, ledamotInput, 'ledamot-1'));
    expect(await ok(gql(REGISTRERA_LEDAMOT, ledamotInput, 'ledamot-1'))).toEqual(registered);
    expect(await count(`SELECT count(*)::int n FROM ledamot WHERE namn = 'Dagny Dubblett'`)).toBe(1);
    expect(await count(`SELECT count(*)::int n FROM ledamotskap WHERE organ_id = 'BUN' AND fran = '2027-01-01'`)).toBe(1);
    expect(
      await count(
        `SELECT count(*)::int n FROM granskningslogg WHERE atgard IN ('justeraProtokoll', 'anslaProtokoll') AND objekt = '${id}'`,
      ),
    ).toBe(2);
  });
});

describe('who may write meetings and members', () => {
  it('refuses a caller without a user, a reader and a case officer of another kommun, and writes nothing', async () => {
    const before = await counts();
    const writes: [string, Record<string, unknown>][] = [
      [REGISTRERA_SAMMANTRADE, { input: { organ: 'KS', datum: '2026-06-01' } }],
      [ANDRA_DAGORDNING, { id: moteId, input: { punkter: [] } }],
      [STALL_IN, { id: moteId }],
      [JUSTERA, { id: moteId, input: { justeringsdag: '2026-03-04', justerare: [ledamot.anna] } }],
      [ANSLA, { id: moteId, input: { anslagsdag: '2026-03-05' } }],
      [REGISTRERA_LEDAMOT, { input: { namn: 'Obehörig' } }],
      [REGISTRERA_LEDAMOTSKAP, { input: { ledamot: ledamot.cecilia, organ: 'KS', roll: 'LEDAMOT', fran: '2030-01-01' } }],
      [AVSLUTA_LEDAMOTSKAP, { id: '1', input: { till: '2030-01-01' } }],
    ];
    for (const [caller, code] of [
      [null, 'UNAUTHENTICATED'],
      [user('lasare-timra', '2262', 'LASARE'), 'FORBIDDEN'],
      [user('samordnare-timra', '2262', 'SAMORDNARE'), 'FORBIDDEN'],
      [user('handlaggare-sundsvall', '2281', 'HANDLAGGARE'), 'FORBIDDEN'],
    ] as const) {
      for (const [query, variables] of writes) {
        expect((await refusal(gqlAs(caller, query, variables))).code).toBe(code);
      }
    }
    expect(await counts()).toEqual(before);
    // An ADMIN of the kommun may write, as a HANDLAGGARE may.
    await ok(gqlAs(user('admin-timra', '2262', 'ADMIN'), REGISTRERA_LEDAMOT, { input: { namn: 'Av admin' } }));
  });

  it('has audited every write with who made it, and no rubrik of a dagordning', async () => {
    const rows: { sub: string; atgard: string; objekt: string; detaljer: Record<string, unknown> }[] =
      await server.dataSource.query(
        `SELECT sub, atgard, objekt, detaljer FROM granskningslogg WHERE objekt = $1 ORDER BY tidpunkt, id`,
        [moteId],
      );
    expect(rows.map((r) => [r.sub, r.atgard])).toEqual([
      ['handlaggare-timra', 'registreraSammantrade'],
      ['handlaggare-timra', 'andraDagordning'],
      ['handlaggare-timra', 'justeraProtokoll'],
      ['handlaggare-timra', 'anslaProtokoll'],
    ]);
    expect(rows[1].detaljer).toEqual({ punkter: 3, paragrafer: ['KS 2026 § 40', 'KS 2026 § 41'] });
    expect(JSON.stringify(rows)).not.toContain('Uppföljning av samverkan');
  });
});

describe('the sync feed of meetings and members', () => {
  const FEED = `query($m: String, $l: String) { kommun(kommunkod: "2262") {
    sammantradesandringar(andradeEfter: $m) { nodes { id status protokoll { anslagsdag } } borttagna { id } andringsmarkor }
    ledamotsandringar(andradeEfter: $l) { nodes { id ledamotskap { organ { kortnamn } till } } borttagna { id } andringsmarkor } } }`;

  /**
   * The feeds from the markers: read again until `caughtUp`, because a feed holds back what a
   * transaction still open on the server could precede, and other test files write beside this one.
   */
  async function readFeeds(variables: { m: string | null; l: string | null }, caughtUp: (data: any) => boolean) {
    const until = Date.now() + 30_000;
    for (;;) {
      const data = await ok(gql(FEED, variables));
      if (caughtUp(data) || Date.now() > until) return data;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('shows each written meeting and member once, at its latest state', async () => {
    const ids = (nodes: { id: string }[]) => nodes.map((n) => n.id);
    const start = await readFeeds(
      { m: null, l: null },
      (data) =>
        ids(data.kommun.sammantradesandringar.nodes).includes(moteId) &&
        Object.values(ledamot).every((l) => ids(data.kommun.ledamotsandringar.nodes).includes(l as string)),
    );
    for (const list of ['sammantradesandringar', 'ledamotsandringar']) {
      const nodes = start.kommun[list].nodes as { id: string }[];
      expect(new Set(ids(nodes)).size).toBe(nodes.length);
    }
    expect(start.kommun.sammantradesandringar.nodes).toContainEqual({
      id: moteId,
      status: 'GENOMFORT',
      protokoll: { anslagsdag: '2026-03-05' },
    });
    expect(ids(start.kommun.ledamotsandringar.nodes)).toEqual(expect.arrayContaining(Object.values(ledamot)));

    // Three writes of one meeting and two of one member after a marker: each comes once.
    const marker = start.kommun.sammantradesandringar.andringsmarkor;
    const ledamotMarker = start.kommun.ledamotsandringar.andringsmarkor;
    const mote = await ok(gql(REGISTRERA_SAMMANTRADE, { input: { organ: 'KS', datum: '2026-03-10' } }));
    const id = mote.registreraSammantrade.id;
    await ok(gql(ANDRA_DAGORDNING, { id, input: { punkter: [{ rubrik: 'Val av justerare' }] } }));
    await ok(gql(JUSTERA, { id, input: { justeringsdag: '2026-03-10', justerare: [ledamot.anna] } }));
    const seat = await ok(
      gql(REGISTRERA_LEDAMOTSKAP, { input: { ledamot: ledamot.cecilia, organ: 'KS', roll: 'ERSATTARE', fran: '2026-03-10' } }),
    );
    await ok(gql(AVSLUTA_LEDAMOTSKAP, { id: seat.registreraLedamotskap.id, input: { till: '2026-12-31' } }));

    // A change this file made before the markers may still come after them, where a transaction
    // open elsewhere on the server held it back at the first read; the changes made after them come once.
    const after = await readFeeds(
      { m: marker, l: ledamotMarker },
      (data) =>
        ids(data.kommun.sammantradesandringar.nodes).includes(id) &&
        ids(data.kommun.ledamotsandringar.nodes).includes(ledamot.cecilia),
    );
    expect(after.kommun.sammantradesandringar.borttagna).toEqual([]);
    expect(after.kommun.sammantradesandringar.nodes.filter((n: { id: string }) => n.id === id)).toMatchObject([
      { id, status: 'GENOMFORT', protokoll: { anslagsdag: null } },
    ]);
    expect(after.kommun.ledamotsandringar.nodes.filter((n: { id: string }) => n.id === ledamot.cecilia)).toEqual([
      {
        id: ledamot.cecilia,
        ledamotskap: expect.arrayContaining([{ organ: { kortnamn: 'KS' }, till: '2026-12-31' }]),
      },
    ]);
    // And not again after the new markers.
    const none = await ok(
      gql(FEED, { m: after.kommun.sammantradesandringar.andringsmarkor, l: after.kommun.ledamotsandringar.andringsmarkor }),
    );
    expect(ids(none.kommun.sammantradesandringar.nodes)).not.toContain(id);
    expect(ids(none.kommun.ledamotsandringar.nodes)).not.toContain(ledamot.cecilia);
  });
});

describe('through the gateway', () => {
  let gateway: GatewayServer;
  beforeAll(async () => {
    gateway = await startGatewayServer(
      loadGatewayConfig({
        PORT: '0',
        KEYS_DIR: keys.keysDir,
        SAMVERKAN_URL: 'http://127.0.0.1:9/graphql',
        KOMMUN_REGISTRY: JSON.stringify([
          { kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län', lanskod: '22', url: server.url },
        ]),
        RATE_LIMIT: 'false',
      }),
      silentLogger(),
    );
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  /** As a client sends it: with the caller's user token (none for null) and its Idempotency-Key if given. */
  const viaGateway = async (caller: Caller | null, query: string, variables: Record<string, unknown> = {}, key?: string) => {
    const token = caller && (await keys.userToken(caller));
    return postGraphQL(gateway.url, query, variables, undefined, {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(key ? { 'idempotency-key': key } : {}),
    });
  };

  it('routes the writes of a meeting to Timrå once per Idempotency-Key, and anyone reads the appeal window', async () => {
    const input = { organ: 'KS', datum: '2026-03-03', dagordning: [{ rubrik: 'Val av justerare' }] };
    const first = await ok(viaGateway(HANDLAGGARE, REGISTRERA_SAMMANTRADE, { input }, 'gw-mote'));
    expect(await ok(viaGateway(HANDLAGGARE, REGISTRERA_SAMMANTRADE, { input }, 'gw-mote'))).toEqual(first);
    const id = first.registreraSammantrade.id;
    expect(await count(`SELECT count(*)::int n FROM sammantrade WHERE organ_id = 'KS' AND datum = '2026-03-03'`)).toBe(1);
    await ok(viaGateway(HANDLAGGARE, JUSTERA, { id, input: { justeringsdag: '2026-03-05', justerare: [ledamot.anna] } }, 'gw-j'));
    const anslaget = await ok(viaGateway(HANDLAGGARE, ANSLA, { id, input: { anslagsdag: '2026-03-06' } }, 'gw-a'));
    // Friday 6 March: three weeks on is Friday 27 March.
    expect(anslaget.anslaProtokoll.protokoll).toMatchObject({ anslagsdag: '2026-03-06', overklagandetidSlutar: '2026-03-27' });
    const read = await ok(viaGateway(null, LAS_MOTE, { id }));
    expect(read.sammantrade).toMatchObject({
      status: 'GENOMFORT',
      protokoll: { justeringsdag: '2026-03-05', anslagsdag: '2026-03-06', overklagandetidSlutar: '2026-03-27' },
    });
  });

  it('refuses a write without a token, by a reader and in another kommun before Timrå is asked', async () => {
    const before = await counts();
    const write = { input: { namn: 'Via gatewayen' } };
    for (const [caller, code] of [
      [null, 'UNAUTHENTICATED'],
      [user('lasare-timra', '2262', 'LASARE'), 'FORBIDDEN'],
      [user('handlaggare-sundsvall', '2281', 'HANDLAGGARE'), 'FORBIDDEN'],
    ] as const) {
      expect((await refusal(viaGateway(caller, REGISTRERA_LEDAMOT, write))).code).toBe(code);
    }
    expect(await counts()).toEqual(before);
  });
});
