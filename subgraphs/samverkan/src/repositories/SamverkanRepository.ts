import { Any, type DataSource, type EntityManager } from 'typeorm';
import { SamverkanEntity, type Samverkan } from '../entities/Samverkan';
import { SamverkanspartEntity, type Samverkanspart } from '../entities/Samverkanspart';
import { UppfoljningEntity, type Uppfoljning } from '../entities/Uppfoljning';

export class SamverkanRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(SamverkanEntity);
  }

  all(): Promise<Samverkan[]> {
    return this.repo.find({ order: { namn: 'ASC', id: 'ASC' } });
  }

  byIds(ids: readonly string[]): Promise<Samverkan[]> {
    return this.repo.findBy({ id: Any([...ids]) });
  }

  parter(samverkanIds: readonly string[]): Promise<Samverkanspart[]> {
    return this.dataSource
      .getRepository(SamverkanspartEntity)
      .find({ where: { samverkanId: Any([...samverkanIds]) }, order: { id: 'ASC' } });
  }

  /** Follow-ups, oldest first. */
  uppfoljningar(samverkanIds: readonly string[]): Promise<Uppfoljning[]> {
    return this.dataSource
      .getRepository(UppfoljningEntity)
      .find({ where: { samverkanId: Any([...samverkanIds]) }, order: { datum: 'ASC', id: 'ASC' } });
  }

  /** The parties of a collaboration, read in the caller's transaction. */
  parterIn(m: EntityManager, samverkanId: string): Promise<Samverkanspart[]> {
    return m.getRepository(SamverkanspartEntity).find({ where: { samverkanId }, order: { id: 'ASC' } });
  }
}
