import { Any, type EntityManager } from 'typeorm';
import type { Db } from '#platform/database/requestDb';
import { queryRows } from '#platform/database/queryRows';
import { LikalydandeBeslutEntity, type LikalydandeBeslut } from '../entities/LikalydandeBeslut';
import { LikalydandePartEntity, type LikalydandePart } from '../entities/LikalydandePart';

export class LikalydandeBeslutRepository {
  constructor(private readonly db: Db) {}

  private async repo() {
    return (await this.db.manager()).getRepository(LikalydandeBeslutEntity);
  }

  /** Every likalydande beslut, by rubrik. */
  async all(): Promise<LikalydandeBeslut[]> {
    return (await this.repo()).find({ order: { rubrik: 'ASC', id: 'ASC' } });
  }

  async byIds(ids: readonly string[]): Promise<LikalydandeBeslut[]> {
    return (await this.repo()).findBy({ id: Any([...ids]) });
  }

  /** The likalydande beslut of each collaboration, by rubrik. */
  async bySamverkan(samverkanIds: readonly string[]): Promise<LikalydandeBeslut[]> {
    return (await this.repo()).find({ where: { samverkanId: Any([...samverkanIds]) }, order: { rubrik: 'ASC', id: 'ASC' } });
  }

  /** Each decision's parties, in the order they were recorded. */
  async parter(beslutIds: readonly string[]): Promise<LikalydandePart[]> {
    return (await this.db.manager())
      .getRepository(LikalydandePartEntity)
      .find({ where: { beslutId: Any([...beslutIds]) }, order: { id: 'ASC' } });
  }

  // Writes: each takes the manager of the caller's transaction.

  /** The decision, locked until the transaction ends, so that two reports of it are made one after the other. */
  async lock(m: EntityManager, id: string): Promise<LikalydandeBeslut | null> {
    const [row] = await queryRows<LikalydandeBeslut>(
      m,
      `SELECT id, samverkan_id AS "samverkanId", rubrik, lydelse, illustrativa_falt AS "illustrativaFalt"
         FROM likalydande_beslut WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row ?? null;
  }

  async insert(m: EntityManager, beslut: Omit<LikalydandeBeslut, 'illustrativaFalt'>): Promise<void> {
    await queryRows(m, `INSERT INTO likalydande_beslut (id, samverkan_id, rubrik, lydelse) VALUES ($1, $2, $3, $4)`, [
      beslut.id,
      beslut.samverkanId,
      beslut.rubrik,
      beslut.lydelse,
    ]);
  }

  parterIn(m: EntityManager, beslutId: string): Promise<LikalydandePart[]> {
    return m.getRepository(LikalydandePartEntity).find({ where: { beslutId }, order: { id: 'ASC' } });
  }

  async insertPart(m: EntityManager, part: Omit<LikalydandePart, 'id'>): Promise<void> {
    await queryRows(
      m,
      `INSERT INTO likalydande_part (beslut_id, kommunkod, beslutat, paragraf_beteckning, uppgift) VALUES ($1, $2, $3, $4, $5)`,
      [part.beslutId, part.kommunkod, part.beslutat, part.paragrafBeteckning, part.uppgift],
    );
  }

  async updatePart(m: EntityManager, part: Omit<LikalydandePart, 'id'>): Promise<void> {
    await queryRows(
      m,
      `UPDATE likalydande_part SET beslutat = $3, paragraf_beteckning = $4, uppgift = $5 WHERE beslut_id = $1 AND kommunkod = $2`,
      [part.beslutId, part.kommunkod, part.beslutat, part.paragrafBeteckning, part.uppgift],
    );
  }
}
