import type { EntityManager } from 'typeorm';
import type { Db } from '#platform/database/requestDb';
import { queryRows } from '#platform/database/queryRows';
import { type ChangeFeed, type FeedArgs, type FeedList, type FeedPage } from '#subgraph-kit/changeFeed';
import { oneByKey } from '#subgraph-kit/batch';
import type { Ledamot, Ledamotskap, Ledamotsroll } from '../entities/Ledamot';

const LEDAMOTSKAP = `m.id::text, m.ledamot_id AS "ledamotId", m.organ_id AS "organId", m.roll, m.fran, m.till`;
/** The chair first, then vice chair, members and substitutes; within a role by start of period. */
const ORDER = `array_position(ARRAY['ORDFORANDE', 'VICE_ORDFORANDE', 'LEDAMOT', 'ERSATTARE'], m.roll), m.fran NULLS FIRST, m.id`;

/** Members in their public roles: name, party and memberships of organs. */
const LEDAMOTER: FeedList = { lista: 'ledamoter', typ: 'Ledamot', table: 'ledamot' };

const LEDAMOT = `l.id, l.namn, l.parti, l.illustrativa_falt AS "illustrativaFalt", l.uppdaterad`;
/** Two periods share a day; an absent end is open. */
const OVERLAPS = `daterange(m.fran, m.till, '[]') && daterange($2::date, $3::date, '[]')`;

export class LedamotRepository {
  constructor(
    private readonly db: Db,
    private readonly feed: ChangeFeed,
  ) {}

  /** The members changed after a position, in commit order, with the deleted ones (see ChangeFeed). */
  andringar(args: FeedArgs): Promise<FeedPage<Ledamot>> {
    return this.feed.read(LEDAMOTER, args, async (keys) => oneByKey(keys, await this.byIds(keys), (r) => r.id));
  }

  private async rows<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return queryRows<T>(await this.db.manager(), sql, parameters);
  }

  all(): Promise<Ledamot[]> {
    return this.rows(
      `SELECT id, namn, parti, illustrativa_falt AS "illustrativaFalt", uppdaterad FROM ledamot ORDER BY namn, id`,
    );
  }

  byIds(ids: readonly string[]): Promise<Ledamot[]> {
    return this.rows(
      `SELECT id, namn, parti, illustrativa_falt AS "illustrativaFalt", uppdaterad FROM ledamot WHERE id = ANY($1)`,
      [[...ids]],
    );
  }

  byLedamot(ids: readonly string[]): Promise<Ledamotskap[]> {
    return this.rows(`SELECT ${LEDAMOTSKAP} FROM ledamotskap m WHERE m.ledamot_id = ANY($1) ORDER BY m.organ_id, ${ORDER}`, [
      [...ids],
    ]);
  }

  /** The memberships of each organ; with `per`, only those whose period holds that day. */
  byOrgan(organIds: readonly string[], per: string | null): Promise<Ledamotskap[]> {
    return this.rows(
      `SELECT ${LEDAMOTSKAP} FROM ledamotskap m
        WHERE m.organ_id = ANY($1)
          AND ($2::date IS NULL OR ((m.fran IS NULL OR m.fran <= $2) AND (m.till IS NULL OR m.till >= $2)))
        ORDER BY ${ORDER}`,
      [[...organIds], per],
    );
  }

  // Writes, each in the caller's transaction: they read only what a write must check.
  /** The members of `ids` that exist. */
  existing(m: EntityManager, ids: string[]): Promise<Ledamot[]> {
    return queryRows<Ledamot>(m, `SELECT ${LEDAMOT} FROM ledamot l WHERE l.id = ANY($1)`, [ids]);
  }

  async insert(m: EntityManager, l: Pick<Ledamot, 'id' | 'namn' | 'parti'>): Promise<Ledamot> {
    const rows = await queryRows<Ledamot>(
      m,
      `INSERT INTO ledamot AS l (id, namn, parti) VALUES ($1, $2, $3) RETURNING ${LEDAMOT}`,
      [l.id, l.namn, l.parti],
    );
    return rows[0];
  }

  /**
   * Makes the seat writes of one organ wait for each other until the transaction ends, so that two
   * concurrent seats cannot both pass the overlap checks. A transaction-level advisory lock: the
   * organ row itself is not the app role's to lock.
   */
  async lockSeatsOf(m: EntityManager, organId: string): Promise<void> {
    await queryRows(m, `SELECT pg_advisory_xact_lock(hashtextextended('ledamotskap ' || $1, 0))`, [organId]);
  }

  /** The member's seats in the organ whose period shares a day with `fran`–`till`. */
  overlappingOfLedamot(m: EntityManager, organId: string, fran: string, till: string | null, ledamotId: string) {
    return queryRows<Ledamotskap>(
      m,
      `SELECT ${LEDAMOTSKAP} FROM ledamotskap m WHERE m.organ_id = $1 AND ${OVERLAPS} AND m.ledamot_id = $4 ORDER BY m.fran`,
      [organId, fran, till, ledamotId],
    );
  }

  /** The organ's seats in `roll` whose period shares a day with `fran`–`till`. */
  overlappingInRoll(m: EntityManager, organId: string, fran: string, till: string | null, roll: Ledamotsroll) {
    return queryRows<Ledamotskap>(
      m,
      `SELECT ${LEDAMOTSKAP} FROM ledamotskap m WHERE m.organ_id = $1 AND ${OVERLAPS} AND m.roll = $4 ORDER BY m.fran`,
      [organId, fran, till, roll],
    );
  }

  /** The members of `ids` with a seat in the organ, in any role, on `dag`. */
  async seatedOn(m: EntityManager, organId: string, ids: string[], dag: string): Promise<Set<string>> {
    const rows = await queryRows<{ id: string }>(
      m,
      `SELECT DISTINCT m.ledamot_id AS id FROM ledamotskap m
        WHERE m.organ_id = $1 AND m.ledamot_id = ANY($2) AND daterange(m.fran, m.till, '[]') @> $3::date`,
      [organId, ids, dag],
    );
    return new Set(rows.map((r) => r.id));
  }

  async insertLedamotskap(m: EntityManager, s: Omit<Ledamotskap, 'id'>): Promise<Ledamotskap> {
    const rows = await queryRows<Ledamotskap>(
      m,
      `INSERT INTO ledamotskap AS m (ledamot_id, organ_id, roll, fran, till) VALUES ($1, $2, $3, $4, $5) RETURNING ${LEDAMOTSKAP}`,
      [s.ledamotId, s.organId, s.roll, s.fran, s.till],
    );
    return rows[0];
  }

  /** The seat, locked until the transaction ends; null when there is none. */
  async lockLedamotskap(m: EntityManager, id: string): Promise<Ledamotskap | null> {
    // A seat's id is a number; any other text names no seat (and must not reach the cast).
    if (!/^[0-9]{1,18}$/.test(id)) return null;
    const rows = await queryRows<Ledamotskap>(m, `SELECT ${LEDAMOTSKAP} FROM ledamotskap m WHERE m.id = $1 FOR UPDATE`, [id]);
    return rows[0] ?? null;
  }

  async endLedamotskap(m: EntityManager, id: string, till: string): Promise<Ledamotskap> {
    const rows = await queryRows<Ledamotskap>(
      m,
      `UPDATE ledamotskap AS m SET till = $2 WHERE m.id = $1 RETURNING ${LEDAMOTSKAP}`,
      [id, till],
    );
    return rows[0];
  }
}
