import type { DataSource } from 'typeorm';
import { KommunEntity, type Kommun } from '../entities/Kommun';

export class KommunRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The kommun this database belongs to, or null before it has been set up. */
  get(): Promise<Kommun | null> {
    return this.dataSource.getRepository(KommunEntity).findOne({ where: {} });
  }
}
