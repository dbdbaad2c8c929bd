import path from 'node:path';
import { ConfigError, booleanFromEnv, portFromEnv, positiveIntFromEnv, urlFromEnv } from '#platform/configError';
import { loadRegistry, type KommunRegistry } from '#platform/registry';
import { defaultQueryLimits, type QueryLimits } from './limits/queryLimits';
import { supergraphFile } from '#platform/supergraph';
import { authConfigFromEnv, type AuthConfig } from './auth/authConfig';
import { telemetryConfigFromEnv, type TelemetryConfig } from '#platform/telemetry/telemetryConfig';
import { DEFAULT_HANDLING_MAX_BYTES } from '#platform/handlingMarker';
import { TRUSTED_DOCUMENTS_MODES, type TrustedDocumentsMode } from './trustedDocuments/trustedDocuments';
import { defaultRateLimit, type RateLimitConfig } from './rateLimits/rateLimitPlugin';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_WHOLE_BYTES } from './kommunRouter';

/**
 * Seconds for the samverkan subgraph's whole answer: longer than a kommun's 5 s, because its
 * writes span several kommuner's records, and a write cut off after it was sent leaves its
 * outcome unknown to the client.
 */
const DEFAULT_SAMVERKAN_TIMEOUT_SECONDS = 10;

export interface GatewayConfig {
  port: number;
  registry: KommunRegistry;
  /** Where the registry came from, for messages and reloads. */
  registrySource: { inline?: string; file: string };
  samverkanUrl: string;
  /** SAMVERKAN_TIMEOUT, in ms: the deadline of every call to the samverkan subgraph. */
  samverkanTimeoutMs: number;
  supergraphFile: string;
  production: boolean;
  /** Introspection and the Sandbox landing page; on outside production unless turned off. */
  introspection: boolean;
  limits: QueryLimits;
  /** Browser origins allowed to call (dashboards); absent outside production: any. */
  corsOrigins?: string[];
  auth: AuthConfig;
  /** The kommun router's cache of kommun answers. */
  answerCache: AnswerCacheConfig;
  /** Log lines, /metrics and traces (LOG_LEVEL, METRICS_TOKEN, OTEL_EXPORTER_OTLP_ENDPOINT). */
  telemetry: TelemetryConfig;
  /** Links to documents' files (README "Documents"). */
  handlingar: HandlingarConfig;
  /** Which operations anonymous clients may send (README, Operations: Trusted documents). */
  trustedDocuments: TrustedDocumentsConfig;
  /** How much each client may ask (README, Operations: Rate limits). */
  rateLimit: RateLimitConfig;
  /** The standalone kommun router answers callers without a user token (KOMMUN_ROUTER_ANONYMOUS; docs/security.md). */
  kommunRouterAcceptsAnonymous: boolean;
  /** READINESS_PROBE_SECONDS: /ready answers from a probe of every part run once per this many seconds. */
  readinessProbeSeconds: number;
  oparl: OparlConfig;
}

export interface OparlConfig {
  /** OPARL_LICENSE: the licence of the data OParl serves, on its System and every Body. */
  license: string;
}

/**
 * Decisions and other documents of a Swedish authority carry no copyright (upphovsrättslagen
 * 9 §), so by default OParl says what that means for a reuser; an operator whose kommuner
 * publish under another licence sets OPARL_LICENSE.
 */
export const DEFAULT_OPARL_LICENSE = 'https://creativecommons.org/publicdomain/zero/1.0/';

/** The parts are probed for /ready every 10 s, however often /ready is asked. */
export const DEFAULT_READINESS_PROBE_SECONDS = 10;

export interface TrustedDocumentsConfig {
  /** TRUSTED_DOCUMENTS: `enforce` in production, `off` elsewhere (Sandbox and GraphiQL send free documents). */
  mode: TrustedDocumentsMode;
  /** The manifest scripts/trustedDocuments.ts writes (TRUSTED_DOCUMENTS_MANIFEST). */
  manifestFile: string;
}

