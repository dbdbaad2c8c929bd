import type { EntityManager, QueryRunner } from 'typeorm';
import { queryRows } from '#platform/database/queryRows';
import type { Db } from '#platform/database/requestDb';
import { badUserInput } from '#platform/errors';
import { APP_ROLE } from './appRole';

/**
 * The sync feed (ändringsflöde) of a subgraph's lists, in commit order, with tombstones.
 *
 * A table on the feed has `andrad_xid` (the id of the transaction that last inserted or updated
 * the row) and `uppdaterad` (when, by the clock), both set by a trigger so that no write path can
 * forget them; a deleted row, and the old key of a row whose key changed, becomes a row of
 * `borttagen` in the deleting transaction, by another trigger. Deletes by the service, by an
 * admin in psql or by a restore are all recorded.
 *
 * A list is read in the order (andrad_xid, tombstone before row, tie-break) and only below the
 * horizon `pg_snapshot_xmin`: no transaction older than that can still commit, so a position
 * once passed never gains a change behind it. See README "Keeping a copy current".
 */

// ---------------------------------------------------------------------------------------------
// In migrations

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

// ---------------------------------------------------------------------------------------------
// Positions and markers

/** A place in a list's commit order: a transaction id, tombstones before rows, then the tie-break. */
export interface FeedPosition {
  xid: string;
  borttagen: boolean;
  /** The row's key, or the tombstone's own id. */
  n: string;
}

/** A list on the feed as its repository reads it. */
export interface FeedList {
  /** The list's name in its markers, e.g. "paragrafer": a marker of another list is refused. */
  lista: string;
  /** The tombstones' `typ`, as given to `putOnChangeFeed`. */
  typ: string;
  table: string;
  /** The key column (default `id`) and its SQL type. */
  key?: string;
  keyType?: 'text' | 'bigint';
}

/**
 * Markers (cursors) are opaque to clients: base64url of JSON naming the list, the scope (the
 * kommunkod, or "samverkan") and the position. Transaction ids belong to a database, so a
 * position means something only in the scope that gave it. Several scopes' markers joined by
 * commas are one marker for all of them: each scope reads its own and skips the others', and a
 * scope with none in it starts from the beginning (everything again, never a gap).
 */
export function encodeMarker(lista: string, scope: Scope, position: FeedPosition): string {
  return Buffer.from(
    JSON.stringify(['f', lista, scope.name, scope.instans, position.xid, position.borttagen ? 0 : 1, position.n]),
  ).toString('base64url');
}

/** What a marker is valid in: a kommunkod (or "samverkan") and the incarnation of its database. */
export interface Scope {
  name: string;
  instans: string;
}

/** A position this list accepts in another form than its own markers (the ärende feed's first cursors). */
export type LegacyMarker = (decoded: unknown) => FeedPosition | null;

/**
 * The position for `scope` in a marker (or comma-joined markers) given in the argument `field`;
 * null from the start. Refused as bad input: what no list gave out, a marker of another list, or
 * two for the same scope.
 */
export function decodeMarker(
  value: string | null | undefined,
  list: Pick<FeedList, 'lista'>,
  scope: Scope,
  field: string,
  legacy?: LegacyMarker,
): FeedPosition | null {
  if (!value) return null;
  const refuse = (why: string) =>
    badUserInput(
      `The marker in \`${field}\` ${why}; pass an andringsmarkor or endCursor that this list (${list.lista}) gave out.`,
      field,
    );
  let found: FeedPosition | null = null;
  // Empty parts are skipped: a client may join a kommun's null marker as "".
  for (const part of value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const decoded = decodePart(part);
    const own = decoded === undefined ? legacy?.(parseJson(part)) : undefined;
    if (decoded === undefined && !own) throw refuse('is not one this graph gave out');
    if (decoded && decoded.scope !== scope.name) continue;
    if (decoded && decoded.lista !== list.lista) throw refuse(`belongs to the list ${decoded.lista}`);
    if (decoded && decoded.instans !== scope.instans) {
      throw badUserInput(
        `The marker in \`${field}\` was given out by a database of ${scope.name} that has since been restored or replaced; ` +
          `start again with andradeEfter: null and rebuild the copy from that answer.`,
        field,
      );
    }
    if (found) throw refuse(`holds two positions for ${scope.name}`);
    found = own ?? decoded!.position;
  }
  return found;
}

function parseJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function decodePart(part: string): { lista: string; scope: string; instans: string; position: FeedPosition } | undefined {
  const value = parseJson(part);
  if (!Array.isArray(value) || value.length !== 7 || value[0] !== 'f') return undefined;
  const [, lista, scope, instans, xid, ord, n] = value as unknown[];
  if (typeof lista !== 'string' || typeof scope !== 'string' || typeof instans !== 'string') return undefined;
  if (typeof n !== 'string' || n.length > 200) return undefined;
  if (typeof xid !== 'string' || !/^\d{1,20}$/.test(xid) || (ord !== 0 && ord !== 1)) return undefined;
  return { lista, scope, instans, position: { xid, borttagen: ord === 0, n } };
}

// ---------------------------------------------------------------------------------------------
// Reading

/** A deleted row as the feed reports it. */
export interface Tombstone {
  typ: string;
  /** The key the row had, as text. */
  id: string;
  borttagen: Date;
  markor: string;
}

/** One page of a list's feed: the connection every list on the feed answers with. */
export interface FeedPage<T> {
  nodes: T[];
  borttagna: Tombstone[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** Where the next poll starts: the page's end, or the position given when the page is empty. */
  andringsmarkor: string | null;
}

/** The arguments every list on the feed takes, as GraphQL gives them. */
export interface FeedArgs {
  andradeEfter?: string | null;
  uppdateradSedan?: Date | null;
  first: number;
  after?: string | null;
}

/** The largest page a feed gives at once. */
export const MAX_FEED_PAGE = 100;

export interface FeedRequest {
  /** Where to start: the client's marker, already decoded; null from the beginning. */
  after: FeedPosition | null;
  first: number;
  /** Only rows changed (and tombstones made) after this time. By the clock: not commit-safe. */
  uppdateradSedan?: Date | null;
}

export interface TombstoneRow {
  id: string;
  nyckel: string;
  borttagen: Date;
  xid: string;
}

/**
 * A request's reader of the feed. The horizon is read once per request and shared by every list
 * and by rows and tombstones alike: reads run at READ COMMITTED, so two statements each with its
 * own horizon could let a page end past a change that the other statement had not yet seen.
 */
export class ChangeFeed {
  private snapshot: Promise<{ h: string; instans: string }> | undefined;
  private instans: string | undefined;

  constructor(
    private readonly db: Db,
    /** The kommunkod, or "samverkan": what this database's markers are valid in. */
    readonly scope: string,
  ) {}

  /** The horizon and the database's incarnation, read by one statement once per request. */
  private state(m: EntityManager): Promise<{ h: string; instans: string }> {
    this.snapshot ??= queryRows<{ h: string; instans: string }>(
      m,
      `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS h, andringsflode_instans() AS instans`,
    ).then((rows) => {
      this.instans = rows[0].instans;
      return rows[0];
    });
    return this.snapshot;
  }

  /**
   * A list's page for a field's arguments: `after` (a page's endCursor) or else `andradeEfter`
   * (the client's kept marker) is where it starts; `load` gives the rows for their keys, in order.
   */
  async read<T>(list: FeedList, args: FeedArgs, load: (keys: string[]) => Promise<(T | null | Error)[]>): Promise<FeedPage<T>> {
    if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_FEED_PAGE) {
      throw badUserInput(`first must be between 1 and ${MAX_FEED_PAGE}, got ${args.first}`, 'first');
    }
    const after = args.after
      ? await this.position(args.after, list, 'after')
      : await this.position(args.andradeEfter, list, 'andradeEfter');
    return this.page(list, { after, first: args.first, uppdateradSedan: args.uppdateradSedan }, load);
  }

