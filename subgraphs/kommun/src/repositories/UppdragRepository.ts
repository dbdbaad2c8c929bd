import { Any, type DataSource } from 'typeorm';
import { UppdragEntity, type Uppdrag } from '../entities/Uppdrag';

export class UppdragRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(UppdragEntity);
  }

  byIds(ids: readonly string[]): Promise<Uppdrag[]> {
    return this.repo.findBy({ id: Any([...ids]) });
  }

  byDiarienummer(keys: readonly string[]): Promise<Uppdrag[]> {
    return this.repo.find({ where: { diarienummer: Any([...keys]) }, order: { deadline: 'ASC', id: 'ASC' } });
  }

  /** All assignments, or only those under way whose deadline is before `today`, by deadline. */
  list(options: { forsenade: boolean; today: string }): Promise<Uppdrag[]> {
    const qb = this.repo.createQueryBuilder('u');
    if (options.forsenade) {
      qb.where(`u.status = 'PAGAENDE' AND u.deadline < :today`, { today: options.today });
    }
    return qb.orderBy('u.deadline', 'ASC', 'NULLS LAST').addOrderBy('u.id', 'ASC').getMany();
  }
}
