import type { EntityManager } from 'typeorm';
import { queryRows } from '#platform/database/queryRows';
import type { Db } from '#platform/database/requestDb';
import { badUserInput } from '#platform/errors';
import { decodeMarker, encodeMarker, type FeedPosition, type LegacyMarker } from './feedMarker';
import {
  MAX_FEED_PAGE,
  type FeedArgs,
  type FeedList,
  type FeedPage,
  type FeedRequest,
  type FeedRow,
  type Tombstone,
  type TombstoneRow,
} from './FeedPage';

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

type FeedItem<T> =
  | { tombstone: TombstoneRow; row?: undefined; position: FeedPosition }
  | { tombstone?: undefined; row: FeedRow<T>; position: FeedPosition };
