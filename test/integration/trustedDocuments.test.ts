import { createLogger, silentLogger, type Logger } from '#platform/telemetry/logger';
import fs from 'node:fs';
import { loadConfig } from '../../gateway/src/config';
import { startGatewayServer, type GatewayServer } from '../../gateway/src/server';
import { manifestFile, type PersistedQueryManifest } from '../../scripts/trustedDocuments';
import { testKeys } from '../helpers/auth';
import { startStubKommun, type StubKommun } from '../helpers/stubKommun';

/**
 * Trusted documents at the gateway, in front of a stub kommun that counts its calls: the
 * manifest's hashes are answered, an anonymous client's free document is refused under
 * `enforce` before any kommun is called, and answered and logged under `log`.
 */
let calls = 0;
let stub: StubKommun;
let stubUrl: string;
let keys: Awaited<ReturnType<typeof testKeys>>;
const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as PersistedQueryManifest;
const dashboardKommuner = manifest.operations.find((o) => o.name === 'DashboardKommuner')!;

beforeAll(async () => {
  keys = await testKeys();
  stub = await startStubKommun(() => {
    calls += 1;
    return {
      json: { data: { kommuner: [{ __typename: 'Kommun', kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län' }] } },
    };
  });
  stubUrl = stub.url;
});
afterAll(async () => {
  await stub.close();
  keys.remove();
});

async function startGateway(env: NodeJS.ProcessEnv, log: Logger = silentLogger()) {
  return startGatewayServer(
    loadConfig({
      PORT: '0',
      SAMVERKAN_URL: stubUrl,
      KOMMUN_REGISTRY: JSON.stringify([{ kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län', url: stubUrl }]),
      KEYS_DIR: keys.keysDir,
      ...env,
    }),
    log,
  );
}

async function post(gateway: GatewayServer, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as any };
}

const byHash = (sha256Hash: string, operationName?: string) => ({
  operationName,
  extensions: { persistedQuery: { version: 1, sha256Hash } },
});
const freeDocument = { query: '{ kommuner { kommunkod namn } }' };

describe('TRUSTED_DOCUMENTS=enforce', () => {
  let gateway: GatewayServer;
  beforeAll(async () => {
    gateway = await startGateway({ TRUSTED_DOCUMENTS: 'enforce' });
  });
  afterAll(() => gateway.stop());

  it('answers an operation of the manifest sent by its hash alone', async () => {
    const answer = await post(gateway, byHash(dashboardKommuner.id, 'DashboardKommuner'));
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({
      data: { kommuner: [{ __typename: 'Kommun', kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län' }] },
    });
  });

  it('answers a hash it does not know with PERSISTED_QUERY_NOT_FOUND, as Apollo clients expect', async () => {
    const answer = await post(gateway, byHash('0'.repeat(64)));
    expect(answer.json.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('refuses a free document from a client without a token, before calling any kommun', async () => {
    calls = 0;
    const answer = await post(gateway, freeDocument);
    expect(answer.status).toBe(403);
    expect(answer.json.errors[0].extensions.code).toBe('UNTRUSTED_OPERATION');
    expect(answer.json.data).toBeUndefined();
    expect(calls).toBe(0);
  });

  it('does not let a free document in by registering it as an automatic persisted query', async () => {
    const { createHash } = await import('node:crypto');
    const sha256Hash = createHash('sha256').update(freeDocument.query).digest('hex');
    const registering = await post(gateway, { ...freeDocument, ...byHash(sha256Hash) });
    expect(registering.json.errors[0].extensions.code).toBe('UNTRUSTED_OPERATION');
    const token = await keys.userToken({ sub: 'registrar', kommunkod: '2262', roller: ['LASARE'] });
    await post(gateway, { ...freeDocument, ...byHash(sha256Hash) }, { authorization: `Bearer ${token}` });
    const anonymous = await post(gateway, byHash(sha256Hash));
    expect(anonymous.json.errors[0].extensions.code).toBe('UNTRUSTED_OPERATION');
  });

  it('answers a free document from a signed-in user', async () => {
    const token = await keys.userToken({ sub: 'lasare-1', kommunkod: '2262', roller: ['LASARE'] });
    const answer = await post(gateway, freeDocument, { authorization: `Bearer ${token}` });
    expect(answer.json).toEqual({ data: { kommuner: [{ kommunkod: '2262', namn: 'Timrå' }] } });
  });

  it('leaves introspection to INTROSPECTION, so the explorers can read the schema', async () => {
    const answer = await post(gateway, { query: '{ __schema { queryType { name } } }' });
    expect(answer.json).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });
});

describe('TRUSTED_DOCUMENTS=enforce with introspection off, as in production', () => {
  let gateway: GatewayServer;
  beforeAll(async () => {
    gateway = await startGateway({ TRUSTED_DOCUMENTS: 'enforce', INTROSPECTION: 'false' });
  });
  afterAll(() => gateway.stop());

  it("refuses an anonymous client's unknown document before parsing it", async () => {
    // Parsed, it would be GRAPHQL_PARSE_FAILED; refused by its hash, it is never read.
    const unparsable = await post(gateway, { query: '{ kommuner {' });
    expect(unparsable.status).toBe(403);
    expect(unparsable.json.errors[0].extensions.code).toBe('UNTRUSTED_OPERATION');
    const chain = `{ ...F0 } ${Array.from({ length: 30 }, (_, i) => `fragment F${i} on Query { ${i < 29 ? `...F${i + 1} ...F${i + 1}` : '__typename'} }`).join(' ')}`;
    const hostile = await post(gateway, { query: chain });
    expect(hostile.json.errors[0].extensions.code).toBe('UNTRUSTED_OPERATION');
  });

  it('still answers the manifest by hash and by text, and limits a signed-in user', async () => {
    const byId = await post(gateway, byHash(dashboardKommuner.id, 'DashboardKommuner'));
    expect(byId.json.data.kommuner).toHaveLength(1);
    const byText = await post(gateway, { query: dashboardKommuner.body });
    expect(byText.json.data.kommuner).toHaveLength(1);
    const token = await keys.userToken({ sub: 'lasare-2', kommunkod: '2262', roller: ['LASARE'] });
    const deep = `{ ${'... on Query { '.repeat(300)} __typename ${'} '.repeat(300)} }`;
    const signedIn = await post(gateway, { query: deep }, { authorization: `Bearer ${token}` });
    expect(signedIn.status).toBe(400);
    expect(signedIn.json.errors[0].extensions.code).toBe('QUERY_TOO_DEEP');
  });
});

describe('TRUSTED_DOCUMENTS=log', () => {
  it('answers a free document from a client without a token, and logs it', async () => {
    const lines: string[] = [];
    const gateway = await startGateway(
      { TRUSTED_DOCUMENTS: 'log' },
      createLogger(
        { service: 'gateway', production: false, logLevel: 'info' },
        { write: (line: string) => void lines.push(line) },
      ),
    );
    try {
      const answer = await post(gateway, freeDocument, { 'x-request-id': 'free-document-1' });
      expect(answer.json).toEqual({ data: { kommuner: [{ kommunkod: '2262', namn: 'Timrå' }] } });
      const logged = lines.filter((line) => line.includes('free-document-1')).map((line) => JSON.parse(line));
      expect(logged).toEqual([
        expect.objectContaining({ level: 'warn', requestId: 'free-document-1', queryHash: expect.any(String) }),
      ]);
      await post(gateway, byHash(dashboardKommuner.id), { 'x-request-id': 'trusted-1' });
      expect(lines.filter((line) => line.includes('trusted-1'))).toEqual([]);
    } finally {
      await gateway.stop();
    }
  });
});

describe('configuration', () => {
  it('enforces in production and is off in development unless TRUSTED_DOCUMENTS says otherwise', () => {
    const production = {
      NODE_ENV: 'production',
      KOMMUN_REGISTRY: '[{"kommunkod":"2262","namn":"T","lan":"L","url":"http://x/"}]',
    };
    expect(
      loadConfig({
        ...production,
        AUTH_JWKS_FILE: '/k.json',
        AUTH_ISSUER: 'i',
        AUTH_AUDIENCE: 'a',
        INTERNAL_SIGNING_KEY_FILE: '/p.json',
      }).trustedDocuments.mode,
    ).toBe('enforce');
    expect(loadConfig({ KOMMUN_REGISTRY: production.KOMMUN_REGISTRY }).trustedDocuments.mode).toBe('off');
    expect(() => loadConfig({ KOMMUN_REGISTRY: production.KOMMUN_REGISTRY, TRUSTED_DOCUMENTS: 'strict' })).toThrow(
      /TRUSTED_DOCUMENTS/,
    );
  });
});
