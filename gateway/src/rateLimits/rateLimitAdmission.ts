import type http from 'node:http';
import type { Caller } from '#platform/auth/caller';
import { ErrorCode } from '#platform/errors';
import { HttpError } from '#platform/http/httpUtils';
import { chargeClient, clientKeyOf, rateLimitHeaders } from './chargeClient';
import type { ClientRateLimiter } from './rateLimitPlugin';

/**
 * What every request costs at the HTTP front, before it is parsed: so that a document that does
 * not parse or validate, a refused token, a document's file and /ready are all counted. The
 * GraphQL operation is charged the rest of its cost once it is resolved (rateLimitPlugin).
 */
export const ADMISSION_POINTS = 1;

/**
 * The HTTP front's `admit` hook: charges the request's client (the token's subject, else its
 * address) its first point, and refuses one over its points with 429, RATE_LIMITED and
 * `Retry-After`. Every answer carries `RateLimit-*` headers.
 */
export function rateLimitAdmission(rateLimiter: ClientRateLimiter) {
  return async (req: http.IncomingMessage, res: http.ServerResponse, caller: Caller | null | undefined): Promise<void> => {
    const key = clientKeyOf({ caller: caller ?? null, clientAddress: req.socket.remoteAddress });
    const charge = await chargeClient(rateLimiter, key, ADMISSION_POINTS);
    for (const [name, value] of rateLimitHeaders(rateLimiter, charge.state)) res.setHeader(name, value);
    if (!charge.refused) return;
    res.setHeader('retry-after', String(charge.retryAfterSeconds));
    throw new HttpError(
      429,
      `Too many requests from this client: ${rateLimiter.points} points are allowed per window (a request costs one, ` +
        `an operation one per kommun it asks); retry in ${charge.retryAfterSeconds} s`,
      ErrorCode.RATE_LIMITED,
    );
  };
}
