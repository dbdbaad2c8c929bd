import type { Caller } from '#platform/auth/caller';
import { signDevToken } from '#dev-tools/devIssuer';
import type { Stack } from '../../scripts/stack';
import { postGraphQL, type GraphQLResponse } from '../helpers/graphql';
import { seedKommuner, startTestStack } from '../helpers/stack';

// Sekretess and write scopes through the whole graph: a user token at the gateway, the kommun
// router, and Sundsvall's own checks and row-level security behind it.
const registry = seedKommuner.filter((k) => k.kommunkod !== '2280');
let stack: Stack;

const SUNDSVALL_HANDLAGGARE: Caller = { sub: 'handlaggare-sundsvall', kommunkod: '2281', roller: ['HANDLAGGARE'] };
const SUNDSVALL_ADMIN: Caller = { sub: 'admin-sundsvall', kommunkod: '2281', roller: ['ADMIN'] };
const TIMRA_HANDLAGGARE: Caller = { sub: 'handlaggare-timra', kommunkod: '2262', roller: ['HANDLAGGARE', 'ADMIN'] };
const LAGRUM = 'OSL 26 kap. 1 §';

const as = async (caller: Caller | null, query: string, variables: Record<string, unknown> = {}) =>
  postGraphQL(
    stack.gateway.url,
    query,
    variables,
    undefined,
    caller ? { authorization: `Bearer ${await signDevToken(stack.keysDir, caller)}` } : {},
  );

const REGISTRERA = `mutation($kommunkod: ID!, $input: NyttArendeInput!) { registreraArende(kommunkod: $kommunkod, input: $input) { diarienummer } }`;
const ARENDE = `query($d: String!) { arende(kommunkod: "2281", diarienummer: $d) {
  diarienummer status sekretess { lagrum } rubrik beskrivning forslagTillBeslut { text } beslutsunderlag { titel } } }`;

let hemligt: string;

beforeAll(async () => {
  stack = await startTestStack({ registry });
  const response = await as(SUNDSVALL_HANDLAGGARE, REGISTRERA, {
    kommunkod: '2281',
    input: {
      ansvarigtOrgan: 'KS',
      rubrik: 'Skyddsplacering av barn',
      beskrivning: 'Uppgifter om enskilds personliga förhållanden.',
      forslagTillBeslut: ['Bevilja placering.'],
      sekretess: { lagrum: LAGRUM },
    },
  });
  expect(response.errors).toBeUndefined();
  hemligt = response.data!.registreraArende.diarienummer;
});

afterAll(() => stack?.stop());

const errorsByPath = (response: GraphQLResponse) =>
  Object.fromEntries((response.errors ?? []).map((e) => [e.path?.join('.'), e.extensions?.code]));

describe('sekretess through the gateway', () => {
  it.each([
    ['a Timrå HANDLAGGARE', TIMRA_HANDLAGGARE],
    ['an anonymous reader', null],
  ])('shows %s that a restricted Sundsvall ärende exists, and not its content', async (_, caller) => {
    const response = await as(caller, ARENDE, { d: hemligt });
    expect(response.status).toBe(200);
    expect(response.data!.arende).toEqual({
      diarienummer: hemligt,
      status: 'OPPET',
      sekretess: { lagrum: LAGRUM },
      rubrik: null,
      beskrivning: null,
      forslagTillBeslut: null,
      beslutsunderlag: null,
    });
    expect(errorsByPath(response)).toEqual({
      'arende.rubrik': 'FORBIDDEN',
      'arende.beskrivning': 'FORBIDDEN',
      'arende.forslagTillBeslut': 'FORBIDDEN',
      'arende.beslutsunderlag': 'FORBIDDEN',
    });
  });

  it('shows a Sundsvall HANDLAGGARE the content', async () => {
    const response = await as(SUNDSVALL_HANDLAGGARE, ARENDE, { d: hemligt });
    expect(response.errors).toBeUndefined();
    expect(response.data!.arende).toMatchObject({
      rubrik: 'Skyddsplacering av barn',
      beskrivning: 'Uppgifter om enskilds personliga förhållanden.',
      forslagTillBeslut: [{ text: 'Bevilja placering.' }],
      beslutsunderlag: [],
    });
  });

  it('does not let a search of all kommuner reveal a restricted word', async () => {
    const search = `{ kommuner { kommunkod arenden(filter: { text: "skyddsplacering" }) { totalCount } } }`;
    const others = await as(TIMRA_HANDLAGGARE, search);
    expect(others.data!.kommuner).toEqual([
      { kommunkod: '2281', arenden: { totalCount: 0 } },
      { kommunkod: '2262', arenden: { totalCount: 0 } },
    ]);
    const own = await as(SUNDSVALL_HANDLAGGARE, search);
    expect(own.data!.kommuner[0]).toEqual({ kommunkod: '2281', arenden: { totalCount: 1 } });
  });
});

describe('writes through the gateway', () => {
  it('refuses a Timrå HANDLAGGARE a write in Sundsvall', async () => {
    const response = await as(TIMRA_HANDLAGGARE, REGISTRERA, {
      kommunkod: '2281',
      input: { ansvarigtOrgan: 'KS', rubrik: 'Intrång' },
    });
    expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(response.data ?? null).toBeNull();
  });

  it('shows Sundsvall’s ADMIN who wrote in Sundsvall', async () => {
    const response = await as(
      SUNDSVALL_ADMIN,
      `{ kommun(kommunkod: "2281") { granskningslogg { sub kommunkod atgard objekt } } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data!.kommun.granskningslogg).toEqual([
      { sub: 'handlaggare-sundsvall', kommunkod: '2281', atgard: 'registreraArende', objekt: hemligt },
    ]);
    const timra = await as(TIMRA_HANDLAGGARE, `{ kommun(kommunkod: "2281") { granskningslogg { sub } } }`);
    expect(timra.data!.kommun.granskningslogg).toBeNull();
    expect(errorsByPath(timra)).toEqual({ 'kommun.granskningslogg': 'FORBIDDEN' });
  });
});
