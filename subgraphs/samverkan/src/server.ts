import path from 'node:path';
import { ErrorCode } from '#platform/errors';
import type { Logger } from 'typeorm';
import type { Logger as ServiceLogger } from '#platform/telemetry/logger';
import { SAMVERKAN_AUDIENCE } from '#platform/auth/internalToken';
import { startSubgraphServer, type SubgraphServer } from '#subgraph-kit/startSubgraphServer';
import type { SamverkanConfig } from './config';
import { createContext } from './context';
import { entities } from './entities';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { seedDatabase } from './seed/seedDatabase';

export type SamverkanServer = SubgraphServer;

export interface SamverkanServerOptions {
  /** Sees every SQL statement; tests count them. */
  sqlLogger?: Logger;
  /** Where its log lines go (by default stdout, as its configuration says). */
  logger?: ServiceLogger;
}

/** Prepares the samverkan database (create, migrate, seed) and serves the subgraph. */
export function startSamverkanServer(config: SamverkanConfig, options: SamverkanServerOptions = {}): Promise<SamverkanServer> {
  return startSubgraphServer({
    // Its settings: database, migrations at start, port, mode, internal auth.
    ...config,
    schemaFile: path.resolve(__dirname, '../../../schema/samverkan.graphql'),
    resolvers,
    entities,
    migrations,
    prepare: async (dataSource) => {
      if (config.seed) await seedDatabase(dataSource);
    },
    audience: SAMVERKAN_AUDIENCE,
    context: createContext,
    sqlLogger: options.sqlLogger,
    logger: options.logger,
    databaseUnavailable: { code: ErrorCode.SAMVERKAN_DATABASE_UNAVAILABLE, who: 'The samverkan subgraph' },
  });
}
