import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { SignJWT, decodeJwt, exportJWK, generateKeyPair, importJWK, type JWK, type KeyLike } from 'jose';
import { internalKeyFiles } from '#dev-tools/devIssuer';
import { INTERNAL_ISSUER, InternalTokenSigner, InternalTokenVerifier, SAMVERKAN_AUDIENCE } from '#platform/auth/internalToken';
import { KEY_ALGORITHM, ensureKeyPair, readJwk, readJwks } from '#platform/auth/keys';
import { createInternalAuthenticator } from '#platform/auth/subgraphAuth';
import { ConfigError } from '#platform/configError';
import { silentLogger } from '#platform/telemetry/logger';
import { loadConfig } from '../../gateway/src/config';
import { startGatewayServer, type GatewayServer } from '../../gateway/src/server';
import { testKeys } from '../helpers/auth';
import { postGraphQL } from '../helpers/graphql';
import { startStubKommun, type StubKommun } from '../helpers/stubKommun';

/**
 * User tokens at a production gateway whose identity provider is a JWKS file this test owns:
 * only pinned algorithms, only tokens with an expiry, and a rotated key set counts at once.
 */
const ISSUER = 'https://idp.example.se/realms/kommun';
const AUDIENCE = 'kommungraf';

let stub: StubKommun;

interface Key {
  privateKey: KeyLike;
  publicJwk: JWK;
  alg: string;
}

async function makeKey(kid: string, alg: string, options: { withAlg?: boolean } = {}): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, use: 'sig', ...(options.withAlg === false ? {} : { alg }) };
  return { privateKey, publicJwk, alg };
}

function token(key: Key, options: { exp?: string | null } = {}) {
  const jwt = new SignJWT({ kommunkod: '2262', roller: ['LASARE'] })
    .setProtectedHeader({ alg: key.alg, kid: key.publicJwk.kid })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject('anna')
    .setIssuedAt();
  if (options.exp !== null) jwt.setExpirationTime(options.exp ?? '10m');
  return jwt.sign(key.privateKey);
}

let keys: Awaited<ReturnType<typeof testKeys>>;
let jwksFile: string;
let gateway: GatewayServer;
let keyA: Key;
let keyB: Key;
let keyP384: Key;

/** Replaces the key set as an operator's rotation does: a new file moved over the old one. */
function writeJwks(...list: Key[]) {
  fs.writeFileSync(`${jwksFile}.new`, JSON.stringify({ keys: list.map((k) => k.publicJwk) }));
  fs.renameSync(`${jwksFile}.new`, jwksFile);
}

const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  NODE_ENV: 'production',
  PORT: '0',
  AUTH_JWKS_FILE: jwksFile,
  AUTH_ISSUER: ISSUER,
  AUTH_AUDIENCE: AUDIENCE,
  INTERNAL_SIGNING_KEY_FILE: internalKeyFiles(keys.keysDir).privateKeyFile,
  TRUSTED_DOCUMENTS: 'off',
  RATE_LIMIT: 'false',
  SAMVERKAN_URL: `${stub.origin}/samverkan`,
  KOMMUN_REGISTRY: JSON.stringify([
    {
      kommunkod: '2262',
      namn: 'Timrå',
      lan: 'Västernorrlands län',
      url: `${stub.origin}/kommun`,
    },
  ]),
  ...extra,
});

beforeAll(async () => {
  keys = await testKeys();
  jwksFile = path.join(keys.keysDir, 'idp.jwks.json');
  [keyA, keyB, keyP384] = await Promise.all([
    makeKey('a', 'ES256'),
    makeKey('b', 'RS256'),
    // Listed without `alg`, as many providers publish keys: only the pinned list stops ES384.
    makeKey('p384', 'ES384', { withAlg: false }),
  ]);
  writeJwks(keyA, keyP384);
  stub = await startStubKommun(() => ({ json: { data: { kommuner: [{ kommunkod: '2262', namn: 'Timrå' }] } } }));
  gateway = await startGatewayServer(loadConfig(env()), silentLogger());
});
afterAll(async () => {
  await gateway?.stop();
  await stub?.close();
  keys.remove();
});

const read = async (jwt: string) => {
  stub.requests.length = 0;
  const response = await postGraphQL(gateway.url, '{ kommuner { namn } }', {}, undefined, { authorization: `Bearer ${jwt}` });
  return {
    status: response.status,
    code: response.errors?.[0].extensions?.code,
    data: response.data,
    calls: stub.requests.length,
  };
};

describe('user tokens of a production gateway', () => {
  it('accepts a token of a listed key with a pinned algorithm and an expiry', async () => {
    expect(await read(await token(keyA))).toMatchObject({ status: 200, data: { kommuner: [{ namn: 'Timrå' }] } });
  });

  it('refuses a token without exp with 401, calling no subgraph', async () => {
    expect(await read(await token(keyA, { exp: null }))).toEqual({
      status: 401,
      code: 'UNAUTHENTICATED',
      data: undefined,
      calls: 0,
    });
  });

  it('refuses a token signed with an algorithm outside AUTH_ALGORITHMS, though its key is in the key set', async () => {
    expect(await read(await token(keyP384))).toEqual({ status: 401, code: 'UNAUTHENTICATED', data: undefined, calls: 0 });
  });

  it('uses a rotated key set without a restart: the new key is accepted, the removed one refused', async () => {
    const before = await token(keyA);
    writeJwks(keyB);
    expect(await read(await token(keyB))).toMatchObject({ status: 200, data: { kommuner: [{ namn: 'Timrå' }] } });
    expect(await read(before)).toEqual({ status: 401, code: 'UNAUTHENTICATED', data: undefined, calls: 0 });
    // A half-written file keeps the keys in force until it is whole.
    fs.writeFileSync(jwksFile, '{"keys": [');
    expect((await read(await token(keyB))).status).toBe(200);
    writeJwks(keyA, keyB);
    expect((await read(before)).status).toBe(200);
  });
});

