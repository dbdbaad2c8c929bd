import { SignJWT, generateKeyPair, importJWK } from 'jose';
import { DEV_AUDIENCE, DEV_ISSUER, devIssuerFiles, internalKeyFiles } from '#dev-tools/devIssuer';
import { InternalTokenVerifier, SAMVERKAN_AUDIENCE, kommunAudience } from '#platform/auth/internalToken';
import { readJwk, readJwks } from '#platform/auth/keys';
import { loadConfig } from '../../gateway/src/config';
import { startGatewayServer, type GatewayServer } from '../../gateway/src/server';
import { testKeys } from '../helpers/auth';
import { postGraphQL } from '../helpers/graphql';
import { startStubKommun, type StubKommun, type StubRequest } from '../helpers/stubKommun';
import { silentLogger } from '#platform/telemetry/logger';

/**
 * Who may ask what, at the gateway, against stub subgraphs that record the internal token each
 * call carries: bad tokens are refused with 401, forbidden writes with FORBIDDEN, both before
 * any subgraph is called; allowed calls carry a token for exactly that subgraph and user.
 */
const received: { audience: string; authorization?: string }[] = [];
let stubUrl: string;
let stub: StubKommun;
const answer = ({ path, headers, body }: StubRequest) => {
  received.push({
    audience: path.includes('samverkan') ? SAMVERKAN_AUDIENCE : kommunAudience('2262'),
    authorization: headers.authorization,
  });
  const mutation = body.includes('registreraArende');
  return {
    json: mutation
      ? {
          data: {
            registreraArende: {
              kommunkod: '2262',
              diarienummer: 'KS 2026/1',
              rubrik: 'R',
              status: 'OPPET',
              registrerad: '2026-11-26',
              version: 1,
            },
          },
        }
      : { data: { kommuner: [{ kommunkod: '2262', namn: 'Timrå' }] } },
  };
};

let keys: Awaited<ReturnType<typeof testKeys>>;
let gateway: GatewayServer;
const timra = { sub: 'anna', kommunkod: '2262', roller: ['HANDLAGGARE' as const] };

const startGateway = (env: NodeJS.ProcessEnv = {}) =>
  startGatewayServer(
    loadConfig({
      PORT: '0',
      KEYS_DIR: keys.keysDir,
      SAMVERKAN_URL: `${stubUrl}/samverkan`,
      KOMMUN_REGISTRY: JSON.stringify([
        { kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län', url: `${stubUrl}/kommun` },
      ]),
      ...env,
    }),
    silentLogger(),
  );

beforeAll(async () => {
  keys = await testKeys();
  stub = await startStubKommun(answer);
  stubUrl = stub.origin;
  gateway = await startGateway();
});
afterAll(async () => {
  await gateway.stop();
  await stub.close();
  keys.remove();
});

const read = '{ kommuner { namn } }';
const write = `mutation($k: ID!) { registreraArende(kommunkod: $k, input: { ansvarigtOrgan: "KS", rubrik: "R" }) { diarienummer } }`;
const withToken = (token: string) => ({ authorization: `Bearer ${token}` });

/** Signed with the development issuer's own key, but not for this graph. */
async function devKeyToken(options: { issuer?: string; audience?: string }) {
  const jwk = readJwk(devIssuerFiles(keys.keysDir).privateKeyFile);
  return new SignJWT({ kommunkod: '2262', roller: ['ADMIN'] })
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid })
    .setIssuer(options.issuer ?? DEV_ISSUER)
    .setAudience(options.audience ?? DEV_AUDIENCE)
    .setSubject('mallory')
    .setExpirationTime('1h')
    .sign(await importJWK(jwk, 'ES256'));
}

async function foreignToken(claims: Record<string, unknown>, options: { issuer?: string; audience?: string; exp?: string } = {}) {
  const { privateKey } = await generateKeyPair('ES256');
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(options.issuer ?? DEV_ISSUER)
    .setAudience(options.audience ?? DEV_AUDIENCE)
    .setSubject('mallory')
    .setExpirationTime(options.exp ?? '1h')
    .sign(privateKey);
}

