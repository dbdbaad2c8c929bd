import pg from 'pg';
import { DataSource, type QueryRunner } from 'typeorm';

/**
 * Every place where kommungraf leans on a library's private parts, in one module. Nothing here
 * happens on import: `installLibraryInternals()` applies the process-wide changes (called by
 * `createDataSource`, idempotent), the other functions act on one query runner when called.
 * `checkLibraryInternals()` lists what no longer has the shape relied on; the install refuses to
 * start with those messages, and test/unit/libraryInternals.test.ts fails with them, so that an
 * upgrade of pg or TypeORM that moves one of these parts is caught before it misbehaves.
 *
 * Relied on, in the versions package.json pins with `~`:
 *
 * pg 8.23 (`pg.Connection`, lib/connection.js)
 * - `Connection.prototype._send(buffer)`: private; every protocol message of a query (parse,
 *   bind, describe, execute, sync) goes through it to `this.stream`, a `net.Socket`.
 *   Wrapped here to cork the socket until the end of the tick (see `corkQueryMessages`).
 * - `pg.types.setTypeParser(DATE)`: public, but process-wide; set here with the rest.
 *
 * TypeORM 1.1 (`PostgresQueryRunner`, driver/postgres/PostgresQueryRunner.js, and BaseQueryRunner)
 * - the fields `isTransactionActive` (boolean) and `transactionDepth` (number, 0 outside a
 *   transaction): `commitTransaction()`/`rollbackTransaction()` at depth 1 send COMMIT/ROLLBACK
 *   and reset both. Written here when a transaction is begun by our own `BEGIN` (see
 *   `markTransactionBegun`).
 * - `releasePostgresConnection(error)`: internal; hands the error to pg-pool's release callback
 *   (`releaseCallback`), which then destroys the client instead of pooling it.
 * - `query(sql, parameters)`: an own method that may be replaced on one instance (see
 *   `serialiseQueries`); `EntityManager.query` of a runner's manager calls it.
 * - `query` answers `[rows, rowCount]` for UPDATE and DELETE and `rows` for everything else
 *   (see `rowsOf`).
 */

/** Applies the process-wide changes once; later calls do nothing. Throws when a part moved. */
export function installLibraryInternals(): void {
  if (installed) return;
  const problems = checkLibraryInternals();
  if (problems.length) {
    throw new Error(`A library changed under kommungraf (check the pins of pg and typeorm):\n- ${problems.join('\n- ')}`);
  }
  // DATE columns stay 'YYYY-MM-DD' strings: turning them into JS Dates would shift them by the
  // server's time zone and change the day.
  pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
  corkQueryMessages(pgConnectionPrototype());
  installed = true;
}
let installed = false;

/**
 * TypeORM's bookkeeping of a transaction that we began with our own `BEGIN` (sent together with
 * the request's settings, one round trip), so that its commit and rollback, and any save()
 * inside, see it as after `startTransaction()`.
 */
export function markTransactionBegun(q: QueryRunner): void {
  Object.assign(q, { isTransactionActive: true, transactionDepth: 1 });
}

/** Gives the runner's connection back to the pool to be destroyed, never reused. */
export function discardConnection(q: QueryRunner, error: Error): Promise<void> {
  return (q as unknown as PostgresRunnerInternals).releasePostgresConnection(error);
}

/**
 * One connection runs one statement at a time, but the loaders of a request query in parallel:
 * this queues the runner's statements here, in order, rather than leaning on pg's own queue
 * (deprecated in pg 8, gone in pg 9).
 */
export function serialiseQueries(q: QueryRunner): QueryRunner {
  const query = q.query.bind(q) as (...args: unknown[]) => Promise<unknown>;
  let last: Promise<unknown> = Promise.resolve();
  q.query = ((...args: unknown[]) => {
    const run = last.then(() => query(...args));
    last = run.catch(() => undefined);
    return run;
  }) as QueryRunner['query'];
  return q;
}

/** The rows of what `EntityManager.query` answered, whatever the statement was. */
export function rowsOf<T>(result: unknown): T[] {
  if (!Array.isArray(result)) return [];
  // pg's rows are objects, never arrays: an array first means TypeORM's [rows, rowCount].
  return (result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? result[0] : result) as T[];
}

/** What of pg and TypeORM no longer has the shape this module relies on; empty when all is well. */
export function checkLibraryInternals(
  parts: { pgConnection: object; queryRunner: object } = { pgConnection: pgConnectionPrototype(), queryRunner: sampleRunner() },
): string[] {
  const problems: string[] = [];
  const connection = parts.pgConnection as Partial<PgConnection>;
  if (typeof connection._send !== 'function' || connection._send.length !== 1) {
    problems.push('pg: Connection.prototype._send(buffer) is gone or takes other arguments (corkQueryMessages wraps it)');
  }
  const runner = parts.queryRunner as Partial<PostgresRunnerInternals>;
  if (typeof runner.isTransactionActive !== 'boolean') {
    problems.push('typeorm: PostgresQueryRunner#isTransactionActive is not a boolean field (markTransactionBegun writes it)');
  }
  if (runner.transactionDepth !== 0) {
    problems.push('typeorm: PostgresQueryRunner#transactionDepth is not a number starting at 0 (markTransactionBegun writes it)');
  }
  if (typeof runner.releasePostgresConnection !== 'function') {
    problems.push('typeorm: PostgresQueryRunner#releasePostgresConnection(error) is gone (discardConnection calls it)');
  }
  for (const method of ['query', 'commitTransaction', 'rollbackTransaction'] as const) {
    if (typeof runner[method] !== 'function') problems.push(`typeorm: PostgresQueryRunner#${method} is gone`);
  }
  return problems;
}

type PgConnection = { stream: { writableCorked: number; cork(): void; uncork(): void }; _send(buffer: Buffer): boolean };
type PostgresRunnerInternals = QueryRunner & {
  transactionDepth: number;
  releasePostgresConnection(error?: Error): Promise<void>;
};

function pgConnectionPrototype(): object {
  return (pg as unknown as { Connection: { prototype: object } }).Connection.prototype;
}

/**
 * A query runner of a data source that is never connected: TypeORM sets its fields in the
 * constructor, so their shape can be read without a database.
 */
function sampleRunner(): object {
  return new DataSource({ type: 'postgres', url: 'postgres://unused@127.0.0.1:1/unused' }).createQueryRunner();
}

/**
 * pg writes each protocol message of a parameterised query with a write of its own, a system
 * call each; profiles of the subgraphs under load showed a quarter of their time in socket
 * writes. Corking the socket until the end of the tick sends the messages of a query together.
 * Nothing else changes: same bytes, same order.
 */
function corkQueryMessages(prototype: object): void {
  const connection = prototype as PgConnection;
  const send = connection._send;
  connection._send = function (this: PgConnection, buffer: Buffer) {
    const stream = this.stream;
    if (stream.writableCorked === 0) {
      stream.cork();
      process.nextTick(() => stream.uncork());
    }
    return send.call(this, buffer);
  };
}
