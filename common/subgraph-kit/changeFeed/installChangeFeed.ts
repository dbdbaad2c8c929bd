import type { QueryRunner } from 'typeorm';
import { APP_ROLE } from '../appRole';

/**
 * The sync feed's tables and triggers, for migrations (see ../changeFeed.ts for the whole feed).
 *
 * A table on the feed has `andrad_xid` (the id of the transaction that last inserted or updated
 * the row) and `uppdaterad` (when, by the clock), both set by a trigger so that no write path can
 * forget them; a deleted row, and the old key of a row whose key changed, becomes a row of
 * `borttagen` in the deleting transaction, by another trigger. Deletes by the service, by an
 * admin in psql or by a restore are all recorded.
 */

/** Creates the tombstone table and the two trigger functions; once per database, before any `putOnChangeFeed`. */
export async function installChangeFeed(q: QueryRunner): Promise<void> {
  await q.query(`
    CREATE TABLE borttagen (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      typ text NOT NULL,
      nyckel text NOT NULL,
      borttagen timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp()),
      andrad_xid xid8 NOT NULL DEFAULT pg_current_xact_id()
    )`);
  await q.query(`CREATE INDEX borttagen_andringsordning ON borttagen (typ, andrad_xid, id)`);
  await q.query(`REVOKE ALL ON borttagen FROM PUBLIC`);
  await q.query(`GRANT SELECT ON borttagen TO ${APP_ROLE}`);
  // On insert `uppdaterad` keeps what is given (a restore's) and else its default, the clock.
  await q.query(`
    CREATE FUNCTION andringsflode_stampla() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.andrad_xid := pg_current_xact_id();
      IF TG_OP = 'UPDATE' THEN
        NEW.uppdaterad := date_trunc('milliseconds', clock_timestamp());
      END IF;
      RETURN NEW;
    END $$`);
  // A restore inserts the tombstones again: at the restore's transaction, as it does the rows.
  await q.query(`
    CREATE FUNCTION andringsflode_xid() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.andrad_xid := pg_current_xact_id();
      RETURN NEW;
    END $$`);
  await q.query(
    `CREATE TRIGGER borttagen_andrad_xid BEFORE INSERT ON borttagen FOR EACH ROW EXECUTE FUNCTION andringsflode_xid()`,
  );
  // This database's incarnation, made anew by a restore (which runs the migrations in a new
  // database and copies rows, not functions): a marker of the database it replaced is refused,
  // since its transaction ids mean nothing here and the rows deleted since the backup left no tombstone.
  await q.query(`
    DO $$
    BEGIN
      EXECUTE format('CREATE FUNCTION andringsflode_instans() RETURNS text LANGUAGE sql IMMUTABLE AS %L',
                     format('SELECT %L::text', left(replace(gen_random_uuid()::text, '-', ''), 12)));
    END $$`);
  // SECURITY DEFINER: whoever deletes (the app role has no INSERT on borttagen, an admin in psql
  // may have no grants at all) leaves a tombstone. Arguments: the type's name and the key column.
  await q.query(`
    CREATE FUNCTION andringsflode_borttagen() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    BEGIN
      INSERT INTO borttagen (typ, nyckel) VALUES (TG_ARGV[0], to_jsonb(OLD) ->> TG_ARGV[1]);
      RETURN NULL;
    END $$`);
  // A part changed is its whole changed: touches the row it belongs to, whose own trigger
  // restamps it. Arguments: the whole's table, the part's column naming it, the whole's key column.
  await q.query(`
    CREATE FUNCTION andringsflode_rora() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    DECLARE
      rora CONSTANT text := format('UPDATE %I SET andrad_xid = andrad_xid WHERE %I::text = $1', TG_ARGV[0], TG_ARGV[2]);
    BEGIN
      IF TG_OP <> 'INSERT' THEN
        EXECUTE rora USING to_jsonb(OLD) ->> TG_ARGV[1];
      END IF;
      IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR (to_jsonb(OLD) ->> TG_ARGV[1]) IS DISTINCT FROM (to_jsonb(NEW) ->> TG_ARGV[1])) THEN
        EXECUTE rora USING to_jsonb(NEW) ->> TG_ARGV[1];
      END IF;
      RETURN NULL;
    END $$`);
}

export interface FeedTableOptions {
  /** The GraphQL type of its rows, e.g. "Paragraf": the tombstones' `typ`. */
  typ: string;
  /** The column clients know a row by (its tombstone's `id`); also the tie-break within a transaction. Default `id`. */
  key?: string;
}

/**
 * Puts a table on the feed: the columns `andrad_xid` and `uppdaterad` (existing rows get the
 * migration's transaction), the stamping trigger, the tombstones, the feed's index. One call in a
 * migration after `installChangeFeed`; the repository then reads it with `ChangeFeed.page`.
 */
export async function putOnChangeFeed(q: QueryRunner, table: string, options: FeedTableOptions): Promise<void> {
  const key = options.key ?? 'id';
  await q.query(`ALTER TABLE ${table} ADD COLUMN andrad_xid xid8 NOT NULL DEFAULT pg_current_xact_id()`);
  await q.query(
    `ALTER TABLE ${table} ADD COLUMN uppdaterad timestamptz NOT NULL DEFAULT date_trunc('milliseconds', clock_timestamp())`,
  );
  await q.query(`
    CREATE TRIGGER ${table}_andringsflode BEFORE INSERT OR UPDATE ON ${table}
      FOR EACH ROW EXECUTE FUNCTION andringsflode_stampla()`);
  await q.query(`CREATE INDEX ${table}_andringsordning ON ${table} (andrad_xid, ${key})`);
  await recordDeletions(q, table, options.typ, key);
}

/** Only the tombstones, for a table that stamps its changes itself (`arende`, see the Andringsordning migration). */
export async function recordDeletions(q: QueryRunner, table: string, typ: string, key: string): Promise<void> {
  const args = `'${typ}', '${key}'`;
  await q.query(`
    CREATE TRIGGER ${table}_borttagen AFTER DELETE ON ${table}
      FOR EACH ROW EXECUTE FUNCTION andringsflode_borttagen(${args})`);
  // A row whose key changes is gone under its old key.
  await q.query(`
    CREATE TRIGGER ${table}_nyckel_bytt AFTER UPDATE OF ${key} ON ${table}
      FOR EACH ROW WHEN (OLD.${key} IS DISTINCT FROM NEW.${key}) EXECUTE FUNCTION andringsflode_borttagen(${args})`);
}

/**
 * Makes a change of a part (a row of `table` whose column `column` names a row of `whole`) a
 * change of its whole, which must be on the feed: e.g. an agreement's parties.
 */
export async function touchOnChange(
  q: QueryRunner,
  table: string,
  column: string,
  whole: string,
  wholeKey = 'id',
): Promise<void> {
  await q.query(`
    CREATE TRIGGER ${table}_andrar_${whole} AFTER INSERT OR UPDATE OR DELETE ON ${table}
      FOR EACH ROW EXECUTE FUNCTION andringsflode_rora('${whole}', '${column}', '${wholeKey}')`);
}
