import { ROLLER, type Roll } from '#platform/auth/caller';
import { ensureDevKeys, signDevToken } from '#dev-tools/devIssuer';
import { DEFAULT_PEER_TOKEN_LIFETIME, SAMVERKAN_AUDIENCE, signPeerToken } from '#platform/auth/internalToken';
import { readJwk } from '#platform/auth/keys';
import { ConfigError } from '#platform/configError';
import { runMain } from '#platform/runService';
import { loadTokenConfig } from './config';

/**
 * `npm run token -- --kommun 2281 --roll HANDLAGGARE [--roll ADMIN] [--sub anna] [--giltig 8h]`
 * prints a user token from the development issuer, to paste into Sandbox's headers as
 * `Authorization: Bearer <token>`.
 * `npm run token -- --internal samverkan [--giltig 7d]` prints an anonymous internal token for
 * one subgraph, for a peer gateway that calls it directly (see docs/api.md, Behind other gateways);
 * it lasts a week unless --giltig says less, and at most 30 days.
 */
runMain(async () => {
  const args = process.argv.slice(2);
  const values = (flag: string) => args.flatMap((a, i) => (a === flag && args[i + 1] ? [args[i + 1]] : []));
  const { keysDir, internalSigningKeyFile } = loadTokenConfig();
  const audience = values('--internal')[0];
  if (audience) {
    if (audience !== SAMVERKAN_AUDIENCE && !/^kommun:\d{4}$/.test(audience)) {
      throw new ConfigError('--internal names a subgraph: samverkan or kommun:<kommunkod>');
    }
    await ensureDevKeys(keysDir);
    console.log(
      await signPeerToken(readJwk(internalSigningKeyFile), audience, values('--giltig')[0] ?? DEFAULT_PEER_TOKEN_LIFETIME),
    );
    return;
  }
  const kommunkod = values('--kommun')[0];
  if (!kommunkod || !/^\d{4}$/.test(kommunkod))
    throw new ConfigError('--kommun needs a four-digit kommunkod, e.g. --kommun 2281');
  const roller = values('--roll').map((r) => r.toUpperCase());
  const unknown = roller.filter((r) => !(ROLLER as readonly string[]).includes(r));
  if (roller.length === 0 || unknown.length)
    throw new ConfigError(`--roll must be one of ${ROLLER.join(', ')}; got ${unknown.join(', ') || 'none'}`);
  const sub = values('--sub')[0] ?? `utvecklare-${kommunkod}`;
  console.log(await signDevToken(keysDir, { sub, kommunkod, roller: roller as Roll[] }, values('--giltig')[0] ?? '8h'));
});
