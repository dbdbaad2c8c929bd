import { ConfigError, booleanFromEnv, urlFromEnv } from '#platform/configError';
import { DEV_AUDIENCE, DEV_ISSUER, defaultKeysDir, devIssuerFiles, internalKeyFiles } from '#platform/auth/localKeys';
import { KEY_ALGORITHM } from '#platform/auth/keys';
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

/** Signature algorithms a user token may name: public-key ones only (never `none`, never a shared secret). */
export const USER_TOKEN_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;
/** What identity providers sign with by default (RS256) and what the development issuer signs with (ES256). */
export const DEFAULT_USER_TOKEN_ALGORITHMS = ['RS256', KEY_ALGORITHM];

/**
 * Production names a real identity provider and the internal signing key; development falls
 * back to a local issuer and keys under .data/keys (KEYS_DIR), made on first start. Whenever an
 * identity provider is named (AUTH_JWKS_URL or AUTH_JWKS_FILE), in any mode, its issuer and
 * audience must be named too: a token of the provider for another application is no token here.
 */
export function authConfigFromEnv(env: NodeJS.ProcessEnv, production: boolean): AuthConfig {
  const jwksUrl = urlFromEnv(env, 'AUTH_JWKS_URL');
  const jwksFile = env.AUTH_JWKS_FILE;
  const keysDir = env.KEYS_DIR ?? defaultKeysDir;
  const requireAuth = booleanFromEnv(env, 'REQUIRE_AUTH', false);
  const dev = !jwksUrl && !jwksFile;
  if (dev && production)
    throw new ConfigError(
      'AUTH_JWKS_URL (or AUTH_JWKS_FILE) is not set: production verifies user tokens against your identity provider',
    );
  if (!dev) {
    for (const name of ['AUTH_ISSUER', 'AUTH_AUDIENCE']) {
      if (!env[name])
        throw new ConfigError(
          `${name} is not set; with AUTH_JWKS_${jwksUrl ? 'URL' : 'FILE'} it is required in every mode: user tokens are checked against the identity provider's issuer and this graph's audience (see docs/security.md, Tokens)`,
        );
    }
  }
  if (production && !env.INTERNAL_SIGNING_KEY_FILE)
    throw new ConfigError('INTERNAL_SIGNING_KEY_FILE is not set; production needs it (see docs/security.md, Tokens)');
  return {
    user: {
      ...(jwksUrl ? { jwksUrl } : { jwksFile: jwksFile ?? devIssuerFiles(keysDir).jwksFile }),
      issuer: dev ? (env.AUTH_ISSUER ?? DEV_ISSUER) : env.AUTH_ISSUER!,
      audience: dev ? (env.AUTH_AUDIENCE ?? DEV_AUDIENCE) : env.AUTH_AUDIENCE!,
      algorithms: algorithmsFromEnv(env),
    },
    requireAuth,
    internalSigningKeyFile: env.INTERNAL_SIGNING_KEY_FILE ?? internalKeyFiles(keysDir).privateKeyFile,
    ...(production ? {} : { devKeysDir: keysDir }),
  };
}

function algorithmsFromEnv(env: NodeJS.ProcessEnv): string[] {
  const raw = env.AUTH_ALGORITHMS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_USER_TOKEN_ALGORITHMS;
  const algorithms = raw
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const refused = algorithms.filter((a) => !(USER_TOKEN_ALGORITHMS as readonly string[]).includes(a));
  if (refused.length > 0)
    throw new ConfigError(
      `AUTH_ALGORITHMS may name only ${USER_TOKEN_ALGORITHMS.join(', ')}; ${refused.join(', ')} ${refused.length > 1 ? 'are' : 'is'} not allowed`,
    );
  return algorithms;
}
