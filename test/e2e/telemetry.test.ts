import http from 'node:http';
import type * as ServerModule from '../../gateway/src/server';
import type { AddressInfo } from 'node:net';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { DEV_AUDIENCE, DEV_ISSUER, devIssuerFiles, internalKeyFiles } from '#dev-tools/devIssuer';
import { silentLogger } from '#platform/telemetry/logger';
import { startTracing, tracer, type RunningTracing } from '#platform/telemetry/tracing';
import type { Stack } from '../../scripts/stack';
import { loadConfig } from '../../gateway/src/config';
import type { GatewayServer } from '../../gateway/src/server';
import { testKeys } from '../helpers/auth';
import { postGraphQL } from '../helpers/graphql';
import { startTestStack } from '../helpers/stack';

/**
 * Traces and metrics of a real graph: the kommuner and samverkan run as processes (as under
 * `npm start`) that export their spans over OTLP (http/protobuf) to a collector in this test;
 * the gateway runs in this process with the SDK's InMemorySpanExporter, so its spans can be
 * read whole. Timrå is stopped: its fetch must be an error span, and counted as one.
 */

/** What the processes exported: each OTLP request body (protobuf), as received. */
const exported: Buffer[] = [];
const collector = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    exported.push(Buffer.concat(chunks));
    res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
  });
});

const memory = new InMemorySpanExporter();
let tracing: RunningTracing | undefined;
let stack: Stack;
let gateway: GatewayServer;

beforeAll(async () => {
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  stack = await startTestStack({
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl, OTEL_BSP_SCHEDULE_DELAY: '100', KOMMUN_CACHE: 'false' },
  });
  await stack.kommuner.get('2262')!.stop();
  tracing = await startTracing({ service: 'gateway' }, memory);
  gateway = await gatewayServer().startGatewayServer(
    loadConfig({
      PORT: '0',
      KEYS_DIR: stack.keysDir,
      SAMVERKAN_URL: stack.samverkan.url,
      KOMMUN_REGISTRY_FILE: stack.registryFile,
      KOMMUN_CACHE: 'false',
    }),
    silentLogger(),
  );
});

afterAll(async () => {
  await gateway?.stop();
  await tracing?.stop();
  await stack?.stop();
  collector.closeAllConnections();
  await new Promise((resolve) => collector.close(resolve));
});

