import type { Caller } from '#platform/auth/caller';
import { SAMVERKAN_AUDIENCE } from '#platform/auth/internalToken';
import { loadConfig } from '../../subgraphs/samverkan/src/config';
import { startSamverkanServer, type SamverkanServer } from '../../subgraphs/samverkan/src/server';
import { testKeys } from '../helpers/auth';
import { dropAll, testDatabaseUrl, uniquePrefix } from '../helpers/database';
import { postGraphQL, type GraphQLResponse } from '../helpers/graphql';

// Likalydande beslut in the samverkan subgraph on its own seeded database: Sundsvall (2281) and
// Timrå (2262) are ANSLUTEN to the collaboration, Härnösand (2280) INTRESSERAD.
const db = testDatabaseUrl(uniquePrefix(), 'samverkan');

let server: SamverkanServer;
let keys: Awaited<ReturnType<typeof testKeys>>;
beforeAll(async () => {
  keys = await testKeys();
  server = await startSamverkanServer(loadConfig({ DATABASE_URL: db, PORT: '0', SEED: 'true', ...keys.env }));
});
afterAll(async () => {
  await server?.stop();
  await dropAll([db]);
  keys?.remove();
});

const SAMORDNARE_TIMRA: Caller = { sub: 'samordnare-timra', kommunkod: '2262', roller: ['SAMORDNARE'] };

async function gql(query: string, variables: Record<string, unknown> = {}, caller: Caller | null = SAMORDNARE_TIMRA, extra = {}) {
  const headers = { ...(await keys.internalHeaders(SAMVERKAN_AUDIENCE, caller)), ...extra };
  return postGraphQL(server.url, query, variables, undefined, headers);
}

function refusal(response: GraphQLResponse) {
  expect(response.errors).toHaveLength(1);
  const [error] = response.errors!;
  return { code: error.extensions?.code, field: error.extensions?.field };
}

const FIELDS = `id rubrik lydelse illustrativaFalt samverkan { id }
  kommuner { kommunkod } beslut { kommunkod beteckning } beslutat { kommunkod } ejBeslutat { kommunkod }
  parter { kommun { kommunkod } beslutat beslut { kommunkod beteckning } paragrafOkand uppgift }`;

const REGISTRERA = `mutation R($input: NyttLikalydandeBeslutInput!) { registreraLikalydandeBeslut(input: $input) { ${FIELDS} } }`;
const ANMAL = `mutation A($id: ID!, $input: LikalydandeBeslutsanmalanInput!) { anmalLikalydandeBeslut(id: $id, input: $input) { ${FIELDS} } }`;

const auditRows = async () => (await server.dataSource.query(`SELECT count(*)::int n FROM granskningslogg`))[0].n as number;

describe('the seed: Timrå KS 2019 § 65 and Sundsvall’s likalydande beslut', () => {
  it('records both kommuner as having decided, Sundsvall without an invented paragraph', async () => {
    const { data, errors } = await gql(`{ likalydandeBeslut { ${FIELDS} } samverkan { id likalydandeBeslut { id } } }`, {}, null);
    expect(errors).toBeUndefined();
    expect(data!.likalydandeBeslut).toEqual([
      {
        id: 'identifiera-samverkansomraden-2019',
        rubrik: 'Uppdrag att identifiera samverkansområden',
        lydelse:
          'Kommunstyrelsen har uppdragit till kommunchefen att identifiera samverkansområden och återkomma till kommunstyrelsen.',
        illustrativaFalt: ['rubrik'],
        samverkan: { id: 'sundsvall-timra' },
        kommuner: [{ kommunkod: '2262' }, { kommunkod: '2281' }],
        beslut: [{ kommunkod: '2262', beteckning: 'KS 2019 § 65' }],
        beslutat: [{ kommunkod: '2262' }, { kommunkod: '2281' }],
        ejBeslutat: [],
        parter: [
          {
            kommun: { kommunkod: '2262' },
            beslutat: true,
            beslut: { kommunkod: '2262', beteckning: 'KS 2019 § 65' },
            paragrafOkand: false,
            uppgift: null,
          },
          {
            kommun: { kommunkod: '2281' },
            beslutat: true,
            beslut: null,
            paragrafOkand: true,
            uppgift: 'Likalydande beslut har fattats i Sundsvall.',
          },
        ],
      },
    ]);
    expect(data!.samverkan[0].likalydandeBeslut).toEqual([{ id: 'identifiera-samverkansomraden-2019' }]);
  });
});

