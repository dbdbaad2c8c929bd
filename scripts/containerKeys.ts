import fs from 'node:fs';
import path from 'node:path';
import { ensureKeyPair } from '#platform/auth/keys';
import { ConfigError } from '#platform/configError';
import { runMain } from '#platform/runService';
import { loadContainerKeysConfig } from './config';

/**
 * The keys step of docker/compose.yaml: each private key only where it signs. Makes, where
 * missing, the gateway's internal key pair on the volume only the gateway mounts (readable by its
 * user alone) and the development issuer's pair on the keys step's own volume, where tokens are
 * minted; copies both public key sets to the volume every service mounts read-only. Run again, it
 * keeps the keys it finds.
 */
runMain(async () => {
  const config = loadContainerKeysConfig();
  const owner = userIds(config.internalKeyOwner);
  const internal = await ensureKeyPair(config.internalKeyDir, 'internal');
  const issuer = await ensureKeyPair(config.issuerKeyDir, 'dev-issuer');

  fs.chownSync(config.internalKeyDir, owner.uid, owner.gid);
  fs.chmodSync(config.internalKeyDir, 0o700);
  fs.chownSync(internal.privateKeyFile, owner.uid, owner.gid);
  fs.chmodSync(internal.privateKeyFile, 0o400);
  fs.chmodSync(config.issuerKeyDir, 0o700);
  fs.chmodSync(issuer.privateKeyFile, 0o400);
  // The public halves only: a JWKS file in the key directories stays with its private key.
  fs.mkdirSync(config.publicKeysDir, { recursive: true });
  for (const jwksFile of [internal.jwksFile, issuer.jwksFile]) {
    const target = path.join(config.publicKeysDir, path.basename(jwksFile));
    fs.rmSync(target, { force: true });
    fs.copyFileSync(jwksFile, target);
    fs.chmodSync(target, 0o444);
  }
  console.log(`keys: internal private key in ${config.internalKeyDir} (owner ${config.internalKeyOwner} only),`);
  console.log(`      development issuer's private key in ${config.issuerKeyDir}, public key sets in ${config.publicKeysDir}`);
});

/** A user's uid and gid, by name (from /etc/passwd) or as a number. */
function userIds(user: string): { uid: number; gid: number } {
  if (/^\d+$/.test(user)) return { uid: Number(user), gid: Number(user) };
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.split(':')[0] === user);
  if (!line) throw new ConfigError(`INTERNAL_KEY_OWNER: no user ${user} in this image`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}
