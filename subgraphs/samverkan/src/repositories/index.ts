import type { Db } from '#platform/database/requestDb';
import { ChangeFeed } from '#subgraph-kit/changeFeed';
import { AvtalRepository } from './AvtalRepository';
import { GranskningRepository } from './GranskningRepository';
import { LikalydandeBeslutRepository } from './LikalydandeBeslutRepository';
import { OmradeRepository } from './OmradeRepository';
import { SamverkanRepository } from './SamverkanRepository';

/**
 * One request's repositories: their reads run in the request's transaction (see RequestDb), and
 * the lists on the sync feed share one reader of it.
 */
export function createRepositories(db: Db) {
  const feed = new ChangeFeed(db, 'samverkan');
  return {
    samverkan: new SamverkanRepository(db, feed),
    omrade: new OmradeRepository(db, feed),
    avtal: new AvtalRepository(db, feed),
    granskning: new GranskningRepository(db),
    likalydande: new LikalydandeBeslutRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
