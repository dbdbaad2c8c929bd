import pg from 'pg';
import { DataSource, type EntitySchema, type Logger, type MixedList } from 'typeorm';

// DATE columns stay 'YYYY-MM-DD' strings: turning them into JS Dates would shift them by the
// server's time zone and change the day.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export interface DataSourceOptions {
  url: string;
  entities: MixedList<EntitySchema>;
  // TypeORM takes migration classes; `Function` is its own type for them.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
  logger?: Logger;
  poolSize?: number;
}

/** A TypeORM data source for one service's own database. The schema changes by migrations only. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logger: options.logger,
    logging: options.logger ? ['query', 'error'] : ['error'],
    extra: { max: options.poolSize ?? 10 },
  });
}
