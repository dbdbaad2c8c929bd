import { SignJWT, createLocalJWKSet, decodeJwt, importJWK, jwtVerify, type JWK, type JWTVerifyGetKey, type KeyLike } from 'jose';
import { ConfigError } from '../configError';
import { callerFromClaims, type Caller } from './caller';
import { KEY_ALGORITHM } from './keys';

/** Issuer of the tokens the gateway gives subgraphs; nothing else signs with its key. */
export const INTERNAL_ISSUER = 'kommungraf-gateway';
const LIFETIME_SECONDS = 60;

/** The audience of one subgraph: `samverkan`, or `kommun:<kommunkod>` for a kommun instance. */
export const kommunAudience = (kommunkod: string) => `kommun:${kommunkod}`;
export const SAMVERKAN_AUDIENCE = 'samverkan';

/**
 * Signs the short-lived tokens by which the gateway vouches for a request to a subgraph: one
 * audience per subgraph, and the user's claims when there is a user. A token is reused for half
 * its life, so a busy gateway signs once per user and subgraph every 30 s, not per request.
 */
export class InternalTokenSigner {
  private readonly cache = new Map<string, { token: string; renewAt: number }>();

  private constructor(
    private readonly key: KeyLike | Uint8Array,
    private readonly kid: string | undefined,
  ) {}

  static async fromJwk(jwk: JWK): Promise<InternalTokenSigner> {
    return new InternalTokenSigner(await importJWK(jwk, KEY_ALGORITHM), jwk.kid);
  }

  async sign(audience: string, caller: Caller | null): Promise<string> {
    const cacheKey = `${audience}\u0000${caller ? `${caller.sub}\u0000${caller.kommunkod}\u0000${caller.roller.join(',')}` : ''}`;
    const now = Date.now();
    const cached = this.cache.get(cacheKey);
    if (cached && cached.renewAt > now) return cached.token;
    const token = await new SignJWT(caller ? { kommunkod: caller.kommunkod, roller: caller.roller } : {})
      .setProtectedHeader({ alg: KEY_ALGORITHM, ...(this.kid ? { kid: this.kid } : {}) })
      .setIssuer(INTERNAL_ISSUER)
      .setAudience(audience)
      .setSubject(caller?.sub ?? 'anonym')
      .setIssuedAt()
      .setExpirationTime(`${LIFETIME_SECONDS}s`)
      .sign(this.key);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(cacheKey, { token, renewAt: now + (LIFETIME_SECONDS * 1000) / 2 });
    return token;
  }
}

/** A peer token lasts days: a leaked one must run out soon, and renewing one is one command. */
export const DEFAULT_PEER_TOKEN_LIFETIME = '7d';
export const MAX_PEER_TOKEN_SECONDS = 30 * 24 * 60 * 60;

/**
 * An anonymous internal token for one subgraph, for a peer gateway (Hive Gateway, Apollo Router)
 * that calls it directly: it may read what anonymous users may, and write nothing. `lifetime` is
 * jose's time span ("7d", "12h"); one longer than MAX_PEER_TOKEN_SECONDS is refused.
 */
export async function signPeerToken(jwk: JWK, audience: string, lifetime: string = DEFAULT_PEER_TOKEN_LIFETIME): Promise<string> {
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: KEY_ALGORITHM, ...(jwk.kid ? { kid: jwk.kid } : {}) })
    .setIssuer(INTERNAL_ISSUER)
    .setAudience(audience)
    .setSubject('anonym')
    .setIssuedAt()
    .setExpirationTime(lifetime)
    .sign(await importJWK(jwk, KEY_ALGORITHM));
  const { iat, exp } = decodeJwt(token);
  if (exp! - iat! > MAX_PEER_TOKEN_SECONDS) {
    throw new ConfigError(
      `A peer token may last at most ${MAX_PEER_TOKEN_SECONDS / 86_400} days, not ${lifetime}; sign a new one when it runs out`,
    );
  }
  return token;
}

/** What a subgraph learns from a valid internal token: the user, or that the user is anonymous. */
export type Verified = { caller: Caller | null };

/** Verifies internal tokens in a subgraph: right key, right algorithm, right audience, with an expiry not passed. */
export class InternalTokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  /** `keys`: the gateway's key set, or a getter that follows its file (jwksFileKeys). */
  constructor(
    keys: { keys: JWK[] } | JWTVerifyGetKey,
    private readonly audience: string,
  ) {
    this.keys = typeof keys === 'function' ? keys : createLocalJWKSet(keys);
  }

  /** Throws when the token is not one the gateway gave this subgraph. */
  async verify(token: string): Promise<Verified> {
    const { payload } = await jwtVerify(token, this.keys, {
      issuer: INTERNAL_ISSUER,
      audience: this.audience,
      algorithms: [KEY_ALGORITHM],
      requiredClaims: ['exp'],
    });
    return { caller: payload.sub === 'anonym' ? null : callerFromClaims(payload) };
  }
}