export interface HandlingarConfig {
  /** HANDLING_LINK_TTL: seconds a signed document link is valid. */
  linkTtlSeconds: number;
  /** PUBLIC_URL: where clients reach the gateway, for absolute links; links are relative (`/handlingar/…`) without it. */
  publicUrl?: string;
  /** HANDLING_MAX_BYTES: the largest file the gateway takes in. */
  maxBytes: number;
}

/** A document link is valid for five minutes: long enough to click, short enough not to be passed around. */
export const DEFAULT_HANDLING_LINK_TTL_SECONDS = 300;

export interface AnswerCacheConfig {
  /** Off: every read asks the kommuner (KOMMUN_CACHE=false). */
  enabled: boolean;
  /** Keep answers in this Redis, shared by every replica; in the process's memory when absent. */
  redisUrl?: string;
  /** Seconds a last good answer may stand in for a kommun that is down (STALE_MAX_AGE). */
  staleMaxAgeSeconds: number;
  /** At most this many seconds fresh, whatever the schema's hints allow (KOMMUN_CACHE_MAX_AGE). */
  maxAgeCapSeconds?: number;
  /**
   * KOMMUN_CACHE_SINGLE_REPLICA: this gateway is the only one that reads and writes these
   * kommuner, so an invalidation in its memory is one everywhere; its memory then keeps public
   * answers that hold content a restriction could hide (the national view). Wrong with replicas.
   */
  singleReplica: boolean;
  /** Bytes of kommun answers kept in the process's memory at most (KOMMUN_CACHE_MAX_BYTES). */
  maxBytes: number;
  /** Bytes of whole answers kept in the process's memory at most (WHOLE_ANSWER_CACHE_MAX_BYTES). */
  maxWholeBytes: number;
}

/** A kommun's last good answer stands in for it for at most a day. */
export const DEFAULT_STALE_MAX_AGE_SECONDS = 24 * 60 * 60;

export const defaultTrustedDocumentsManifest = path.resolve(__dirname, '../generated/persisted-query-manifest.json');

export const defaultRegistryFile = path.resolve(__dirname, '../../config/kommuner.json');