describe('user tokens at the gateway', () => {
  it.each([
    ['a token signed by another key', () => foreignToken({ kommunkod: '2262', roller: ['ADMIN'] })],
    ['an expired token', () => keys.userToken(timra, '-1m')],
    ['a token of the right issuer for another audience', () => devKeyToken({ audience: 'ett-annat-system' })],
    ['a token of the right key from another issuer', () => devKeyToken({ issuer: 'nagon-annan' })],
    [
      'a forged payload',
      async () => {
        const [header, , signature] = (await keys.userToken(timra)).split('.');
        return [
          header,
          Buffer.from(JSON.stringify({ ...timra, roller: ['ADMIN'], aud: DEV_AUDIENCE, iss: DEV_ISSUER, exp: 9e9 })).toString(
            'base64url',
          ),
          signature,
        ].join('.');
      },
    ],
    ['garbage', async () => 'not.a.token'],
  ])('refuses %s with 401 UNAUTHENTICATED, calling no subgraph', async (_, token) => {
    received.length = 0;
    const response = await postGraphQL(gateway.url, read, {}, undefined, withToken(await token()));
    expect(response.status).toBe(401);
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(received).toHaveLength(0);
  });

  it('lets anonymous readers read public records, vouched for as anonymous', async () => {
    received.length = 0;
    const response = await postGraphQL(gateway.url, read);
    expect(response.data).toEqual({ kommuner: [{ namn: 'Timrå' }] });
    const verifier = new InternalTokenVerifier(readJwks(internalKeyFiles(keys.keysDir).jwksFile), kommunAudience('2262'));
    await expect(verifier.verify(received[0].authorization!.slice('Bearer '.length))).resolves.toEqual({ caller: null });
  });

  it('refuses a write without a token (UNAUTHENTICATED) and in another kommun (FORBIDDEN), calling no subgraph', async () => {
    received.length = 0;
    const anonymous = await postGraphQL(gateway.url, write, { k: '2262' });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const token = await keys.userToken(timra);
    const elsewhere = await postGraphQL(gateway.url, write, { k: '2281' }, undefined, withToken(token));
    expect(elsewhere.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const reader = await keys.userToken({ ...timra, roller: ['LASARE'] });
    const notAllowed = await postGraphQL(gateway.url, write, { k: '2262' }, undefined, withToken(reader));
    expect(notAllowed.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(received).toHaveLength(0);
  });

  describe('a write hidden in a fragment is checked like a plain one', () => {
    const registrera = 'registreraArende(kommunkod: $k, input: { ansvarigtOrgan: "KS", rubrik: "R" }) { diarienummer }';
    const andra = 'andraSamverkansstatus(id: "1", input: { status: AVVAKTAR, datum: "2026-11-26" }) { id }';
    it.each([
      ['a named fragment', `mutation($k: ID!) { ...W } fragment W on Mutation { ${registrera} }`],
      ['an inline fragment', `mutation($k: ID!) { ... on Mutation { ${registrera} } }`],
      ['an inline fragment without a type', `mutation($k: ID!) { ... { ${registrera} } }`],
      [
        'fragments within fragments',
        `mutation($k: ID!) { ...A } fragment A on Mutation { ... { ...B } } fragment B on Mutation { ${registrera} }`,
      ],
      [
        '@include whose variable defaults to true',
        `mutation($k: ID!, $yes: Boolean = true) { ...W @include(if: $yes) } fragment W on Mutation { ${registrera} }`,
      ],
      ['@skip(if: false)', `mutation($k: ID!) { ... @skip(if: false) { ${registrera} } }`],
    ])('refuses a write in another kommun in %s with FORBIDDEN, calling no subgraph', async (_, document) => {
      received.length = 0;
      const token = await keys.userToken(timra);
      const response = await postGraphQL(gateway.url, document, { k: '2281' }, undefined, withToken(token));
      expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(response.data ?? null).toBeNull();
      expect(received).toHaveLength(0);
    });

    it('refuses a collaboration write in a fragment of a caller who is no SAMORDNARE, calling no subgraph', async () => {
      received.length = 0;
      const token = await keys.userToken(timra);
      const response = await postGraphQL(
        gateway.url,
        `mutation { ...S } fragment S on Mutation { ... on Mutation { ${andra} } }`,
        {},
        undefined,
        withToken(token),
      );
      expect(response.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(received).toHaveLength(0);
    });

    it("lets through a write in the caller's own kommun in a fragment, and ignores a forbidden one under @skip(if: true)", async () => {
      received.length = 0;
      const token = await keys.userToken(timra);
      const response = await postGraphQL(
        gateway.url,
        `mutation($k: ID!) { ...W ... @skip(if: true) { ${andra} } } fragment W on Mutation { ${registrera} }`,
        { k: '2262' },
        undefined,
        withToken(token),
      );
      expect(response.errors).toBeUndefined();
      expect(response.data).toEqual({ registreraArende: { diarienummer: 'KS 2026/1' } });
      expect(received).toHaveLength(1);
    });
  });

  it('passes an allowed write on with an internal token for that kommun only, carrying the user', async () => {
    received.length = 0;
    const response = await postGraphQL(gateway.url, write, { k: '2262' }, undefined, withToken(await keys.userToken(timra)));
    expect(response.errors).toBeUndefined();
    const token = received[0].authorization!.slice('Bearer '.length);
    const jwks = readJwks(internalKeyFiles(keys.keysDir).jwksFile);
    await expect(new InternalTokenVerifier(jwks, kommunAudience('2262')).verify(token)).resolves.toEqual({ caller: timra });
    // The same token is worthless at another subgraph.
    await expect(new InternalTokenVerifier(jwks, kommunAudience('2281')).verify(token)).rejects.toThrow();
    await expect(new InternalTokenVerifier(jwks, SAMVERKAN_AUDIENCE).verify(token)).rejects.toThrow();
  });

  it('with REQUIRE_AUTH, refuses reads without a token', async () => {
    const strict = await startGateway({ REQUIRE_AUTH: 'true' });
    try {
      const response = await postGraphQL(strict.url, read);
      expect(response.status).toBe(401);
      expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      const allowed = await postGraphQL(strict.url, read, {}, undefined, withToken(await keys.userToken(timra)));
      expect(allowed.data).toEqual({ kommuner: [{ namn: 'Timrå' }] });
    } finally {
      await strict.stop();
    }
  });
});
