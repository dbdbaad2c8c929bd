import path from 'node:path';
import { ConfigError, booleanFromEnv, portFromEnv, urlFromEnv } from '../../common/src/configError';
import { loadRegistry, type KommunRegistry } from '../../common/src/registry';
import { supergraphFile } from '../../common/src/supergraph';

export interface GatewayConfig {
  port: number;
  registry: KommunRegistry;
  /** Where the registry came from, for messages and reloads. */
  registrySource: { inline?: string; file: string };
  samverkanUrl: string;
  supergraphFile: string;
  production: boolean;
  /** Introspection and the Sandbox landing page; on outside production unless turned off. */
  introspection: boolean;
}

export const defaultRegistryFile = path.resolve(__dirname, '../../config/kommuner.json');

/** `defaultPort`: the gateway listens on 4000, the standalone kommun router on 4010. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, defaultPort = 4000): GatewayConfig {
  const production = env.NODE_ENV === 'production';
  const registrySource = { inline: env.KOMMUN_REGISTRY, file: env.KOMMUN_REGISTRY_FILE ?? defaultRegistryFile };
  let registry: KommunRegistry;
  try {
    registry = loadRegistry(registrySource.inline, registrySource.file);
  } catch (error) {
    throw new ConfigError(`KOMMUN_REGISTRY${registrySource.inline ? '' : '_FILE'}: ${(error as Error).message}`);
  }
  return {
    port: portFromEnv(env, 'PORT', defaultPort),
    registry,
    registrySource,
    samverkanUrl: urlFromEnv(env, 'SAMVERKAN_URL') ?? 'http://localhost:4001/graphql',
    supergraphFile: env.SUPERGRAPH_FILE ?? supergraphFile,
    production,
    introspection: booleanFromEnv(env, 'INTROSPECTION', !production),
  };
}
