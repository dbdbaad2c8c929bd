import { silentLogger } from '#platform/telemetry/logger';
import { loadConfig } from '../../gateway/src/config';
import { startGatewayServer, type GatewayServer } from '../../gateway/src/server';
import { testKeys } from '../helpers/auth';
import { startStubKommun, type StubKommun } from '../helpers/stubKommun';

/**
 * The gateway's /ready and /kommuner: answered from a probe of every part that runs once per interval,
 * however many ask; in full only to the operations token (METRICS_TOKEN).
 */
let stub: StubKommun;
let stubUrl: string;
let closedUrl: string;
let keys: Awaited<ReturnType<typeof testKeys>>;
let gateway: GatewayServer;
const operationsToken = 'operations-token-0123456789';

beforeAll(async () => {
  keys = await testKeys();
  stub = await startStubKommun(() => ({ json: { data: { __typename: 'Query' } } }));
  stubUrl = stub.origin;
  // A port nothing listens on: the kommun there is down.
  const closed = await startStubKommun();
  await closed.close();
  closedUrl = closed.url;
  gateway = await startGatewayServer(
    loadConfig({
      PORT: '0',
      SAMVERKAN_URL: `${stubUrl}/samverkan`,
      KOMMUN_REGISTRY: JSON.stringify([
        { kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län', url: `${stubUrl}/kommun/2262` },
        { kommunkod: '2281', namn: 'Sundsvall', lan: 'Västernorrlands län', url: closedUrl },
      ]),
      KEYS_DIR: keys.keysDir,
      METRICS_TOKEN: operationsToken,
      // Longer than the test: every answer below comes from the one probe.
      READINESS_PROBE_SECONDS: '600',
      RATE_LIMIT: 'false',
    }),
    silentLogger(),
  );
});
afterAll(async () => {
  await gateway?.stop();
  await stub?.close();
  keys.remove();
});

const ready = async (headers: Record<string, string> = {}) => {
  const response = await fetch(gateway.url.replace('/graphql', '/ready'), { headers });
  return { status: response.status, text: await response.text() };
};

describe('/ready', () => {
  it('probes each part once per interval, however many ask', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => ready()));
    for (let i = 0; i < 20; i++) answers.push(await ready());
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(stub.requests.filter((r) => r.path.startsWith('/kommun/2262'))).toHaveLength(1);
    expect(stub.requests.filter((r) => r.path.startsWith('/samverkan'))).toHaveLength(1);
  });

  it('shows anyone the status, counts and kommunkoder, but no URL and no error text', async () => {
    const { text } = await ready();
    expect(JSON.parse(text)).toEqual({
      status: 'degraded',
      checkedAt: expect.any(String),
      kommuner: { total: 2, ready: 0, unreachable: ['2281'], incompatible: ['2262'] },
      samverkan: { reachable: true },
    });
    expect(text).not.toMatch(/127\.0\.0\.1|http|error|fetch|ECONNREFUSED/i);
    // A wrong token is anonymous.
    expect((await ready({ authorization: 'Bearer not-the-operations-token' })).text).toBe(text);
  });

  it('shows the bearer of the operations token where each part is and why it is not ready', async () => {
    const full = JSON.parse((await ready({ authorization: `Bearer ${operationsToken}` })).text);
    expect(full.status).toBe('degraded');
    expect(full.samverkan).toMatchObject({ url: `${stubUrl}/samverkan`, reachable: true });
    expect(full.kommuner).toEqual([
      expect.objectContaining({ kommunkod: '2262', url: `${stubUrl}/kommun/2262`, reachable: true, schema: 'unknown' }),
      expect.objectContaining({ kommunkod: '2281', url: closedUrl, reachable: false, error: expect.any(String) }),
    ]);
  });
});

describe('/kommuner', () => {
  const kommuner = async (headers: Record<string, string> = {}) => {
    const response = await fetch(gateway.url.replace('/graphql', '/kommuner'), { headers });
    return { status: response.status, text: await response.text() };
  };

  it('shows anyone each kommun of the registry with its län and what the probe found, but no URL and no error text', async () => {
    const { status, text } = await kommuner();
    expect(status).toBe(200);
    const body = JSON.parse(text);
    const lan = { kod: '22', namn: 'Västernorrlands län' };
    expect(body).toEqual({
      checkedAt: expect.any(String),
      kommuner: [
        // It answers, but without a schema the graph can use.
        { kommunkod: '2262', namn: 'Timrå', lan, reachable: true, schemaCompatible: false, checkedAt: body.checkedAt },
        { kommunkod: '2281', namn: 'Sundsvall', lan, reachable: false, schemaCompatible: null, checkedAt: body.checkedAt },
      ],
    });
    expect(text).not.toMatch(/127\.0\.0\.1|localhost|http|error|fetch|ECONNREFUSED|latency/i);
    // The operations token sees no more here: the details are /ready's.
    expect((await kommuner({ authorization: `Bearer ${operationsToken}` })).text).toBe(text);
  });

  it('answers from the same probe as /ready, however many ask', async () => {
    await Promise.all(Array.from({ length: 20 }, () => kommuner()));
    expect(stub.requests.filter((r) => r.path.startsWith('/kommun/2262'))).toHaveLength(1);
  });
});

describe('the samverkan probe', () => {
  it('goes out with the internal token for samverkan, and a samverkan that is down makes the gateway degraded', async () => {
    const probe = stub.requests.find((r) => r.path.startsWith('/samverkan'));
    expect(probe?.headers.authorization).toMatch(/^Bearer ey/);
    const alone = await startGatewayServer(
      loadConfig({
        PORT: '0',
        SAMVERKAN_URL: closedUrl,
        KOMMUN_REGISTRY: JSON.stringify([
          { kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län', url: `${stubUrl}/kommun/2262` },
        ]),
        KEYS_DIR: keys.keysDir,
        METRICS_TOKEN: operationsToken,
        READINESS_PROBE_SECONDS: '600',
        RATE_LIMIT: 'false',
      }),
      silentLogger(),
    );
    try {
      const response = await fetch(alone.url.replace('/graphql', '/ready'), {
        headers: { authorization: `Bearer ${operationsToken}` },
      });
      const full = (await response.json()) as { status: string; samverkan: unknown };
      expect(full.status).toBe('degraded');
      expect(full.samverkan).toEqual({ url: closedUrl, reachable: false, latencyMs: null });
    } finally {
      await alone.stop();
    }
  });
});
