import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { Caller } from '#platform/auth/caller';
import { SAMVERKAN_AUDIENCE, kommunAudience } from '#platform/auth/internalToken';
import { loadConfig as loadKommunConfig } from '../../subgraphs/kommun/src/config';
import { createContext } from '../../subgraphs/kommun/src/context';
import { startKommunServer, type KommunServer } from '../../subgraphs/kommun/src/server';
import { loadConfig as loadSamverkanConfig } from '../../subgraphs/samverkan/src/config';
import { startSamverkanServer, type SamverkanServer } from '../../subgraphs/samverkan/src/server';
import { testKeys } from '../helpers/auth';
import { dropAll, testDatabaseUrl, uniquePrefix } from '../helpers/database';
import { postGraphQL, type GraphQLResponse } from '../helpers/graphql';

const SUNDSVALL_KOMMUN = { kommunkod: '2281', namn: 'Sundsvall', lan: 'Västernorrlands län' };

// Authorisation inside the subgraphs, whatever the gateway let through: the subgraphs are called
// directly with validly signed internal tokens, as a gateway with a bug (or a stolen internal key
// for another audience) would call them.
const prefix = uniquePrefix();
const kommunDb = testDatabaseUrl(prefix, 'kommun_2281');
const samverkanDb = testDatabaseUrl(prefix, 'samverkan');
const registry = JSON.stringify([
  { kommunkod: '2281', namn: 'Sundsvall', lan: 'Västernorrlands län', url: 'http://localhost:4002/graphql' },
]);
const TODAY = '2026-03-10';
const clock = () => new Date(`${TODAY}T10:00:00Z`);

const user = (sub: string, kommunkod: string, ...roller: Caller['roller']): Caller => ({ sub, kommunkod, roller });
const SUNDSVALL_HANDLAGGARE = user('handlaggare-sundsvall', '2281', 'HANDLAGGARE');
const SUNDSVALL_ADMIN = user('admin-sundsvall', '2281', 'ADMIN');
const SUNDSVALL_LASARE = user('lasare-sundsvall', '2281', 'LASARE');
const TIMRA_HANDLAGGARE = user('handlaggare-timra', '2262', 'HANDLAGGARE');
const TIMRA_ADMIN = user('admin-timra', '2262', 'ADMIN');
const TIMRA_SAMORDNARE = user('samordnare-timra', '2262', 'SAMORDNARE');
const HARNOSAND_SAMORDNARE = user('samordnare-harnosand', '2280', 'SAMORDNARE');
const HARNOSAND_ADMIN = user('admin-harnosand', '2280', 'ADMIN');

let keys: Awaited<ReturnType<typeof testKeys>>;
let kommun: KommunServer;
let samverkan: SamverkanServer;

beforeAll(async () => {
  keys = await testKeys();
  [kommun, samverkan] = await Promise.all([
    startKommunServer(
      loadKommunConfig(['2281'], { DATABASE_URL: kommunDb, PORT: '0', SEED: 'true', KOMMUN_REGISTRY: registry, ...keys.env }),
      {
        clock,
      },
    ),
    startSamverkanServer(loadSamverkanConfig({ DATABASE_URL: samverkanDb, PORT: '0', SEED: 'true', ...keys.env })),
  ]);
});

afterAll(async () => {
  await Promise.all([kommun?.stop(), samverkan?.stop()]);
  await dropAll([kommunDb, samverkanDb]);
  keys?.remove();
});

const toKommun = async (caller: Caller | null, query: string, variables: Record<string, unknown> = {}) =>
  postGraphQL(kommun.url, query, variables, undefined, await keys.internalHeaders(kommunAudience('2281'), caller));
const toSamverkan = async (caller: Caller | null, query: string, variables: Record<string, unknown> = {}) =>
  postGraphQL(samverkan.url, query, variables, undefined, await keys.internalHeaders(SAMVERKAN_AUDIENCE, caller));

const codeOf = (response: GraphQLResponse) => {
  expect(response.errors).toHaveLength(1);
  return response.errors![0].extensions?.code;
};

