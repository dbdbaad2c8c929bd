import path from 'node:path';
import { ensureKeyPair, keyPairFiles } from './keys';

/**
 * The keys a service finds under KEYS_DIR (default .data/keys) when its configuration names no
 * others: the gateway's internal key pair, and in development a local token issuer's pair, which
 * the gateway trusts when no identity provider is configured. Production names its own files.
 */
export const defaultKeysDir = path.resolve(__dirname, '../../../.data/keys');

/** The name and audience of the local (development) issuer's tokens. */
export const DEV_ISSUER = 'kommungraf-dev';
export const DEV_AUDIENCE = 'kommungraf';

export const devIssuerFiles = (keysDir: string) => keyPairFiles(keysDir, 'dev-issuer');
export const internalKeyFiles = (keysDir: string) => keyPairFiles(keysDir, 'internal');

/** Makes the local issuer's and the gateway's internal key pairs when they are missing. */
export async function ensureLocalKeys(keysDir: string): Promise<void> {
  await ensureKeyPair(keysDir, 'dev-issuer');
  await ensureKeyPair(keysDir, 'internal');
}
