import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../gateway/src/config';
import { startGatewayServer, type GatewayServer } from '../../gateway/src/server';
import { testKeys } from '../helpers/auth';
import { silentLogger } from '#platform/telemetry/logger';
import { samverkanFetchDuration } from '#platform/telemetry/metrics';

/**
 * The samverkan subgraph has a deadline like a kommun's (SAMVERKAN_TIMEOUT): a samverkan that
 * takes the request and never answers costs the query its samverkan part, with a coded error,
 * not the query (undici's own limits would have held it for 300 s). Its calls go through the
 * chain a kommun's do (gateway/src/subgraphChains.ts): identical reads in flight are merged
 * before they are timed and sent; writes never are.
 */
const listen = async (server: http.Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
};
/** The headers of each request samverkan got. */
const samverkanCalls: http.IncomingHttpHeaders[] = [];
/** Reads the request and never answers. */
const silentSamverkan = http.createServer((req) => {
  samverkanCalls.push(req.headers);
  req.resume();
});
const kommun = http.createServer(async (req, res) => {
  for await (const _ of req);
  res
    .writeHead(200, { 'content-type': 'application/json' })
    .end(JSON.stringify({ data: { kommuner: [{ kommunkod: '2262', namn: 'Timrå' }] } }));
});
let keys: Awaited<ReturnType<typeof testKeys>>;
let gateway: GatewayServer;

beforeAll(async () => {
  keys = await testKeys();
  const samverkanUrl = await listen(silentSamverkan);
  const kommunUrl = await listen(kommun);
  gateway = await startGatewayServer(
    loadConfig({
      PORT: '0',
      SAMVERKAN_URL: samverkanUrl,
      SAMVERKAN_TIMEOUT: '1',
      KOMMUN_REGISTRY: JSON.stringify([{ kommunkod: '2262', namn: 'Timrå', lan: 'Västernorrlands län', url: kommunUrl }]),
      KEYS_DIR: keys.keysDir,
    }),
    silentLogger(),
  );
});
afterAll(async () => {
  await gateway.stop();
  for (const server of [silentSamverkan, kommun]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  keys.remove();
});

const post = async (query: string, headers: Record<string, string> = {}) => {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as any;
};
const counted = async (code: string) =>
  (await samverkanFetchDuration.get()).values.find((v) => v.metricName?.endsWith('_count') && v.labels.code === code)?.value;

it('answers a samverkan that never answers with SAMVERKAN_TIMEOUT within its deadline, and the kommun part of the same query', async () => {
  const started = performance.now();
  // Five identical reads at once: the first is under way until its deadline, so the others join it.
  const bodies = await Promise.all(
    Array.from({ length: 5 }, () => post('{ kommuner { kommunkod namn } samverkansomrade(id: "1") { id } }')),
  );
  const elapsed = performance.now() - started;
  expect(samverkanCalls).toHaveLength(1);
  for (const body of bodies) {
    expect(body.data).toEqual({ kommuner: [{ kommunkod: '2262', namn: 'Timrå' }], samverkansomrade: null });
    expect(body.errors.map((e: any) => e.extensions.code)).toEqual(['SAMVERKAN_TIMEOUT']);
    expect(body.errors[0].message).toMatch(/samverkan subgraph did not answer within 1000 ms/);
  }
  // A loose bound that only a missing deadline breaks: the samverkan data source's fetch had none.
  expect(elapsed).toBeLessThan(10_000);
  // …and the one call that went out is counted by its outcome, as a kommun's is.
  expect(await counted('SAMVERKAN_TIMEOUT')).toBe(1);
});

it('sends each write on its own, with its Idempotency-Key, and tells a write past the deadline as SAMVERKAN_OUTCOME_UNKNOWN', async () => {
  samverkanCalls.length = 0;
  const token = await keys.userToken({ sub: 'samordnare', kommunkod: '2262', roller: ['SAMORDNARE'] });
  const write = (requestId: string) =>
    post('mutation { andraSamverkansstatus(id: "1", input: { status: UTREDS, datum: "2026-12-07" }) { id } }', {
      authorization: `Bearer ${token}`,
      'idempotency-key': 'same-write',
      'x-request-id': requestId,
    });
  const bodies = await Promise.all([write('first'), write('second')]);
  expect(samverkanCalls.map((h) => [h['x-request-id'], h['idempotency-key']]).sort()).toEqual([
    ['first', 'same-write'],
    ['second', 'same-write'],
  ]);
  expect(samverkanCalls.every((h) => h.authorization?.startsWith('Bearer '))).toBe(true);
  for (const body of bodies) {
    expect(body.errors.map((e: any) => e.extensions.code)).toEqual(['SAMVERKAN_OUTCOME_UNKNOWN']);
    expect(body.errors[0].message).toMatch(/retry with the same Idempotency-Key/);
  }
  expect(await counted('SAMVERKAN_OUTCOME_UNKNOWN')).toBe(2);
});
