import path from 'node:path';
import { ConfigError, portFromEnv, urlFromEnv } from '#platform/configError';
import { internalKeyFiles } from '#dev-tools/devIssuer';
import { loadRegistry, type KommunRegistry } from '#platform/registry';
import { databaseUrl } from '#platform/database/ensureDatabase';

export const projectRoot = path.resolve(__dirname, '..');

export interface StartConfig {
  /** A PostgreSQL server to use instead of the embedded one; each service gets its own database on it. */
  databaseUrl?: string;
  embeddedPort: number;
  dataDir: string;
  gatewayPort: number;
  samverkanPort: number;
  registry: KommunRegistry;
  registryFile: string;
  /** The environment the services inherit. */
  env: NodeJS.ProcessEnv;
}

/** Settings of `npm start`, the local supervisor that runs the whole graph. */
export function loadStartConfig(env: NodeJS.ProcessEnv = process.env): StartConfig {
  const registryFile = env.KOMMUN_REGISTRY_FILE ?? path.join(projectRoot, 'config/kommuner.json');
  let registry: KommunRegistry;
  try {
    registry = loadRegistry(env.KOMMUN_REGISTRY, registryFile);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  return {
    databaseUrl: urlFromEnv(env, 'DATABASE_URL'),
    embeddedPort: portFromEnv(env, 'EMBEDDED_PG_PORT', 54329),
    dataDir: path.resolve(env.DATA_DIR ?? path.join(projectRoot, '.data')),
    gatewayPort: portFromEnv(env, 'PORT', 4000),
    samverkanPort: portFromEnv(env, 'SAMVERKAN_PORT', 4001),
    registry,
    registryFile,
    env,
  };
}

/** Settings of `npm run token`: where the development issuer and the internal key are kept. */
export function loadTokenConfig(env: NodeJS.ProcessEnv = process.env): { keysDir: string; internalSigningKeyFile: string } {
  const keysDir = path.resolve(env.KEYS_DIR ?? path.join(env.DATA_DIR ?? path.join(projectRoot, '.data'), 'keys'));
  return { keysDir, internalSigningKeyFile: env.INTERNAL_SIGNING_KEY_FILE ?? internalKeyFiles(keysDir).privateKeyFile };
}

/** Settings of `npm run backup` and `npm run restore`: which kommun database, on which server. */
export interface BackupConfig {
  /** The kommun's database: KOMMUN_DATABASE_URL, or `kommun_<kod>` on `npm start`'s server. */
  kommunDatabaseUrl: (kommunkod: string) => string;
}

export function loadBackupConfig(env: NodeJS.ProcessEnv = process.env): BackupConfig {
  const start = loadStartConfig(env);
  const exact = urlFromEnv(env, 'KOMMUN_DATABASE_URL');
  const server = start.databaseUrl ?? `postgres://postgres:postgres@127.0.0.1:${start.embeddedPort}/postgres`;
  return { kommunDatabaseUrl: (kommunkod) => exact ?? databaseUrl(server, `kommun_${kommunkod}`) };
}

/** Settings of the keys step of docker/compose.yaml (scripts/containerKeys.ts). */
export interface ContainerKeysConfig {
  /** The development issuer's key pair: private, where tokens are minted (KEYS_DIR, as `npm run token` reads it). */
  issuerKeyDir: string;
  /** The gateway's internal key pair: private, mounted only by the gateway (INTERNAL_KEY_DIR). */
  internalKeyDir: string;
  /** Both public key sets, mounted read-only by every service (PUBLIC_KEYS_DIR). */
  publicKeysDir: string;
  /** The user (name or uid) of the gateway, who alone may read its private key (INTERNAL_KEY_OWNER). */
  internalKeyOwner: string;
}

export function loadContainerKeysConfig(env: NodeJS.ProcessEnv = process.env): ContainerKeysConfig {
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new ConfigError(`${name} is required: the keys step puts each key in its own directory`);
    return path.resolve(value);
  };
  const internalKeyOwner = env.INTERNAL_KEY_OWNER;
  if (!internalKeyOwner) throw new ConfigError("INTERNAL_KEY_OWNER is required: the gateway's user, who alone reads its key");
  return {
    issuerKeyDir: required('KEYS_DIR'),
    internalKeyDir: required('INTERNAL_KEY_DIR'),
    publicKeysDir: required('PUBLIC_KEYS_DIR'),
    internalKeyOwner,
  };
}