/** The gateway's modules, loaded after tracing has started, as runService does, so that its HTTP server is instrumented. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a static import would load them before tracing starts
const gatewayServer = () => require('../../gateway/src/server') as typeof ServerModule;

/** Polls until `check` passes; for spans and exports that arrive in their own time. A hang fails it. */
async function eventually<T>(check: () => T, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The span and its ancestors, innermost first. */
function ancestry(span: ReadableSpan, spans: readonly ReadableSpan[]): ReadableSpan[] {
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  const chain = [span];
  for (
    let parent = span.parentSpanContext;
    parent && byId.has(parent.spanId);
    parent = byId.get(parent.spanId)!.parentSpanContext
  ) {
    chain.push(byId.get(parent.spanId)!);
  }
  return chain;
}

/**
 * The gateway's span of one request (@apollo/gateway's `gateway.request`). In a service it sits
 * under the HTTP server span that the http instrumentation makes; jest's module registry keeps
 * that instrumentation from patching node:http in this process, so here it is the root.
 */
function gatewayRequestSpan(operationName: string): ReadableSpan {
  const found = memory
    .getFinishedSpans()
    .find((s) => s.name === 'gateway.request' && s.attributes['graphql.operation.name'] === operationName);
  if (!found) throw new Error(`the gateway has no span for the request ${operationName}`);
  return found;
}

const kommunSpansOf = (spans: readonly ReadableSpan[], traceId: string) =>
  spans.filter((s) => /^kommun \d{4}$/.test(s.name) && s.spanContext().traceId === traceId);

describe('traces', () => {
  it('has one span per kommun of a fan-out, under the request span of the gateway, and Timrå as an error', async () => {
    memory.reset();
    const response = await postGraphQL(gateway.url, 'query Kommunlista { kommuner { kommunkod namn } }');
    expect(response.data!.kommuner.map((k: { kommunkod: string }) => k.kommunkod)).toEqual(['2281', '2280']);
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['KOMMUN_UNAVAILABLE']);

    const request = await eventually(() => gatewayRequestSpan('Kommunlista'));
    const spans = memory.getFinishedSpans();
    const kommunSpans = kommunSpansOf(spans, request.spanContext().traceId);
    expect(kommunSpans.map((s) => s.attributes.kommunkod).sort()).toEqual(['2262', '2280', '2281']);
    for (const span of kommunSpans) {
      // Each kommun's span is under the request's span: one trace per request.
      expect(ancestry(span, spans)).toContain(request);
    }
    const byKod = Object.fromEntries(kommunSpans.map((s) => [s.attributes.kommunkod as string, s]));
    expect(byKod['2262'].status.code).toBe(SpanStatusCode.ERROR);
    expect(byKod['2262'].status.message).toContain('Timrå (2262)');
    expect(byKod['2262'].attributes['kommun.outcome']).toBe('KOMMUN_UNAVAILABLE');
    for (const kod of ['2281', '2280']) {
      expect(byKod[kod].status.code).not.toBe(SpanStatusCode.ERROR);
      expect(byKod[kod].attributes['kommun.outcome']).toBe('OK');
    }
  });

  it("carries the trace into each kommun's process (traceparent) and on to its SQL statements, and into samverkan", async () => {
    memory.reset();
    exported.length = 0;
    const response = await postGraphQL(
      gateway.url,
      'query Omraden { kommuner { kommunkod paragrafer { beteckning } samverkansomraden { namn } } }',
      {},
      undefined,
    );
    expect(response.data!.kommuner).toHaveLength(2);
    const request = await eventually(() => gatewayRequestSpan('Omraden'));
    const traceId = request.spanContext().traceId;
    const spans = memory.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
    const sundsvall = kommunSpansOf(spans, traceId).find((s) => s.attributes.kommunkod === '2281')!;
    // The HTTP call to Sundsvall (undici's client span) is the kommun span's child; its id is the
    // parent that Sundsvall's server span names, which only a traceparent header can have told it.
    const call = spans.find((s) => s.kind === SpanKind.CLIENT && s.parentSpanContext?.spanId === sundsvall.spanContext().spanId);
    expect(call).toBeDefined();
    const traceBytes = Buffer.from(traceId, 'hex');
    const callBytes = Buffer.from(call!.spanContext().spanId, 'hex');
    await eventually(() => {
      const fromSundsvall = exported.filter((body) => body.includes('kommun-2281') && body.includes(traceBytes));
      expect(fromSundsvall.some((body) => body.includes(callBytes))).toBe(true);
      // The SQL of the request, as pg spans of the same trace.
      expect(fromSundsvall.some((body) => body.includes('SELECT'))).toBe(true);
      expect(exported.some((body) => body.includes('samverkan') && body.includes(traceBytes))).toBe(true);
    });
  });

  it("continues a client's trace (W3C traceparent) through the gateway's process into the kommuner's", async () => {
    exported.length = 0;
    memory.reset();
    // A client that traces: its request carries a traceparent (added by the undici instrumentation
    // of this process), to the stack's gateway, which runs as its own process.
    const client = tracer().startSpan('client');
    const response = await context.with(trace.setSpan(context.active(), client), () =>
      postGraphQL(stack.gateway.url, 'query Sparad { kommuner { kommunkod } }'),
    );
    client.end();
    expect(response.data!.kommuner).toHaveLength(2);
    const traceId = client.spanContext().traceId;
    const call = memory.getFinishedSpans().find((s) => s.parentSpanContext?.spanId === client.spanContext().spanId)!;
    expect(call.kind).toBe(SpanKind.CLIENT);
    const traceBytes = Buffer.from(traceId, 'hex');
    const callBytes = Buffer.from(call.spanContext().spanId, 'hex');
    await eventually(() => {
      // The gateway's HTTP server span is the child of the client's call: only it names that parent.
      expect(exported.some((body) => body.includes(traceBytes) && body.includes(callBytes))).toBe(true);
      expect(exported.some((body) => body.includes('gateway.request') && body.includes(traceBytes))).toBe(true);
      for (const kommun of ['kommun-2281', 'kommun-2280']) {
        expect(exported.some((body) => body.includes(kommun) && body.includes(traceBytes))).toBe(true);
      }
    });
  });
});

