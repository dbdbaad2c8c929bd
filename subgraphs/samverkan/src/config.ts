import { subgraphSettingsFromEnv, type SubgraphSettings } from '#subgraph-kit/subgraphSettings';

export type SamverkanConfig = SubgraphSettings;

/** The samverkan subgraph's configuration; the one place that reads the environment. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): SamverkanConfig {
  return subgraphSettingsFromEnv(
    env,
    4001,
    'the PostgreSQL URL of the samverkan database, e.g. postgres://localhost:5432/samverkan',
    { name: 'samverkan' },
  );
}
