import fs from 'node:fs';
import { createLocalJWKSet, type JWTVerifyGetKey } from 'jose';
import { readJwks } from './keys';

/** What tells a rewritten or replaced file from the one read: its inode, size and times. */
const versionOf = (stat: fs.Stats) => `${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;

/**
 * The keys of a JWKS file, for jose's `jwtVerify`, read again whenever the file changes: a key
 * rotated into the file (or out of it) counts from the next token on, without a restart. Each
 * verification looks at the file's metadata (one stat); a file caught half-written keeps the
 * keys read before until it is whole. The first read throws, so that a missing or broken file
 * stops the service at start.
 */
export function jwksFileKeys(file: string): JWTVerifyGetKey {
  let version = versionOf(fs.statSync(file));
  let keys = createLocalJWKSet(readJwks(file));
  return async (header, token) => {
    const stat = await fs.promises.stat(file).catch(() => undefined);
    if (stat && versionOf(stat) !== version) {
      try {
        keys = createLocalJWKSet(readJwks(file));
        version = versionOf(stat);
      } catch {
        // Being written: the previous keys stand until the file parses.
      }
    }
    return keys(header, token);
  };
}
