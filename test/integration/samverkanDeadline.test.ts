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
 * not the query (undici's own limits would have held it for 300 s).
 */
const listen = async (server: http.Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
};
let samverkanCalls = 0;
/** Reads the request and never answers. */
const silentSamverkan = http.createServer((req) => {
  samverkanCalls += 1;
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

it('answers a samverkan that never answers with SAMVERKAN_TIMEOUT within its deadline, and the kommun part of the same query', async () => {
  const started = performance.now();
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ kommuner { kommunkod namn } samverkansomrade(id: "1") { id } }' }),
  });
  const elapsed = performance.now() - started;
  const body: any = await response.json();
  expect(samverkanCalls).toBe(1);
  expect(body.data).toEqual({ kommuner: [{ kommunkod: '2262', namn: 'Timrå' }], samverkansomrade: null });
  expect(body.errors.map((e: any) => e.extensions.code)).toEqual(['SAMVERKAN_TIMEOUT']);
  expect(body.errors[0].message).toMatch(/samverkan subgraph did not answer within 1000 ms/);
  // A loose bound that only a missing deadline breaks: the samverkan data source's fetch had none.
  expect(elapsed).toBeLessThan(10_000);
  // …and the call is counted by its outcome, as a kommun's is.
  const counted = (await samverkanFetchDuration.get()).values.find(
    (v) => v.metricName?.endsWith('_count') && v.labels.code === 'SAMVERKAN_TIMEOUT',
  );
  expect(counted?.value).toBe(1);
});