/** `defaultPort`: the gateway listens on 4000, the standalone kommun router (`service` "kommun router") on 4010. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, defaultPort = 4000, service = 'gateway'): GatewayConfig {
  const production = env.NODE_ENV === 'production';
  const registrySource = { inline: env.KOMMUN_REGISTRY, file: env.KOMMUN_REGISTRY_FILE ?? defaultRegistryFile };
  let registry: KommunRegistry;
  try {
    registry = loadRegistry(registrySource.inline, registrySource.file);
  } catch (error) {
    throw new ConfigError(`KOMMUN_REGISTRY${registrySource.inline ? '' : '_FILE'}: ${(error as Error).message}`);
  }
  return {
    port: portFromEnv(env, 'PORT', defaultPort),
    registry,
    registrySource,
    samverkanUrl: urlFromEnv(env, 'SAMVERKAN_URL') ?? 'http://localhost:4001/graphql',
    samverkanTimeoutMs: positiveIntFromEnv(env, 'SAMVERKAN_TIMEOUT', DEFAULT_SAMVERKAN_TIMEOUT_SECONDS) * 1000,
    supergraphFile: env.SUPERGRAPH_FILE ?? supergraphFile,
    production,
    introspection: booleanFromEnv(env, 'INTROSPECTION', !production),
    limits: {
      maxDepth: positiveIntFromEnv(env, 'MAX_QUERY_DEPTH', defaultQueryLimits.maxDepth),
      maxAliases: positiveIntFromEnv(env, 'MAX_ALIASES', defaultQueryLimits.maxAliases),
      maxDirectives: positiveIntFromEnv(env, 'MAX_DIRECTIVES', defaultQueryLimits.maxDirectives),
      maxTokens: positiveIntFromEnv(env, 'MAX_TOKENS', defaultQueryLimits.maxTokens),
      maxCost: positiveIntFromEnv(env, 'MAX_QUERY_COST', defaultQueryLimits.maxCost),
      assumedListSize: positiveIntFromEnv(env, 'ASSUMED_LIST_SIZE', defaultQueryLimits.assumedListSize),
      maxFields: positiveIntFromEnv(env, 'MAX_FIELDS', defaultQueryLimits.maxFields),
      maxOperations: positiveIntFromEnv(env, 'MAX_OPERATIONS', defaultQueryLimits.maxOperations),
      maxVariableValues: positiveIntFromEnv(env, 'MAX_VARIABLE_VALUES', defaultQueryLimits.maxVariableValues),
      maxBodyBytes: positiveIntFromEnv(env, 'MAX_BODY_BYTES', defaultQueryLimits.maxBodyBytes),
    },
    // In production only the configured dashboards may call from a browser.
    corsOrigins: env.CORS_ORIGINS
      ? env.CORS_ORIGINS.split(',')
          .map((o) => o.trim())
          .filter(Boolean)
      : production
        ? []
        : undefined,
    auth: authConfigFromEnv(env, production),
    answerCache: {
      enabled: booleanFromEnv(env, 'KOMMUN_CACHE', true),
      redisUrl: urlFromEnv(env, 'REDIS_URL'),
      staleMaxAgeSeconds: positiveIntFromEnv(env, 'STALE_MAX_AGE', DEFAULT_STALE_MAX_AGE_SECONDS),
      maxAgeCapSeconds: env.KOMMUN_CACHE_MAX_AGE ? positiveIntFromEnv(env, 'KOMMUN_CACHE_MAX_AGE', 1) : undefined,
      singleReplica: booleanFromEnv(env, 'KOMMUN_CACHE_SINGLE_REPLICA', false),
      maxBytes: positiveIntFromEnv(env, 'KOMMUN_CACHE_MAX_BYTES', DEFAULT_MAX_BYTES),
      maxWholeBytes: positiveIntFromEnv(env, 'WHOLE_ANSWER_CACHE_MAX_BYTES', DEFAULT_MAX_WHOLE_BYTES),
    },
    telemetry: telemetryConfigFromEnv(env, service, production),
    handlingar: {
      linkTtlSeconds: positiveIntFromEnv(env, 'HANDLING_LINK_TTL', DEFAULT_HANDLING_LINK_TTL_SECONDS),
      publicUrl: urlFromEnv(env, 'PUBLIC_URL'),
      maxBytes: positiveIntFromEnv(env, 'HANDLING_MAX_BYTES', DEFAULT_HANDLING_MAX_BYTES),
    },
    trustedDocuments: {
      mode: trustedDocumentsModeFromEnv(env, production ? 'enforce' : 'off'),
      manifestFile: env.TRUSTED_DOCUMENTS_MANIFEST ?? defaultTrustedDocumentsManifest,
    },
    kommunRouterAcceptsAnonymous: booleanFromEnv(env, 'KOMMUN_ROUTER_ANONYMOUS', false),
    rateLimit: {
      enabled: booleanFromEnv(env, 'RATE_LIMIT', true),
      points: positiveIntFromEnv(env, 'RATE_LIMIT_POINTS', defaultRateLimit.points),
      windowSeconds: positiveIntFromEnv(env, 'RATE_LIMIT_WINDOW', defaultRateLimit.windowSeconds),
      redisUrl: urlFromEnv(env, 'REDIS_URL'),
      keyPrefix: env.RATE_LIMIT_KEY_PREFIX || defaultRateLimit.keyPrefix,
    },
    readinessProbeSeconds: positiveIntFromEnv(env, 'READINESS_PROBE_SECONDS', DEFAULT_READINESS_PROBE_SECONDS),
    oparl: { license: urlFromEnv(env, 'OPARL_LICENSE') ?? DEFAULT_OPARL_LICENSE },
  };
}

function trustedDocumentsModeFromEnv(env: NodeJS.ProcessEnv, fallback: TrustedDocumentsMode): TrustedDocumentsMode {
  const value = env.TRUSTED_DOCUMENTS;
  if (value === undefined || value === '') return fallback;
  if (!(TRUSTED_DOCUMENTS_MODES as readonly string[]).includes(value)) {
    throw new ConfigError(`TRUSTED_DOCUMENTS must be one of ${TRUSTED_DOCUMENTS_MODES.join(', ')}, not ${JSON.stringify(value)}`);
  }
  return value as TrustedDocumentsMode;
}
