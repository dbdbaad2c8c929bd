import { Writable } from 'node:stream';
import pg from 'pg';
import { DataSource, type QueryRunner } from 'typeorm';
import {
  checkLibraryInternals,
  discardConnection,
  installLibraryInternals,
  markTransactionBegun,
  rowsOf,
} from '#platform/database/libraryInternals';

/**
 * The private parts of pg and TypeORM that common/platform/database/libraryInternals.ts relies
 * on, checked against the installed versions without a database. When an upgrade moves one,
 * these fail and name it; the same check makes `installLibraryInternals()` refuse to start.
 */

/** A query runner of a data source that is never connected, whose statements are recorded. */
function recordingRunner(): { runner: QueryRunner; sent: string[] } {
  const runner = new DataSource({ type: 'postgres', url: 'postgres://unused@127.0.0.1:1/unused' }).createQueryRunner();
  const sent: string[] = [];
  runner.query = (async (sql: string) => {
    sent.push(sql);
    return [];
  }) as QueryRunner['query'];
  return { runner, sent };
}

it('finds every internal it relies on in the installed pg and TypeORM', () => {
  expect(checkLibraryInternals()).toEqual([]);
});

it('names the internal that changed shape', () => {
  const { runner } = recordingRunner();
  const problems = checkLibraryInternals({
    pgConnection: {},
    queryRunner: Object.assign(Object.create(runner), { releasePostgresConnection: undefined, transactionDepth: undefined }),
  });
  expect(problems).toEqual([
    expect.stringContaining('pg: Connection.prototype._send(buffer)'),
    expect.stringContaining('typeorm: PostgresQueryRunner#transactionDepth'),
    expect.stringContaining('typeorm: PostgresQueryRunner#releasePostgresConnection(error)'),
  ]);
});

describe('TypeORM PostgresQueryRunner', () => {
  it('commits with one COMMIT and leaves the transaction when we marked our own BEGIN', async () => {
    const { runner, sent } = recordingRunner();
    markTransactionBegun(runner);
    expect(runner.isTransactionActive).toBe(true);
    await runner.commitTransaction();
    expect(sent).toEqual(['COMMIT']);
    expect(runner.isTransactionActive).toBe(false);
    expect((runner as unknown as { transactionDepth: number }).transactionDepth).toBe(0);
  });

  it('rolls back with one ROLLBACK when we marked our own BEGIN', async () => {
    const { runner, sent } = recordingRunner();
    markTransactionBegun(runner);
    await runner.rollbackTransaction();
    expect(sent).toEqual(['ROLLBACK']);
    expect(runner.isTransactionActive).toBe(false);
  });

  it('hands the error to the pool’s release when a connection is discarded, so the pool destroys it', async () => {
    const { runner } = recordingRunner();
    const release = jest.fn();
    Object.assign(runner, { releaseCallback: release });
    const error = new Error('transaction could not be ended');
    await discardConnection(runner, error);
    expect(release).toHaveBeenCalledWith(error);
    expect(runner.isReleased).toBe(true);
  });

  it('answers UPDATE and DELETE with [rows, rowCount] and other statements with rows, which rowsOf reads alike', async () => {
    const runner = new DataSource({ type: 'postgres', url: 'postgres://unused@127.0.0.1:1/unused' }).createQueryRunner();
    const rows = [{ id: 1 }, { id: 2 }];
    let command = 'UPDATE';
    Object.assign(runner, { databaseConnection: { query: async () => ({ command, rows, rowCount: rows.length }) } });
    const updated = await runner.query('UPDATE t SET x = 1 RETURNING id');
    expect(updated).toEqual([rows, 2]);
    expect(rowsOf(updated)).toEqual(rows);
    command = 'SELECT';
    const selected = await runner.query('SELECT id FROM t');
    expect(selected).toEqual(rows);
    expect(rowsOf(selected)).toEqual(rows);
    expect(rowsOf(undefined)).toEqual([]);
  });
});

describe('pg Connection', () => {
  it('sends the messages of one query in one write once installed, and installs once', async () => {
    installLibraryInternals();
    const send = (pg as unknown as { Connection: { prototype: { _send: unknown } } }).Connection.prototype._send;
    installLibraryInternals();
    expect((pg as unknown as { Connection: { prototype: { _send: unknown } } }).Connection.prototype._send).toBe(send);

    const writes: number[] = [];
    const stream = new Writable({
      write(_chunk, _encoding, callback) {
        writes.push(1);
        callback();
      },
      writev(chunks, callback) {
        writes.push(chunks.length);
        callback();
      },
    });
    type ProtocolWriter = { parse(query: object): void; bind(config: object): void; execute(config: object): void; sync(): void };
    const Connection = (pg as unknown as { Connection: new (config: object) => ProtocolWriter }).Connection;
    const connection = new Connection({ stream });
    connection.parse({ text: 'SELECT $1::int', types: [] });
    connection.bind({ values: ['1'] });
    connection.execute({});
    connection.sync();
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual([4]);
  });
});
