import { SignJWT, createLocalJWKSet, importJWK, jwtVerify, type JWK, type KeyLike } from 'jose';
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

/**
 * A long-lived anonymous internal token for one subgraph, for a peer gateway (Hive Gateway,
 * Apollo Router) that calls it directly: it may read what anonymous users may, and write nothing.
 */
export async function signPeerToken(jwk: JWK, audience: string, lifetime: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: KEY_ALGORITHM, ...(jwk.kid ? { kid: jwk.kid } : {}) })
    .setIssuer(INTERNAL_ISSUER)
    .setAudience(audience)
    .setSubject('anonym')
    .setIssuedAt()
    .setExpirationTime(lifetime)
    .sign(await importJWK(jwk, KEY_ALGORITHM));
}

/** What a subgraph learns from a valid internal token: the user, or that the user is anonymous. */
export type Verified = { caller: Caller | null };

/** Verifies internal tokens in a subgraph: right key, right audience, not expired. */
export class InternalTokenVerifier {
  private readonly keys: ReturnType<typeof createLocalJWKSet>;

  constructor(
    jwks: { keys: JWK[] },
    private readonly audience: string,
  ) {
    this.keys = createLocalJWKSet(jwks);
  }

  /** Throws when the token is not one the gateway gave this subgraph. */
  async verify(token: string): Promise<Verified> {
    const { payload } = await jwtVerify(token, this.keys, {
      issuer: INTERNAL_ISSUER,
      audience: this.audience,
      algorithms: [KEY_ALGORITHM],
    });
    return { caller: payload.sub === 'anonym' ? null : callerFromClaims(payload) };
  }
}
