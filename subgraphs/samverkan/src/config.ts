import { internalAuthFromEnv, type InternalAuthConfig } from '#platform/auth/subgraphAuth';
import { booleanFromEnv, portFromEnv, requireEnv } from '#platform/configError';

export interface SamverkanConfig {
  port: number;
  databaseUrl: string;
  /** Run pending migrations at start (default true). */
  migrate: boolean;
  /** Load the seed document's collaboration at start (default false). */
  seed: boolean;
  production: boolean;
  /** Who may call: only the gateway (INTERNAL_JWKS_FILE), or anyone (INTERNAL_AUTH=off, development). */
  internalAuth: InternalAuthConfig;
}

/** The samverkan subgraph's configuration; the one place that reads the environment. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): SamverkanConfig {
  return {
    port: portFromEnv(env, 'PORT', 4001),
    databaseUrl: requireEnv(
      env,
      'DATABASE_URL',
      'the PostgreSQL URL of the samverkan database, e.g. postgres://localhost:5432/samverkan',
    ),
    migrate: booleanFromEnv(env, 'MIGRATE', true),
    seed: booleanFromEnv(env, 'SEED', false),
    production: env.NODE_ENV === 'production',
    internalAuth: internalAuthFromEnv(env, env.NODE_ENV === 'production'),
  };
}
