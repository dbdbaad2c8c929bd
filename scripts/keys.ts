import path from 'node:path';
import { DEV_AUDIENCE, DEV_ISSUER, devIssuerFiles, ensureDevKeys, internalKeyFiles } from '#dev-tools/devIssuer';
import { runMain } from '#platform/runService';
import { loadTokenConfig } from './config';

/**
 * `npm run keys`: makes, where missing, the gateway's internal key pair and the development
 * issuer's key pair in KEYS_DIR (default .data/keys), and prints the files each service reads.
 * docker/compose.yaml runs it once before the services start.
 */
runMain(async () => {
  const { keysDir } = loadTokenConfig();
  await ensureDevKeys(keysDir);
  const internal = internalKeyFiles(keysDir);
  const issuer = devIssuerFiles(keysDir);
  console.log(`keys in ${path.resolve(keysDir)}:`);
  console.log(`  gateway    INTERNAL_SIGNING_KEY_FILE=${internal.privateKeyFile}`);
  console.log(`  subgraphs  INTERNAL_JWKS_FILE=${internal.jwksFile}`);
  // A key set named needs its issuer and audience named too, in every mode (docs/security.md, Tokens).
  console.log(
    `  gateway    AUTH_JWKS_FILE=${issuer.jwksFile} AUTH_ISSUER=${DEV_ISSUER} AUTH_AUDIENCE=${DEV_AUDIENCE} (the development issuer; production uses its identity provider)`,
  );
});
