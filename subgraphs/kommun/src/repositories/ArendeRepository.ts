import { Any, type EntityManager } from 'typeorm';
import type { Db } from '#platform/database/requestDb';
import type { Arende, Arendestatus } from '../entities/Arende';
import { ArendeStatusEntity, type ArendeStatus } from '../entities/ArendeStatus';
import { BeslutspunktEntity, type Beslutspunkt } from '../entities/Beslutspunkt';
import { HandlingEntity, type Handling } from '../entities/Handling';
import { queryRows } from '#platform/database/queryRows';
import { oneByKey } from '#subgraph-kit/batch';
import {
  type ChangeFeed,
  rowsAfter,
  type FeedArgs,
  type FeedList,
  type FeedPage,
  type FeedPosition,
  type LegacyMarker,
} from '#subgraph-kit/changeFeed';

/** The ärenden on the sync feed: ordered by their insertion id within a transaction, known by their diarienummer. */
export const ARENDEN: FeedList = { lista: 'arenden', typ: 'Arende', table: 'arende', key: 'id', keyType: 'bigint' };
const HANDLINGAR: FeedList = { lista: 'handlingar', typ: 'Handling', table: 'handling', keyType: 'bigint' };

/** The ärende feed's first cursors, `["x", xid, id]`, from before every list was on the feed: still accepted. */
export const ARENDE_CURSOR_V1: LegacyMarker = (value) =>
  Array.isArray(value) &&
  value.length === 3 &&
  value[0] === 'x' &&
  typeof value[1] === 'string' &&
  /^\d{1,20}$/.test(value[1]) &&
  typeof value[2] === 'string' &&
  /^\d{1,18}$/.test(value[2])
    ? { xid: value[1], borttagen: false, n: value[2] }
    : null;

export interface ArendeFilter {
  text?: string | null;
  status?: Arendestatus[] | null;
  organ?: string[] | null;
  registreradFran?: string | null;
  registreradTill?: string | null;
  /** Sync by time: only ärenden changed after this time, in change order (may miss a late commit). */
  uppdateradSedan?: Date | null;
  /**
   * Sync by commit order: only changes after this position (null: from the start), and only
   * those of transactions that can no longer be overtaken (see the Andringsordning migration).
   */
  andradeEfter?: FeedPosition | null;
  /**
   * Set by the resolver, never by a client: may `text` match the content of restricted ärenden?
   * Only for those who may read it, so that a search does not reveal a hidden word. (Row-level
   * security withholds that content from everyone else anyway.)
   */
  textISekretess?: boolean;
}

/**
 * Position in the two list orders besides commit order (a FeedPosition, see ChangeFeed): newest
 * registered first (registrerad descending, then id descending), or, for sync by time, oldest
 * change first (uppdaterad, then id, ascending).
 */
export type ArendePosition =
  { kind: 'registrerad'; registrerad: string; id: string } | { kind: 'uppdaterad'; uppdaterad: string; id: string };

/** The order a filter lists ärenden in: commit order (`andring`) with `andradeEfter` given at all. */
export const orderOf = (filter: ArendeFilter): ArendePosition['kind'] | 'andring' =>
  filter.andradeEfter !== undefined ? 'andring' : filter.uppdateradSedan ? 'uppdaterad' : 'registrerad';

export function positionOf(row: Arende, kind: ArendePosition['kind']): ArendePosition {
  if (kind === 'registrerad') return { kind, registrerad: row.registrerad, id: row.id };
  return { kind, uppdaterad: row.uppdaterad.toISOString(), id: row.id };
}

/** The time of a change, at the millisecond precision a DateTime carries back to clients. */
const NOW = `date_trunc('milliseconds', clock_timestamp())`;

/** Case-insensitive for every letter (å, ä, ö too), whatever locale the database was created with. */
const FOLD = (sql: string) => `lower(${sql} COLLATE "und-x-icu")`;

export interface NyttArende {
  diarienummer: string;
  rubrik: string;
  beskrivning: string | null;
  status: Arendestatus;
  registrerad: string;
  ansvarigtOrganId: string;
  sekretessLagrum: string | null;
  sekretessBeskrivning: string | null;
}

export interface Arendeandring {
  rubrik?: string;
  beskrivning?: string | null;
  sekretessLagrum?: string | null;
  sekretessBeskrivning?: string | null;
  status?: Arendestatus;
}

/** An ärende's public record with its content; the content is null where RLS withholds it. */
const SELECT_ARENDE = `SELECT a.*, i.rubrik, i.beskrivning FROM arende a LEFT JOIN arende_innehall i ON i.diarienummer = a.diarienummer`;