describe('token settings, checked at start', () => {
  it.each([
    ['in production without AUTH_ISSUER', { AUTH_ISSUER: undefined }, 'AUTH_ISSUER'],
    ['in production without AUTH_AUDIENCE', { AUTH_AUDIENCE: undefined }, 'AUTH_AUDIENCE'],
    ['in development without AUTH_ISSUER', { NODE_ENV: undefined, AUTH_ISSUER: undefined }, 'AUTH_ISSUER'],
    ['in development with an empty AUTH_AUDIENCE', { NODE_ENV: undefined, AUTH_AUDIENCE: '' }, 'AUTH_AUDIENCE'],
    [
      'in development with AUTH_JWKS_URL, without AUTH_ISSUER',
      { NODE_ENV: undefined, AUTH_JWKS_FILE: undefined, AUTH_JWKS_URL: 'https://idp.example.se/jwks', AUTH_ISSUER: undefined },
      'AUTH_ISSUER',
    ],
    ['with a shared-secret algorithm in AUTH_ALGORITHMS', { AUTH_ALGORITHMS: 'RS256,HS256' }, 'AUTH_ALGORITHMS'],
    ['with AUTH_ALGORITHMS=none', { NODE_ENV: undefined, AUTH_ALGORITHMS: 'none' }, 'AUTH_ALGORITHMS'],
  ])('refuses to start %s, naming the variable', (_, extra, name) => {
    const settings = env(extra as NodeJS.ProcessEnv);
    for (const [key, value] of Object.entries(extra)) if (value === undefined) delete settings[key];
    expect(() => loadConfig(settings)).toThrow(ConfigError);
    expect(() => loadConfig(settings)).toThrow(name);
  });

  it('takes the algorithms AUTH_ALGORITHMS names', () => {
    expect(loadConfig(env({ AUTH_ALGORITHMS: 'PS256, EdDSA' })).auth.user.algorithms).toEqual(['PS256', 'EdDSA']);
    expect(loadConfig(env()).auth.user.algorithms).toEqual(['RS256', 'ES256']);
  });
});

describe('peer tokens (npm run token -- --internal)', () => {
  const run = (...args: string[]) =>
    promisify(execFile)(path.resolve('node_modules/.bin/tsx'), ['scripts/token.ts', ...args], {
      env: { ...process.env, KEYS_DIR: keys.keysDir },
    });

  it('last a week by default, and are valid internal tokens for their subgraph', async () => {
    const { stdout } = await run('--internal', 'samverkan');
    const peer = stdout.trim();
    const { iat, exp } = decodeJwt(peer);
    expect(exp! - iat!).toBe(7 * 24 * 60 * 60);
    const verifier = new InternalTokenVerifier(readJwks(internalKeyFiles(keys.keysDir).jwksFile), SAMVERKAN_AUDIENCE);
    await expect(verifier.verify(peer)).resolves.toEqual({ caller: null });
  });

  it('refuse a lifetime of more than 30 days, saying so', async () => {
    await expect(run('--internal', 'samverkan', '--giltig', '365d')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('at most 30 days'),
    });
  });
});

describe('internal tokens at a subgraph (INTERNAL_JWKS_FILE)', () => {
  it("uses the gateway's rotated key set without a restart, and refuses a token of its key without an expiry", async () => {
    const dir = path.join(keys.keysDir, 'rotation');
    const [oldKey, newKey] = await Promise.all([ensureKeyPair(dir, 'old'), ensureKeyPair(dir, 'new')]);
    const jwksFile = path.join(dir, 'internal.jwks.json');
    const publish = (files: typeof oldKey) => {
      fs.copyFileSync(files.jwksFile, `${jwksFile}.new`);
      fs.renameSync(`${jwksFile}.new`, jwksFile);
    };
    publish(oldKey);
    const authenticate = await createInternalAuthenticator({ mode: 'gateway-only', jwksFile }, SAMVERKAN_AUDIENCE);
    // What the subgraph's HTTP server hands it: the request, of which it reads the header.
    const status = (token: string) =>
      authenticate({ headers: { authorization: `Bearer ${token}` } } as http.IncomingMessage).then(
        () => 200,
        (error: { status: number }) => error.status,
      );
    const signed = async (files: typeof oldKey) =>
      (await InternalTokenSigner.fromJwk(readJwk(files.privateKeyFile))).sign(SAMVERKAN_AUDIENCE, null);

    const beforeRotation = await signed(oldKey);
    expect(await status(beforeRotation)).toBe(200);
    publish(newKey);
    expect(await status(await signed(newKey))).toBe(200);
    expect(await status(beforeRotation)).toBe(401);

    const newJwk = readJwk(newKey.privateKeyFile);
    const forever = await new SignJWT({})
      .setProtectedHeader({ alg: KEY_ALGORITHM, kid: newJwk.kid })
      .setIssuer(INTERNAL_ISSUER)
      .setAudience(SAMVERKAN_AUDIENCE)
      .setSubject('anonym')
      .setIssuedAt()
      .sign(await importJWK(newJwk, KEY_ALGORITHM));
    expect(await status(forever)).toBe(401);
  });
});
