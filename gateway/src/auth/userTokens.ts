import { GraphQLError } from 'graphql';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { callerFromClaims, type Caller } from '#platform/auth/caller';
import { jwksFileKeys } from '#platform/auth/jwksFileKeys';
import { ErrorCode } from '#platform/errors';

export interface UserTokenConfig {
  /** Where the identity provider publishes its keys: a JWKS URL, or a JWKS file (read again when it changes). */
  jwksUrl?: string;
  jwksFile?: string;
  issuer: string;
  audience: string;
  /** The only signature algorithms accepted (AUTH_ALGORITHMS). */
  algorithms: string[];
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
}

/**
 * Verifies the bearer tokens users bring (signature by a pinned algorithm against the issuer's
 * JWKS, issuer, audience, an expiry that has not passed: a token without `exp` is refused) and
 * reads who they are: `sub`, `kommunkod` and `roller`.
 */
export class UserTokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(private readonly config: UserTokenConfig) {
    this.keys = config.jwksUrl ? createRemoteJWKSet(new URL(config.jwksUrl)) : jwksFileKeys(config.jwksFile!);
  }

  /** The caller of a request: null without a token; a bad token is refused, never ignored. */
  async callerOf(authorization: string | undefined): Promise<Caller | null> {
    if (!authorization) return null;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
    let payload;
    try {
      ({ payload } = await jwtVerify(match[1], this.keys, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: this.config.algorithms,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
      throw unauthenticated(expired ? 'The token has expired; get a new one' : 'The token is not valid for this graph');
    }
    const caller = callerFromClaims(payload);
    if (!caller) throw unauthenticated('The token lacks the claims sub, kommunkod (four digits) and roller');
    return caller;
  }
}