  /** The oldest transaction still running: everything below it has ended for good. */
  async horizon(m: EntityManager): Promise<string> {
    return (await this.state(m)).h;
  }

  /** The decoded position of a client's marker for this scope (see `decodeMarker`). */
  async position(
    value: string | null | undefined,
    list: Pick<FeedList, 'lista'>,
    field: string,
    legacy?: LegacyMarker,
  ): Promise<FeedPosition | null> {
    if (!value) return null;
    const { instans } = await this.state(await this.db.manager());
    return decodeMarker(value, list, { name: this.scope, instans }, field, legacy);
  }

  /** A marker of this scope; after `horizon` or `position` has read the database's incarnation. */
  marker(list: Pick<FeedList, 'lista'>, position: FeedPosition): string {
    if (this.instans === undefined) throw new Error('ChangeFeed.marker before the feed was read');
    return encodeMarker(list.lista, { name: this.scope, instans: this.instans }, position);
  }

  /** Up to `limit` tombstones of `typ` after `after`, below the horizon, in feed order. */
  async tombstones(
    typ: string,
    after: FeedPosition | null,
    limit: number,
    uppdateradSedan?: Date | null,
  ): Promise<TombstoneRow[]> {
    const m = await this.db.manager();
    const params: unknown[] = [typ, await this.horizon(m)];
    const p = (value: unknown) => `$${params.push(value)}`;
    const where = ['typ = $1', 'andrad_xid < CAST($2 AS xid8)'];
    if (after) {
      // Within a transaction tombstones come before rows: after a row, only later transactions'.
      where.push(
        after.borttagen
          ? `(andrad_xid, id) > (CAST(${p(after.xid)} AS xid8), CAST(${p(after.n)} AS bigint))`
          : `andrad_xid > CAST(${p(after.xid)} AS xid8)`,
      );
    }
    if (uppdateradSedan) where.push(`borttagen > ${p(uppdateradSedan)}`);
    return queryRows<TombstoneRow>(
      m,
      `SELECT id::text AS id, nyckel, borttagen, andrad_xid::text AS xid FROM borttagen
       WHERE ${where.join(' AND ')} ORDER BY andrad_xid, id LIMIT ${p(limit)}`,
      params,
    );
  }

  /**
   * One page of a list: the keys of the rows changed after the position, merged with its
   * tombstones, the rows loaded by `load` (a DataLoader, so relations stay batched). Four
   * statements at most, however long the page: the horizon (once per request), the keys, the
   * tombstones and the load.
   */
  async page<T>(
    list: FeedList,
    request: FeedRequest,
    load: (keys: string[]) => Promise<(T | null | Error)[]>,
  ): Promise<FeedPage<T>> {
    const { after, first } = request;
    const key = list.key ?? 'id';
    const m = await this.db.manager();
    const params: unknown[] = [await this.horizon(m)];
    const p = (value: unknown) => `$${params.push(value)}`;
    const where = ['t.andrad_xid < CAST($1 AS xid8)'];
    if (after) where.push(rowsAfter(after, 't', key, list.keyType ?? 'text', p));
    if (request.uppdateradSedan) where.push(`t.uppdaterad > ${p(request.uppdateradSedan)}`);
    const refs = await queryRows<{ nyckel: string; xid: string }>(
      m,
      `SELECT t.${key}::text AS nyckel, t.andrad_xid::text AS xid FROM ${list.table} t
       WHERE ${where.join(' AND ')} ORDER BY t.andrad_xid, t.${key} LIMIT ${p(first + 1)}`,
      params,
    );
    const tombstones = await this.tombstones(list.typ, after, first + 1, request.uppdateradSedan);
    const loaded = refs.length ? await load(refs.map((r) => r.nyckel)) : [];
    // A row deleted (or hidden from this reader) since its key was read is skipped: its tombstone comes later.
    const rows = refs.map((r, i) => ({
      xid: r.xid,
      n: r.nyckel,
      node: loaded[i] instanceof Error ? null : (loaded[i] as T | null),
    }));
    return this.assemble(list, after, first, rows, tombstones);
  }

