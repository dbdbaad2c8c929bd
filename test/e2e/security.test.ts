import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Caller } from '#platform/auth/caller';
import { DEV_AUDIENCE, DEV_ISSUER, devIssuerFiles, ensureDevKeys, internalKeyFiles, signDevToken } from '#dev-tools/devIssuer';
import type { Stack } from '../../scripts/stack';
import { postGraphQL, type GraphQLResponse } from '../helpers/graphql';
import { MAX_BODY_BYTES_FOR_HOSTILE_INPUT, hostileRequests, internalDetailIn } from '../helpers/hostileInput';
import { seedKommuner, startTestStack } from '../helpers/stack';

// Sekretess, write scopes and hostile input through the whole graph: a user token at the
// gateway, the kommun router, and Sundsvall's own checks and row-level security behind it. Run
// twice: as `npm start` runs it, and in production mode, where no answer may show a stack trace
// or any other internal detail.
const registry = seedKommuner.filter((k) => k.kommunkod !== '2280');
const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kommungraf-security-keys-'));
const productionEnv = () => ({
  NODE_ENV: 'production',
  AUTH_JWKS_FILE: devIssuerFiles(keysDir).jwksFile,
  AUTH_ISSUER: DEV_ISSUER,
  AUTH_AUDIENCE: DEV_AUDIENCE,
  INTERNAL_SIGNING_KEY_FILE: internalKeyFiles(keysDir).privateKeyFile,
  INTERNAL_JWKS_FILE: internalKeyFiles(keysDir).jwksFile,
  // These tests send free documents without a token; trusted documents have their own test.
  TRUSTED_DOCUMENTS: 'off',
});
beforeAll(() => ensureDevKeys(keysDir));

