import path from 'node:path';
import type { DataSource, Logger } from 'typeorm';
import { createLogger, type Logger as ServiceLogger } from '#platform/telemetry/logger';
import { kommunAudience } from '#platform/auth/internalToken';
import { ErrorCode } from '#platform/errors';
import { startSubgraphServer, type SubgraphServer } from '#subgraph-kit/startSubgraphServer';
import type { KommunConfig } from './config';
import { createContext } from './context';
import { KommunEntity, type Kommun } from './entities/Kommun';
import { entities } from './entities';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { seedDatabase } from './seed/seedDatabase';
import { handlingsfilRoutes } from './handlingsfiler';

export type KommunServer = SubgraphServer;

export interface KommunServerOptions {
  /** Sees every SQL statement; tests count them. */
  sqlLogger?: Logger;
  /** Today's date source; tests pin it. */
  clock?: () => Date;
  /** Where its log lines go (by default stdout, as its configuration says). */
  logger?: ServiceLogger;
  /** Runs after each write commits, before its answer leaves (see RequestDbOptions.afterCommit). */
  afterCommit?: () => void;
}

/** Prepares the kommun's database (create, migrate, claim, seed) and serves its subgraph. */
export function startKommunServer(config: KommunConfig, options: KommunServerOptions = {}): Promise<KommunServer> {
  const clock = options.clock ?? (() => new Date());
  let kommun: Kommun;
  const { afterCommit } = options;
  const logger = options.logger ?? createLogger(config.telemetry);
  return startSubgraphServer({
    // Its settings: database, migrations at start, port, mode, internal auth.
    ...config,
    schemaFile: path.resolve(__dirname, '../../../schema/kommun.graphql'),
    resolvers,
    entities,
    migrations,
    prepare: async (dataSource) => {
      kommun = await claimDatabase(dataSource, config);
      if (config.seed) await seedDatabase(dataSource, config.kommunkod);
    },
    audience: kommunAudience(config.kommunkod),
    context: (dataSource, caller, request) => createContext(kommun, dataSource, clock, caller, { ...request, afterCommit }),
    httpRoutes: (dataSource) => handlingsfilRoutes(() => kommun, dataSource, clock, config.handlingMaxBytes, logger),
    sqlLogger: options.sqlLogger,
    databaseUnavailable: { code: ErrorCode.KOMMUN_DATABASE_UNAVAILABLE, who: `Kommun ${config.namn} (${config.kommunkod})` },
    logger,
  });
}

/**
 * Records which kommun the database belongs to on first start, and refuses to serve a database
 * that belongs to another kommun: a wrong DATABASE_URL must not publish one kommun's diarium
 * under another's name.
 */
async function claimDatabase(dataSource: DataSource, config: KommunConfig): Promise<Kommun> {
  const repo = dataSource.getRepository(KommunEntity);
  await repo
    .createQueryBuilder()
    .insert()
    .values({ kommunkod: config.kommunkod, namn: config.namn, lan: config.lan })
    .orIgnore()
    .execute();
  const owners = await repo.find();
  const other = owners.find((k) => k.kommunkod !== config.kommunkod);
  if (other) {
    throw new Error(
      `The database at DATABASE_URL belongs to kommun ${other.kommunkod} (${other.namn}), not ${config.kommunkod}; point DATABASE_URL at kommun ${config.kommunkod}'s own database`,
    );
  }
  return owners[0];
}
