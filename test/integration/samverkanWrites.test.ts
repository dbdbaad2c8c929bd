import { SAMVERKAN_AUDIENCE } from '#platform/auth/internalToken';
import { loadConfig } from '../../subgraphs/samverkan/src/config';
import { startSamverkanServer, type SamverkanServer } from '../../subgraphs/samverkan/src/server';
import { testKeys } from '../helpers/auth';
import { dropAll, testDatabaseUrl, uniquePrefix } from '../helpers/database';
import { postGraphQL, type GraphQLResponse } from '../helpers/graphql';

// The samverkan subgraph on its own seeded database: Sundsvall (2281) and Timrå (2262) are
// ANSLUTEN to the collaboration, Härnösand (2280) INTRESSERAD. Called as the gateway calls it on
// behalf of Timrå's samordnare.
const db = testDatabaseUrl(uniquePrefix(), 'samverkan');

let server: SamverkanServer;
let keys: Awaited<ReturnType<typeof testKeys>>;
let headers: Record<string, string>;
beforeAll(async () => {
  keys = await testKeys();
  server = await startSamverkanServer(loadConfig({ DATABASE_URL: db, PORT: '0', SEED: 'true', ...keys.env }));
  headers = await keys.internalHeaders(SAMVERKAN_AUDIENCE, {
    sub: 'samordnare-timra',
    kommunkod: '2262',
    roller: ['SAMORDNARE'],
  });
});
afterAll(async () => {
  await server?.stop();
  await dropAll([db]);
  keys?.remove();
});

const gql = (query: string, variables: Record<string, unknown> = {}) =>
  postGraphQL(server.url, query, variables, undefined, headers);

function refusal(response: GraphQLResponse) {
  expect(response.errors).toHaveLength(1);
  const [error] = response.errors!;
  return { code: error.extensions?.code, field: error.extensions?.field, message: error.message };
}

const counts = async () =>
  (
    await server.dataSource.query(
      `SELECT (SELECT count(*) FROM avtal)::int avtal, (SELECT count(*) FROM avtalspart)::int avtalspart,
              (SELECT count(*) FROM omrade_status)::int omrade_status, (SELECT count(*) FROM omrade_beslut)::int omrade_beslut,
              (SELECT count(*) FROM granskningslogg)::int granskning`,
    )
  )[0];

const ANDRA = `mutation AndraSamverkansstatus($id: ID!, $input: StatusandringInput!) {
  andraSamverkansstatus(id: $id, input: $input) {
    id status statushistorik { status datum kommentar beslut { kommunkod beteckning } } beslut { kommunkod beteckning }
  }
}`;