export class ArendeRepository {
  constructor(
    private readonly db: Db,
    private readonly feed: ChangeFeed,
  ) {}

  async byDiarienummer(keys: readonly string[]): Promise<Arende[]> {
    const m = await this.db.manager();
    const rows = await queryRows<Record<string, unknown>>(m, `${SELECT_ARENDE} WHERE a.diarienummer = ANY($1)`, [[...keys]]);
    return rows.map(toArende);
  }

  /**
   * Up to `limit` ärenden after `after` in the filter's list order. With `withTotal`, on a first
   * page, the same statement also counts every match (a window count), saving the count query.
   */
  async page(
    filter: ArendeFilter,
    limit: number,
    after: ArendePosition | null,
    withTotal = false,
  ): Promise<{ rows: Arende[]; total: number | null }> {
    const m = await this.db.manager();
    const params: unknown[] = [];
    const where = conditions(filter, params, await this.horizonFor(m, filter));
    const p = (value: unknown) => `$${params.push(value)}`;
    let order: string;
    const kind = orderOf(filter);
    if (kind === 'andring') {
      order = 'a.andrad_xid ASC, a.id ASC';
    } else if (kind === 'uppdaterad') {
      if (after?.kind === 'uppdaterad')
        where.push(`(a.uppdaterad, a.id) > (CAST(${p(after.uppdaterad)} AS timestamptz), ${p(after.id)})`);
      order = 'a.uppdaterad ASC, a.id ASC';
    } else {
      if (after?.kind === 'registrerad') where.push(`(a.registrerad, a.id) < (${p(after.registrerad)}, ${p(after.id)})`);
      order = 'a.registrerad DESC, a.id DESC';
    }
    const counted = withTotal && after === null;
    const select = counted ? SELECT_ARENDE.replace(' FROM ', ', count(*) OVER ()::integer AS total_count FROM ') : SELECT_ARENDE;
    const rows = await queryRows<Record<string, unknown>>(
      m,
      `${select} ${whereClause(where)} ORDER BY ${order} LIMIT ${p(limit)}`,
      params,
    );
    return { rows: rows.map(toArende), total: counted ? ((rows[0]?.total_count as number | undefined) ?? 0) : null };
  }

  /**
   * The commit-order list (`filter.andradeEfter` given): the ärenden changed after the position
   * that match the filter, merged with every ärende deleted after it (tombstones match no filter).
   * With `withTotal`, on a first page, the matches are counted by the same statement.
   */
  async andringar(filter: ArendeFilter, first: number, withTotal: boolean): Promise<FeedPage<Arende> & { total: number | null }> {
    const after = filter.andradeEfter ?? null;
    const { rows, total } = await this.page(filter, first + 1, null, withTotal);
    const tombstones = await this.feed.tombstones(ARENDEN.typ, after, first + 1);
    const feedRows = rows.map((row) => ({ xid: row.andradXid!, n: row.id, node: row }));
    return { ...this.feed.assemble(ARENDEN, after, first, feedRows, tombstones), total };
  }

  /** A client's marker (or `after` cursor) of the ärende feed, for this kommun. */
  andringsposition(value: string | null | undefined, field: string): Promise<FeedPosition | null> {
    return this.feed.position(value, ARENDEN, field, ARENDE_CURSOR_V1);
  }

  async count(filter: ArendeFilter): Promise<number> {
    const m = await this.db.manager();
    const params: unknown[] = [];
    const where = conditions(filter, params, await this.horizonFor(m, filter));
    const rows = await queryRows<{ n: number }>(
      m,
      `SELECT count(*)::integer AS n FROM arende a LEFT JOIN arende_innehall i ON i.diarienummer = a.diarienummer ${whereClause(where)}`,
      params,
    );
    return rows[0].n;
  }

  async statushistorik(keys: readonly string[]): Promise<ArendeStatus[]> {
    return (await this.db.manager())
      .getRepository(ArendeStatusEntity)
      .find({ where: { diarienummer: Any([...keys]) }, order: { id: 'ASC' } });
  }

  /** The proposed decisions; none of a restricted ärende unless the request may read it (RLS). */
  async beslutspunkter(keys: readonly string[]): Promise<Beslutspunkt[]> {
    return (await this.db.manager())
      .getRepository(BeslutspunktEntity)
      .find({ where: { diarienummer: Any([...keys]) }, order: { nummer: 'ASC' } });
  }

  /** The documents by id; none of a restricted ärende unless the request may read it (RLS). */
  async handlingarById(ids: readonly string[]): Promise<Handling[]> {
    return (await this.db.manager()).getRepository(HandlingEntity).findBy({ id: Any([...ids]) });
  }

