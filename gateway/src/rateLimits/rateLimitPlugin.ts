import type { Logger } from '#platform/telemetry/logger';
import type { ApolloServerPlugin } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract, type RateLimiterRes } from 'rate-limiter-flexible';
import { ErrorCode } from '#platform/errors';
import type { KommunEntry } from '#platform/registry';
import type { GatewayContext } from '../errorPolicy';
import { chargeClient, clientKeyOf, rateLimitHeaders } from './chargeClient';
import { fragmentsOf, operationCost } from './operationCost';

export interface RateLimitConfig {
  /** Off: no client is limited (RATE_LIMIT=false; the bench turns it off). */
  enabled: boolean;
  /** Points a client may spend per window; an operation costs its kommun fetches (RATE_LIMIT_POINTS). */
  points: number;
  /** The window, in seconds (RATE_LIMIT_WINDOW). */
  windowSeconds: number;
  /** Counted in this Redis, shared by every gateway replica (REDIS_URL); in memory when absent. */
  redisUrl?: string;
  /** Prefix of the counters' keys in Redis (RATE_LIMIT_KEY_PREFIX). */
  keyPrefix: string;
}

export const defaultRateLimit = { points: 10_000, windowSeconds: 60, keyPrefix: 'kommungraf:ratelimit' } as const;

/** The limiter and what it holds open. */
export interface ClientRateLimiter {
  limiter: RateLimiterAbstract;
  points: number;
  close(): void;
}

/** How long a starting gateway waits for Redis before it counts in its own memory. */
const REDIS_CONNECT_WAIT_MS = 3000;

/**
 * A rate-limiter-flexible limiter: in Redis with REDIS_URL, so replicas share each client's
 * count; a Redis that does not answer falls back to this replica's own memory (the insurance
 * limiter), never to refusing or to no limit.
 */
export async function createRateLimiter(config: RateLimitConfig, log: Logger): Promise<ClientRateLimiter> {
  const options = { points: config.points, duration: config.windowSeconds, keyPrefix: config.keyPrefix };
  const memory = new RateLimiterMemory(options);
  if (!config.redisUrl) return { limiter: memory, points: config.points, close: () => undefined };
  // No offline queue: while Redis is away a count goes to the insurance limiter at once.
  const redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  // Connected before the gateway takes requests: else its first requests after a start are
  // counted in this replica's memory alone, apart from the other replicas' counts.
  const connected = await Promise.race([
    new Promise<boolean>((resolve) => redis.once('ready', () => resolve(true))),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), REDIS_CONNECT_WAIT_MS).unref()),
  ]);
  if (!connected) log.warn('rate limits: Redis at REDIS_URL does not answer yet; counting in this replica until it does');
  const limiter = new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: memory });
  return { limiter, points: config.points, close: () => redis.disconnect() };
}

/**
 * Charges every operation the rest of its cost (`operationCost`: the kommun fetches it makes)
 * to its client once it is parsed, before any subgraph is called; the HTTP front has charged its
 * first point (rateLimitAdmission). A client over its points is refused with RATE_LIMITED, HTTP
 * 429 and `Retry-After`; every answer says what is left in `RateLimit-*` headers. An operation
 * dearer than the whole limit is charged the limit, so it can run alone.
 */
export function rateLimitPlugin(options: {
  rateLimiter: ClientRateLimiter;
  kommuner: () => readonly KommunEntry[];
  kommunRootFields: { query: ReadonlySet<string>; mutation: ReadonlySet<string> };
}): ApolloServerPlugin<GatewayContext> {
  const { rateLimiter, kommunRootFields } = options;
  return {
    async requestDidStart() {
      let state: RateLimiterRes | undefined;
      return {
        async didResolveOperation({ operation, document, request, contextValue }) {
          if (!operation) return;
          const cost = operationCost({
            operation,
            fragments: fragmentsOf(document.definitions),
            variables: request.variables ?? {},
            kommuner: options.kommuner(),
            kommunRootFields,
          });
          const rest = Math.min(cost, rateLimiter.points) - contextValue.chargedAtFront;
          if (rest <= 0) return;
          const charge = await chargeClient(rateLimiter, clientKeyOf(contextValue), rest);
          state = charge.state;
          if (!charge.refused) return;
          const retryAfter = charge.retryAfterSeconds;
          throw new GraphQLError(
            `Too many requests from this client: this operation costs ${cost} (one per kommun it asks), ` +
              `and ${rateLimiter.points} are allowed per window; retry in ${retryAfter} s`,
            {
              extensions: {
                code: ErrorCode.RATE_LIMITED,
                cost,
                retryAfterSeconds: retryAfter,
                http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfter)]]) },
              },
            },
          );
        },
        async willSendResponse({ response }) {
          if (!state) return;
          for (const [name, value] of rateLimitHeaders(rateLimiter, state)) response.http.headers.set(name, value);
        },
      };
    },
  };
}
