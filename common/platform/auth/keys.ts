import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export const KEY_ALGORITHM = 'ES256';

export interface KeyPairFiles {
  /** The private key (JWK), for whoever signs: the gateway, or the development issuer. */
  privateKeyFile: string;
  /** The public key set (JWKS), for whoever verifies. */
  jwksFile: string;
}

export function keyPairFiles(dir: string, name: string): KeyPairFiles {
  return { privateKeyFile: path.join(dir, `${name}.private.jwk.json`), jwksFile: path.join(dir, `${name}.jwks.json`) };
}

/**
 * Makes a key pair in `dir` unless it is there, and returns its files. Several processes may
 * start at once: the pair is written under temporary names and linked into place, so the one
 * that loses the race keeps the winner's pair.
 */
export async function ensureKeyPair(dir: string, name: string): Promise<KeyPairFiles> {
  const files = keyPairFiles(dir, name);
  if (fs.existsSync(files.privateKeyFile) && fs.existsSync(files.jwksFile)) return files;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = await generateKeyPair(KEY_ALGORITHM, { extractable: true });
  const kid = randomUUID();
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: KEY_ALGORITHM, use: 'sig' };
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: KEY_ALGORITHM, use: 'sig' };
  const suffix = `.${process.pid}.${kid}.tmp`;
  fs.writeFileSync(files.privateKeyFile + suffix, JSON.stringify(privateJwk), { mode: 0o600 });
  fs.writeFileSync(files.jwksFile + suffix, JSON.stringify({ keys: [publicJwk] }));
  try {
    // The JWKS goes first: a reader that finds the private key always finds its public half.
    fs.linkSync(files.jwksFile + suffix, files.jwksFile);
    fs.linkSync(files.privateKeyFile + suffix, files.privateKeyFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.rmSync(files.privateKeyFile + suffix, { force: true });
    fs.rmSync(files.jwksFile + suffix, { force: true });
  }
  return files;
}

export function readJwk(file: string): JWK {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as JWK;
}

export function readJwks(file: string): { keys: JWK[] } {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as { keys: JWK[] };
}
