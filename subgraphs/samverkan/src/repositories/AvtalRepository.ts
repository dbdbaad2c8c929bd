import { Any, type EntityManager } from 'typeorm';
import type { Db } from '#platform/database/requestDb';
import { AvtalEntity, type Avtal } from '../entities/Avtal';
import { AvtalspartEntity, type Avtalspart, type Avtalsroll } from '../entities/Avtalspart';
import { queryRows } from '#platform/database/queryRows';
import { type ChangeFeed, type FeedArgs, type FeedList, type FeedPage } from '#subgraph-kit/changeFeed';
import { oneByKey } from '#subgraph-kit/batch';

const AVTAL: FeedList = { lista: 'avtal', typ: 'Avtal', table: 'avtal' };

export class AvtalRepository {
  constructor(
    private readonly db: Db,
    private readonly feed: ChangeFeed,
  ) {}

  private async repo() {
    return (await this.db.manager()).getRepository(AvtalEntity);
  }

  async byIds(ids: readonly string[]): Promise<Avtal[]> {
    return (await this.repo()).findBy({ id: Any([...ids]) });
  }

  /** The agreements changed after a position, in commit order, with the deleted ones (see ChangeFeed). */
  andringar(args: FeedArgs): Promise<FeedPage<Avtal>> {
    return this.feed.read(AVTAL, args, async (keys) => oneByKey(keys, await this.byIds(keys), (r) => r.id));
  }

  /** The agreements of each area, by name. */
  async byOmrade(omradeIds: readonly string[]): Promise<Avtal[]> {
    return (await this.repo()).find({ where: { omradeId: Any([...omradeIds]) }, order: { namn: 'ASC', id: 'ASC' } });
  }

  async parter(avtalIds: readonly string[]): Promise<Avtalspart[]> {
    return (await this.db.manager())
      .getRepository(AvtalspartEntity)
      .find({ where: { avtalId: Any([...avtalIds]) }, order: { id: 'ASC' } });
  }

  // Writes: each takes the manager of the caller's transaction.

  /** Inserts the agreement; answers when it was stamped. */
  async insert(m: EntityManager, avtal: Omit<Avtal, 'illustrativaFalt' | 'uppdaterad'>): Promise<Date> {
    const rows = await queryRows<{ uppdaterad: Date }>(
      m,
      `INSERT INTO avtal (id, omrade_id, namn, tecknat, giltig_fran, giltig_till, rattslig_grund, resurs)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       RETURNING uppdaterad`,
      [
        avtal.id,
        avtal.omradeId,
        avtal.namn,
        avtal.tecknat,
        avtal.giltigFran,
        avtal.giltigTill,
        avtal.rattsligGrund,
        avtal.resurs,
      ],
    );
    return rows[0].uppdaterad;
  }

  /**
   * Adds a party to an agreement if, at this moment, it is a joined (ANSLUTEN) party of the
   * collaboration: the check and the insert are one statement. False when it is not.
   */
  async insertPartIfAnsluten(
    m: EntityManager,
    samverkanId: string,
    part: { avtalId: string; kommunkod: string; roll: Avtalsroll; kostnadsandel: number },
  ): Promise<boolean> {
    const rows = await queryRows<unknown>(
      m,
      `INSERT INTO avtalspart (avtal_id, kommunkod, roll, kostnadsandel)
       SELECT $1, $2, $3, $4
       WHERE EXISTS (SELECT 1 FROM samverkan_part WHERE samverkan_id = $5 AND kommunkod = $2 AND status = 'ANSLUTEN')
       RETURNING id`,
      [part.avtalId, part.kommunkod, part.roll, part.kostnadsandel, samverkanId],
    );
    return rows.length > 0;
  }
}
