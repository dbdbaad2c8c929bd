import { internalAuthFromEnv, type InternalAuthConfig } from '#platform/auth/subgraphAuth';
import { booleanFromEnv, portFromEnv, requireEnv } from '#platform/configError';
import { telemetryConfigFromEnv, type TelemetryConfig } from '#platform/telemetry/telemetryConfig';

/** What every subgraph reads from its environment; each subgraph's config.ts adds its own. */
export interface SubgraphSettings {
  port: number;
  databaseUrl: string;
  /** Run pending migrations at start (default true). */
  migrate: boolean;
  /** Load the seed document's facts at start (default false). */
  seed: boolean;
  production: boolean;
  /** Who may call: only the gateway (INTERNAL_JWKS_FILE), or anyone (INTERNAL_AUTH=off, development). */
  internalAuth: InternalAuthConfig;
  /** Log lines, /metrics and traces (LOG_LEVEL, METRICS_TOKEN, OTEL_EXPORTER_OTLP_ENDPOINT). */
  telemetry: TelemetryConfig;
}

/**
 * Reads PORT, DATABASE_URL (described by `databaseHint` when missing), MIGRATE, SEED, NODE_ENV,
 * the internal auth and the telemetry of the subgraph named `service` ("samverkan", "kommun 2262").
 */
export function subgraphSettingsFromEnv(
  env: NodeJS.ProcessEnv,
  defaultPort: number,
  databaseHint: string,
  service: { name: string; kommunkod?: string },
): SubgraphSettings {
  const production = env.NODE_ENV === 'production';
  return {
    port: portFromEnv(env, 'PORT', defaultPort),
    databaseUrl: requireEnv(env, 'DATABASE_URL', databaseHint),
    migrate: booleanFromEnv(env, 'MIGRATE', true),
    seed: booleanFromEnv(env, 'SEED', false),
    production,
    internalAuth: internalAuthFromEnv(env, production),
    telemetry: telemetryConfigFromEnv(env, service.name, production, { kommunkod: service.kommunkod }),
  };
}
