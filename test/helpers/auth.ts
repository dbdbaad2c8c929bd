import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Caller } from '#platform/auth/caller';
import { ensureDevKeys, internalKeyFiles, signDevToken } from '#dev-tools/devIssuer';
import { InternalTokenSigner } from '#platform/auth/internalToken';
import { readJwk } from '#platform/auth/keys';

/**
 * Keys for tests that call a subgraph directly, as the gateway would: a folder of development
 * keys, the env that points a subgraph at them, and tokens for it.
 */
export async function testKeys() {
  const keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kommungraf-keys-'));
  await ensureDevKeys(keysDir);
  const signer = await InternalTokenSigner.fromJwk(readJwk(internalKeyFiles(keysDir).privateKeyFile));
  return {
    keysDir,
    /** Env for a subgraph's loadConfig: trust the gateway key of this folder. */
    env: { KEYS_DIR: keysDir, INTERNAL_JWKS_FILE: internalKeyFiles(keysDir).jwksFile },
    /** Headers of a gateway call to the subgraph with this audience, for this user (or anonymous). */
    async internalHeaders(audience: string, caller: Caller | null = null): Promise<Record<string, string>> {
      return { authorization: `Bearer ${await signer.sign(audience, caller)}` };
    },
    /** A user token from the development issuer, as `npm run token` makes one. */
    userToken: (caller: Caller, lifetime?: string) => signDevToken(keysDir, caller, lifetime),
    remove: () => fs.rmSync(keysDir, { recursive: true, force: true }),
  };
}
