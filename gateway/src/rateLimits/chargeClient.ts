import { RateLimiterRes } from 'rate-limiter-flexible';
import type { GatewayContext } from '../errorPolicy';
import type { ClientRateLimiter } from './rateLimitPlugin';

/** Whom a request is counted against: the token's subject, else the address it came from. */
export function clientKeyOf(context: Pick<GatewayContext, 'caller' | 'clientAddress'>): string {
  return context.caller ? `sub:${context.caller.sub}` : `ip:${context.clientAddress ?? 'unknown'}`;
}

/** What a charge left: the limiter's state, and whether it refused (then `retryAfterSeconds`). */
export type Charge =
  { refused: false; state: RateLimiterRes } | { refused: true; state: RateLimiterRes; retryAfterSeconds: number };

/** Charges a client `points` of its window; a client over its points is refused, not charged further. */
export async function chargeClient(rateLimiter: ClientRateLimiter, key: string, points: number): Promise<Charge> {
  try {
    return { refused: false, state: await rateLimiter.limiter.consume(key, points) };
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    return { refused: true, state: rejection, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
  }
}

/** The `RateLimit-*` headers that tell a client what it has left. */
export function rateLimitHeaders(rateLimiter: ClientRateLimiter, state: RateLimiterRes): [string, string][] {
  return [
    ['ratelimit-limit', String(rateLimiter.points)],
    ['ratelimit-remaining', String(Math.max(0, state.remainingPoints))],
    ['ratelimit-reset', String(Math.ceil(state.msBeforeNext / 1000))],
  ];
}
