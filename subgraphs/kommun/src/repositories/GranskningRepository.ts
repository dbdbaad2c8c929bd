import type { EntityManager } from 'typeorm';
import type { Caller } from '#platform/auth/caller';
import { loggaSkrivning, senasteGranskningsposter, type Granskningspost } from '#subgraph-kit/granskningslogg';
import type { Db } from '#platform/database/requestDb';

/** The kommun's audit of writes (`granskningslogg`): appended by each write, read by its ADMIN. */
export class GranskningRepository {
  constructor(private readonly db: Db) {}

  /** Records a write, in the write's transaction. */
  logga(m: EntityManager, caller: Caller, atgard: string, objekt: string, detaljer: Record<string, unknown> = {}): Promise<void> {
    return loggaSkrivning(m, caller, { atgard, objekt, detaljer });
  }

  /** The newest posts, newest first; row-level security shows them only to this kommun's ADMIN. */
  async senaste(first: number): Promise<Granskningspost[]> {
    return senasteGranskningsposter(await this.db.manager(), first);
  }
}
