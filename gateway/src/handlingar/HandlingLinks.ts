import { SignJWT, errors as joseErrors, importJWK, jwtVerify, type JWK, type KeyLike } from 'jose';
import { callerFromClaims, type Caller } from '#platform/auth/caller';
import { INTERNAL_ISSUER } from '#platform/auth/internalToken';
import { KEY_ALGORITHM } from '#platform/auth/keys';
import { ErrorCode } from '#platform/errors';
import { HANDLING_LINK_PARAMETER, type HandlingLinkPurpose, type HandlingLinkTarget } from '#platform/handlingMarker';
import { HttpError } from '#platform/http/httpUtils';

/** The audience of a link's token: a link to open a file is no link to upload one. */
const audienceOf = (purpose: HandlingLinkPurpose) => `handling:${purpose}`;

/** A document link's query parameter: the signed token. */
export const LINK_PARAMETER = HANDLING_LINK_PARAMETER;

/**
 * Signs and checks the gateway's links to documents: `/handlingar/<kommunkod>/<id>?lank=<token>`,
 * where the token is a JWT signed with the gateway's internal key (the one that signs its tokens
 * to the subgraphs), for one purpose, one document, a few minutes, and the identity of the caller
 * it was given to. Following the link acts as that identity, and the kommun checks it again.
 */
export class HandlingLinks {
  private constructor(
    private readonly privateKey: KeyLike | Uint8Array,
    private readonly publicKey: KeyLike | Uint8Array,
    private readonly kid: string | undefined,
    /** Seconds a link is valid. */
    readonly ttlSeconds: number,
    /** Where clients reach the gateway, for absolute links; relative links (`/handlingar/…`) when absent. */
    private readonly publicUrl: string | undefined,
  ) {}

  static async fromJwk(jwk: JWK, ttlSeconds: number, publicUrl?: string): Promise<HandlingLinks> {
    const { d: _private, ...publicJwk } = jwk;
    return new HandlingLinks(
      await importJWK(jwk, KEY_ALGORITHM),
      await importJWK(publicJwk, KEY_ALGORITHM),
      jwk.kid,
      ttlSeconds,
      publicUrl?.replace(/\/+$/, ''),
    );
  }

  /** The link to `target` for `caller` (null: anonymous), valid for `ttlSeconds`. */
  async link(target: HandlingLinkTarget, caller: Caller | null): Promise<string> {
    const token = await new SignJWT({
      kommunkod: caller?.kommunkod,
      roller: caller?.roller,
      hk: target.kommunkod,
      hid: target.id,
    })
      .setProtectedHeader({ alg: KEY_ALGORITHM, ...(this.kid ? { kid: this.kid } : {}) })
      .setIssuer(INTERNAL_ISSUER)
      .setAudience(audienceOf(target.purpose))
      .setSubject(caller?.sub ?? 'anonym')
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.privateKey);
    return `${this.publicUrl ?? ''}/handlingar/${target.kommunkod}/${target.id}?${LINK_PARAMETER}=${token}`;
  }

  /**
   * The identity a followed link acts as; refuses a link that has expired (HANDLING_LINK_EXPIRED,
   * 410) or that the gateway did not sign for this document and purpose (HANDLING_LINK_INVALID, 403).
   */
  async verify(token: string | null, target: HandlingLinkTarget): Promise<Caller | null> {
    const invalid = new HttpError(
      403,
      `This link to document ${target.id} of kommun ${target.kommunkod} is not one the gateway gave out, or it was altered; ask the graph for the document's url again`,
      ErrorCode.HANDLING_LINK_INVALID,
    );
    if (!token) throw invalid;
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        issuer: INTERNAL_ISSUER,
        audience: audienceOf(target.purpose),
        algorithms: [KEY_ALGORITHM],
        requiredClaims: ['exp'],
      });
      if (payload.hk !== target.kommunkod || payload.hid !== target.id) throw invalid;
      return payload.sub === 'anonym' ? null : callerFromClaims(payload);
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) {
        throw new HttpError(
          410,
          `This link to document ${target.id} of kommun ${target.kommunkod} has expired (links last ${this.ttlSeconds} s); ask the graph for the document's url again`,
          ErrorCode.HANDLING_LINK_EXPIRED,
        );
      }
      throw invalid;
    }
  }
}
