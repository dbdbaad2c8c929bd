import type { EntityManager } from 'typeorm';
import type { Db } from '#platform/database/requestDb';
import { queryRows } from '#platform/database/queryRows';
import { type ChangeFeed, type FeedArgs, type FeedList, type FeedPage } from '#subgraph-kit/changeFeed';
import { oneByKey } from '#subgraph-kit/batch';
import type { Ledamot } from '../entities/Ledamot';
import type { Dagordningspunkt, Protokoll, Protokollsutdrag, Sammantrade, Sammantradesstatus } from '../entities/Sammantrade';

const SAMMANTRADE = `s.id, s.organ_id AS "organId", s.datum, s.borjar, s.plats, s.status, s.illustrativa_falt AS "illustrativaFalt", s.uppdaterad`;
const LEDAMOT = `l.id, l.namn, l.parti, l.illustrativa_falt AS "illustrativaFalt", l.uppdaterad`;

const SAMMANTRADEN: FeedList = { lista: 'sammantraden', typ: 'Sammantrade', table: 'sammantrade' };
/** Meetings by day, those without a known day last, then in the order they were recorded. */
const ORDER = `s.datum ASC NULLS LAST, s.borjar ASC NULLS LAST, s.id ASC`;

/** A period of days; either end may be open. */
export interface Period {
  fran?: string | null;
  till?: string | null;
}

/** A decided paragraph of a meeting whose protokoll has been announced on the anslagstavla. */
export interface AnslagenParagraf {
  sammantradeId: string;
  beteckning: string;
  anslagsdag: string;
}

/** One item of a dagordning as a write stores it; numbered by its place. */
export interface NyDagordningspunkt {
  rubrik: string;
  diarienummer: string | null;
  paragraf: string | null;
}

/**
 * Meetings, their dagordning and protokoll. Every read takes many keys (`= ANY($1)`), so that a
 * request's loaders send one statement per relation however many meetings it shows.
 */
export class SammantradeRepository {
  constructor(
    private readonly db: Db,
    private readonly feed: ChangeFeed,
  ) {}