  /**
   * A page from rows and tombstones each read after `after` in feed order (up to `first + 1`
   * of each): merged, cut to `first`, with the markers. A row and a tombstone never tie (a
   * tombstone comes first within its transaction), so only transaction ids are compared.
   */
  assemble<T>(
    list: Pick<FeedList, 'lista' | 'typ'>,
    after: FeedPosition | null,
    first: number,
    rows: FeedRow<T>[],
    tombstones: TombstoneRow[],
  ): FeedPage<T> {
    const items: FeedItem<T>[] = [];
    let r = 0;
    let t = 0;
    while (items.length <= first && (r < rows.length || t < tombstones.length)) {
      const row = rows[r];
      const tomb = tombstones[t];
      if (tomb && (!row || BigInt(tomb.xid) <= BigInt(row.xid))) {
        items.push({ tombstone: tomb, position: { xid: tomb.xid, borttagen: true, n: tomb.id } });
        t++;
      } else {
        items.push({ row, position: { xid: row.xid, borttagen: false, n: row.n } });
        r++;
      }
    }
    const page = items.slice(0, first);
    const nodes: T[] = [];
    const borttagna: Tombstone[] = [];
    for (const item of page) {
      if (item.tombstone) {
        const { nyckel, borttagen } = item.tombstone;
        borttagna.push({ typ: list.typ, id: nyckel, borttagen, markor: this.marker(list, item.position) });
      } else if (item.row.node) nodes.push(item.row.node);
    }
    const last = page.at(-1);
    const endCursor = last ? this.marker(list, last.position) : null;
    return {
      nodes,
      borttagna,
      pageInfo: { hasNextPage: items.length > first, endCursor },
      andringsmarkor: endCursor ?? (after ? this.marker(list, after) : null),
    };
  }
}

/** A row of a list read in feed order: its transaction id, its tie-break, and the row (null: skip it). */
export interface FeedRow<T> {
  xid: string;
  n: string;
  node: T | null;
}

/** The SQL condition for rows of `alias` after `after`, ordered by (andrad_xid, `key`). */
export function rowsAfter(
  after: FeedPosition,
  alias: string,
  key: string,
  keyType: 'text' | 'bigint',
  p: (value: unknown) => string,
): string {
  return after.borttagen
    ? `${alias}.andrad_xid >= CAST(${p(after.xid)} AS xid8)`
    : `(${alias}.andrad_xid, ${alias}.${key}) > (CAST(${p(after.xid)} AS xid8), CAST(${p(after.n)} AS ${keyType}))`;
}

/** The later of two positions (null: the beginning). */
export function laterPosition(a: FeedPosition | null, b: FeedPosition | null): FeedPosition | null {
  if (!a || !b) return a ?? b;
  const ax = BigInt(a.xid);
  const bx = BigInt(b.xid);
  if (ax !== bx) return ax > bx ? a : b;
  if (a.borttagen !== b.borttagen) return a.borttagen ? b : a;
  // Same transaction and kind: the tie-breaks are keys; bigint keys compare as numbers.
  return /^\d+$/.test(a.n) && /^\d+$/.test(b.n) ? (BigInt(a.n) >= BigInt(b.n) ? a : b) : a.n >= b.n ? a : b;
}

type FeedItem<T> =
  | { tombstone: TombstoneRow; row?: undefined; position: FeedPosition }
  | { tombstone?: undefined; row: FeedRow<T>; position: FeedPosition };