describe.each([
  ['development', () => ({})],
  ['production', productionEnv],
])('%s mode', (mode, env: () => Record<string, string>) => {
  /** What no answer may show in production: outside it, stack traces are there to help. */
  const noInternalDetail = (text: string) => {
    if (mode === 'production') expect(internalDetailIn(text)).toEqual([]);
  };
  let stack: Stack;

  const SUNDSVALL_HANDLAGGARE: Caller = { sub: 'handlaggare-sundsvall', kommunkod: '2281', roller: ['HANDLAGGARE'] };
  const SUNDSVALL_ADMIN: Caller = { sub: 'admin-sundsvall', kommunkod: '2281', roller: ['ADMIN'] };
  const TIMRA_HANDLAGGARE: Caller = { sub: 'handlaggare-timra', kommunkod: '2262', roller: ['HANDLAGGARE', 'ADMIN'] };
  const LAGRUM = 'OSL 26 kap. 1 §';

  /** A request through the gateway as `caller`; no answer may show internal detail. */
  const as = async (caller: Caller | null, query: string, variables: Record<string, unknown> = {}) => {
    const response = await postGraphQL(
      stack.gateway.url,
      query,
      variables,
      undefined,
      caller ? { authorization: `Bearer ${await signDevToken(stack.keysDir, caller)}` } : {},
    );
    noInternalDetail(JSON.stringify(response));
    return response;
  };

  const REGISTRERA = `mutation($kommunkod: ID!, $input: NyttArendeInput!) { registreraArende(kommunkod: $kommunkod, input: $input) { diarienummer } }`;
  const ARENDE = `query($d: String!) { arende(kommunkod: "2281", diarienummer: $d) {
    diarienummer status sekretess { lagrum } rubrik beskrivning forslagTillBeslut { text } beslutsunderlag { titel } } }`;

  let hemligt: string;

  beforeAll(async () => {
    stack = await startTestStack({ registry, keysDir, env: { ...env(), MAX_BODY_BYTES: MAX_BODY_BYTES_FOR_HOSTILE_INPUT } });
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

  afterAll(async () => {
    await stack?.stop();
    fs.rmSync(keysDir, { recursive: true, force: true });
  });

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

  describe('hostile input through the whole graph', () => {
    it.each(hostileRequests)('refuses %s with its code and no internal detail', async (_, body, status, code) => {
      const response = await fetch(stack.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const text = await response.text();
      expect(response.status).toBe(status);
      if (code) expect(JSON.parse(text).errors[0].extensions.code).toBe(code);
      noInternalDetail(text);
    });

    it.each(hostileRequests)('answers a plain query sent beside %s promptly', async (_, body, status) => {
      const post = (text: string) =>
        fetch(stack.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: text });
      const hostile = post(body);
      const started = performance.now();
      const plain = await post(JSON.stringify({ query: '{ __typename }' }));
      const plainMs = performance.now() - started;
      expect(await plain.json()).toEqual({ data: { __typename: 'Query' } });
      expect((await hostile).status).toBe(status);
      // Loose: only a request that holds the gateway's thread (seconds to minutes) breaks it.
      expect(plainMs).toBeLessThan(3000);
    });

    it('gives no field suggestions and no introspection in production (OWASP GraphQL cheat sheet)', async () => {
      const misspelled = await as(null, '{ kommuner { nam } }');
      expect(misspelled.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const introspection = await as(null, '{ __schema { types { name } } }');
      if (mode === 'production') {
        expect(JSON.stringify(misspelled)).not.toContain('Did you mean');
        expect(introspection.errors?.[0].message).toMatch(/introspection/i);
        expect(introspection.data ?? null).toBeNull();
      } else {
        expect(introspection.data?.__schema.types.length).toBeGreaterThan(10);
      }
    });

    it.each([
      [
        'an impossible date',
        '{ kommun(kommunkod: "2281") { arenden(filter: { registreradFran: "2021-02-30" }) { totalCount } } }',
        'BAD_USER_INPUT',
      ],
      [
        'a forged cursor',
        '{ kommun(kommunkod: "2281") { arenden(after: "bm90IGEgY3Vyc29y") { totalCount } } }',
        'BAD_USER_INPUT',
      ],
      [
        'a forged sync position',
        '{ kommun(kommunkod: "2281") { arenden(filter: { andradeEfter: "x" }) { totalCount } } }',
        'BAD_USER_INPUT',
      ],
      ['a page too large', '{ kommun(kommunkod: "2281") { arenden(first: 101) { totalCount } } }', 'BAD_USER_INPUT'],
      ['an unknown kommun', '{ kommun(kommunkod: "9999") { namn } }', 'UNKNOWN_KOMMUN'],
      [
        'a write without a user',
        'mutation { registreraArende(kommunkod: "2281", input: { ansvarigtOrgan: "KS", rubrik: "x" }) { diarienummer } }',
        'UNAUTHENTICATED',
      ],
    ])('answers %s with its code and no internal detail', async (_, query, code) => {
      const response = await as(null, query);
      expect(response.errors?.map((e) => e.extensions?.code)).toEqual([code]);
    });

    it('finds SQL in a search as text, and nothing else', async () => {
      const response = await as(null, `{ kommuner { arenden(filter: { text: "'; DROP TABLE arende; --" }) { totalCount } } }`);
      expect(response.errors).toBeUndefined();
      expect(response.data!.kommuner.map((k: any) => k.arenden.totalCount)).toEqual([0, 0]);
    });

    it.each([
      ['a token that is not a JWT', 'Bearer not-a-token'],
      [
        'a token signed by someone else',
        `Bearer ${'eyJhbGciOiJFUzI1NiJ9'}.${Buffer.from('{"sub":"x"}').toString('base64url')}.c2ln`,
      ],
    ])('refuses %s with 401 and no internal detail', async (_, authorization) => {
      const response = await fetch(stack.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query: '{ kommuner { namn } }' }),
      });
      const text = await response.text();
      expect(response.status).toBe(401);
      expect(JSON.parse(text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      noInternalDetail(text);
    });

    it('refuses a kommun called without the gateway, with no internal detail', async () => {
      const response = await fetch(stack.kommuner.get('2281')!.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ _service { sdl } }' }),
      });
      const text = await response.text();
      expect(response.status).toBe(401);
      noInternalDetail(text);
    });
  });
});
