import type { Db } from '../../../../common/src/database/requestDb';
import { KommunEntity, type Kommun } from '../entities/Kommun';

export class KommunRepository {
  constructor(private readonly db: Db) {}

  /** The kommun this database belongs to, or null before it has been set up. */
  async get(): Promise<Kommun | null> {
    return (await this.db.manager()).getRepository(KommunEntity).findOne({ where: {} });
  }
}