  /** The documents changed after a position, in commit order, with the deleted ones (see ChangeFeed). */
  handlingsandringar(args: FeedArgs): Promise<FeedPage<Handling>> {
    return this.feed.read(HANDLINGAR, args, async (keys) => oneByKey(keys, await this.handlingarById(keys), (r) => String(r.id)));
  }

  /** The feed's horizon when the filter reads in commit order (see ChangeFeed.horizon). */
  private async horizonFor(m: EntityManager, filter: ArendeFilter): Promise<string | null> {
    return filter.andradeEfter !== undefined ? this.feed.horizon(m) : null;
  }

  /** The documents; none of a restricted ärende unless the request may read it (RLS). */
  async handlingar(keys: readonly string[]): Promise<Handling[]> {
    return (await this.db.manager())
      .getRepository(HandlingEntity)
      .find({ where: { diarienummer: Any([...keys]) }, order: { id: 'ASC' } });
  }

  // Writes: each takes the manager of the caller's transaction.

  /**
   * The next serial of a diarienummer prefix (`KS 2026/`), gap-free: the series row is locked
   * until the transaction ends and rolls back with it. A new series starts after the highest
   * serial already in the diarium under that prefix (the seed's `KS 2020/1`, say).
   */
  async nextSerial(m: EntityManager, kortnamn: string, ar: number): Promise<number> {
    const prefix = `${kortnamn} ${ar}/`;
    const rows = await queryRows<{ senaste: number }>(
      m,
      `INSERT INTO diarieserie (kortnamn, ar, senaste)
       VALUES ($1, $2, 1 + (SELECT coalesce(max(substr(diarienummer, length($3) + 1)::integer), 0)
                            FROM arende
                            WHERE starts_with(diarienummer, $3) AND substr(diarienummer, length($3) + 1) ~ '^[0-9]{1,9}$'))
       ON CONFLICT (kortnamn, ar) DO UPDATE SET senaste = diarieserie.senaste + 1
       RETURNING senaste`,
      [kortnamn, ar, prefix],
    );
    return rows[0].senaste;
  }

  async insert(m: EntityManager, arende: NyttArende): Promise<Arende> {
    const rows = await queryRows(
      m,
      `INSERT INTO arende (diarienummer, status, registrerad, ansvarigt_organ_id, sekretess_lagrum, sekretess_beskrivning, version, uppdaterad)
       VALUES ($1, $2, $3, $4, $5, $6, 1, ${NOW})
       RETURNING *`,
      [
        arende.diarienummer,
        arende.status,
        arende.registrerad,
        arende.ansvarigtOrganId,
        arende.sekretessLagrum,
        arende.sekretessBeskrivning,
      ],
    );
    await queryRows(m, `INSERT INTO arende_innehall (diarienummer, rubrik, beskrivning) VALUES ($1, $2, $3)`, [
      arende.diarienummer,
      arende.rubrik,
      arende.beskrivning,
    ]);
    return toArende({ ...rows[0], rubrik: arende.rubrik, beskrivning: arende.beskrivning });
  }

  async insertStatus(
    m: EntityManager,
    row: { diarienummer: string; status: Arendestatus; datum: string; kommentar: string | null },
  ): Promise<void> {
    await queryRows(m, `INSERT INTO arende_status (diarienummer, status, datum, kommentar) VALUES ($1, $2, $3, $4)`, [
      row.diarienummer,
      row.status,
      row.datum,
      row.kommentar,
    ]);
  }

  async insertBeslutspunkter(m: EntityManager, diarienummer: string, texts: string[]): Promise<void> {
    if (texts.length === 0) return;
    await queryRows(
      m,
      `INSERT INTO beslutspunkt (diarienummer, nummer, text)
       SELECT $1, nummer, text FROM unnest(CAST($2 AS text[])) WITH ORDINALITY AS p(text, nummer)`,
      [diarienummer, texts],
    );
  }

  /** The ärende, locked until the transaction ends; null when there is none. */
  async lock(m: EntityManager, diarienummer: string): Promise<Arende | null> {
    const rows = await queryRows(m, `${SELECT_ARENDE} WHERE a.diarienummer = $1 FOR UPDATE OF a`, [diarienummer]);
    return rows.length ? toArende(rows[0]) : null;
  }

