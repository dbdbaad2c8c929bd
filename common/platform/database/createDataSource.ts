import { DataSource, type EntitySchema, type Logger, type MixedList } from 'typeorm';
import { installLibraryInternals } from './libraryInternals';

export interface DataSourceOptions {
  url: string;
  entities: MixedList<EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
  migrations: MixedList<Function>;
  logger?: Logger;
  poolSize?: number;
}

/**
 * A TypeORM data source for one service's own database. The schema changes by migrations only.
 * The first one made installs what the platform changes in pg (see libraryInternals).
 */
export function createDataSource(options: DataSourceOptions): DataSource {
  installLibraryInternals();
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

/** The pg pool of an initialised data source (TypeORM's `PostgresDriver#master`), for its connection counts. */
export function connectionPoolOf(dataSource: DataSource): { totalCount: number; idleCount: number; waitingCount: number } {
  return (dataSource.driver as unknown as { master: { totalCount: number; idleCount: number; waitingCount: number } }).master;
}
