import type http from 'node:http';
import { ConfigError } from '../configError';
import { HttpError } from '../http/httpUtils';
import type { Caller } from './caller';
import { defaultKeysDir, internalKeyFiles } from './localKeys';
import { InternalTokenVerifier } from './internalToken';
import { ensureKeyPair } from './keys';
import { jwksFileKeys } from './jwksFileKeys';
import { ErrorCode } from '../errors';

/** How a subgraph checks that a request comes from the gateway. */
export type InternalAuthConfig = { mode: 'gateway-only'; jwksFile: string; devKeysDir?: string } | { mode: 'off' };

/**
 * INTERNAL_JWKS_FILE: the gateway's public key set, read again when it changes (a rotated key
 * counts without a restart). Required in production; in development it
 * defaults to the one under KEYS_DIR (.data/keys). INTERNAL_AUTH=off lets anyone call the
 * subgraph directly: development and tests only, refused in production.
 */
export function internalAuthFromEnv(env: NodeJS.ProcessEnv, production: boolean): InternalAuthConfig {
  if (env.INTERNAL_AUTH === 'off') {
    if (production)
      throw new ConfigError('INTERNAL_AUTH=off is not allowed in production: subgraphs must answer only the gateway');
    return { mode: 'off' };
  }
  if (env.INTERNAL_AUTH !== undefined && env.INTERNAL_AUTH !== 'on') {
    throw new ConfigError(`INTERNAL_AUTH must be on or off, got ${JSON.stringify(env.INTERNAL_AUTH)}`);
  }
  if (env.INTERNAL_JWKS_FILE) return { mode: 'gateway-only', jwksFile: env.INTERNAL_JWKS_FILE };
  if (production)
    throw new ConfigError('INTERNAL_JWKS_FILE is not set: production subgraphs verify the gateway with its public key set');
  const keysDir = env.KEYS_DIR ?? defaultKeysDir;
  return { mode: 'gateway-only', jwksFile: internalKeyFiles(keysDir).jwksFile, devKeysDir: keysDir };
}

/**
 * The authenticate hook of a subgraph's HTTP server: a request without a valid internal token
 * for this subgraph's audience is refused with 401 before GraphQL sees it, `_entities` and
 * `_service` included. Resolves to the user the gateway vouches for (null: anonymous).
 */
export async function createInternalAuthenticator(
  config: InternalAuthConfig,
  audience: string,
): Promise<(req: http.IncomingMessage) => Promise<Caller | null>> {
  if (config.mode === 'off') return async () => null;
  if (config.devKeysDir) await ensureKeyPair(config.devKeysDir, 'internal');
  const verifier = new InternalTokenVerifier(jwksFileKeys(config.jwksFile), audience);
  return async (req) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match) throw new HttpError(401, 'This subgraph answers only the gateway', ErrorCode.UNAUTHENTICATED);
    try {
      return (await verifier.verify(match[1])).caller;
    } catch {
      throw new HttpError(401, 'This subgraph answers only the gateway; the token is not valid here', ErrorCode.UNAUTHENTICATED);
    }
  };
}
