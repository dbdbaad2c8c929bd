import { Any, type EntityManager } from 'typeorm';
import type { Db } from '#platform/database/requestDb';
import { OmradeArendeEntity, type OmradeArende } from '../entities/OmradeArende';
import { OmradeBeslutEntity, type OmradeBeslut } from '../entities/OmradeBeslut';
import { OmradePartEntity, type OmradePart } from '../entities/OmradePart';
import { OmradeStatusEntity, type OmradeStatus } from '../entities/OmradeStatus';
import { SamverkansomradeEntity, type Omradesstatus, type Samverkansomrade } from '../entities/Samverkansomrade';
import { queryRows } from '#platform/database/queryRows';
import { type ChangeFeed, type FeedArgs, type FeedList, type FeedPage } from '#subgraph-kit/changeFeed';
import { oneByKey } from '#subgraph-kit/batch';

const OMRADEN: FeedList = { lista: 'samverkansomraden', typ: 'Samverkansomrade', table: 'samverkansomrade' };

/** The key of an ärende in a kommun's subgraph. */
export interface ArendeKey {
  kommunkod: string;
  diarienummer: string;
}

export class OmradeRepository {
  constructor(
    private readonly db: Db,
    private readonly feed: ChangeFeed,
  ) {}

  private async repo() {
    return (await this.db.manager()).getRepository(SamverkansomradeEntity);
  }

  async byIds(ids: readonly string[]): Promise<Samverkansomrade[]> {
    return (await this.repo()).findBy({ id: Any([...ids]) });
  }

  /** The areas changed after a position, in commit order, with the deleted ones (see ChangeFeed). */
  andringar(args: FeedArgs): Promise<FeedPage<Samverkansomrade>> {
    return this.feed.read(OMRADEN, args, async (keys) => oneByKey(keys, await this.byIds(keys), (r) => r.id));
  }

  /** The areas of each collaboration, by name. */
  async bySamverkan(samverkanIds: readonly string[]): Promise<Samverkansomrade[]> {
    return (await this.repo()).find({ where: { samverkanId: Any([...samverkanIds]) }, order: { namn: 'ASC', id: 'ASC' } });
  }

  /** Each area's status changes, oldest first. */
  async statushistorik(omradeIds: readonly string[]): Promise<OmradeStatus[]> {
    return (await this.db.manager())
      .getRepository(OmradeStatusEntity)
      .find({ where: { omradeId: Any([...omradeIds]) }, order: { datum: 'ASC', ordning: 'ASC' } });
  }

  async parter(omradeIds: readonly string[]): Promise<OmradePart[]> {
    return (await this.db.manager())
      .getRepository(OmradePartEntity)
      .find({ where: { omradeId: Any([...omradeIds]) }, order: { id: 'ASC' } });
  }

  async beslut(omradeIds: readonly string[]): Promise<OmradeBeslut[]> {
    return (await this.db.manager())
      .getRepository(OmradeBeslutEntity)
      .find({ where: { omradeId: Any([...omradeIds]) }, order: { id: 'ASC' } });
  }

  async arenden(omradeIds: readonly string[]): Promise<OmradeArende[]> {
    return (await this.db.manager())
      .getRepository(OmradeArendeEntity)
      .find({ where: { omradeId: Any([...omradeIds]) }, order: { id: 'ASC' } });
  }

  // The joins name the entity: TypeORM's join-and-map takes a class or a name, not an EntitySchema.

  /** The areas each kommun takes part in, by name: one row per kommun and area. */
  async forKommuner(kommunkoder: readonly string[]): Promise<(OmradePart & { omrade: Samverkansomrade })[]> {
    const rows = await (
      await this.db.manager()
    )
      .getRepository(OmradePartEntity)
      .createQueryBuilder('p')
      .innerJoinAndMapOne('p.omrade', SamverkansomradeEntity.options.name, 'o', 'o.id = p.omradeId')
      .where('p.kommunkod = ANY(:kommunkoder)', { kommunkoder: [...kommunkoder] })
      .orderBy('o.namn', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .getMany();
    return rows as (OmradePart & { omrade: Samverkansomrade })[];
  }

  /** The areas each ärende concerns, by name: one row per ärende and area. */
  async forArenden(keys: readonly ArendeKey[]): Promise<(OmradeArende & { omrade: Samverkansomrade })[]> {
    const rows = await (
      await this.db.manager()
    )
      .getRepository(OmradeArendeEntity)
      .createQueryBuilder('a')
      .innerJoinAndMapOne('a.omrade', SamverkansomradeEntity.options.name, 'o', 'o.id = a.omradeId')
      // Two parallel arrays zipped by unnest keep it one statement whatever the batch size.
      .where(
        '(a.kommunkod, a.diarienummer) IN (SELECT * FROM unnest(CAST(:kommunkoder AS text[]), CAST(:diarienummer AS text[])))',
        { kommunkoder: keys.map((k) => k.kommunkod), diarienummer: keys.map((k) => k.diarienummer) },
      )
      .orderBy('o.namn', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .getMany();
    return rows as (OmradeArende & { omrade: Samverkansomrade })[];
  }

  // Writes: each takes the manager of the caller's transaction.

  /** The area, locked until the transaction ends; null when there is none. */
  async lock(m: EntityManager, id: string): Promise<Samverkansomrade | null> {
    const rows = await queryRows<Record<string, unknown>>(m, `SELECT * FROM samverkansomrade WHERE id = $1 FOR UPDATE`, [id]);
    if (!rows.length) return null;
    const raw = rows[0];
    return {
      id: raw.id as string,
      samverkanId: raw.samverkan_id as string,
      namn: raw.namn as string,
      beskrivning: raw.beskrivning as string | null,
      status: raw.status as Omradesstatus,
      uppdaterad: raw.uppdaterad as Date,
      form: raw.form as Samverkansomrade['form'],
    };
  }

  /** The last position in the area's history and the day of its latest change. */
  async historyEnd(m: EntityManager, omradeId: string): Promise<{ ordning: number; datum: string | null }> {
    const rows = await queryRows<{ ordning: number; datum: string | null }>(
      m,
      `SELECT coalesce(max(ordning), 0)::integer AS ordning, max(datum) AS datum FROM omrade_status WHERE omrade_id = $1`,
      [omradeId],
    );
    return rows[0];
  }

  async insertStatus(m: EntityManager, row: Omit<OmradeStatus, 'id' | 'illustrativaFalt'>): Promise<void> {
    await queryRows(
      m,
      `INSERT INTO omrade_status (omrade_id, ordning, status, datum, kommentar, beslut_kommunkod, beslut_beteckning)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [row.omradeId, row.ordning, row.status, row.datum, row.kommentar, row.beslutKommunkod, row.beslutBeteckning],
    );
  }

  async setStatus(m: EntityManager, id: string, status: Omradesstatus): Promise<void> {
    await queryRows(m, `UPDATE samverkansomrade SET status = $2 WHERE id = $1`, [id, status]);
  }

  /** Adds a decision to the area's decisions, unless it is there already. */
  async addBeslut(m: EntityManager, omradeId: string, kommunkod: string, beteckning: string): Promise<void> {
    await queryRows(
      m,
      `INSERT INTO omrade_beslut (omrade_id, kommunkod, beteckning) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [omradeId, kommunkod, beteckning],
    );
  }
}
