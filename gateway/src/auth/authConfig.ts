import { ConfigError, booleanFromEnv, urlFromEnv } from '#platform/configError';
import { DEV_AUDIENCE, DEV_ISSUER, defaultKeysDir, devIssuerFiles, internalKeyFiles } from '#platform/auth/localKeys';
import type { UserTokenConfig } from './userTokens';

export interface AuthConfig {
  user: UserTokenConfig;
  /** Refuse reads without a token too (writes always need one). */
  requireAuth: boolean;
  /** The gateway's private key for the internal tokens it gives subgraphs. */
  internalSigningKeyFile: string;
  /** Development: the folder where missing development keys are made at start. */
  devKeysDir?: string;
}

/**
 * Production names a real identity provider and the internal signing key; development falls
 * back to a local issuer and keys under .data/keys (KEYS_DIR), made on first start.
 */
export function authConfigFromEnv(env: NodeJS.ProcessEnv, production: boolean): AuthConfig {
  const jwksUrl = urlFromEnv(env, 'AUTH_JWKS_URL');
  const jwksFile = env.AUTH_JWKS_FILE;
  const keysDir = env.KEYS_DIR ?? defaultKeysDir;
  const requireAuth = booleanFromEnv(env, 'REQUIRE_AUTH', false);
  if (production) {
    if (!jwksUrl && !jwksFile)
      throw new ConfigError(
        'AUTH_JWKS_URL (or AUTH_JWKS_FILE) is not set: production verifies user tokens against your identity provider',
      );
    for (const name of ['AUTH_ISSUER', 'AUTH_AUDIENCE', 'INTERNAL_SIGNING_KEY_FILE']) {
      if (!env[name]) throw new ConfigError(`${name} is not set; production needs it (see README, Security)`);
    }
  }
  const dev = !jwksUrl && !jwksFile;
  return {
    user: {
      ...(jwksUrl ? { jwksUrl } : { jwksFile: jwksFile ?? devIssuerFiles(keysDir).jwksFile }),
      issuer: env.AUTH_ISSUER ?? (dev ? DEV_ISSUER : ''),
      audience: env.AUTH_AUDIENCE ?? (dev ? DEV_AUDIENCE : ''),
    },
    requireAuth,
    internalSigningKeyFile: env.INTERNAL_SIGNING_KEY_FILE ?? internalKeyFiles(keysDir).privateKeyFile,
    ...(production ? {} : { devKeysDir: keysDir }),
  };
}
