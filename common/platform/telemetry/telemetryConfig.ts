import { ConfigError, urlFromEnv } from '../configError';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A METRICS_TOKEN shorter than this is refused: /metrics tells how the graph is used. */
const MIN_METRICS_TOKEN_LENGTH = 16;

/** How a service reports on itself: log lines, metrics and traces. Read by each service's config.ts. */
export interface TelemetryConfig {
  /** Name in log lines and traces: "gateway", "kommun router", "samverkan", "kommun 2262". */
  service: string;
  /** Set on every log line of a kommun process. */
  kommunkod?: string;
  /** JSON log lines in production; readable ones (pino-pretty) otherwise. */
  production: boolean;
  logLevel: LogLevel;
  /**
   * Where spans go, OTLP over HTTP (protobuf): OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, or
   * OTEL_EXPORTER_OTLP_ENDPOINT with `/v1/traces`. Absent: tracing is off and no SDK is started.
   */
  tracesUrl?: string;
  /** The bearer token GET /metrics requires (METRICS_TOKEN). Without one, production refuses /metrics. */
  metricsToken?: string;
}

export function telemetryConfigFromEnv(
  env: NodeJS.ProcessEnv,
  service: string,
  production: boolean,
  extra: { kommunkod?: string } = {},
): TelemetryConfig {
  const logLevel = (env.LOG_LEVEL || 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(env.LOG_LEVEL)}`);
  }
  const metricsToken = env.METRICS_TOKEN || undefined;
  if (metricsToken !== undefined && metricsToken.length < MIN_METRICS_TOKEN_LENGTH) {
    throw new ConfigError(`METRICS_TOKEN must be at least ${MIN_METRICS_TOKEN_LENGTH} characters (a random string)`);
  }
  return {
    service,
    ...(extra.kommunkod ? { kommunkod: extra.kommunkod } : {}),
    production,
    logLevel: logLevel as LogLevel,
    tracesUrl: tracesUrlFromEnv(env),
    metricsToken,
  };
}

/** OTLP's own rule: the traces endpoint as given, else the base endpoint with the signal's path. */
function tracesUrlFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const traces = urlFromEnv(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  if (traces) return traces;
  const base = urlFromEnv(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  return base && `${base.replace(/\/+$/, '')}/v1/traces`;
}
