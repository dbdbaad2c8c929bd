import path from 'node:path';
import { ConfigError, positiveIntFromEnv } from '#platform/configError';
import { DEFAULT_HANDLING_MAX_BYTES } from '#platform/handlingMarker';
import { loadRegistry } from '#platform/registry';
import { subgraphSettingsFromEnv, type SubgraphSettings } from '#subgraph-kit/subgraphSettings';

export interface KommunConfig extends SubgraphSettings {
  kommunkod: string;
  namn: string;
  lan: string;
  /** HANDLING_MAX_BYTES: the largest file a document may have. */
  handlingMaxBytes: number;
}

export const defaultRegistryFile = path.resolve(__dirname, '../../../config/kommuner.json');

/**
 * The instance's configuration. Which kommun it serves comes from the first argument or
 * KOMMUNKOD; its name, län and default port from that kommun's registry entry.
 */
export function loadConfig(argv: string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): KommunConfig {
  const kommunkod = argv[0] ?? env.KOMMUNKOD;
  if (!kommunkod) {
    throw new ConfigError('KOMMUNKOD is not set: name the kommun to serve, e.g. `npm run start:kommun -- 2262`');
  }
  const registryFile = env.KOMMUN_REGISTRY_FILE ?? defaultRegistryFile;
  let registry;
  try {
    registry = loadRegistry(env.KOMMUN_REGISTRY, registryFile);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  const entry = registry.find((k) => k.kommunkod === kommunkod);
  if (!entry) {
    throw new ConfigError(
      `KOMMUNKOD ${kommunkod} is not in the registry (${env.KOMMUN_REGISTRY ? 'KOMMUN_REGISTRY' : registryFile}); add an entry for it first`,
    );
  }
  return {
    kommunkod,
    namn: entry.namn,
    lan: entry.lan,
    ...subgraphSettingsFromEnv(
      env,
      Number(new URL(entry.url).port || 80),
      `the PostgreSQL URL of kommun ${kommunkod}'s own database, e.g. postgres://localhost:5432/kommun_${kommunkod}`,
      { name: `kommun ${kommunkod}`, kommunkod },
    ),
    handlingMaxBytes: positiveIntFromEnv(env, 'HANDLING_MAX_BYTES', DEFAULT_HANDLING_MAX_BYTES),
  };
}
