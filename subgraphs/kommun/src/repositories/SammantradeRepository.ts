import type { Db } from '#platform/database/requestDb';
import { queryRows } from '#platform/database/queryRows';
import { type ChangeFeed, type FeedArgs, type FeedList, type FeedPage } from '#subgraph-kit/changeFeed';
import { oneByKey } from '#subgraph-kit/batch';
import type { Ledamot } from '../entities/Ledamot';
import type { Dagordningspunkt, Protokoll, Protokollsutdrag, Sammantrade } from '../entities/Sammantrade';

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
}
