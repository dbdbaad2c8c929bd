import { Any, type DataSource } from 'typeorm';
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
}