describe('registreraLikalydandeBeslut and anmalLikalydandeBeslut', () => {
  it('tells who has decided and who has not yet, as kommuner report their decisions', async () => {
    const before = await auditRows();
    const created = await gql(REGISTRERA, {
      input: {
        samverkanId: 'sundsvall-timra',
        rubrik: 'Fördjupad samverkan med Härnösand 2021',
        lydelse: 'Fortsätta samverkan för 2021 med inriktningen att även inkludera Härnösands kommun.',
        kommuner: ['2262', '2281', '2280'],
        beslut: [{ kommunkod: '2262', beteckning: 'KS 2020 § 200' }],
      },
    });
    expect(created.errors).toBeUndefined();
    const beslut = created.data!.registreraLikalydandeBeslut;
    expect(beslut.beslutat).toEqual([{ kommunkod: '2262' }]);
    expect(beslut.ejBeslutat).toEqual([{ kommunkod: '2281' }, { kommunkod: '2280' }]);

    const sundsvall = await gql(ANMAL, {
      id: beslut.id,
      input: { kommunkod: '2281', beslut: { kommunkod: '2281', beteckning: 'KS 2020 § 310' } },
    });
    expect(sundsvall.errors).toBeUndefined();
    expect(sundsvall.data!.anmalLikalydandeBeslut.ejBeslutat).toEqual([{ kommunkod: '2280' }]);
    expect(sundsvall.data!.anmalLikalydandeBeslut.beslut).toEqual([
      { kommunkod: '2262', beteckning: 'KS 2020 § 200' },
      { kommunkod: '2281', beteckning: 'KS 2020 § 310' },
    ]);
    const audit = await server.dataSource.query(`SELECT atgard, objekt, sub FROM granskningslogg ORDER BY id DESC LIMIT 2`);
    expect(audit).toEqual([
      { atgard: 'anmalLikalydandeBeslut', objekt: beslut.id, sub: 'samordnare-timra' },
      { atgard: 'registreraLikalydandeBeslut', objekt: beslut.id, sub: 'samordnare-timra' },
    ]);
    expect(await auditRows()).toBe(before + 2);

    // A recorded paragraph is not replaced.
    const again = await gql(ANMAL, {
      id: beslut.id,
      input: { kommunkod: '2281', beslut: { kommunkod: '2281', beteckning: 'KS 2020 § 311' } },
    });
    expect(refusal(again)).toEqual({ code: 'CONFLICT', field: 'beslut' });
  });

  it('a retry with the same Idempotency-Key writes once and gets the first answer', async () => {
    const input = {
      samverkanId: 'sundsvall-timra',
      rubrik: 'Gemensam inköpsanalys',
      lydelse: 'Genomföra en gemensam inköpsanalys.',
      kommuner: ['2262', '2281'],
    };
    const key = { 'idempotency-key': 'likalydande-1' };
    const first = await gql(REGISTRERA, { input }, SAMORDNARE_TIMRA, key);
    const second = await gql(REGISTRERA, { input }, SAMORDNARE_TIMRA, key);
    expect(first.errors).toBeUndefined();
    expect(second.data).toEqual(first.data);
    const rows = await server.dataSource.query(
      `SELECT count(*)::int n FROM likalydande_beslut WHERE rubrik = 'Gemensam inköpsanalys'`,
    );
    expect(rows[0].n).toBe(1);
  });

  it('refuses those who may not write, and input that does not fit, writing nothing', async () => {
    const before = await server.dataSource.query(
      `SELECT (SELECT count(*) FROM likalydande_beslut)::int b, (SELECT count(*) FROM likalydande_part)::int p`,
    );
    const input = { samverkanId: 'sundsvall-timra', rubrik: 'X', lydelse: 'Y', kommuner: ['2262'] };
    expect(refusal(await gql(REGISTRERA, { input }, null)).code).toBe('UNAUTHENTICATED');
    expect(refusal(await gql(REGISTRERA, { input }, { sub: 'l', kommunkod: '2262', roller: ['LASARE'] })).code).toBe('FORBIDDEN');
    // Härnösand is only INTRESSERAD: its samordnare may not write in the collaboration.
    expect(refusal(await gql(REGISTRERA, { input }, { sub: 'h', kommunkod: '2280', roller: ['SAMORDNARE'] })).code).toBe(
      'FORBIDDEN',
    );
    expect(refusal(await gql(REGISTRERA, { input: { ...input, kommuner: ['2262', '2260'] } }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'kommuner[1]',
    });
    expect(refusal(await gql(REGISTRERA, { input: { ...input, samverkanId: 'ingen' } }))).toEqual({
      code: 'NOT_FOUND',
      field: 'samverkanId',
    });
    expect(
      refusal(
        await gql(ANMAL, {
          id: 'identifiera-samverkansomraden-2019',
          input: { kommunkod: '2281', beslut: { kommunkod: '2262', beteckning: 'KS 2019 § 65' } },
        }),
      ),
    ).toEqual({ code: 'BAD_USER_INPUT', field: 'beslut.kommunkod' });
    expect(refusal(await gql(ANMAL, { id: 'ingen', input: { kommunkod: '2281' } }))).toEqual({ code: 'NOT_FOUND', field: 'id' });
    const after = await server.dataSource.query(
      `SELECT (SELECT count(*) FROM likalydande_beslut)::int b, (SELECT count(*) FROM likalydande_part)::int p`,
    );
    expect(after).toEqual(before);
  });
});
