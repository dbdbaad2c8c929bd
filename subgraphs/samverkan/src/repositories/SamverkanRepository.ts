import { Any, type EntityManager } from 'typeorm';
import type { Db } from '#platform/database/requestDb';
import { SamverkanEntity, type Samverkan } from '../entities/Samverkan';
import { SamverkanspartEntity, type Samverkanspart } from '../entities/Samverkanspart';
import { UppfoljningEntity, type Uppfoljning } from '../entities/Uppfoljning';
import { type ChangeFeed, type FeedArgs, type FeedList, type FeedPage } from '#subgraph-kit/changeFeed';
import { oneByKey } from '#subgraph-kit/batch';

const SAMVERKAN: FeedList = { lista: 'samverkan', typ: 'Samverkan', table: 'samverkan' };
const UPPFOLJNINGAR: FeedList = { lista: 'uppfoljningar', typ: 'Uppfoljning', table: 'uppfoljning' };

export class SamverkanRepository {
  constructor(
    private readonly db: Db,
    private readonly feed: ChangeFeed,
  ) {}

  private async repo() {
    return (await this.db.manager()).getRepository(SamverkanEntity);
  }

  async all(): Promise<Samverkan[]> {
    return (await this.repo()).find({ order: { namn: 'ASC', id: 'ASC' } });
  }

  async byIds(ids: readonly string[]): Promise<Samverkan[]> {
    return (await this.repo()).findBy({ id: Any([...ids]) });
  }

  async parter(samverkanIds: readonly string[]): Promise<Samverkanspart[]> {
    return (await this.db.manager())
      .getRepository(SamverkanspartEntity)
      .find({ where: { samverkanId: Any([...samverkanIds]) }, order: { id: 'ASC' } });
  }

  /** Follow-ups, oldest first. */
  async uppfoljningar(samverkanIds: readonly string[]): Promise<Uppfoljning[]> {
    return (await this.db.manager())
      .getRepository(UppfoljningEntity)
      .find({ where: { samverkanId: Any([...samverkanIds]) }, order: { datum: 'ASC', id: 'ASC' } });
  }

  async uppfoljningarByIds(ids: readonly string[]): Promise<Uppfoljning[]> {
    return (await this.db.manager()).getRepository(UppfoljningEntity).findBy({ id: Any([...ids]) });
  }

  /** The collaborations changed after a position, in commit order, with the deleted ones (see ChangeFeed). */
  andringar(args: FeedArgs): Promise<FeedPage<Samverkan>> {
    return this.feed.read(SAMVERKAN, args, async (keys) => oneByKey(keys, await this.byIds(keys), (r) => r.id));
  }

  /** The follow-ups changed after a position, in commit order, with the deleted ones. */
  uppfoljningsandringar(args: FeedArgs): Promise<FeedPage<Uppfoljning>> {
    return this.feed.read(UPPFOLJNINGAR, args, async (keys) => oneByKey(keys, await this.uppfoljningarByIds(keys), (r) => r.id));
  }

  /** The parties of a collaboration, read in the caller's transaction. */
  parterIn(m: EntityManager, samverkanId: string): Promise<Samverkanspart[]> {
    return m.getRepository(SamverkanspartEntity).find({ where: { samverkanId }, order: { id: 'ASC' } });
  }
}
