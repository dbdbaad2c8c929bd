import { Any, type EntityManager } from 'typeorm';
import type { Db } from '#platform/database/requestDb';
import { AvtalEntity, type Avtal } from '../entities/Avtal';
import { AvtalspartEntity, type Avtalspart, type Avtalsroll } from '../entities/Avtalspart';
import { queryRows } from '#platform/database/queryRows';

export class AvtalRepository {
  constructor(private readonly db: Db) {}

  private async repo() {
    return (await this.db.manager()).getRepository(AvtalEntity);
  }

  async byIds(ids: readonly string[]): Promise<Avtal[]> {
    return (await this.repo()).findBy({ id: Any([...ids]) });
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

  async insert(m: EntityManager, avtal: Omit<Avtal, 'illustrativaFalt'>): Promise<void> {
    await queryRows(
      m,
      `INSERT INTO avtal (id, omrade_id, namn, tecknat, giltig_fran, giltig_till, rattslig_grund, resurs)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
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
