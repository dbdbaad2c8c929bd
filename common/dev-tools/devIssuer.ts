import path from 'node:path';
import { SignJWT, importJWK } from 'jose';
import type { Caller } from '#platform/auth/caller';
import { KEY_ALGORITHM, ensureKeyPair, keyPairFiles, readJwk } from '#platform/auth/keys';

/**
 * Development only: a local token issuer, so that writes and roles can be tried without an
 * identity provider. Its key is made on first use and kept with the local data; production
 * configures a real issuer (AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE) and never reads this.
 */
export const DEV_ISSUER = 'kommungraf-dev';
export const DEV_AUDIENCE = 'kommungraf';
export const defaultKeysDir = path.resolve(__dirname, '../../.data/keys');

export const devIssuerFiles = (keysDir: string) => keyPairFiles(keysDir, 'dev-issuer');
export const internalKeyFiles = (keysDir: string) => keyPairFiles(keysDir, 'internal');

/** Makes the development issuer's and the gateway's internal key pairs when they are missing. */
export async function ensureDevKeys(keysDir: string): Promise<void> {
  await ensureKeyPair(keysDir, 'dev-issuer');
  await ensureKeyPair(keysDir, 'internal');
}

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
