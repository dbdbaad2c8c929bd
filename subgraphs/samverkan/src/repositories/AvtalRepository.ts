import { Any, type DataSource } from 'typeorm';
import { AvtalEntity, type Avtal } from '../entities/Avtal';
import { AvtalspartEntity, type Avtalspart } from '../entities/Avtalspart';

export class AvtalRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(AvtalEntity);
  }

  byIds(ids: readonly string[]): Promise<Avtal[]> {
    return this.repo.findBy({ id: Any([...ids]) });
  }

  /** The agreements of each area, by name. */
  byOmrade(omradeIds: readonly string[]): Promise<Avtal[]> {
    return this.repo.find({ where: { omradeId: Any([...omradeIds]) }, order: { namn: 'ASC', id: 'ASC' } });
  }

  parter(avtalIds: readonly string[]): Promise<Avtalspart[]> {
    return this.dataSource
      .getRepository(AvtalspartEntity)
      .find({ where: { avtalId: Any([...avtalIds]) }, order: { id: 'ASC' } });
  }
}
