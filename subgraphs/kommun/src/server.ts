import fs from 'node:fs';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import type { DataSource, Logger } from 'typeorm';
import { createDataSource } from '../../../common/src/database/createDataSource';
import { ensureDatabase } from '../../../common/src/database/ensureDatabase';
import { refusalsAnswerOk } from '../../../common/src/errors';
import { startHttpServer, type RunningHttpServer } from '../../../common/src/http/startHttpServer';
import { kommunAudience } from '../../../common/src/auth/internalToken';
import { createInternalAuthenticator } from '../../../common/src/auth/subgraphAuth';
import type { KommunConfig } from './config';
import { createContext, type KommunContext } from './context';
import { KommunEntity } from './entities/Kommun';
import { entities } from './entities';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { seedDatabase } from './seed/seedDatabase';

const typeDefs = parse(fs.readFileSync(path.resolve(__dirname, '../../../schema/kommun.graphql'), 'utf8'));

export interface KommunServer {
  url: string;
  port: number;
  dataSource: DataSource;
  stop(): Promise<void>;
}

export interface KommunServerOptions {
  /** Sees every SQL statement; tests count them. */
  sqlLogger?: Logger;
  /** Today's date source; tests pin it. */
  clock?: () => Date;
}

/** Prepares the kommun's database (create, migrate, seed) and serves its subgraph. */
export async function startKommunServer(config: KommunConfig, options: KommunServerOptions = {}): Promise<KommunServer> {
  await ensureDatabase(config.databaseUrl);
  const dataSource = createDataSource({ url: config.databaseUrl, entities, migrations, logger: options.sqlLogger });
  await dataSource.initialize();
  let http: RunningHttpServer | undefined;
  try {
    if (config.migrate) await dataSource.runMigrations({ transaction: 'each' });
    await claimDatabase(dataSource, config);
    if (config.seed) await seedDatabase(dataSource, config.kommunkod);

    const clock = options.clock ?? (() => new Date());
    const apollo = new ApolloServer<KommunContext>({
      schema: buildSubgraphSchema({ typeDefs, resolvers: resolvers as never }),
      // Traces cost every answer time and bytes; the gateway does not ask for them.
      plugins: [...(config.inlineTrace ? [] : [ApolloServerPluginInlineTraceDisabled()]), refusalsAnswerOk],
      includeStacktraceInErrorResponses: !config.production,
    });
    await apollo.start();
    http = await startHttpServer({
      apollo,
      port: config.port,
      authenticate: await createInternalAuthenticator(config.internalAuth, kommunAudience(config.kommunkod)),
      context: async (_, caller) => createContext(config.kommunkod, dataSource, clock, caller),
      requestEnded: (context) => context.db.end(),
    });
    const running = http;
    return {
      url: running.url,
      port: running.port,
      dataSource,
      async stop() {
        await running.close();
        await apollo.stop();
        await dataSource.destroy();
      },
    };
  } catch (error) {
    await http?.close();
    await dataSource.destroy();
    throw error;
  }
}

/**
 * Records which kommun the database belongs to on first start, and refuses to serve a database
 * that belongs to another kommun: a wrong DATABASE_URL must not publish one kommun's diarium
 * under another's name.
 */
async function claimDatabase(dataSource: DataSource, config: KommunConfig): Promise<void> {
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
}