const REGISTRERA = `mutation($kommunkod: ID!, $input: NyttArendeInput!) {
  registreraArende(kommunkod: $kommunkod, input: $input) { diarienummer version }
}`;
const nytt = { ansvarigtOrgan: 'KS', rubrik: 'Ny förskola i Nacksta' };
const kommunCounts = async () =>
  (
    await kommun.dataSource.query(
      `SELECT (SELECT count(*) FROM arende)::int arenden, (SELECT count(*) FROM paragraf)::int paragrafer,
              (SELECT count(*) FROM granskningslogg)::int granskning`,
    )
  )[0];

describe('kommun writes', () => {
  it('refuses a Timrå HANDLAGGARE every write in Sundsvall with FORBIDDEN, and writes nothing', async () => {
    const before = await kommunCounts();
    const writes: [string, Record<string, unknown>][] = [
      [REGISTRERA, { kommunkod: '2281', input: nytt }],
      [
        `mutation { uppdateraArende(kommunkod: "2281", diarienummer: "KS 2026/1", input: { version: 1, rubrik: "X" }) { version } }`,
        {},
      ],
      [
        `mutation { andraArendestatus(kommunkod: "2281", diarienummer: "KS 2026/1", input: { version: 1, status: STANGT }) { version } }`,
        {},
      ],
      [`mutation { registreraParagraf(kommunkod: "2281", input: { organ: "KS", ar: 2026, nummer: 1 }) { beteckning } }`, {}],
      [
        `mutation { gePaUppdrag(kommunkod: "2281", input: { givetI: "KS 2026 § 1", mottagare: "X", beskrivning: "Y" }) { id } }`,
        {},
      ],
      [`mutation { aterrapporteraUppdrag(kommunkod: "2281", id: "x", input: { aterrapporteradI: "KS 2026 § 1" }) { id } }`, {}],
    ];
    for (const [query, variables] of writes) {
      const response = await toKommun(TIMRA_HANDLAGGARE, query, variables);
      expect(codeOf(response)).toBe('FORBIDDEN');
      expect(response.errors![0].message).toMatch(/HANDLAGGARE or ADMIN of kommun 2281/);
    }
    // Naming its own kommun does not help: the instance is Sundsvall's.
    expect(codeOf(await toKommun(TIMRA_HANDLAGGARE, REGISTRERA, { kommunkod: '2262', input: nytt }))).toBe('FORBIDDEN');
    expect(codeOf(await toKommun(SUNDSVALL_LASARE, REGISTRERA, { kommunkod: '2281', input: nytt }))).toBe('FORBIDDEN');
    expect(codeOf(await toKommun(null, REGISTRERA, { kommunkod: '2281', input: nytt }))).toBe('UNAUTHENTICATED');
    expect(await kommunCounts()).toEqual(before);
  });

  it('answers 401 to a request without an internal token, or with one for another subgraph', async () => {
    const none = await postGraphQL(kommun.url, REGISTRERA, { kommunkod: '2281', input: nytt });
    expect(none.status).toBe(401);
    expect(none.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const timrasToken = await keys.internalHeaders(kommunAudience('2262'), SUNDSVALL_HANDLAGGARE);
    const wrongAudience = await postGraphQL(kommun.url, REGISTRERA, { kommunkod: '2281', input: nytt }, undefined, timrasToken);
    expect(wrongAudience.status).toBe(401);
  });

  it('lets a Sundsvall HANDLAGGARE write, and records who and when in the audit, in the same transaction', async () => {
    const before = Date.now();
    const response = await toKommun(SUNDSVALL_HANDLAGGARE, REGISTRERA, { kommunkod: '2281', input: nytt });
    expect(response.errors).toBeUndefined();
    const { diarienummer } = response.data!.registreraArende;
    const rows = await kommun.dataSource.query(`SELECT * FROM granskningslogg ORDER BY id`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      sub: 'handlaggare-sundsvall',
      kommunkod: '2281',
      roller: ['HANDLAGGARE'],
      atgard: 'registreraArende',
      objekt: diarienummer,
      detaljer: { ansvarigtOrgan: 'KS', sekretess: null },
    });
    const tidpunkt = (rows[0].tidpunkt as Date).getTime();
    expect(tidpunkt).toBeGreaterThanOrEqual(before - 1000);
    expect(tidpunkt).toBeLessThanOrEqual(Date.now() + 1000);

    // A write refused half-way leaves no audit row either.
    const refused = await toKommun(SUNDSVALL_HANDLAGGARE, REGISTRERA, {
      kommunkod: '2281',
      input: { ansvarigtOrgan: 'SN', rubrik: 'X' },
    });
    expect(codeOf(refused)).toBe('NOT_FOUND');
    expect(await kommun.dataSource.query(`SELECT count(*)::int n FROM granskningslogg`)).toEqual([{ n: 1 }]);
  });

  it('keeps audit rows as they are: no UPDATE, DELETE or TRUNCATE, not even by the owner', async () => {
    for (const statement of [
      `UPDATE granskningslogg SET sub = 'någon annan'`,
      `DELETE FROM granskningslogg`,
      `TRUNCATE granskningslogg`,
    ]) {
      await expect(kommun.dataSource.query(statement)).rejects.toThrow(/append-only/);
    }
    // The app role has no such privilege to begin with, and may not write rows for someone else.
    const ctx = createContext(SUNDSVALL_KOMMUN, kommun.dataSource, clock, SUNDSVALL_ADMIN);
    try {
      await expect(ctx.db.write((m) => m.query(`DELETE FROM granskningslogg`))).rejects.toThrow(/permission denied/);
      await expect(
        ctx.db.write((m) =>
          m.query(
            `INSERT INTO granskningslogg (sub, kommunkod, roller, atgard, objekt) VALUES ('någon annan', '2281', '{}', 'x', 'y')`,
          ),
        ),
      ).rejects.toThrow(/row-level security/);
    } finally {
      await ctx.db.end();
    }
    expect(await kommun.dataSource.query(`SELECT sub FROM granskningslogg`)).toEqual([{ sub: 'handlaggare-sundsvall' }]);
  });

  it('shows the audit through the graph to an ADMIN of Sundsvall only', async () => {
    const query = `{ kommun(kommunkod: "2281") { namn granskningslogg(first: 10) { tidpunkt sub kommunkod roller atgard objekt detaljer } } }`;
    const admin = await toKommun(SUNDSVALL_ADMIN, query);
    expect(admin.errors).toBeUndefined();
    expect(admin.data!.kommun.granskningslogg).toEqual([
      expect.objectContaining({
        sub: 'handlaggare-sundsvall',
        kommunkod: '2281',
        roller: ['HANDLAGGARE'],
        atgard: 'registreraArende',
      }),
    ]);
    expect(JSON.parse(admin.data!.kommun.granskningslogg[0].detaljer)).toEqual({ ansvarigtOrgan: 'KS', sekretess: null });
    for (const [caller, code] of [
      [SUNDSVALL_HANDLAGGARE, 'FORBIDDEN'],
      [TIMRA_ADMIN, 'FORBIDDEN'],
      [null, 'UNAUTHENTICATED'],
    ] as const) {
      const response = await toKommun(caller, query);
      expect(response.data!.kommun).toEqual({ namn: 'Sundsvall', granskningslogg: null });
      expect(codeOf(response)).toBe(code);
      expect(response.errors![0].path).toEqual(['kommun', 'granskningslogg']);
    }
  });

  it('gives every connection back after failing requests: the pool still serves', async () => {
    const pool = (kommun.dataSource.driver as PostgresDriver).master as {
      totalCount: number;
      idleCount: number;
      waitingCount: number;
    };
    // Requests that fail in the database itself: the app role loses a privilege for a moment.
    await kommun.dataSource.query(`REVOKE SELECT ON organ FROM kommungraf_app`);
    try {
      const failing = await Promise.all(
        Array.from({ length: 30 }, () => toKommun(null, `{ kommun(kommunkod: "2281") { namn organ { namn } } }`)),
      );
      for (const response of failing) expect(response.errors?.length).toBeGreaterThan(0);
    } finally {
      await kommun.dataSource.query(`GRANT SELECT ON organ TO kommungraf_app`);
    }
    // Refused writes, some before and some after the database was reached.
    const refused = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        toKommun(i % 2 ? TIMRA_HANDLAGGARE : SUNDSVALL_HANDLAGGARE, REGISTRERA, {
          kommunkod: '2281',
          input: { ansvarigtOrgan: 'SN', rubrik: 'X' },
        }),
      ),
    );
    for (const response of refused) expect(['FORBIDDEN', 'NOT_FOUND']).toContain(codeOf(response));
    expect(pool.waitingCount).toBe(0);
    expect(pool.totalCount - pool.idleCount).toBe(0);
    const ok = await toKommun(null, `{ kommun(kommunkod: "2281") { organ { kortnamn } } }`);
    expect(ok.data!.kommun.organ).toEqual([{ kortnamn: 'KS' }]);
  });
});

