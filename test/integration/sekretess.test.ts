import type { Caller } from '#platform/auth/caller';
import { kommunAudience } from '#platform/auth/internalToken';
import { loadConfig } from '../../subgraphs/kommun/src/config';
import { createContext } from '../../subgraphs/kommun/src/context';
import { startKommunServer, type KommunServer } from '../../subgraphs/kommun/src/server';
import { testKeys } from '../helpers/auth';
import { dropAll, testDatabaseUrl, uniquePrefix } from '../helpers/database';
import { postGraphQL, type GraphQLResponse } from '../helpers/graphql';

const SUNDSVALL_KOMMUN = { kommunkod: '2281', namn: 'Sundsvall', lan: 'Västernorrlands län' };

// Sundsvall's subgraph, called directly as the gateway calls it, on behalf of different users.
// Its diarium holds one restricted ärende (registered by a Sundsvall case officer through the
// subgraph's own mutation, with a document added by the owner) and one public ärende.
const db = testDatabaseUrl(uniquePrefix(), 'kommun_2281');
const registry = JSON.stringify([
  { kommunkod: '2281', namn: 'Sundsvall', lan: 'Västernorrlands län', url: 'http://localhost:4002/graphql' },
  { kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län', url: 'http://localhost:4003/graphql' },
]);
const TODAY = '2026-03-10';
const clock = () => new Date(`${TODAY}T10:00:00Z`);

const SUNDSVALL_HANDLAGGARE: Caller = { sub: 'handlaggare-sundsvall', kommunkod: '2281', roller: ['HANDLAGGARE'] };
const SUNDSVALL_LASARE: Caller = { sub: 'lasare-sundsvall', kommunkod: '2281', roller: ['LASARE'] };
const TIMRA_HANDLAGGARE: Caller = { sub: 'handlaggare-timra', kommunkod: '2262', roller: ['HANDLAGGARE', 'ADMIN'] };

/** A word that only the restricted ärende's rubrik contains. */
const HEMLIGT_ORD = 'Skyddsplacering';
const LAGRUM = 'OSL 26 kap. 1 §';

let server: KommunServer;
let keys: Awaited<ReturnType<typeof testKeys>>;
let hemligt: string;
let oppet: string;

const as = async (caller: Caller | null, query: string, variables: Record<string, unknown> = {}) =>
  postGraphQL(server.url, query, variables, undefined, await keys.internalHeaders(kommunAudience('2281'), caller));

beforeAll(async () => {
  keys = await testKeys();
  server = await startKommunServer(
    loadConfig(['2281'], { DATABASE_URL: db, PORT: '0', SEED: 'true', KOMMUN_REGISTRY: registry, ...keys.env }),
    { clock },
  );
  const registrera = `mutation($input: NyttArendeInput!) { registreraArende(kommunkod: "2281", input: $input) { diarienummer } }`;
  const restricted = await as(SUNDSVALL_HANDLAGGARE, registrera, {
    input: {
      ansvarigtOrgan: 'KS',
      rubrik: `${HEMLIGT_ORD} av barn i Sundsvall`,
      beskrivning: 'Uppgifter om enskilds personliga förhållanden.',
      forslagTillBeslut: ['Bevilja placering.'],
      sekretess: { lagrum: LAGRUM, beskrivning: 'Socialtjänstsekretess' },
    },
  });
  expect(restricted.errors).toBeUndefined();
  hemligt = restricted.data!.registreraArende.diarienummer;
  const open = await as(SUNDSVALL_HANDLAGGARE, registrera, { input: { ansvarigtOrgan: 'KS', rubrik: 'Ny gång- och cykelväg' } });
  oppet = open.data!.registreraArende.diarienummer;
  await server.dataSource.query(`INSERT INTO handling (diarienummer, titel, typ) VALUES ($1, 'Utredning', 'BESLUTSUNDERLAG')`, [
    hemligt,
  ]);
});

afterAll(async () => {
  await server?.stop();
  await dropAll([db]);
  keys?.remove();
});

const ARENDE = `query($d: String!) { arende(kommunkod: "2281", diarienummer: $d) {
  diarienummer status registrerad sekretess { lagrum } rubrik beskrivning forslagTillBeslut { text } beslutsunderlag { titel } } }`;

const CONTENT = ['rubrik', 'beskrivning', 'forslagTillBeslut', 'beslutsunderlag'];

/** The FORBIDDEN errors of a response, by path. */
const forbiddenPaths = (response: GraphQLResponse) =>
  (response.errors ?? []).map((e) => {
    expect(e.extensions?.code).toBe('FORBIDDEN');
    return e.path!.join('.');
  });

describe('a restricted ärende', () => {
  it.each([
    ['an anonymous reader', null],
    ['a HANDLAGGARE (and ADMIN) of Timrå', TIMRA_HANDLAGGARE],
    ['a LASARE of Sundsvall', SUNDSVALL_LASARE],
  ])('shows %s its existence and restriction, and its content as null with FORBIDDEN at each path', async (_, caller) => {
    const response = await as(caller, ARENDE, { d: hemligt });
    expect(response.status).toBe(200);
    expect(response.data!.arende).toEqual({
      diarienummer: hemligt,
      status: 'OPPET',
      registrerad: TODAY,
      sekretess: { lagrum: LAGRUM },
      rubrik: null,
      beskrivning: null,
      forslagTillBeslut: null,
      beslutsunderlag: null,
    });
    expect(forbiddenPaths(response).sort()).toEqual(CONTENT.map((f) => `arende.${f}`).sort());
    expect(response.errors![0].message).toContain(LAGRUM);
  });

  it('shows a HANDLAGGARE of Sundsvall everything', async () => {
    const response = await as(SUNDSVALL_HANDLAGGARE, ARENDE, { d: hemligt });
    expect(response.errors).toBeUndefined();
    expect(response.data!.arende).toMatchObject({
      rubrik: `${HEMLIGT_ORD} av barn i Sundsvall`,
      beskrivning: 'Uppgifter om enskilds personliga förhållanden.',
      forslagTillBeslut: [{ text: 'Bevilja placering.' }],
      beslutsunderlag: [{ titel: 'Utredning' }],
    });
  });

  it('keeps its content from others in lists and entity references too, and leaves public ärenden alone', async () => {
    const list = await as(
      TIMRA_HANDLAGGARE,
      `{ kommun(kommunkod: "2281") { arenden { totalCount nodes { diarienummer rubrik } } } }`,
    );
    expect(list.data!.kommun.arenden.totalCount).toBe(2);
    expect(list.data!.kommun.arenden.nodes).toEqual([
      { diarienummer: oppet, rubrik: 'Ny gång- och cykelväg' },
      { diarienummer: hemligt, rubrik: null },
    ]);
    expect(forbiddenPaths(list)).toEqual(['kommun.arenden.nodes.1.rubrik']);

    const entities = await as(
      null,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Arende { diarienummer rubrik } } }`,
      { r: [{ __typename: 'Arende', kommunkod: '2281', diarienummer: hemligt }] },
    );
    expect(entities.data!._entities).toEqual([{ diarienummer: hemligt, rubrik: null }]);
    expect(forbiddenPaths(entities)).toEqual(['_entities.0.rubrik']);
  });

  it('keeps the rubrik of its dagordning item from others, showing the item and its ärende, and shows it to a HANDLAGGARE of Sundsvall', async () => {
    await server.dataSource.query(
      `INSERT INTO sammantrade (id, organ_id, datum, status) VALUES ('ks-sekretess', 'KS', '2026-03-09', 'GENOMFORT');
       INSERT INTO dagordningspunkt (sammantrade_id, nummer, rubrik, diarienummer)
         VALUES ('ks-sekretess', 1, '${HEMLIGT_ORD} av barn', '${hemligt}'), ('ks-sekretess', 2, 'Ny gång- och cykelväg', '${oppet}')`,
    );
    const meeting = `{ sammantrade(kommunkod: "2281", id: "ks-sekretess") { dagordning { nummer rubrik arende { diarienummer } } } }`;
    for (const caller of [null, TIMRA_HANDLAGGARE, SUNDSVALL_LASARE]) {
      const response = await as(caller, meeting);
      expect(response.data!.sammantrade.dagordning).toEqual([
        { nummer: 1, rubrik: null, arende: { diarienummer: hemligt } },
        { nummer: 2, rubrik: 'Ny gång- och cykelväg', arende: { diarienummer: oppet } },
      ]);
      expect(forbiddenPaths(response)).toEqual(['sammantrade.dagordning.0.rubrik']);
      expect(JSON.stringify(response)).not.toContain(HEMLIGT_ORD);
    }
    const permitted = await as(SUNDSVALL_HANDLAGGARE, meeting);
    expect(permitted.errors).toBeUndefined();
    expect(permitted.data!.sammantrade.dagordning[0].rubrik).toBe(`${HEMLIGT_ORD} av barn`);
  });

  it('is not found by a word of its content, except by those who may read it', async () => {
    const search = `{ kommun(kommunkod: "2281") { arenden(filter: { text: "${HEMLIGT_ORD.toLowerCase()}" }) { totalCount nodes { diarienummer } } } }`;
    for (const caller of [null, TIMRA_HANDLAGGARE, SUNDSVALL_LASARE]) {
      const response = await as(caller, search);
      expect(response.errors).toBeUndefined();
      expect(response.data!.kommun.arenden).toEqual({ totalCount: 0, nodes: [] });
    }
    const allowed = await as(SUNDSVALL_HANDLAGGARE, search);
    expect(allowed.data!.kommun.arenden).toEqual({ totalCount: 1, nodes: [{ diarienummer: hemligt }] });
  });
});

describe('row-level security', () => {
  /** Runs `fn` with the repositories of a request made by `caller`, past every resolver's check. */
  async function inRequestOf<T>(caller: Caller | null, fn: (ctx: ReturnType<typeof createContext>) => Promise<T>): Promise<T> {
    const ctx = createContext(SUNDSVALL_KOMMUN, server.dataSource, clock, caller);
    try {
      return await fn(ctx);
    } finally {
      await ctx.db.end();
    }
  }

  it.each([
    ['an anonymous reader', null],
    ['a HANDLAGGARE of Timrå', TIMRA_HANDLAGGARE],
    ['a LASARE of Sundsvall', SUNDSVALL_LASARE],
  ])('gives the repositories no restricted content in a request of %s, even when they ask for it', async (_, caller) => {
    await inRequestOf(caller, async (ctx) => {
      const [arende] = await ctx.repos.arende.byDiarienummer([hemligt]);
      expect(arende).toMatchObject({ diarienummer: hemligt, sekretessLagrum: LAGRUM, rubrik: null, beskrivning: null });
      expect(await ctx.repos.arende.beslutspunkter([hemligt])).toEqual([]);
      expect(await ctx.repos.arende.handlingar([hemligt])).toEqual([]);
      // A filter that claims the right to search restricted content still finds nothing.
      expect((await ctx.repos.arende.page({ text: HEMLIGT_ORD, textISekretess: true }, 10, null)).rows).toEqual([]);
      const m = await ctx.db.manager();
      expect(await m.query(`SELECT current_user AS role`)).toEqual([{ role: 'kommungraf_app' }]);
      const rows: { diarienummer: string }[] = await m.query(`SELECT diarienummer FROM arende_innehall`);
      expect(rows.map((r) => r.diarienummer)).toEqual([oppet]);
    });
  });

  it('gives them the content in a request of a HANDLAGGARE of Sundsvall', async () => {
    await inRequestOf(SUNDSVALL_HANDLAGGARE, async (ctx) => {
      const [arende] = await ctx.repos.arende.byDiarienummer([hemligt]);
      expect(arende.rubrik).toContain(HEMLIGT_ORD);
      expect(await ctx.repos.arende.handlingar([hemligt])).toHaveLength(1);
    });
  });

  it('binds the app role: no superuser, no BYPASSRLS, owns nothing, and the content tables FORCE row-level security', async () => {
    const [role] = await server.dataSource.query(`SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'kommungraf_app'`);
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false });
    const owned = await server.dataSource.query(`SELECT tablename FROM pg_tables WHERE tableowner = 'kommungraf_app'`);
    expect(owned).toEqual([]);
    const tables = await server.dataSource.query(
      `SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class
       WHERE relname IN ('arende_innehall', 'beslutspunkt', 'handling', 'granskningslogg') ORDER BY relname`,
    );
    expect(tables).toEqual(
      ['arende_innehall', 'beslutspunkt', 'granskningslogg', 'handling'].map((relname) => ({
        relname,
        relrowsecurity: true,
        relforcerowsecurity: true,
      })),
    );
    // The public record holds no content at all.
    const columns = await server.dataSource.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'arende' AND column_name IN ('rubrik', 'beskrivning')`,
    );
    expect(columns).toEqual([]);
  });
});