  /** Applies a change if the ärende still has `version`; null when it does not. */
  async update(m: EntityManager, diarienummer: string, version: number, change: Arendeandring): Promise<Arende | null> {
    const post = assignments(
      change,
      { sekretessLagrum: 'sekretess_lagrum', sekretessBeskrivning: 'sekretess_beskrivning', status: 'status' },
      3,
    );
    const updated = await queryRows(
      m,
      `UPDATE arende SET ${[...post.sets, 'version = version + 1', `uppdaterad = ${NOW}`].join(', ')}
       WHERE diarienummer = $1 AND version = $2
       RETURNING *`,
      [diarienummer, version, ...post.values],
    );
    if (!updated.length) return null;
    const innehall = assignments(change, { rubrik: 'rubrik', beskrivning: 'beskrivning' }, 2);
    const content = innehall.sets.length
      ? await queryRows(
          m,
          `UPDATE arende_innehall SET ${innehall.sets.join(', ')} WHERE diarienummer = $1 RETURNING rubrik, beskrivning`,
          [diarienummer, ...innehall.values],
        )
      : await queryRows(m, `SELECT rubrik, beskrivning FROM arende_innehall WHERE diarienummer = $1`, [diarienummer]);
    return toArende({ ...updated[0], ...content[0] });
  }

  /** Marks the ärende as changed (its paragraphs or assignments changed), without a new version. */
  async touch(m: EntityManager, diarienummer: string): Promise<void> {
    await queryRows(m, `UPDATE arende SET uppdaterad = ${NOW} WHERE diarienummer = $1`, [diarienummer]);
  }
}

function escapeLike(word: string): string {
  return word.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The SQL conditions of a filter over `arende a LEFT JOIN arende_innehall i`; adds their values to `params`. */
function conditions(filter: ArendeFilter, params: unknown[], horizon: string | null): string[] {
  const p = (value: unknown) => `$${params.push(value)}`;
  const where: string[] = [];
  if (filter.text) {
    // Every word must occur in rubrik or beskrivning, case folded by ICU (see FOLD).
    for (const word of filter.text.split(/\s+/).filter(Boolean)) {
      const pattern = FOLD(`CAST(${p(`%${escapeLike(word)}%`)} AS text)`);
      where.push(`(${FOLD('i.rubrik')} LIKE ${pattern} OR ${FOLD('i.beskrivning')} LIKE ${pattern})`);
    }
    if (!filter.textISekretess) where.push('a.sekretess_lagrum IS NULL');
  }
  if (filter.status?.length) where.push(`a.status = ANY(${p(filter.status)})`);
  if (filter.organ?.length) where.push(`a.ansvarigt_organ_id = ANY(${p(filter.organ)})`);
  if (filter.registreradFran) where.push(`a.registrerad >= ${p(filter.registreradFran)}`);
  if (filter.registreradTill) where.push(`a.registrerad <= ${p(filter.registreradTill)}`);
  if (filter.uppdateradSedan) where.push(`a.uppdaterad > ${p(filter.uppdateradSedan)}`);
  if (filter.andradeEfter !== undefined) {
    // Only what no transaction still running can precede: the request's horizon (ChangeFeed).
    where.push(`a.andrad_xid < CAST(${p(horizon)} AS xid8)`);
    if (filter.andradeEfter) where.push(rowsAfter(filter.andradeEfter, 'a', 'id', 'bigint', p));
  }
  return where;
}

const whereClause = (where: string[]) => (where.length ? `WHERE ${where.join(' AND ')}` : '');

/** `column = $n` for each key the change sets, numbered from `first`, with their values. */
function assignments(change: Arendeandring, columns: Partial<Record<keyof Arendeandring, string>>, first: number) {
  const sets: string[] = [];
  const values: unknown[] = [];
  for (const [key, column] of Object.entries(columns) as [keyof Arendeandring, string][]) {
    if (change[key] === undefined) continue;
    values.push(change[key]);
    sets.push(`${column} = $${first + values.length - 1}`);
  }
  return { sets, values };
}

/** A row as PostgreSQL returns it, in the entity's shape. */
function toArende(raw: Record<string, unknown>): Arende {
  return {
    id: String(raw.id),
    diarienummer: raw.diarienummer as string,
    rubrik: (raw.rubrik ?? null) as string | null,
    beskrivning: (raw.beskrivning ?? null) as string | null,
    status: raw.status as Arendestatus,
    registrerad: raw.registrerad as string,
    ansvarigtOrganId: raw.ansvarigt_organ_id as string | null,
    sekretessLagrum: raw.sekretess_lagrum as string | null,
    sekretessBeskrivning: raw.sekretess_beskrivning as string | null,
    version: Number(raw.version),
    uppdaterad: raw.uppdaterad as Date,
    illustrativaFalt: raw.illustrativa_falt as string[],
    ...(raw.andrad_xid != null ? { andradXid: String(raw.andrad_xid) } : {}),
  };
}
