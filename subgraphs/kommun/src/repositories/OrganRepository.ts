import { Any, type EntityManager } from 'typeorm';
import type { Db } from '#platform/database/requestDb';
import { OrganEntity, type Organ } from '../entities/Organ';

export class OrganRepository {
  constructor(private readonly db: Db) {}

  private async repo() {
    return (await this.db.manager()).getRepository(OrganEntity);
  }

  async all(): Promise<Organ[]> {
    return (await this.repo()).find({ order: { kortnamn: 'ASC' } });
  }

  async byIds(ids: readonly string[]): Promise<Organ[]> {
    return (await this.repo()).findBy({ id: Any([...ids]) });
  }

  /** One organ, read in the caller's transaction; null when there is none. */
  find(m: EntityManager, id: string): Promise<Organ | null> {
    return m.getRepository(OrganEntity).findOneBy({ id });
  }
}
