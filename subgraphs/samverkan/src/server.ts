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
import { SAMVERKAN_AUDIENCE } from '../../../common/src/auth/internalToken';
import { createInternalAuthenticator } from '../../../common/src/auth/subgraphAuth';
import type { SamverkanConfig } from './config';
import { createContext, type SamverkanContext } from './context';
import { entities } from './entities';
import { migrations } from './migrations';
import { resolvers } from './resolvers';
import { seedDatabase } from './seed/seedDatabase';

const typeDefs = parse(fs.readFileSync(path.resolve(__dirname, '../../../schema/samverkan.graphql'), 'utf8'));

export interface SamverkanServer {
  url: string;
  port: number;
  dataSource: DataSource;
  stop(): Promise<void>;
}

export interface SamverkanServerOptions {
  /** Sees every SQL statement; tests count them. */
  sqlLogger?: Logger;
}

/** Prepares the samverkan database (create, migrate, seed) and serves the subgraph. */
export async function startSamverkanServer(
  config: SamverkanConfig,
  options: SamverkanServerOptions = {},
): Promise<SamverkanServer> {
  await ensureDatabase(config.databaseUrl);
  const dataSource = createDataSource({ url: config.databaseUrl, entities, migrations, logger: options.sqlLogger });
  await dataSource.initialize();
  let http: RunningHttpServer | undefined;
  try {
    if (config.migrate) await dataSource.runMigrations({ transaction: 'each' });
    if (config.seed) await seedDatabase(dataSource);

    const apollo = new ApolloServer<SamverkanContext>({
      schema: buildSubgraphSchema({ typeDefs, resolvers: resolvers as never }),
      // Traces cost every answer time and bytes; the gateway does not ask for them.
      plugins: [...(config.inlineTrace ? [] : [ApolloServerPluginInlineTraceDisabled()]), refusalsAnswerOk],
      includeStacktraceInErrorResponses: !config.production,
    });
    await apollo.start();
    http = await startHttpServer({
      apollo,
      port: config.port,
      authenticate: await createInternalAuthenticator(config.internalAuth, SAMVERKAN_AUDIENCE),
      context: async (_, caller) => createContext(dataSource, caller),
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