describe('samverkan writes', () => {
  const ANDRA = `mutation($input: StatusandringInput!) { andraSamverkansstatus(id: "kollektivtrafik", input: $input) { status } }`;
  const input = { status: 'UTREDS', datum: '2021-03-15', kommentar: 'Utredningen återupptas.' };
  const AVTAL = `mutation($input: NyttAvtalInput!) { registreraAvtal(input: $input) { id } }`;
  const avtal = {
    omradeId: 'kollektivtrafik',
    namn: 'Avtal om gemensam kollektivtrafik',
    parter: [
      { kommunkod: '2281', roll: 'VARDKOMMUN', kostnadsandel: 0.6 },
      { kommunkod: '2262', roll: 'PART', kostnadsandel: 0.4 },
    ],
  };

  it('refuses a SAMORDNARE of Härnösand, which is only INTRESSERAD in the collaboration', async () => {
    const response = await toSamverkan(HARNOSAND_SAMORDNARE, ANDRA, { input });
    expect(codeOf(response)).toBe('FORBIDDEN');
    expect(response.errors![0].message).toContain('INTRESSERAD');
    expect(codeOf(await toSamverkan(HARNOSAND_SAMORDNARE, AVTAL, { input: avtal }))).toBe('FORBIDDEN');
  });

  it('refuses a user without the role SAMORDNARE, and one without a user', async () => {
    expect(codeOf(await toSamverkan(TIMRA_HANDLAGGARE, ANDRA, { input }))).toBe('FORBIDDEN');
    expect(codeOf(await toSamverkan(TIMRA_ADMIN, AVTAL, { input: avtal }))).toBe('FORBIDDEN');
    expect(codeOf(await toSamverkan(null, ANDRA, { input }))).toBe('UNAUTHENTICATED');
    expect(await samverkan.dataSource.query(`SELECT count(*)::int n FROM granskningslogg`)).toEqual([{ n: 0 }]);
  });

  it('lets a SAMORDNARE of Timrå change the area, with an audit row naming the collaboration', async () => {
    const response = await toSamverkan(TIMRA_SAMORDNARE, ANDRA, { input });
    expect(response.errors).toBeUndefined();
    expect(response.data!.andraSamverkansstatus.status).toBe('UTREDS');
    const rows = await samverkan.dataSource.query(`SELECT * FROM granskningslogg`);
    expect(rows).toEqual([
      expect.objectContaining({
        sub: 'samordnare-timra',
        kommunkod: '2262',
        roller: ['SAMORDNARE'],
        atgard: 'andraSamverkansstatus',
        objekt: 'kollektivtrafik',
        samverkan_id: 'sundsvall-timra',
      }),
    ]);
    await expect(samverkan.dataSource.query(`DELETE FROM granskningslogg`)).rejects.toThrow(/append-only/);
  });

  it('shows the audit to an ADMIN of a kommun that has joined the collaboration only', async () => {
    const query = `{ granskningslogg { sub atgard objekt samverkan { id } } }`;
    const admin = await toSamverkan(TIMRA_ADMIN, query);
    expect(admin.errors).toBeUndefined();
    expect(admin.data!.granskningslogg).toEqual([
      {
        sub: 'samordnare-timra',
        atgard: 'andraSamverkansstatus',
        objekt: 'kollektivtrafik',
        samverkan: { id: 'sundsvall-timra' },
      },
    ]);
    // Härnösand has not joined: its ADMIN sees none of the collaboration's writes.
    expect((await toSamverkan(HARNOSAND_ADMIN, query)).data!.granskningslogg).toEqual([]);
    const samordnare = await toSamverkan(TIMRA_SAMORDNARE, query);
    expect(codeOf(samordnare)).toBe('FORBIDDEN');
    expect(samordnare.data).toEqual({ granskningslogg: null });
  });
});
