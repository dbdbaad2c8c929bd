import { Any, type EntityManager } from 'typeorm';
import type { Db } from '#platform/database/requestDb';
import { OrganEntity, type Organ } from '../entities/Organ';
import { type ChangeFeed, type FeedArgs, type FeedList, type FeedPage } from '#subgraph-kit/changeFeed';
import { oneByKey } from '#subgraph-kit/batch';

const ORGAN: FeedList = { lista: 'organ', typ: 'Organ', table: 'organ' };

export class OrganRepository {
  constructor(
    private readonly db: Db,
    private readonly feed: ChangeFeed,
  ) {}

  private async repo() {
    return (await this.db.manager()).getRepository(OrganEntity);
  }

  async all(): Promise<Organ[]> {
    return (await this.repo()).find({ order: { kortnamn: 'ASC' } });
  }

  async byIds(ids: readonly string[]): Promise<Organ[]> {
    return (await this.repo()).findBy({ id: Any([...ids]) });
  }

  /** The organs changed after a position, in commit order, with the deleted ones (see ChangeFeed). */
  andringar(args: FeedArgs): Promise<FeedPage<Organ>> {
    return this.feed.read(ORGAN, args, async (keys) => oneByKey(keys, await this.byIds(keys), (r) => r.id));
  }

  /** One organ, read in the caller's transaction; null when there is none. */
  find(m: EntityManager, id: string): Promise<Organ | null> {
    return m.getRepository(OrganEntity).findOneBy({ id });
  }
}
