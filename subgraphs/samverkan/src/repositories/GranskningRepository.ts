import type { EntityManager } from 'typeorm';
import type { Caller } from '#platform/auth/caller';
import { loggaSkrivning, senasteGranskningsposter, type Granskningspost } from '#subgraph-kit/granskningslogg';
import type { Db } from '#platform/database/requestDb';

/** The audit of the samverkan writes (`granskningslogg`), one row per write with its collaboration. */
export class GranskningRepository {
  constructor(private readonly db: Db) {}

  /** Records a write, in the write's transaction. */
  logga(
    m: EntityManager,
    caller: Caller,
    post: { atgard: string; objekt: string; samverkanId: string; detaljer?: Record<string, unknown> },
  ): Promise<void> {
    return loggaSkrivning(m, caller, post);
  }

  /** The newest posts the request may read (row-level security: its kommun's collaborations, ADMIN only). */
  async senaste(first: number): Promise<Granskningspost[]> {
    return senasteGranskningsposter(await this.db.manager(), first);
  }
}