describe('andraSamverkansstatus', () => {
  it('records the change with its decision last in the history and makes it the area’s status', async () => {
    const { data, errors } = await gql(ANDRA, {
      id: 'kollektivtrafik',
      input: {
        status: 'UTREDS',
        datum: '2021-03-15',
        kommentar: 'Utredningen återupptas med Härnösand.',
        beslut: { kommunkod: '2262', beteckning: 'KS 2021 § 30' },
      },
    });
    expect(errors).toBeUndefined();
    const omrade = data!.andraSamverkansstatus;
    expect(omrade.id).toBe('kollektivtrafik');
    expect(omrade.status).toBe('UTREDS');
    expect(omrade.statushistorik.map((s: { status: string }) => s.status)).toEqual(['IDENTIFIERAT', 'AVVAKTAR', 'UTREDS']);
    expect(omrade.statushistorik.at(-1)).toEqual({
      status: 'UTREDS',
      datum: '2021-03-15',
      kommentar: 'Utredningen återupptas med Härnösand.',
      beslut: { kommunkod: '2262', beteckning: 'KS 2021 § 30' },
    });
    expect(omrade.beslut).toContainEqual({ kommunkod: '2262', beteckning: 'KS 2021 § 30' });
    const read = await gql(`{ samverkansomrade(id: "kollektivtrafik") { status statushistorik { status } } }`);
    expect(read.data!.samverkansomrade).toMatchObject({ status: 'UTREDS' });
    expect(read.data!.samverkansomrade.statushistorik).toHaveLength(3);
  });

  it('refuses an unknown area, the status it already has, a day before its latest change and a decision of a non-party', async () => {
    const before = await counts();
    expect(refusal(await gql(ANDRA, { id: 'finns-inte', input: { status: 'UTREDS', datum: '2021-01-01' } }))).toMatchObject({
      code: 'NOT_FOUND',
      field: 'id',
    });
    expect(refusal(await gql(ANDRA, { id: 'kollektivtrafik', input: { status: 'UTREDS', datum: '2021-04-01' } }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'status',
    });
    expect(refusal(await gql(ANDRA, { id: 'kollektivtrafik', input: { status: 'STARTAT', datum: '2021-03-14' } }))).toMatchObject(
      {
        code: 'BAD_USER_INPUT',
        field: 'datum',
        message: expect.stringContaining('2021-03-15'),
      },
    );
    const nonParty = await gql(ANDRA, {
      id: 'kollektivtrafik',
      input: { status: 'STARTAT', datum: '2021-04-01', beslut: { kommunkod: '0180', beteckning: 'KS 2021 § 1' } },
    });
    expect(refusal(nonParty)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'beslut.kommunkod' });
    const badKod = await gql(ANDRA, {
      id: 'kollektivtrafik',
      input: { status: 'STARTAT', datum: '2021-04-01', beslut: { kommunkod: 'Timrå', beteckning: 'KS 2021 § 1' } },
    });
    expect(refusal(badKod)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'beslut.kommunkod' });
    expect(refusal(await gql(ANDRA, { id: 'kollektivtrafik', input: { status: 'STARTAT', datum: '2021-02-29' } }))).toMatchObject(
      {
        code: 'BAD_USER_INPUT',
      },
    );
    expect(await counts()).toEqual(before);
  });
});

