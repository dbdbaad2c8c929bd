import fs from 'node:fs';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import type { DataSource, EntitySchema, Logger, MixedList } from 'typeorm';
import type { Caller } from '../auth/caller';
import { createInternalAuthenticator, type InternalAuthConfig } from '../auth/subgraphAuth';
import { createDataSource } from '../database/createDataSource';
import { ensureDatabase } from '../database/ensureDatabase';
import { refusalsAnswerOk } from '../errors';
import { startHttpServer, type RunningHttpServer } from '../http/startHttpServer';

export interface SubgraphServer {
  url: string;
  port: number;
  dataSource: DataSource;
  stop(): Promise<void>;
}

export interface SubgraphServerOptions<TContext extends BaseContext & { db: { end(): Promise<void> } }> {
  schemaFile: string;
  resolvers: unknown;
  databaseUrl: string;
  entities: MixedList<EntitySchema>;
  // TypeORM takes migration classes; `Function` is its own type for them.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
  migrate: boolean;
  /** After migrating, before serving: claim the database, load the seed. */
  prepare?: (dataSource: DataSource) => Promise<void>;
  port: number;
  production: boolean;
  inlineTrace: boolean;
  internalAuth: InternalAuthConfig;
  /** The audience of the internal tokens this subgraph accepts. */
  audience: string;
  context: (dataSource: DataSource, caller: Caller | null) => TContext;
  sqlLogger?: Logger;
}

/**
 * What every subgraph does to start: create and migrate its own database, then serve its
 * schema-first SDL to the gateway alone (internal tokens), one database transaction per request.
 */
export async function startSubgraphServer<TContext extends BaseContext & { db: { end(): Promise<void> } }>(
  options: SubgraphServerOptions<TContext>,
): Promise<SubgraphServer> {
  const typeDefs = parse(fs.readFileSync(options.schemaFile, 'utf8'));
  await ensureDatabase(options.databaseUrl);
  const dataSource = createDataSource({
    url: options.databaseUrl,
    entities: options.entities,
    migrations: options.migrations,
    logger: options.sqlLogger,
  });
  await dataSource.initialize();
  let http: RunningHttpServer | undefined;
  try {
    if (options.migrate) await dataSource.runMigrations({ transaction: 'each' });
    await options.prepare?.(dataSource);
    const apollo = new ApolloServer<TContext>({
      schema: buildSubgraphSchema({ typeDefs, resolvers: options.resolvers as never }),
      // Traces cost every answer time and bytes; the gateway asks for them only when told to.
      // Cache hints are not used by the gateway, and computing them is a hook on every field.
      plugins: [
        ...(options.inlineTrace ? [] : [ApolloServerPluginInlineTraceDisabled()]),
        ApolloServerPluginCacheControlDisabled(),
        refusalsAnswerOk,
      ],
      includeStacktraceInErrorResponses: !options.production,
    });
    await apollo.start();
    http = await startHttpServer({
      apollo,
      port: options.port,
      authenticate: await createInternalAuthenticator(options.internalAuth, options.audience),
      context: async (_, caller) => options.context(dataSource, caller),
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
