import { SignJWT, importJWK } from 'jose';
import type { Caller } from '#platform/auth/caller';
import { KEY_ALGORITHM, ensureKeyPair, readJwk } from '#platform/auth/keys';
import { DEV_AUDIENCE, DEV_ISSUER } from '#platform/auth/localKeys';

/**
 * Development only: a local token issuer, so that writes and roles can be tried without an
 * identity provider. Its key is made on first use and kept with the local data; production
 * configures a real issuer (AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE) and never reads this.
 * Only tools, tests and the bench import it; the services find its keys by their files.
 */
export {
  DEV_AUDIENCE,
  DEV_ISSUER,
  defaultKeysDir,
  devIssuerFiles,
  internalKeyFiles,
  ensureLocalKeys as ensureDevKeys,
} from '#platform/auth/localKeys';

/** A user token from the development issuer, as `npm run token` prints it. */
export async function signDevToken(keysDir: string, caller: Caller, lifetime = '8h'): Promise<string> {
  const { privateKeyFile } = await ensureKeyPair(keysDir, 'dev-issuer');
  const jwk = readJwk(privateKeyFile);
  return new SignJWT({ kommunkod: caller.kommunkod, roller: caller.roller })
    .setProtectedHeader({ alg: KEY_ALGORITHM, kid: jwk.kid })
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setSubject(caller.sub)
    .setIssuedAt()
    .setExpirationTime(lifetime)
    .sign(await importJWK(jwk, KEY_ALGORITHM));
}