describe('registreraAvtal', () => {
  const REGISTRERA = `mutation($input: NyttAvtalInput!) { registreraAvtal(input: $input) {
    id namn resurs rattsligGrund tecknat giltigFran giltigTill omrade { id avtal { namn } }
    parter { kommun { kommunkod } roll kostnadsandel } } }`;
  const input = {
    omradeId: 'inkopsanalys',
    namn: 'Avtal om gemensam inköpsanalytiker',
    resurs: 'Inköpsanalytiker',
    rattsligGrund: 'KL 9 kap. 37 §',
    tecknat: '2021-01-15',
    giltigFran: '2021-02-01',
    giltigTill: '2022-12-31',
    parter: [
      { kommunkod: '2281', roll: 'VARDKOMMUN', kostnadsandel: 0.7 },
      { kommunkod: '2262', roll: 'PART', kostnadsandel: 0.3 },
    ],
  };

  it('registers an agreement whose shares add up to 1 (within float rounding)', async () => {
    const { data, errors } = await gql(REGISTRERA, { input });
    expect(errors).toBeUndefined();
    const avtal = data!.registreraAvtal;
    expect(avtal).toMatchObject({
      namn: 'Avtal om gemensam inköpsanalytiker',
      resurs: 'Inköpsanalytiker',
      rattsligGrund: 'KL 9 kap. 37 §',
      tecknat: '2021-01-15',
      giltigFran: '2021-02-01',
      giltigTill: '2022-12-31',
      parter: [
        { kommun: { kommunkod: '2281' }, roll: 'VARDKOMMUN', kostnadsandel: 0.7 },
        { kommun: { kommunkod: '2262' }, roll: 'PART', kostnadsandel: 0.3 },
      ],
    });
    expect(avtal.omrade).toEqual({ id: 'inkopsanalys', avtal: [{ namn: 'Avtal om gemensam inköpsanalytiker' }] });
    const read = await gql(`query($id: ID!) { avtal(id: $id) { namn parter { kostnadsandel } } }`, { id: avtal.id });
    expect(read.data!.avtal.parter.map((p: { kostnadsandel: number }) => p.kostnadsandel)).toEqual([0.7, 0.3]);
    // 0.1 + (0.2 + 0.7) is not exactly 1 in floating point, but it is a full share.
    const rounded = await gql(REGISTRERA, {
      input: {
        ...input,
        namn: 'Avrundade andelar',
        omradeId: 'eu-samordning',
        parter: [
          { kommunkod: '2281', roll: 'PART', kostnadsandel: 0.1 },
          { kommunkod: '2262', roll: 'PART', kostnadsandel: 0.2 + 0.7 },
        ],
      },
    });
    expect(rounded.errors).toBeUndefined();
    expect(rounded.data!.registreraAvtal.parter.map((p: { kostnadsandel: number }) => p.kostnadsandel)).toEqual([0.1, 0.9]);
  });

  it('refuses shares that do not add up to 1, two värdkommuner, duplicates and an end before the start', async () => {
    const before = await counts();
    const cases: [Record<string, unknown>, string, string][] = [
      [
        {
          parter: [
            { kommunkod: '2281', roll: 'VARDKOMMUN', kostnadsandel: 0.7 },
            { kommunkod: '2262', roll: 'PART', kostnadsandel: 0.2 },
          ],
        },
        'BAD_USER_INPUT',
        'parter',
      ],
      [
        {
          parter: [
            { kommunkod: '2281', roll: 'VARDKOMMUN', kostnadsandel: 0.5 },
            { kommunkod: '2262', roll: 'VARDKOMMUN', kostnadsandel: 0.5 },
          ],
        },
        'BAD_USER_INPUT',
        'parter[1].roll',
      ],
      [
        {
          parter: [
            { kommunkod: '2281', roll: 'PART', kostnadsandel: 0.5 },
            { kommunkod: '2281', roll: 'PART', kostnadsandel: 0.5 },
          ],
        },
        'BAD_USER_INPUT',
        'parter[1].kommunkod',
      ],
      [
        {
          parter: [
            { kommunkod: '2281', roll: 'PART', kostnadsandel: 1.5 },
            { kommunkod: '2262', roll: 'PART', kostnadsandel: -0.5 },
          ],
        },
        'BAD_USER_INPUT',
        'parter[0].kostnadsandel',
      ],
      [{ parter: [] }, 'BAD_USER_INPUT', 'parter'],
      [{ giltigFran: '2022-01-01', giltigTill: '2021-12-31' }, 'BAD_USER_INPUT', 'giltigTill'],
      [{ namn: ' ' }, 'BAD_USER_INPUT', 'namn'],
      [{ omradeId: 'finns-inte' }, 'NOT_FOUND', 'omradeId'],
    ];
    for (const [change, code, field] of cases) {
      expect(refusal(await gql(REGISTRERA, { input: { ...input, ...change } }))).toMatchObject({ code, field });
    }
    expect(await counts()).toEqual(before);
  });

  it('leaves no trace when a party turns out not to be a joined party half-way through', async () => {
    const before = await counts();
    // Sundsvall's part is written before Härnösand (only INTRESSERAD) is found out.
    const response = await gql(REGISTRERA, {
      input: {
        ...input,
        parter: [
          { kommunkod: '2281', roll: 'VARDKOMMUN', kostnadsandel: 0.5 },
          { kommunkod: '2280', roll: 'PART', kostnadsandel: 0.5 },
        ],
      },
    });
    expect(refusal(response)).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'parter[1].kommunkod',
      message: expect.stringContaining('INTRESSERAD'),
    });
    expect(await counts()).toEqual(before);
    const outsider = await gql(REGISTRERA, {
      input: {
        ...input,
        parter: [
          { kommunkod: '2281', roll: 'PART', kostnadsandel: 0.5 },
          { kommunkod: '0180', roll: 'PART', kostnadsandel: 0.5 },
        ],
      },
    });
    expect(refusal(outsider)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parter[1].kommunkod' });
    expect(await counts()).toEqual(before);
    const read = await gql(`{ samverkansomrade(id: "inkopsanalys") { avtal { namn } } }`);
    expect(read.data!.samverkansomrade.avtal).toEqual([{ namn: 'Avtal om gemensam inköpsanalytiker' }]);
  });
});
