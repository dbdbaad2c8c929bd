import fs from 'node:fs';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { unwrapResolverError } from '@apollo/server/errors';
import { parse, type GraphQLFormattedError } from 'graphql';
import type { DataSource, EntitySchema, Logger, MixedList } from 'typeorm';
import type { Caller } from '#platform/auth/caller';
import { createInternalAuthenticator, type InternalAuthConfig } from '#platform/auth/subgraphAuth';
import { connectionPoolOf, createDataSource } from '#platform/database/createDataSource';
import { ensureDatabase } from '#platform/database/ensureDatabase';
import { withRefusedValueField } from '#platform/withRefusedValueField';
import { isDatabaseUnavailable } from '#platform/database/databaseUnavailable';
import { ErrorCode, keepRefusedValueCode, refusalsAnswerOk } from '#platform/errors';
import type { RequestDbOptions } from '#platform/database/requestDb';
import { idempotencyKeyOf } from '#platform/http/idempotencyKey';
import { startHttpServer, type HttpRoute, type RunningHttpServer } from '#platform/http/startHttpServer';
import { createLogger, type Logger as ServiceLogger } from '#platform/telemetry/logger';
import { observeDatabasePool } from '#platform/telemetry/metrics';
import { requestTelemetryPlugin } from '#platform/telemetry/requestTelemetryPlugin';
import type { TelemetryConfig } from '#platform/telemetry/telemetryConfig';
import { removeExpiredIdempotencyKeys } from './idempotency';

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
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
  migrations: MixedList<Function>;
  migrate: boolean;
  /** After migrating, before serving: claim the database, load the seed. */
  prepare?: (dataSource: DataSource) => Promise<void>;
  port: number;
  production: boolean;
  internalAuth: InternalAuthConfig;
  /** The audience of the internal tokens this subgraph accepts. */
  audience: string;
  /** `request` carries what the request asks of its database work (its Idempotency-Key). */
  context: (dataSource: DataSource, caller: Caller | null, request: RequestDbOptions) => TContext;
  sqlLogger?: Logger;
  /** HTTP routes besides GraphQL, behind the same internal tokens (a document's file); made once `prepare` has run. */
  httpRoutes?: (dataSource: DataSource) => HttpRoute<Caller | null>[];
  /** Its name in log lines and traces ("kommun 2262"), log level, /metrics access. */
  telemetry: TelemetryConfig;
  /**
   * How the subgraph answers while its database cannot be reached: the code, and who it is in
   * the message (e.g. "Kommun Timrå (2262)").
   */
  databaseUnavailable: { code: string; who: string };
  /** Where its log lines go; by default a logger made from `telemetry`. */
  logger?: ServiceLogger;
}

/**
 * Logs every error that is not a refusal with a code (an internal one), as one line with the
 * request id the gateway sent along (x-request-id): the id a production answer quotes finds the
 * gateway's line and this one.
 */
function internalErrorLog(log: ServiceLogger): ApolloServerPlugin {
  return {
    async requestDidStart({ request }) {
      return {
        async didEncounterErrors({ errors, operationName }) {
          for (const error of errors) {
            const code = error.extensions?.code;
            if (code !== undefined && code !== ErrorCode.INTERNAL_SERVER_ERROR) continue;
            log.error(
              { requestId: request.http?.headers.get('x-request-id') ?? null, operationName, path: error.path },
              error.message,
            );
          }
        },
      };
    },
  };
}

/**
 * A database that is down is a state with a code of its own, not an internal error showing a
 * server address; the pool reconnects by itself once it is back.
 */
function databaseUnavailableError(
  formatted: GraphQLFormattedError,
  error: unknown,
  unavailable: { code: string; who: string },
): GraphQLFormattedError {
  if (!isDatabaseUnavailable(unwrapResolverError(error))) return formatted;
  return {
    message: `${unavailable.who} cannot reach its database right now; try again shortly (a write may not have been made: retry it with the same Idempotency-Key)`,
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: unavailable.code },
  };
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
  const forgetPool = observeDatabasePool(new URL(options.databaseUrl).pathname.slice(1), connectionPoolOf(dataSource));
  const logger = options.logger ?? createLogger(options.telemetry);
  let http: RunningHttpServer | undefined;
  try {
    if (options.migrate) await dataSource.runMigrations({ transaction: 'each' });
    await options.prepare?.(dataSource);
    // Idempotency-Keys older than a day are forgotten, hourly; a failure (the database is
    // down) just waits for the next round.
    const forgetExpiredKeys = () => removeExpiredIdempotencyKeys(dataSource).catch(() => undefined);
    await forgetExpiredKeys();
    const keyCleanup = setInterval(forgetExpiredKeys, 3_600_000).unref();
    const apollo = new ApolloServer<TContext>({
      // runService owns SIGINT and SIGTERM and stops this server in its own order.
      stopOnTerminationSignals: false,
      schema: buildSubgraphSchema({ typeDefs, resolvers: options.resolvers as never }),
      // Traces cost every answer time and bytes, and nothing here reads them.
      // Cache hints are not used by the gateway, and computing them is a hook on every field.
      plugins: [
        ApolloServerPluginInlineTraceDisabled(),
        ApolloServerPluginCacheControlDisabled(),
        refusalsAnswerOk,
        requestTelemetryPlugin(),
        internalErrorLog(logger),
      ],
      includeStacktraceInErrorResponses: !options.production,
      formatError: (formatted, error) =>
        databaseUnavailableError(
          withRefusedValueField(keepRefusedValueCode(formatted, error), error),
          error,
          options.databaseUnavailable,
        ),
    });
    await apollo.start();
    http = await startHttpServer({
      apollo,
      port: options.port,
      authenticate: await createInternalAuthenticator(options.internalAuth, options.audience),
      context: async (req, caller) => options.context(dataSource, caller, { idempotencyKey: idempotencyKeyOf(req) }),
      requestEnded: (context) => context.db.end(),
      httpRoutes: options.httpRoutes?.(dataSource),
      metrics: options.telemetry,
      logger,
    });
    const running = http;
    return {
      url: running.url,
      port: running.port,
      dataSource,
      async stop() {
        clearInterval(keyCleanup);
        await running.close();
        await apollo.stop();
        forgetPool();
        await dataSource.destroy();
      },
    };
  } catch (error) {
    await http?.close();
    forgetPool();
    await dataSource.destroy();
    throw error;
  }
}
