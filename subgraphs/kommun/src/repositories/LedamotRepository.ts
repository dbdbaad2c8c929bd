import type { Db } from '#platform/database/requestDb';
import { queryRows } from '#platform/database/queryRows';
import { type ChangeFeed, type FeedArgs, type FeedList, type FeedPage } from '#subgraph-kit/changeFeed';
import { oneByKey } from '#subgraph-kit/batch';
import type { Ledamot, Ledamotskap } from '../entities/Ledamot';

const LEDAMOTSKAP = `m.id::text, m.ledamot_id AS "ledamotId", m.organ_id AS "organId", m.roll, m.fran, m.till`;
/** The chair first, then vice chair, members and substitutes; within a role by start of period. */
const ORDER = `array_position(ARRAY['ORDFORANDE', 'VICE_ORDFORANDE', 'LEDAMOT', 'ERSATTARE'], m.roll), m.fran NULLS FIRST, m.id`;

/** Members in their public roles: name, party and memberships of organs. */
const LEDAMOTER: FeedList = { lista: 'ledamoter', typ: 'Ledamot', table: 'ledamot' };

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
}
