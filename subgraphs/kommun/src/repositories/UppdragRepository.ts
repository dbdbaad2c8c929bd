import { Any, type EntityManager } from 'typeorm';
import type { Db } from '#platform/database/requestDb';
import { UppdragEntity, type Uppdrag, type Uppdragsstatus } from '../entities/Uppdrag';
import { queryRows } from '#platform/database/queryRows';
import { type ChangeFeed, type FeedArgs, type FeedList, type FeedPage } from '#subgraph-kit/changeFeed';
import { oneByKey } from '#subgraph-kit/batch';

const UPPDRAG: FeedList = { lista: 'uppdrag', typ: 'Uppdrag', table: 'uppdrag' };

export class UppdragRepository {
  constructor(
    private readonly db: Db,
    private readonly feed: ChangeFeed,
  ) {}

  private async repo() {
    return (await this.db.manager()).getRepository(UppdragEntity);
  }

  async byIds(ids: readonly string[]): Promise<Uppdrag[]> {
    return (await this.repo()).findBy({ id: Any([...ids]) });
  }

  async byDiarienummer(keys: readonly string[]): Promise<Uppdrag[]> {
    return (await this.repo()).find({ where: { diarienummer: Any([...keys]) }, order: { deadline: 'ASC', id: 'ASC' } });
  }

  /** All assignments, or only those under way whose deadline is before `today`, by deadline. */
  async list(options: { forsenade: boolean; today: string }): Promise<Uppdrag[]> {
    const qb = (await this.repo()).createQueryBuilder('u');
    if (options.forsenade) {
      qb.where(`u.status = 'PAGAENDE' AND u.deadline < :today`, { today: options.today });
    }
    return qb.orderBy('u.deadline', 'ASC', 'NULLS LAST').addOrderBy('u.id', 'ASC').getMany();
  }

  /** The assignments changed after a position, in commit order, with the deleted ones (see ChangeFeed). */
  andringar(args: FeedArgs): Promise<FeedPage<Uppdrag>> {
    return this.feed.read(UPPDRAG, args, async (keys) => oneByKey(keys, await this.byIds(keys), (r) => r.id));
  }

  async insert(m: EntityManager, u: Omit<Uppdrag, 'illustrativaFalt' | 'aterrapporteradI' | 'uppdaterad'>): Promise<Uppdrag> {
    const rows = await queryRows<Record<string, unknown>>(
      m,
      `INSERT INTO uppdrag (id, beskrivning, mottagare, givet_i, diarienummer, deadline, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       RETURNING *`,
      [u.id, u.beskrivning, u.mottagare, u.givetI, u.diarienummer, u.deadline, u.status],
    );
    return toUppdrag(rows[0]);
  }

  /** The assignment, locked until the transaction ends; null when there is none. */
  async lock(m: EntityManager, id: string): Promise<Uppdrag | null> {
    const rows = await queryRows<Record<string, unknown>>(m, `SELECT * FROM uppdrag WHERE id = $1 FOR UPDATE`, [id]);
    return rows.length ? toUppdrag(rows[0]) : null;
  }

  async setStatus(m: EntityManager, id: string, status: Uppdragsstatus, aterrapporteradI: string | null): Promise<Uppdrag> {
    const rows = await queryRows(m, `UPDATE uppdrag SET status = $2, aterrapporterad_i = $3 WHERE id = $1 RETURNING *`, [
      id,
      status,
      aterrapporteradI,
    ]);
    return toUppdrag(rows[0]);
  }
}

function toUppdrag(raw: Record<string, unknown>): Uppdrag {
  return {
    id: raw.id as string,
    beskrivning: raw.beskrivning as string,
    mottagare: raw.mottagare as string,
    givetI: raw.givet_i as string | null,
    diarienummer: raw.diarienummer as string | null,
    deadline: raw.deadline as string | null,
    status: raw.status as Uppdragsstatus,
    aterrapporteradI: raw.aterrapporterad_i as string | null,
    illustrativaFalt: raw.illustrativa_falt as string[],
    uppdaterad: raw.uppdaterad as Date,
  };
}
