import { Any, type DataSource, type EntityManager } from 'typeorm';
import { OrganEntity, type Organ } from '../entities/Organ';

export class OrganRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(OrganEntity);
  }

  all(): Promise<Organ[]> {
    return this.repo.find({ order: { kortnamn: 'ASC' } });
  }

  byIds(ids: readonly string[]): Promise<Organ[]> {
    return this.repo.findBy({ id: Any([...ids]) });
  }

  /** One organ, read in the caller's transaction; null when there is none. */
  find(m: EntityManager, id: string): Promise<Organ | null> {
    return m.getRepository(OrganEntity).findOneBy({ id });
  }
}
