import { context, propagation, trace } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { TelemetryConfig } from './telemetryConfig';
import { SECRET_QUERY_PARAMETERS, redactSecrets } from './redactSecrets';

let enabled = false;

/** Whether spans are recorded in this process. Off, the code that makes spans does nothing at all. */
export function tracingEnabled(): boolean {
  return enabled;
}

/** The tracer of the graph's own spans (a kommun fetch); the instrumentations have their own. */
export const tracer = () => trace.getTracer('kommungraf');

export interface RunningTracing {
  /** Sends what is still buffered, stops the instrumentations and the SDK. */
  stop(): Promise<void>;
}

/**
 * Query parameters whose values no span records: the http instrumentation's own defaults (signed
 * cloud URLs), which its option replaces rather than extends, and ours (a document link's token).
 */
const REDACTED_QUERY_PARAMETERS = [
  'sig',
  'Signature',
  'AWSAccessKeyId',
  'X-Goog-Signature',
  'X-Amz-Signature',
  'X-Amz-Credential',
  'X-Amz-Security-Token',
  ...SECRET_QUERY_PARAMETERS,
];

/** Paths whose requests make no trace: probes and scrapes. */
const UNTRACED_PATHS = /^\/(?:health|ready|metrics)(?:\?|$)/;

/**
 * Starts OpenTelemetry when the configuration asks for it (OTEL_EXPORTER_OTLP_ENDPOINT), or
 * with `exporter` (tests: the SDK's InMemorySpanExporter); otherwise does nothing and loads
 * nothing. The instrumentations make a server span for every request that arrives over HTTP
 * (node:http), a client span for every request out (undici: the kommun router's pools and the
 * samverkan fetches) with W3C `traceparent` added to its headers, and a span per SQL statement
 * (pg). They patch `pg` as it is loaded, so a service starts tracing before it loads its server.
 * No span records a secret of a URL: a document link's token is REDACTED in `url.query` and
 * `url.full`.
 */
export async function startTracing(
  config: Pick<TelemetryConfig, 'service' | 'tracesUrl'>,
  exporter?: SpanExporter,
): Promise<RunningTracing | undefined> {
  if (!config.tracesUrl && !exporter) return undefined;
  const [{ NodeTracerProvider }, { BatchSpanProcessor, SimpleSpanProcessor }, { resourceFromAttributes }] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/resources'),
  ]);
  const [{ registerInstrumentations }, { HttpInstrumentation }, { UndiciInstrumentation }, { PgInstrumentation }] =
    await Promise.all([
      import('@opentelemetry/instrumentation'),
      import('@opentelemetry/instrumentation-http'),
      import('@opentelemetry/instrumentation-undici'),
      import('@opentelemetry/instrumentation-pg'),
    ]);
  const processor = exporter
    ? new SimpleSpanProcessor(exporter)
    : new BatchSpanProcessor(
        new (await import('@opentelemetry/exporter-trace-otlp-proto')).OTLPTraceExporter({ url: config.tracesUrl }),
      );
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.service.replace(/\s+/g, '-') }),
    spanProcessors: [processor],
  });
  // The AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.test(req.url ?? ''),
        redactedQueryParamsServer: REDACTED_QUERY_PARAMETERS,
        redactedQueryParams: REDACTED_QUERY_PARAMETERS,
      }),
      // undici records the whole URL; these attributes replace the ones it made.
      new UndiciInstrumentation({
        startSpanHook: (request) => {
          const url = new URL(request.path, request.origin);
          return { 'url.full': redactSecrets(url.toString()), 'url.query': redactSecrets(url.search) };
        },
      }),
      new PgInstrumentation(),
    ],
  });
  enabled = true;
  return {
    async stop() {
      enabled = false;
      unregister();
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