/** A counter's value in a Prometheus text exposition; 0 when the series is not there yet. */
function sample(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

const fetchCount = (text: string, kommunkod: string, code: string) =>
  sample(text, 'kommungraf_kommun_fetch_duration_seconds_count', `kommunkod="${kommunkod}",code="${code}"`);

describe('metrics', () => {
  const scrape = async (url: string, headers: Record<string, string> = {}) => {
    const response = await fetch(url, { headers });
    return { status: response.status, text: await response.text() };
  };

  it('counts each kommun fetch at the gateway by the kommunkod called and its outcome', async () => {
    const metricsUrl = `http://localhost:${gateway.port}/metrics`;
    const before = (await scrape(metricsUrl)).text;
    const response = await postGraphQL(gateway.url, 'query EnKommun { kommun(kommunkod: "2280") { namn } }');
    expect(response.data).toEqual({ kommun: { namn: 'Härnösand' } });
    const after = await scrape(metricsUrl);
    expect(after.status).toBe(200);
    expect(fetchCount(after.text, '2280', 'OK') - fetchCount(before, '2280', 'OK')).toBe(1);
    expect(fetchCount(after.text, '2281', 'OK')).toBe(fetchCount(before, '2281', 'OK'));
    // Timrå, down since the start, is counted by its code.
    expect(fetchCount(after.text, '2262', 'KOMMUN_UNAVAILABLE')).toBeGreaterThan(0);
    expect(sample(after.text, 'kommungraf_graphql_request_duration_seconds_count', 'operation="EnKommun"')).toBe(1);
  });

  it("shows a kommun's DataLoader batches, database pool and process at its own /metrics", async () => {
    const response = await postGraphQL(gateway.url, '{ kommun(kommunkod: "2281") { paragrafer { beteckning organ { namn } } } }');
    expect(response.data!.kommun.paragrafer.length).toBeGreaterThan(0);
    const { status, text } = await scrape(`http://localhost:${stack.kommuner.get('2281')!.port}/metrics`);
    expect(status).toBe(200);
    expect(sample(text, 'kommungraf_dataloader_batch_size_count', 'loader="organ"')).toBeGreaterThan(0);
    expect(text).toMatch(/^kommungraf_db_pool_connections\{database="\w*kommun_2281",state="in_use"\} \d+$/m);
    expect(text).toMatch(/^kommungraf_graphql_request_duration_seconds_count\{operation="\(anonymous\)"\} [1-9]/m);
    expect(text).toMatch(/^kommungraf_process_cpu_seconds_total /m);
  });

  it('keeps /metrics closed in production: only with METRICS_TOKEN, and then only to its bearer', async () => {
    const keys = await testKeys();
    const productionGateway = (env: NodeJS.ProcessEnv) =>
      gatewayServer().startGatewayServer(
        loadConfig({
          NODE_ENV: 'production',
          PORT: '0',
          SAMVERKAN_URL: stack.samverkan.url,
          KOMMUN_REGISTRY_FILE: stack.registryFile,
          AUTH_JWKS_FILE: devIssuerFiles(keys.keysDir).jwksFile,
          AUTH_ISSUER: DEV_ISSUER,
          AUTH_AUDIENCE: DEV_AUDIENCE,
          INTERNAL_SIGNING_KEY_FILE: internalKeyFiles(keys.keysDir).privateKeyFile,
          ...env,
        }),
        silentLogger(),
      );
    const closed = await productionGateway({});
    const token = 'metrics-token-for-the-test-0123456789';
    const guarded = await productionGateway({ METRICS_TOKEN: token });
    try {
      expect((await scrape(`http://localhost:${closed.port}/metrics`)).status).toBe(403);
      const url = `http://localhost:${guarded.port}/metrics`;
      expect((await scrape(url)).status).toBe(401);
      expect((await scrape(url, { authorization: 'Bearer not-the-metrics-token-0123456' })).status).toBe(401);
      const allowed = await scrape(url, { authorization: `Bearer ${token}` });
      expect(allowed.status).toBe(200);
      expect(allowed.text).toContain('kommungraf_kommun_fetch_duration_seconds');
    } finally {
      await closed.stop();
      await guarded.stop();
      keys.remove();
    }
  });
});
