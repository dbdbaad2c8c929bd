import pg from 'pg';
import { DataSource, type EntitySchema, type Logger, type MixedList } from 'typeorm';

// DATE columns stay 'YYYY-MM-DD' strings: turning them into JS Dates would shift them by the
// server's time zone and change the day.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

// pg writes each protocol message of a parameterised query (parse, bind, describe, execute,
// sync) with a write of its own, a system call each; profiles of the subgraphs under load showed
// a quarter of their time in socket writes. Corking the socket until the end of the tick sends
// the messages of a query together. Nothing else changes: same bytes, same order.
type PgConnection = { stream: { writableCorked: number; cork(): void; uncork(): void }; _send(buffer: Buffer): boolean };
const connectionPrototype = (pg as unknown as { Connection: { prototype: PgConnection } }).Connection.prototype;
const send = connectionPrototype._send;
connectionPrototype._send = function (this: PgConnection, buffer: Buffer) {
  const stream = this.stream;
  if (stream.writableCorked === 0) {
    stream.cork();
    process.nextTick(() => stream.uncork());
  }
  return send.call(this, buffer);
};

export interface DataSourceOptions {
  url: string;
  entities: MixedList<EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
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
