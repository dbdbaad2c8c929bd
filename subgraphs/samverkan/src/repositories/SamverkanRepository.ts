import { Any, type EntityManager } from 'typeorm';
import type { Db } from '#platform/database/requestDb';
import { SamverkanEntity, type Samverkan } from '../entities/Samverkan';
import { SamverkanspartEntity, type Samverkanspart } from '../entities/Samverkanspart';
import { UppfoljningEntity, type Uppfoljning } from '../entities/Uppfoljning';

export class SamverkanRepository {
  constructor(private readonly db: Db) {}

  private async repo() {
    return (await this.db.manager()).getRepository(SamverkanEntity);
  }

  async all(): Promise<Samverkan[]> {
    return (await this.repo()).find({ order: { namn: 'ASC', id: 'ASC' } });
  }

  async byIds(ids: readonly string[]): Promise<Samverkan[]> {
    return (await this.repo()).findBy({ id: Any([...ids]) });
  }

  async parter(samverkanIds: readonly string[]): Promise<Samverkanspart[]> {
    return (await this.db.manager())
      .getRepository(SamverkanspartEntity)
      .find({ where: { samverkanId: Any([...samverkanIds]) }, order: { id: 'ASC' } });
  }

  /** Follow-ups, oldest first. */
  async uppfoljningar(samverkanIds: readonly string[]): Promise<Uppfoljning[]> {
    return (await this.db.manager())
      .getRepository(UppfoljningEntity)
      .find({ where: { samverkanId: Any([...samverkanIds]) }, order: { datum: 'ASC', id: 'ASC' } });
  }

  /** The parties of a collaboration, read in the caller's transaction. */
  parterIn(m: EntityManager, samverkanId: string): Promise<Samverkanspart[]> {
    return m.getRepository(SamverkanspartEntity).find({ where: { samverkanId }, order: { id: 'ASC' } });
  }
}