  private async rows<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return queryRows<T>(await this.db.manager(), sql, parameters);
  }

  byIds(ids: readonly string[]): Promise<Sammantrade[]> {
    return this.rows(`SELECT ${SAMMANTRADE} FROM sammantrade s WHERE s.id = ANY($1)`, [[...ids]]);
  }

  /** The meetings changed after a position, in commit order, with the deleted ones (see ChangeFeed). */
  andringar(args: FeedArgs): Promise<FeedPage<Sammantrade>> {
    return this.feed.read(SAMMANTRADEN, args, async (keys) => oneByKey(keys, await this.byIds(keys), (r) => r.id));
  }

  /** The kommun's meetings in the period (a meeting without a known day only when no period is given). */
  list(period: Period): Promise<Sammantrade[]> {
    return this.rows(
      `SELECT ${SAMMANTRADE} FROM sammantrade s
        WHERE ($1::date IS NULL OR s.datum >= $1) AND ($2::date IS NULL OR s.datum <= $2)
        ORDER BY ${ORDER}`,
      [period.fran ?? null, period.till ?? null],
    );
  }

  /** The meetings of each of the organs in the period, in one statement. */
  byOrganIds(organIds: readonly string[], period: Period): Promise<Sammantrade[]> {
    return this.rows(
      `SELECT ${SAMMANTRADE} FROM sammantrade s
        WHERE s.organ_id = ANY($1) AND ($2::date IS NULL OR s.datum >= $2) AND ($3::date IS NULL OR s.datum <= $3)
        ORDER BY ${ORDER}`,
      [[...organIds], period.fran ?? null, period.till ?? null],
    );
  }

  /** The meeting each paragraph was decided at, through the dagordning item it decided. */
  byParagraf(beteckningar: readonly string[]): Promise<(Sammantrade & { paragraf: string })[]> {
    return this.rows(
      `SELECT ${SAMMANTRADE}, d.paragraf FROM dagordningspunkt d JOIN sammantrade s ON s.id = d.sammantrade_id
        WHERE d.paragraf = ANY($1)`,
      [[...beteckningar]],
    );
  }

  dagordning(ids: readonly string[]): Promise<Dagordningspunkt[]> {
    return this.rows(
      `SELECT sammantrade_id AS "sammantradeId", nummer, rubrik, diarienummer, paragraf, illustrativa_falt AS "illustrativaFalt"
         FROM dagordningspunkt WHERE sammantrade_id = ANY($1) ORDER BY sammantrade_id, nummer`,
      [[...ids]],
    );
  }

  protokoll(ids: readonly string[]): Promise<Protokoll[]> {
    return this.rows(
      `SELECT sammantrade_id AS "sammantradeId", justeringsdag, anslagsdag, illustrativa_falt AS "illustrativaFalt"
         FROM protokoll WHERE sammantrade_id = ANY($1)`,
      [[...ids]],
    );
  }

  utdrag(ids: readonly string[]): Promise<Protokollsutdrag[]> {
    return this.rows(
      `SELECT id::text, sammantrade_id AS "sammantradeId", mottagare, expedierat, expedierat_ar AS "expedieratAr"
         FROM protokollsutdrag WHERE sammantrade_id = ANY($1) ORDER BY id`,
      [[...ids]],
    );
  }

  /** The members who justerade each protokoll, by name. */
  justerare(ids: readonly string[]): Promise<(Ledamot & { sammantradeId: string })[]> {
    return this.ledamoterOf('protokoll_justerare', ids);
  }

  /** The members recorded as present at each meeting, by name. */
  narvarande(ids: readonly string[]): Promise<(Ledamot & { sammantradeId: string })[]> {
    return this.ledamoterOf('narvaro', ids);
  }

  /** The members a meeting's link table (justerare, närvaro) names for each meeting, by name. */
  private ledamoterOf(
    table: 'protokoll_justerare' | 'narvaro',
    ids: readonly string[],
  ): Promise<(Ledamot & { sammantradeId: string })[]> {
    return this.rows(
      `SELECT x.sammantrade_id AS "sammantradeId", ${LEDAMOT}
         FROM ${table} x JOIN ledamot l ON l.id = x.ledamot_id
        WHERE x.sammantrade_id = ANY($1) ORDER BY l.namn, l.id`,
      [[...ids]],
    );
  }

  /**
   * The decided paragraphs of protocols announced from `fran` to `till`, by anslagsdag. What is
   * only information, or only prepares a later decision (bordlagt, återremiss), is left out: such
   * decisions may not be appealed (KL 13 kap. 2 §).
   */
  anslagnaParagrafer(fran: string, till: string): Promise<AnslagenParagraf[]> {
    return this.rows(
      `SELECT p.sammantrade_id AS "sammantradeId", d.paragraf AS beteckning, p.anslagsdag
         FROM protokoll p
         JOIN dagordningspunkt d ON d.sammantrade_id = p.sammantrade_id AND d.paragraf IS NOT NULL
         JOIN paragraf pa ON pa.beteckning = d.paragraf
        WHERE p.anslagsdag BETWEEN $1 AND $2
          AND (pa.utfall IS NULL OR pa.utfall NOT IN ('INFORMATION', 'BORDLAGT', 'ATERREMISS'))
        ORDER BY p.anslagsdag, p.sammantrade_id, d.nummer`,
      [fran, till],
    );
  }

  // Writes, each in the caller's transaction: they read only what a write must check.
  /** The meeting, locked until the transaction ends: its writes follow one another. Null when there is none. */
  async lock(m: EntityManager, id: string): Promise<Sammantrade | null> {
    const rows = await queryRows<Sammantrade>(m, `SELECT ${SAMMANTRADE} FROM sammantrade s WHERE s.id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  /** The meeting as the transaction sees it, stamps of its parts' changes included. */
  async find(m: EntityManager, id: string): Promise<Sammantrade> {
    const rows = await queryRows<Sammantrade>(m, `SELECT ${SAMMANTRADE} FROM sammantrade s WHERE s.id = $1`, [id]);
    return rows[0];
  }

  /** The meeting's protokoll as the writing transaction sees it; null while there is none. */
  async protokollIn(m: EntityManager, id: string): Promise<Protokoll | null> {
    const rows = await queryRows<Protokoll>(
      m,
      `SELECT sammantrade_id AS "sammantradeId", justeringsdag, anslagsdag, illustrativa_falt AS "illustrativaFalt"
         FROM protokoll WHERE sammantrade_id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async insert(m: EntityManager, s: Omit<Sammantrade, 'illustrativaFalt' | 'uppdaterad'>): Promise<void> {
    await queryRows(m, `INSERT INTO sammantrade (id, organ_id, datum, borjar, plats, status) VALUES ($1, $2, $3, $4, $5, $6)`, [
      s.id,
      s.organId,
      s.datum,
      s.borjar,
      s.plats,
      s.status,
    ]);
  }

  /** For each paragraph, the meeting whose dagordning names it as its decision, if any. */
  async motenForParagrafer(m: EntityManager, beteckningar: string[]): Promise<Map<string, string>> {
    const rows = await queryRows<{ paragraf: string; sammantradeId: string }>(
      m,
      `SELECT paragraf, sammantrade_id AS "sammantradeId" FROM dagordningspunkt WHERE paragraf = ANY($1)`,
      [beteckningar],
    );
    return new Map(rows.map((r) => [r.paragraf, r.sammantradeId]));
  }

  /**
   * Makes `punkter` the meeting's whole dagordning, numbered from 1. False when a paragraph is
   * the decision of another meeting's item by now (a concurrent write took it): nothing is kept.
   */
  async replaceDagordning(m: EntityManager, id: string, punkter: NyDagordningspunkt[]): Promise<boolean> {
    await queryRows(m, `DELETE FROM dagordningspunkt WHERE sammantrade_id = $1`, [id]);
    if (punkter.length === 0) return true;
    const inserted = await queryRows(
      m,
      `INSERT INTO dagordningspunkt (sammantrade_id, nummer, rubrik, diarienummer, paragraf)
       SELECT $1, p.nummer, p.rubrik, p.diarienummer, p.paragraf
         FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS p (rubrik, diarienummer, paragraf, nummer)
       ON CONFLICT DO NOTHING
       RETURNING nummer`,
      [id, punkter.map((p) => p.rubrik), punkter.map((p) => p.diarienummer), punkter.map((p) => p.paragraf)],
    );
    return inserted.length === punkter.length;
  }

  /** Records the justering on the meeting's protokoll (made now if the meeting had none) and its justerare. */
  async justera(m: EntityManager, id: string, justeringsdag: string, justerare: string[]): Promise<void> {
    await queryRows(
      m,
      `INSERT INTO protokoll (sammantrade_id, justeringsdag) VALUES ($1, $2)
       ON CONFLICT (sammantrade_id) DO UPDATE SET justeringsdag = EXCLUDED.justeringsdag`,
      [id, justeringsdag],
    );
    await queryRows(
      m,
      `INSERT INTO protokoll_justerare (sammantrade_id, ledamot_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
      [id, justerare],
    );
  }

  async ansla(m: EntityManager, id: string, anslagsdag: string): Promise<void> {
    await queryRows(m, `UPDATE protokoll SET anslagsdag = $2 WHERE sammantrade_id = $1`, [id, anslagsdag]);
  }

  async setStatus(m: EntityManager, id: string, status: Sammantradesstatus): Promise<void> {
    await queryRows(m, `UPDATE sammantrade SET status = $2 WHERE id = $1`, [id, status]);
  }
}
